import { describe, expect, it } from 'vitest';
import { planTable } from './plan-table.js';
import { makeInput } from './test-fixtures.js';

describe('planTable', () => {
  it('is one create when nothing is there', () => {
    const plan = planTable(makeInput({ materialized: 'table' }));
    expect(plan.statements.map((s) => s.sql)).toEqual(['create table "dev"."analytics"."orders" as (\nselect 1 as id\n)']);
    expect(plan.transient).toEqual([]);
  });

  it('builds under __opp_tmp and swaps inside a transaction (DuckDB)', () => {
    const plan = planTable(makeInput({ materialized: 'table' }, { existing: 'table' }));
    expect(plan.statements.map((s) => s.sql)).toEqual([
      'begin',
      'create or replace table "dev"."analytics"."orders__opp_tmp" as (\nselect 1 as id\n)',
      'drop table if exists "dev"."analytics"."orders"',
      'alter table "dev"."analytics"."orders__opp_tmp" rename to "orders"',
      'commit',
    ]);
    expect(plan.transient.map((r) => r.identifier)).toEqual(['orders__opp_tmp']);
  });

  it('drops a view being replaced by a table', () => {
    const plan = planTable(makeInput({ materialized: 'table' }, { existing: 'view' }));
    expect(plan.statements[2]!.sql).toBe('drop view if exists "dev"."analytics"."orders"');
  });

  it('is one create-or-replace with atomicCreateOrReplace, dropping a view first', () => {
    const caps = { atomicCreateOrReplace: true, transactionalDdl: false };
    const onTable = planTable(makeInput({ materialized: 'table' }, { existing: 'table', capabilities: caps }));
    expect(onTable.statements.map((s) => s.sql)).toEqual(['create or replace table "dev"."analytics"."orders" as (\nselect 1 as id\n)']);
    const onView = planTable(makeInput({ materialized: 'table' }, { existing: 'view', capabilities: caps }));
    expect(onView.statements.map((s) => s.purpose)).toEqual(['drop', 'create']);
  });

  it('renames through a backup without transactional DDL', () => {
    const plan = planTable(
      makeInput({ materialized: 'table' }, { existing: 'table', capabilities: { transactionalDdl: false, createOrReplace: false } }),
    );
    expect(plan.statements.map((s) => `${s.purpose}: ${s.sql.split('\n')[0]}`)).toEqual([
      'drop: drop table if exists "dev"."analytics"."orders__opp_tmp"',
      'create: create table "dev"."analytics"."orders__opp_tmp" as (',
      'drop: drop table if exists "dev"."analytics"."orders__opp_backup"',
      'swap: alter table "dev"."analytics"."orders" rename to "orders__opp_backup"',
      'swap: alter table "dev"."analytics"."orders__opp_tmp" rename to "orders"',
      'drop: drop table if exists "dev"."analytics"."orders__opp_backup"',
    ]);
  });
});
