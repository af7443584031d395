import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DUCKDB_CAPABILITIES, DuckDBDialect, type Capabilities, type Column, type RelationInfo } from '../../../src/adapters/index.js';
import type { NodeConfig } from '../../../src/config/types.js';
import {
  planSeed,
  planSnapshotCreate,
  planSnapshotMerge,
  type HookInput,
  type SeedPlan,
  type SnapshotPlan,
} from '../../../src/materialize/index.js';
import type { SeedColumn } from '../../../src/seeds/index.js';

/**
 * The exact statements of seed and snapshot plans on DuckDB, compared with tests/golden/duckdb/<case>.sql.
 * Regenerate (after reviewing the change!) with: UPDATE_GOLDEN=1 npx vitest run tests/golden/duckdb
 */
const DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const dialect = new DuckDBDialect('warehouse');

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'seed', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

// ---------------------------------------------------------------------------------------------------
// Seeds

const seedRelation = { database: 'warehouse', schema: 'raw', identifier: 'orders' };
const CSV = '/project/seeds/orders.csv';
const SEED_COLUMNS: SeedColumn[] = [
  { name: 'id', type: { kind: 'inferred', logical: 'integer' } },
  { name: 'customer', type: { kind: 'inferred', logical: 'string' } },
  { name: 'amount', type: { kind: 'declared', sql: 'decimal(10,2)' } },
  { name: 'placed_at', type: { kind: 'inferred', logical: 'timestamp' } },
];
const TARGET: Column[] = [
  { name: 'id', dataType: 'INTEGER' },
  { name: 'customer', dataType: 'VARCHAR' },
  { name: 'amount', dataType: 'DECIMAL(10,2)' },
  { name: 'placed_at', dataType: 'TIMESTAMP' },
];
const ENGINE_TYPES = ['INTEGER', 'VARCHAR', 'DECIMAL(10,2)', 'TIMESTAMP'];

function seed(
  opts: {
    existing?: RelationInfo['kind'];
    existingColumns?: Column[];
    fullRefresh?: boolean;
    bulk?: boolean;
    delimiter?: string;
    capabilities?: Partial<Capabilities>;
    pre?: HookInput[];
    post?: HookInput[];
  } = {},
): SeedPlan {
  const format = { delimiter: opts.delimiter ?? ',', nullStrings: ['null', 'NULL', 'Null'] };
  return planSeed({
    node: { uniqueId: 'seed.shop.orders', config: config({}), relation: seedRelation },
    columns: SEED_COLUMNS,
    quoteColumns: false,
    source: opts.bulk ? { kind: 'bulk-load' } : { kind: 'read', from: dialect.csv.readAll(CSV, format, SEED_COLUMNS.map((c) => c.name)) },
    ...(opts.existing ? { existing: { ...seedRelation, kind: opts.existing } } : {}),
    ...(opts.existing === 'table' ? { existingColumns: opts.existingColumns ?? TARGET, engineTypes: ENGINE_TYPES } : {}),
    dialect,
    capabilities: { ...DUCKDB_CAPABILITIES, ...opts.capabilities },
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: opts.pre ?? [], post: opts.post ?? [] },
  });
}

function renderSeed(plan: SeedPlan): string {
  const lines: string[] = [`-- mode: ${plan.mode}`];
  plan.statements.forEach((s, i) => {
    if (plan.load && plan.load.at === i) lines.push(`-- load: rows streamed with bulkLoad into ${dialect.relationName(plan.load.into)}\n`);
    lines.push(`-- ${i + 1}. ${s.purpose}\n${s.sql};\n`);
  });
  if (plan.load && plan.load.at === plan.statements.length) lines.push(`-- load: rows streamed with bulkLoad into ${dialect.relationName(plan.load.into)}\n`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Snapshots

const snapRelation = { database: 'warehouse', schema: 'snapshots', identifier: 'orders_snapshot' };
const SNAP_SQL = 'select id, status, amount, updated_at\nfrom "warehouse"."app"."orders"';
const QUERY: Column[] = [
  { name: 'id', dataType: 'INTEGER' },
  { name: 'status', dataType: 'VARCHAR' },
  { name: 'amount', dataType: 'INTEGER' },
  { name: 'updated_at', dataType: 'TIMESTAMP' },
];
const META: Column[] = [
  { name: 'dbt_scd_id', dataType: 'VARCHAR' },
  { name: 'dbt_updated_at', dataType: 'TIMESTAMP' },
  { name: 'dbt_valid_from', dataType: 'TIMESTAMP' },
  { name: 'dbt_valid_to', dataType: 'TIMESTAMP' },
];

function snapInput(extra: Partial<NodeConfig>, opts: { capabilities?: Partial<Capabilities>; pre?: HookInput[]; post?: HookInput[]; sql?: string } = {}) {
  return {
    node: { uniqueId: 'snapshot.shop.orders_snapshot', name: 'orders_snapshot', config: config({ materialized: 'snapshot', ...extra }), relation: snapRelation },
    compiledSql: opts.sql ?? SNAP_SQL,
    existing: { ...snapRelation, kind: 'table' as const },
    dialect,
    capabilities: { ...DUCKDB_CAPABILITIES, ...opts.capabilities },
    hooks: { pre: opts.pre ?? [], post: opts.post ?? [] },
  };
}

const TS = { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' };
const CHECK = { unique_key: 'id', strategy: 'check', check_cols: 'all' };

function merge(extra: Partial<NodeConfig>, target: Column[] = [...QUERY, ...META], query: Column[] = QUERY, opts: Parameters<typeof snapInput>[1] = {}): SnapshotPlan {
  return planSnapshotMerge(snapInput(extra, opts), { target, query });
}

function renderSnapshot(plan: SnapshotPlan): string {
  return [`-- mode: ${plan.mode}`, ...plan.statements.map((s, i) => `-- ${i + 1}. ${s.purpose}\n${s.sql};\n`)].join('\n');
}

const CASES: Record<string, () => string> = {
  'seed-create': () => renderSeed(seed()),
  'seed-truncate': () => renderSeed(seed({ existing: 'table' })),
  'seed-replace-full-refresh': () => renderSeed(seed({ existing: 'table', fullRefresh: true })),
  'seed-replace-changed-columns': () => renderSeed(seed({ existing: 'table', existingColumns: TARGET.slice(0, 3) })),
  'seed-replace-view': () => renderSeed(seed({ existing: 'view' })),
  'seed-delimiter': () => renderSeed(seed({ delimiter: ';' })),
  'seed-hooks': () =>
    renderSeed(seed({ existing: 'table', pre: [{ sql: 'set threads = 1', transaction: false }, "insert into audit values ('pre')"], post: ['analyze'] })),
  'seed-bulk-create': () => renderSeed(seed({ bulk: true })),
  'seed-bulk-truncate': () => renderSeed(seed({ bulk: true, existing: 'table' })),
  'seed-bulk-replace': () => renderSeed(seed({ bulk: true, existing: 'table', fullRefresh: true })),
  'seed-bulk-replace-no-transactional-ddl': () =>
    renderSeed(seed({ bulk: true, existing: 'table', fullRefresh: true, capabilities: { transactionalDdl: false, createOrReplace: false } })),
  'snapshot-create-timestamp': () => renderSnapshot(planSnapshotCreate(snapInput(TS))),
  'snapshot-create-check-new-record': () => renderSnapshot(planSnapshotCreate(snapInput({ ...CHECK, hard_deletes: 'new_record' }))),
  'snapshot-merge-timestamp': () => renderSnapshot(merge(TS)),
  'snapshot-merge-timestamp-invalidate': () => renderSnapshot(merge({ ...TS, hard_deletes: 'invalidate' })),
  'snapshot-merge-timestamp-new-record': () =>
    renderSnapshot(merge({ ...TS, hard_deletes: 'new_record' }, [...QUERY, ...META, { name: 'dbt_is_deleted', dataType: 'VARCHAR' }])),
  'snapshot-merge-check-all': () => renderSnapshot(merge(CHECK)),
  'snapshot-merge-check-list': () => renderSnapshot(merge({ ...CHECK, check_cols: ['status', 'amount'] })),
  'snapshot-merge-check-added-column': () => renderSnapshot(merge(CHECK, [...QUERY, ...META], [...QUERY, { name: 'currency', dataType: 'VARCHAR' }])),
  'snapshot-merge-composite-key': () => renderSnapshot(merge({ ...TS, unique_key: ['id', 'status'], hard_deletes: 'invalidate' })),
  'snapshot-merge-renamed-valid-to-current': () =>
    renderSnapshot(
      merge(
        {
          ...TS,
          hard_deletes: 'invalidate',
          dbt_valid_to_current: "cast('9999-12-31' as timestamp)",
          snapshot_meta_column_names: { dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to', dbt_scd_id: 'scd_id', dbt_updated_at: 'changed_at' },
        },
        [...QUERY, { name: 'scd_id', dataType: 'VARCHAR' }, { name: 'changed_at', dataType: 'TIMESTAMP' }, { name: 'valid_from', dataType: 'TIMESTAMP' }, { name: 'valid_to', dataType: 'TIMESTAMP' }],
      ),
    ),
  'snapshot-merge-no-native-merge': () => renderSnapshot(merge({ ...TS, hard_deletes: 'invalidate' }, undefined, undefined, { capabilities: { nativeMerge: false } })),
  'snapshot-merge-hooks': () =>
    renderSnapshot(merge(TS, undefined, undefined, { pre: ["insert into audit values ('pre')"], post: [{ sql: 'checkpoint', transaction: false }] })),
};

describe('golden SQL: DuckDB seed and snapshot plans', () => {
  for (const [name, build] of Object.entries(CASES)) {
    it(name, () => {
      const file = join(DIR, `${name}.sql`);
      const actual = build();
      if (UPDATE) {
        writeFileSync(file, actual);
        return;
      }
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
