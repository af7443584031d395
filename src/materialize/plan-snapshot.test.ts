import { describe, expect, it } from 'vitest';
import { DUCKDB_CAPABILITIES, DuckDBDialect, type Capabilities, type Column } from '../adapters/index.js';
import type { NodeConfig } from '../config/types.js';
import { OppError } from '../errors/index.js';
import { buildSnapshotHash, planSnapshotCreate, planSnapshotMerge, type SnapshotPlanInput } from './plan-snapshot.js';

const dialect = new DuckDBDialect('dev');
const relation = { database: 'dev', schema: 'snapshots', identifier: 's' };
const QUERY: Column[] = [
  { name: 'id', dataType: 'INTEGER' },
  { name: 'updated_at', dataType: 'TIMESTAMP' },
];
const TARGET: Column[] = [
  ...QUERY,
  { name: 'dbt_scd_id', dataType: 'VARCHAR' },
  { name: 'dbt_updated_at', dataType: 'TIMESTAMP' },
  { name: 'dbt_valid_from', dataType: 'TIMESTAMP' },
  { name: 'dbt_valid_to', dataType: 'TIMESTAMP' },
];

function input(config: Record<string, unknown>, capabilities: Partial<Capabilities> = {}): SnapshotPlanInput {
  const c: NodeConfig = { enabled: true, materialized: 'snapshot', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at', ...config };
  return { node: { uniqueId: 'snapshot.p.s', name: 's', config: c, relation }, compiledSql: 'select * from src;', dialect, capabilities: { ...DUCKDB_CAPABILITIES, ...capabilities }, hooks: { pre: [], post: [] } };
}

describe('snapshot planners', () => {
  it("hashes as dbt's default__snapshot_hash_arguments", () => {
    expect(buildSnapshotHash(['id', 'updated_at'])).toBe("md5(coalesce(cast(id as varchar), '') || '|' || coalesce(cast(updated_at as varchar), ''))");
  });

  it('creates the table in one statement on the first run', () => {
    const plan = planSnapshotCreate(input({}));
    expect(plan.statements.map((s) => s.purpose)).toEqual(['create']);
    expect(plan.statements[0]!.sql).toContain('from (\nselect * from src\n) sbq');
  });

  it('merges in one transaction: begin, stage, merge, drop, commit', () => {
    const plan = planSnapshotMerge(input({}), { target: TARGET, query: QUERY });
    expect(plan.statements.map((s) => s.purpose)).toEqual(['begin', 'stage', 'merge', 'drop', 'commit']);
    expect(plan.stage).toEqual({ ...relation, identifier: 's__opp_tmp' });
  });

  it('wraps only UPDATE + INSERT in a transaction without transactional DDL or MERGE', () => {
    const plan = planSnapshotMerge(input({}, { nativeMerge: false, transactionalDdl: false }), { target: TARGET, query: QUERY });
    expect(plan.statements.map((s) => s.purpose)).toEqual(['stage', 'begin', 'update', 'insert', 'commit', 'drop']);
  });

  it('adds new source columns, and dbt_is_deleted when switching to new_record', () => {
    const query = [...QUERY, { name: 'currency', dataType: 'VARCHAR' }];
    const plan = planSnapshotMerge(input({ hard_deletes: 'new_record' }), { target: TARGET, query });
    expect(plan.addedColumns).toEqual([
      { name: 'currency', dataType: 'VARCHAR' },
      { name: 'dbt_is_deleted', dataType: 'VARCHAR' },
    ]);
    expect(plan.statements.map((s) => s.purpose)).toEqual(['begin', 'alter', 'alter', 'stage', 'merge', 'drop', 'commit']);
  });

  it('refuses a table without the snapshot meta columns', () => {
    expect(() => planSnapshotMerge(input({}), { target: QUERY, query: QUERY })).toThrow(OppError);
    expect(() => planSnapshotMerge(input({}), { target: QUERY, query: QUERY })).toThrow(/no column 'dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to'/);
  });

  it('uses the dialect snapshot time, current_timestamp without one', () => {
    expect(planSnapshotCreate(input({ strategy: 'check', check_cols: 'all', updated_at: undefined })).statements[0]!.sql).toContain('now()::timestamp as "dbt_valid_from"');
    const plain = Object.assign(Object.create(dialect) as DuckDBDialect, { snapshotTimestamp: undefined });
    const i = { ...input({ strategy: 'check', check_cols: 'all', updated_at: undefined }), dialect: plain };
    expect(planSnapshotCreate(i).statements[0]!.sql).toContain('current_timestamp as "dbt_valid_from"');
  });
});
