import { describe, expect, it } from 'vitest';
import type { Column } from '../adapters/index.js';
import { ConfigError, DatabaseError } from '../errors/index.js';
import { planIncrementalApply, planIncrementalStage, resolveStrategy, shouldFullRefresh } from './plan-incremental.js';
import { makeInput } from './test-fixtures.js';
import type { IncrementalStagePlan } from './types.js';

const col = (name: string, dataType = 'INTEGER'): Column => ({ name, dataType });
const inc = (config: Record<string, unknown> = {}) => ({ materialized: 'incremental', ...config });

function stageOf(input: ReturnType<typeof makeInput>): IncrementalStagePlan {
  const plan = planIncrementalStage(input);
  if (plan.kind !== 'incremental-stage') throw new Error(`expected a stage plan, got ${plan.kind}`);
  return plan;
}

describe('planIncrementalStage', () => {
  it('builds a table when the target is missing, a view, or fully refreshed', () => {
    expect(planIncrementalStage(makeInput(inc())).kind).toBe('single');
    expect(planIncrementalStage(makeInput(inc(), { existing: 'view' })).kind).toBe('single');
    const refresh = planIncrementalStage(makeInput(inc(), { existing: 'table', fullRefresh: true }));
    expect(refresh.kind).toBe('single');
    expect(refresh.materialization).toBe('incremental');
  });

  it('stages into __opp_tmp inside a transaction', () => {
    const plan = stageOf(makeInput(inc({ unique_key: 'id' }), { existing: 'table' }));
    expect(plan.statements.map((s) => s.purpose)).toEqual(['begin', 'stage']);
    expect(plan.stage.identifier).toBe('orders__opp_tmp');
    expect(plan.openedTransaction).toBe(true);
    expect(plan.needsStagedColumns).toBe(false);
    expect(stageOf(makeInput(inc({ on_schema_change: 'fail' }), { existing: 'table' })).needsStagedColumns).toBe(true);
  });

  it('validates the strategy and on_schema_change before anything runs', () => {
    expect(() => planIncrementalStage(makeInput(inc({ incremental_strategy: 'microbatch' })))).toThrow(ConfigError);
    expect(() => planIncrementalStage(makeInput(inc({ on_schema_change: 'full_refresh' })))).toThrow(/on_schema_change 'full_refresh'/);
  });
});

describe('full refresh and strategy resolution', () => {
  it('lets full_refresh config override the flag', () => {
    expect(shouldFullRefresh(makeInput(inc(), { fullRefresh: true }))).toBe(true);
    expect(shouldFullRefresh(makeInput(inc({ full_refresh: false }), { fullRefresh: true }))).toBe(false);
    expect(shouldFullRefresh(makeInput(inc({ full_refresh: true })))).toBe(true);
    expect(shouldFullRefresh(makeInput(inc({ full_refresh: null }), { fullRefresh: true }))).toBe(true);
  });

  it('defaults to the adapter default, then merge when MERGE exists, else delete+insert', () => {
    expect(resolveStrategy(makeInput(inc()))).toBe('delete+insert');
    expect(resolveStrategy(makeInput(inc({ incremental_strategy: 'default' }), { capabilities: { defaultIncrementalStrategy: 'merge' } }))).toBe('merge');
    expect(resolveStrategy(makeInput(inc(), { capabilities: { defaultIncrementalStrategy: undefined } }))).toBe('merge');
    expect(resolveStrategy(makeInput(inc(), { capabilities: { defaultIncrementalStrategy: undefined, nativeMerge: false } }))).toBe('delete+insert');
  });
});

describe('planIncrementalApply', () => {
  const target = [col('id'), col('v', 'VARCHAR')];

  it('merges on the key spelled as the engine stores it', () => {
    const input = makeInput(inc({ unique_key: 'ID', incremental_strategy: 'merge' }), { existing: 'table' });
    const apply = planIncrementalApply(input, stageOf(input), target, []);
    expect(apply.statements.map((s) => s.purpose)).toEqual(['merge', 'drop', 'commit']);
    expect(apply.statements[0]!.sql).toContain('DBT_INTERNAL_SOURCE."id" = DBT_INTERNAL_DEST."id"');
    expect(apply.columns).toEqual(['id', 'v']);
  });

  it('falls back to delete+insert for merge on an engine without MERGE', () => {
    const input = makeInput(inc({ unique_key: 'id', incremental_strategy: 'merge' }), { existing: 'table', capabilities: { nativeMerge: false } });
    expect(planIncrementalApply(input, stageOf(input), target, []).statements.map((s) => s.purpose)).toEqual(['delete', 'insert', 'drop', 'commit']);
  });

  it('appends without a key whatever the strategy', () => {
    for (const strategy of ['merge', 'delete+insert', 'append']) {
      const input = makeInput(inc({ incremental_strategy: strategy }), { existing: 'table' });
      expect(planIncrementalApply(input, stageOf(input), target, []).statements[0]!.purpose).toBe('insert');
    }
  });

  it('passes incremental_predicates (and the legacy predicates key) through', () => {
    const input = makeInput(inc({ unique_key: 'id', incremental_strategy: 'merge', predicates: ['DBT_INTERNAL_DEST.v is not null'] }), {
      existing: 'table',
    });
    expect(planIncrementalApply(input, stageOf(input), target, []).statements[0]!.sql).toContain('on (DBT_INTERNAL_DEST.v is not null) and');
  });

  it('fails on schema changes with on_schema_change: fail, naming the columns', () => {
    const input = makeInput(inc({ on_schema_change: 'fail' }), { existing: 'table' });
    const stage = stageOf(input);
    let err: unknown;
    try {
      planIncrementalApply(input, stage, target, [col('id', 'BIGINT'), col('w', 'VARCHAR')]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('database/schema-change');
    expect((err as DatabaseError).message).toContain('added w (VARCHAR); removed v; type changed id INTEGER → BIGINT');
  });

  it('adds columns (append_new_columns) and also drops and retypes them (sync_all_columns)', () => {
    const staged = [col('id', 'BIGINT'), col('w', 'VARCHAR')];
    const append = makeInput(inc({ on_schema_change: 'append_new_columns' }), { existing: 'table' });
    const a = planIncrementalApply(append, stageOf(append), target, staged);
    expect(a.statements.filter((s) => s.purpose === 'alter').map((s) => s.sql)).toEqual([
      'alter table "dev"."analytics"."orders" add column "w" VARCHAR',
    ]);
    expect(a.columns).toEqual(['id', 'w']);
    const sync = makeInput(inc({ on_schema_change: 'sync_all_columns' }), { existing: 'table' });
    const s = planIncrementalApply(sync, stageOf(sync), target, staged);
    expect(s.statements.filter((x) => x.purpose === 'alter').map((x) => x.sql)).toEqual([
      'alter table "dev"."analytics"."orders" add column "w" VARCHAR',
      'alter table "dev"."analytics"."orders" drop column "v"',
      'alter table "dev"."analytics"."orders" alter column "id" set data type BIGINT',
    ]);
  });

  it('wraps only the writes in a transaction when the stage opened none (DDL outside it)', () => {
    const input = makeInput(inc({ unique_key: 'id' }), { existing: 'table', capabilities: { transactionalDdl: false } });
    const stage = stageOf(input);
    expect(stage.statements.map((s) => s.purpose)).toEqual(['stage']);
    expect(planIncrementalApply(input, stage, target, []).statements.map((s) => s.purpose)).toEqual(['begin', 'delete', 'insert', 'commit', 'drop']);
    const merge = makeInput(inc({ unique_key: 'id', incremental_strategy: 'merge' }), { existing: 'table', capabilities: { transactionalDdl: false } });
    // one MERGE is atomic on its own: no transaction around it
    expect(planIncrementalApply(merge, stageOf(merge), target, []).statements.map((s) => s.purpose)).toEqual(['merge', 'drop']);
  });
});
