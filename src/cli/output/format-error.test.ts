import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, CompileError, DatabaseError, DiagnosticsError, GraphError, InternalError, registerSecret } from '../../errors/index.js';
import type { NodeResult } from '../../run/index.js';
import { formatCodeFrame, formatDatabaseError, formatError, formatResultError } from './format-error.js';

const SQL = ['select', '  id,', '  name', "from {{ ref('orderz') }}", 'where id > 0', 'limit 10'].join('\n');
const files: Record<string, string> = { 'models/orders.sql': SQL };
const readFile = (p: string): string | undefined => files[p];

afterEach(() => clearSecrets());

describe('formatError', () => {
  it('prints path:line:col  error[code]  message, a code frame with a caret, and the hint', () => {
    const err = new GraphError('graph/unknown-ref', "ref('orderz') names a model that does not exist", {
      location: { file: 'models/orders.sql', line: 4, column: 9, endColumn: 24 },
      hint: "did you mean 'orders'?",
    });
    expect(formatError(err, { readFile })).toBe(
      [
        "models/orders.sql:4:9  error[graph/unknown-ref]  ref('orderz') names a model that does not exist",
        '    2 |   id,',
        '    3 |   name',
        "  > 4 | from {{ ref('orderz') }}",
        '      |         ^^^^^^^^^^^^^^^',
        '    5 | where id > 0',
        '    6 | limit 10',
        "  hint: did you mean 'orders'?",
      ].join('\n'),
    );
  });

  it('omits the frame when the file cannot be read, and clamps at the file edges', () => {
    const err = new CompileError('compile/template-syntax', 'unexpected end of template', { location: { file: 'models/gone.sql', line: 1, column: 1 } });
    expect(formatError(err, { readFile })).toBe('models/gone.sql:1:1  error[compile/template-syntax]  unexpected end of template');
    expect(formatCodeFrame(SQL, { line: 1, column: 1 })).toBe(['  > 1 | select', '      | ^', '    2 |   id,', '    3 |   name'].join('\n'));
    expect(formatCodeFrame(SQL, { line: 99, column: 1 })).toBe('');
  });

  it('keeps tabs in the caret padding so the caret lines up', () => {
    expect(formatCodeFrame('\tselect x', { line: 1, column: 9 }, 0)).toBe('  > 1 | \tselect x\n      | \t       ^');
  });

  it('prints every diagnostic of a DiagnosticsError and how many there were', () => {
    const a = new GraphError('graph/unknown-ref', 'first', { location: { file: 'models/a.sql', line: 1, column: 1 } });
    const b = new CompileError('compile/undefined-variable', 'second', { location: { file: 'models/b.sql' }, hint: 'define it' });
    expect(formatError(new DiagnosticsError([a, b]))).toBe(
      ['models/a.sql:1:1  error[graph/unknown-ref]  first', '', 'models/b.sql  error[compile/undefined-variable]  second', '  hint: define it', '', '2 errors found'].join('\n'),
    );
  });

  it('says an InternalError (or any non-OppError) is a bug in opp and prints the stack', () => {
    const text = formatError(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(text.split('\n')[0]).toBe("error[internal/bug]  Cannot read properties of undefined (reading 'x')");
    expect(text).toContain('this is a bug in opp');
    expect(text).toMatch(/\n {4}at /);
    expect(formatError(new InternalError('internal/bug', 'oops'))).toContain('this is a bug in opp');
  });

  it('frames a database error from its SQL when the compiled file is not readable, and names the compiled path', () => {
    const err = new DatabaseError('database/query-failed', 'Parser Error: syntax error at or near "form"', {
      location: { file: 'target/run/proj/models/x.sql', line: 2, column: 1 },
      sql: 'select 1\nform t',
      compiledPath: 'target/run/proj/models/x.sql',
    });
    expect(formatError(err, { readFile })).toBe(
      [
        'target/run/proj/models/x.sql:2:1  error[database/query-failed]  Parser Error: syntax error at or near "form"',
        '    1 | select 1',
        '  > 2 | form t',
        '      | ^',
        '  compiled code at target/run/proj/models/x.sql',
      ].join('\n'),
    );
  });

  it('scrubs secrets from messages and frames', () => {
    registerSecret('topsecret99');
    const err = new DatabaseError('database/connection-failed', 'auth failed for password topsecret99', { hint: 'check topsecret99' });
    expect(formatError(err)).toBe('error[database/connection-failed]  auth failed for password ****\n  hint: check ****');
  });
});

describe('formatDatabaseError / formatResultError (the end-of-run details)', () => {
  const node = { resourceType: 'model', name: 'orders', originalFilePath: 'models/orders.sql' };

  it('reads as dbt: Database Error in model x (path), message, compiled code at', () => {
    const err = new DatabaseError('database/query-failed', 'Catalog Error: Table with name nope does not exist!\nDid you mean "nop"?');
    expect(formatDatabaseError(err, node, 'target/run/proj/models/orders.sql')).toBe(
      [
        'Database Error in model orders (models/orders.sql)',
        '  Catalog Error: Table with name nope does not exist!',
        '  Did you mean "nop"?',
        '  compiled code at target/run/proj/models/orders.sql',
      ].join('\n'),
    );
  });

  it('uses the compile error kind and the location for template errors, or the message alone', () => {
    const base: NodeResult = { kind: 'node-result', uniqueId: 'model.p.orders', status: 'error', message: 'x', executionTime: 0, timing: [], adapterResponse: {}, failures: null, threadId: 'Thread-1' };
    const compile = new CompileError('compile/undefined-variable', "'colour' is undefined", { location: { file: 'models/orders.sql', line: 3, column: 5 }, hint: "did you mean 'color'?" });
    expect(formatResultError({ ...base, error: compile }, node)).toBe(
      ['Compilation Error in model orders (models/orders.sql)', "  'colour' is undefined", '  at models/orders.sql:3:5', "  hint: did you mean 'color'?"].join('\n'),
    );
    expect(formatResultError({ ...base, message: 'it broke' }, node)).toBe('Runtime Error in model orders (models/orders.sql)\n  it broke');
  });
});
