import { describe, expect, it } from 'vitest';
import { stripTrailingSemicolon, transactionControlOf } from './sql-text.js';

describe('sql text helpers', () => {
  it('strips trailing semicolons and whitespace only', () => {
    expect(stripTrailingSemicolon('select 1;')).toBe('select 1');
    expect(stripTrailingSemicolon('select 1 ; ;\n\n')).toBe('select 1');
    expect(stripTrailingSemicolon("select ';'")).toBe("select ';'");
  });
  it('recognises transaction control statements', () => {
    expect(transactionControlOf('BEGIN')).toBe('begin');
    expect(transactionControlOf('  begin transaction;')).toBe('begin');
    expect(transactionControlOf('start transaction')).toBe('begin');
    expect(transactionControlOf('COMMIT;')).toBe('commit');
    expect(transactionControlOf('rollback')).toBe('rollback');
    expect(transactionControlOf('begin_date')).toBeUndefined();
    expect(transactionControlOf('commit_log insert')).toBeUndefined();
    expect(transactionControlOf('select 1')).toBeUndefined();
  });
});
