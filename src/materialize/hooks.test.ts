import { describe, expect, it } from 'vitest';
import { DUCKDB_CAPABILITIES, DuckDBDialect, type Statement } from '../adapters/index.js';
import { buildHookedStatements, splitHooks } from './hooks.js';

const d = new DuckDBDialect('dev');
const main: Statement[] = [{ purpose: 'create', sql: 'create view v as (select 1)' }];
const sqls = (s: Statement[]) => s.map((x) => x.sql);

describe('hooks', () => {
  it('splits by transaction flag (plain strings run inside) and skips blank hooks', () => {
    const split = splitHooks(['a', { sql: 'b', transaction: false }, { sql: 'c', transaction: true }, '  ']);
    expect(sqls([...split.inside])).toEqual(['a', 'c']);
    expect(sqls([...split.outside])).toEqual(['b']);
  });

  it('leaves a plan untouched without hooks, and adds only outside hooks around it', () => {
    expect(buildHookedStatements(main, { pre: [], post: [] }, d, DUCKDB_CAPABILITIES)).toEqual(main);
    expect(sqls(buildHookedStatements(main, { pre: [{ sql: 'p', transaction: false }], post: [{ sql: 'q', transaction: false }] }, d, DUCKDB_CAPABILITIES))).toEqual([
      'p',
      'create view v as (select 1)',
      'q',
    ]);
  });

  it('places inside hooks after BEGIN and before the last COMMIT of the plan', () => {
    const plan: Statement[] = [
      { purpose: 'begin', sql: 'begin' },
      { purpose: 'create', sql: 'x' },
      { purpose: 'commit', sql: 'commit' },
    ];
    expect(sqls(buildHookedStatements(plan, { pre: ['pre'], post: ['post', { sql: 'out', transaction: false }] }, d, DUCKDB_CAPABILITIES))).toEqual([
      'begin',
      'pre',
      'x',
      'post',
      'commit',
      'out',
    ]);
  });

  it('wraps a plan without a transaction when the engine has transactional DDL, not otherwise', () => {
    expect(sqls(buildHookedStatements(main, { pre: ['pre'], post: [] }, d, DUCKDB_CAPABILITIES))).toEqual([
      'begin',
      'pre',
      'create view v as (select 1)',
      'commit',
    ]);
    expect(sqls(buildHookedStatements(main, { pre: ['pre'], post: [] }, d, { ...DUCKDB_CAPABILITIES, transactionalDdl: false }))).toEqual([
      'pre',
      'create view v as (select 1)',
    ]);
  });

  it('continues an open transaction without wrapping it again', () => {
    const apply: Statement[] = [
      { purpose: 'merge', sql: 'm' },
      { purpose: 'commit', sql: 'commit' },
    ];
    expect(sqls(buildHookedStatements(apply, { pre: [], post: ['post'] }, d, DUCKDB_CAPABILITIES, { transactionOpen: true }))).toEqual([
      'm',
      'post',
      'commit',
    ]);
  });
});
