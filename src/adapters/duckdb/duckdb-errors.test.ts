import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../errors/index.js';
import { parseDuckDBError, toDuckDBConnectionError, toDuckDBError } from './duckdb-errors.js';

/** The trailer DuckDB appends: `LINE n: <shown>` and a caret under the display column. */
function duckdbMessage(head: string, line: number, shown: string, caretColumn: number): string {
  const prefix = `LINE ${line}: `;
  return `${head}\n\n${prefix}${shown}\n${' '.repeat(prefix.length + caretColumn)}^`;
}

describe('parseDuckDBError', () => {
  it('splits kind, first line and details, and finds the offset', () => {
    const sql = 'select id,\n       nope\nfrom t';
    const raw = duckdbMessage('Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "id"', 2, '       nope', 7);
    const parts = parseDuckDBError(raw, sql);
    expect(parts.kind).toBe('Binder');
    expect(parts.message).toBe('Binder Error: Referenced column "nope" not found in FROM clause!');
    expect(parts.details).toBe('Candidate bindings: "id"');
    expect(sql.slice(parts.offset!, parts.offset! + 4)).toBe('nope');
  });

  it('maps a caret in a window truncated on both sides', () => {
    const line = `select ${Array.from({ length: 40 }, (_, i) => `c${i}`).join(', ')}, bad_col, ${Array.from({ length: 40 }, (_, i) => `d${i}`).join(', ')}`;
    const at = line.indexOf('bad_col');
    const shown = `...${line.slice(at - 30, at + 40)}...`;
    const parts = parseDuckDBError(duckdbMessage('Binder Error: x', 1, shown, 3 + 30), line);
    expect(parts.offset).toBe(at);
  });

  it('counts display width: tabs as zero, wide characters as two', () => {
    const tabbed = 'select 1,\n  \tbad_col\nfrom t';
    expect(tabbed.slice(parseDuckDBError(duckdbMessage('Binder Error: x', 2, '  \tbad_col', 2), tabbed).offset!)).toMatch(/^bad_col/);
    const wide = "select '漢字', nope from t";
    expect(wide.slice(parseDuckDBError(duckdbMessage('Binder Error: x', 1, wide, 15), wide).offset!)).toMatch(/^nope/);
  });

  it('has no offset when DuckDB gives no position', () => {
    expect(parseDuckDBError('Constraint Error: Duplicate key "id: 1"', 'insert ...').offset).toBeUndefined();
  });
});

describe('toDuckDBError', () => {
  const sql = 'create table "t" as (\nselect 1,\n  oops\n)';
  const raw = new Error(duckdbMessage('Binder Error: Referenced column "oops" not found', 3, '  oops', 2));

  it('locates the error in the compiled SELECT the statement embeds', () => {
    const e = toDuckDBError(raw, sql, { compiledSql: 'select 1,\n  oops', compiledPath: 'target/compiled/p/m.sql', nodeId: 'model.p.m' });
    expect(e).toBeInstanceOf(DatabaseError);
    expect(e.code).toBe('database/query-failed');
    expect(e.location).toEqual({ file: 'target/compiled/p/m.sql', line: 2, column: 3 });
    expect(e.nodeId).toBe('model.p.m');
    expect(e.vendorCode).toBe('Binder');
    expect(e.sql).toBe(sql);
    expect(e.cause).toBe(raw);
  });

  it('keeps a statement position in the message when the error is outside the compiled SELECT', () => {
    const e = toDuckDBError(raw, sql, { compiledSql: 'something else' });
    expect(e.location).toBeUndefined();
    expect(e.message).toContain('(statement line 3, column 3)');
  });

  it('turns an interrupt into run/interrupted', () => {
    expect(toDuckDBError(new Error('INTERRUPT Error: Interrupted!'), 'select 1').code).toBe('run/interrupted');
  });

  it('uses DuckDB details as the hint', () => {
    const e = toDuckDBError(new Error('Catalog Error: Table with name ordres does not exist!\nDid you mean "orders"?'), 'select');
    expect(e.hint).toBe('Did you mean "orders"?');
  });

  it('names the file when the database cannot be opened', () => {
    const locked = toDuckDBConnectionError(new Error('IO Error: Could not set lock on file "/x/dev.duckdb": Conflicting lock is held'), '/x/dev.duckdb');
    expect(locked.code).toBe('database/connection-failed');
    expect(locked.hint).toContain('/x/dev.duckdb');
    expect(toDuckDBConnectionError(new Error('IO Error: Cannot open file "/nope/x.duckdb": No such file or directory'), '/nope/x.duckdb').hint).toMatch(
      /folder of '\/nope\/x.duckdb'/,
    );
  });
});
