import { describe, expect, it } from 'vitest';
import { quoteIdentifierAnsi, renderRelationName } from './quoting.js';
import { buildDeleteInsertStatements, buildMergeStatements } from './merge-sql.js';

const names = { quoteIdentifier: quoteIdentifierAnsi, relationName: (r: Parameters<typeof renderRelationName>[0]) => renderRelationName(r, quoteIdentifierAnsi) };
const target = { schema: 's', identifier: 't' };
const source = { schema: 's', identifier: 't__opp_tmp' };

describe('ANSI merge builders', () => {
  it('merges on every key with the predicates first, as dbt', () => {
    const [stmt] = buildMergeStatements(names, target, source, { uniqueKey: ['a', 'b'], columns: ['a', 'b', 'v'], predicates: ['DBT_INTERNAL_DEST.v > 0'] });
    expect(stmt!.purpose).toBe('merge');
    expect(stmt!.sql).toContain('on (DBT_INTERNAL_DEST.v > 0) and (DBT_INTERNAL_SOURCE."a" = DBT_INTERNAL_DEST."a") and (DBT_INTERNAL_SOURCE."b" = DBT_INTERNAL_DEST."b")');
    expect(stmt!.sql).toContain('"v" = DBT_INTERNAL_SOURCE."v"');
  });

  it('leaves out the update clause when no column is to be updated', () => {
    const [stmt] = buildMergeStatements(names, target, source, { uniqueKey: ['a'], columns: ['a'], updateColumns: [] });
    expect(stmt!.sql).not.toContain('when matched');
    expect(stmt!.sql).toContain('when not matched then insert ("a")');
  });

  it('degrades to an insert without a key', () => {
    expect(buildMergeStatements(names, target, source, { uniqueKey: [], columns: ['a'] }).map((s) => s.purpose)).toEqual(['insert']);
    expect(buildDeleteInsertStatements(names, target, source, { uniqueKey: [], columns: ['a'] }).map((s) => s.purpose)).toEqual(['insert']);
  });

  it('deletes by key tuple then inserts', () => {
    const stmts = buildDeleteInsertStatements(names, target, source, { uniqueKey: ['a', 'b'], columns: ['a', 'b'], predicates: ['x = 1'] });
    expect(stmts.map((s) => s.purpose)).toEqual(['delete', 'insert']);
    expect(stmts[0]!.sql).toContain('where ("a", "b") in (\n    select distinct "a", "b"');
    expect(stmts[0]!.sql).toMatch(/\nand \(x = 1\)$/);
  });
});
