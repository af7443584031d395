import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SNOWFLAKE_CAPABILITIES, SnowflakeDialect, type Column, type RelationInfo, type Statement } from '../../../src/adapters/index.js';
import type { NodeConfig } from '../../../src/config/types.js';
import {
  planSeed,
  planSnapshotCreate,
  planSnapshotMerge,
  planStatements,
  type HookInput,
  type MaterializationInput,
  type MaterializationNode,
  type SeedPlan,
  type SnapshotPlan,
} from '../../../src/materialize/index.js';
import type { SeedColumn } from '../../../src/seeds/index.js';

/**
 * The exact statements each Snowflake plan sends, compared with tests/golden/snowflake/materializations/
 * <case>.sql — pure planning with the Snowflake dialect, no connection. The header of each file counts the
 * statements (round trips). Regenerate (after reviewing the change!) with:
 * UPDATE_GOLDEN=1 npx vitest run tests/golden/snowflake
 */
const DIR = join(dirname(fileURLToPath(import.meta.url)), 'materializations');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** The target: warehouse TRANSFORMING, query tag opp (what nodeSession restores). */
const dialect = new SnowflakeDialect({ database: 'analytics', warehouse: 'transforming', queryTag: 'opp' });
const relation = { database: 'analytics', schema: 'marts', identifier: 'orders' };
const SQL = "select id, status, amount\nfrom analytics.staging.stg_orders\nwhere status <> 'deleted'";

function config(extra: Partial<NodeConfig>): NodeConfig {
  return { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra };
}

const DOCS: Pick<MaterializationNode, 'description' | 'columns'> = {
  description: "Orders, one row per order (the customer's latest state)",
  columns: {
    id: { name: 'id', description: 'The order id' },
    status: { name: 'status', description: "Order status: 'placed', 'shipped' or 'returned'" },
    amount: { name: 'amount', description: '' },
  },
};

function input(
  extra: Partial<NodeConfig>,
  existing: RelationInfo['kind'] | undefined,
  opts: { fullRefresh?: boolean; pre?: HookInput[]; post?: HookInput[]; docs?: boolean; queryColumns?: Column[] } = {},
): MaterializationInput {
  return {
    node: { uniqueId: 'model.shop.orders', config: config(extra), relation, ...(opts.docs ? DOCS : {}) },
    compiledSql: SQL,
    ...(existing ? { existing: { ...relation, kind: existing } } : {}),
    dialect,
    capabilities: SNOWFLAKE_CAPABILITIES,
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: opts.pre ?? [], post: opts.post ?? [] },
    ...(opts.queryColumns ? { queryColumns: opts.queryColumns } : {}),
  };
}

const col = (name: string, dataType = 'VARCHAR(16777216)'): Column => ({ name, dataType });
const TARGET = [col('ID', 'NUMBER(38,0)'), col('STATUS', 'VARCHAR(16)'), col('AMOUNT', 'NUMBER(18,2)')];
const QUERY_COLUMNS = [col('ID', 'NUMBER'), col('STATUS', 'VARCHAR'), col('AMOUNT', 'NUMBER')];

function statementsFor(i: MaterializationInput, staged: Column[] = TARGET, target: Column[] = TARGET): Statement[] {
  const planned = planStatements(i, { target, staged });
  expect(planned.complete).toBe(true);
  return [...planned.statements];
}

function render(statements: readonly Statement[]): string {
  if (statements.length === 0) return '-- no statements\n';
  const header = `-- ${statements.length} statement${statements.length === 1 ? '' : 's'}\n\n`;
  return header + statements.map((s, n) => `-- ${n + 1}. ${s.purpose}\n${s.sql};\n`).join('\n');
}

const incremental = (extra: Partial<NodeConfig>): Partial<NodeConfig> => ({ materialized: 'incremental', ...extra });

const MODEL_CASES: Record<string, () => Statement[]> = {
  'view-create': () => statementsFor(input({ materialized: 'view' }, undefined)),
  'view-replace-view': () => statementsFor(input({ materialized: 'view' }, 'view')),
  'view-replace-table': () => statementsFor(input({ materialized: 'view' }, 'table')),
  'view-secure-copy-grants': () => statementsFor(input({ materialized: 'view', secure: true, copy_grants: true }, 'view')),
  'view-persist-docs': () =>
    statementsFor(input({ materialized: 'view', persist_docs: { relation: true, columns: true } }, 'view', { docs: true, queryColumns: QUERY_COLUMNS })),
  'view-persist-docs-columns-unknown': () =>
    statementsFor(input({ materialized: 'view', persist_docs: { relation: true, columns: true } }, undefined, { docs: true })),
  'view-grants': () => statementsFor(input({ materialized: 'view', grants: { select: ['reporter', 'analyst'] } }, 'view')),
  'view-hooks': () =>
    statementsFor(
      input({ materialized: 'view' }, 'view', {
        pre: [{ sql: "alter session set timezone = 'UTC'", transaction: false }, "insert into audit values ('pre')"],
        post: ["insert into audit values ('post')"],
      }),
    ),
  'table-create': () => statementsFor(input({ materialized: 'table' }, undefined)),
  'table-rebuild': () => statementsFor(input({ materialized: 'table' }, 'table')),
  'table-not-transient': () => statementsFor(input({ materialized: 'table', transient: false }, 'table')),
  'table-replace-view': () => statementsFor(input({ materialized: 'table' }, 'view')),
  'table-cluster-by': () => statementsFor(input({ materialized: 'table', cluster_by: ['status', 'to_date(placed_at)'] }, 'table')),
  'table-automatic-clustering': () => statementsFor(input({ materialized: 'table', cluster_by: 'status', automatic_clustering: true }, 'table')),
  'table-copy-grants': () => statementsFor(input({ materialized: 'table', copy_grants: true }, 'table')),
  'table-grants': () => statementsFor(input({ materialized: 'table', grants: { select: ['reporter'], insert: ['loader'] } }, 'table')),
  'table-copy-grants-grants': () => statementsFor(input({ materialized: 'table', copy_grants: true, grants: { select: ['reporter'] } }, 'table')),
  'table-persist-docs': () =>
    statementsFor(input({ materialized: 'table', persist_docs: { relation: true, columns: true } }, 'table', { docs: true, queryColumns: QUERY_COLUMNS })),
  'table-warehouse-query-tag': () =>
    statementsFor(input({ materialized: 'table', snowflake_warehouse: 'transforming_xl', query_tag: 'orders_rebuild' }, 'table')),
  'table-same-warehouse': () => statementsFor(input({ materialized: 'table', snowflake_warehouse: 'TRANSFORMING' }, 'table')),
  'table-hooks': () =>
    statementsFor(input({ materialized: 'table' }, 'table', { pre: ["insert into audit values ('pre')"], post: [{ sql: 'select 1', transaction: false }] })),
  'ephemeral-any': () => statementsFor(input({ materialized: 'ephemeral' }, undefined)),
  'incremental-first-run': () => statementsFor(input(incremental({ unique_key: 'id', cluster_by: ['status'] }), undefined)),
  'incremental-full-refresh': () => statementsFor(input(incremental({ unique_key: 'id' }), 'table', { fullRefresh: true })),
  'incremental-over-view': () => statementsFor(input(incremental({ unique_key: 'id' }), 'view')),
  'incremental-default-strategy': () => statementsFor(input(incremental({ unique_key: 'id' }), 'table')),
  'incremental-merge': () => statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'merge' }), 'table')),
  'incremental-merge-composite-key': () =>
    statementsFor(input(incremental({ unique_key: ['id', 'status'], incremental_strategy: 'merge' }), 'table')),
  'incremental-merge-no-key': () => statementsFor(input(incremental({ incremental_strategy: 'merge' }), 'table')),
  'incremental-merge-update-columns': () =>
    statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'merge', merge_update_columns: ['amount'] }), 'table')),
  'incremental-merge-predicates': () =>
    statementsFor(
      input(incremental({ unique_key: 'id', incremental_predicates: ["DBT_INTERNAL_DEST.status <> 'archived'"] }), 'table'),
    ),
  'incremental-merge-tmp-table': () => statementsFor(input(incremental({ unique_key: 'id', tmp_relation_type: 'table' }), 'table')),
  'incremental-delete-insert': () =>
    statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'delete+insert' }), 'table')),
  'incremental-delete-insert-composite-key': () =>
    statementsFor(input(incremental({ unique_key: ['id', 'status'], incremental_strategy: 'delete+insert' }), 'table')),
  'incremental-delete-insert-no-key': () => statementsFor(input(incremental({ incremental_strategy: 'delete+insert' }), 'table')),
  'incremental-append': () => statementsFor(input(incremental({ incremental_strategy: 'append' }), 'table')),
  'incremental-append-new-columns': () =>
    statementsFor(
      input(incremental({ unique_key: 'id', on_schema_change: 'append_new_columns' }), 'table'),
      [...TARGET, col('CURRENCY', 'VARCHAR(3)'), col('PAID_AT', 'TIMESTAMP_NTZ(9)')],
    ),
  'incremental-sync-all-columns': () =>
    statementsFor(
      input(incremental({ unique_key: 'id', on_schema_change: 'sync_all_columns' }), 'table'),
      [col('ID', 'NUMBER(38,0)'), col('AMOUNT', 'FLOAT'), col('CURRENCY', 'VARCHAR(3)')],
    ),
  'incremental-fail-on-schema-change-expands-varchar': () =>
    statementsFor(input(incremental({ unique_key: 'id', on_schema_change: 'fail' }), 'table'), [col('ID', 'NUMBER(38,0)'), col('STATUS', 'VARCHAR(40)'), col('AMOUNT', 'NUMBER(18,2)')]),
  'incremental-persist-docs': () =>
    statementsFor(input(incremental({ unique_key: 'id', persist_docs: { relation: true, columns: true } }), 'table', { docs: true })),
  'incremental-grants': () => statementsFor(input(incremental({ unique_key: 'id', grants: { select: ['reporter'] } }), 'table')),
  'incremental-warehouse-sizing': () =>
    statementsFor(input(incremental({ unique_key: 'id', snowflake_warehouse: 'transforming_s', query_tag: 'orders_incremental' }), 'table')),
  'incremental-initialization-warehouse-first-build': () =>
    statementsFor(input(incremental({ unique_key: 'id', snowflake_warehouse: 'etl_small', snowflake_initialization_warehouse: 'etl_large' }), undefined)),
  'incremental-initialization-warehouse-incremental-run': () =>
    statementsFor(input(incremental({ unique_key: 'id', snowflake_warehouse: 'etl_small', snowflake_initialization_warehouse: 'etl_large' }), 'table')),
  'incremental-hooks': () =>
    statementsFor(
      input(incremental({ unique_key: 'id', incremental_strategy: 'delete+insert' }), 'table', {
        pre: [{ sql: "insert into audit values ('pre outside')", transaction: false }, "insert into audit values ('pre inside')"],
        post: ["insert into audit values ('post inside')"],
      }),
    ),
};

// ---------------------------------------------------------------------------------------------------
// Seeds (bulk-loaded: Snowflake does not read local files) and snapshots

const seedRelation = { database: 'analytics', schema: 'reference', identifier: 'orders' };
const SEED_COLUMNS: SeedColumn[] = [
  { name: 'id', type: { kind: 'inferred', logical: 'integer' } },
  { name: 'customer', type: { kind: 'inferred', logical: 'string' } },
  { name: 'amount', type: { kind: 'declared', sql: 'number(10,2)' } },
  { name: 'placed_at', type: { kind: 'inferred', logical: 'timestamp' } },
];
const SEED_TARGET: Column[] = [col('ID', 'NUMBER(38,0)'), col('CUSTOMER', 'VARCHAR'), col('AMOUNT', 'NUMBER(10,2)'), col('PLACED_AT', 'TIMESTAMP_NTZ')];

function seed(opts: { existing?: RelationInfo['kind']; fullRefresh?: boolean; config?: Partial<NodeConfig> } = {}): SeedPlan {
  return planSeed({
    node: { uniqueId: 'seed.shop.orders', config: config({ materialized: 'seed', ...opts.config }), relation: seedRelation },
    columns: SEED_COLUMNS,
    quoteColumns: false,
    source: { kind: 'bulk-load' },
    ...(opts.existing ? { existing: { ...seedRelation, kind: opts.existing } } : {}),
    ...(opts.existing === 'table' ? { existingColumns: SEED_TARGET, engineTypes: SEED_TARGET.map((c) => c.dataType) } : {}),
    dialect,
    capabilities: SNOWFLAKE_CAPABILITIES,
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: [], post: [] },
  });
}

function renderSeed(plan: SeedPlan): string {
  const lines: string[] = [`-- mode: ${plan.mode}, ${plan.statements.length} statements + the load`];
  plan.statements.forEach((s, i) => {
    if (plan.load && plan.load.at === i) lines.push(`-- load: rows streamed with bulkLoad (array-bound INSERTs) into ${dialect.relationName(plan.load.into)}\n`);
    lines.push(`-- ${i + 1}. ${s.purpose}\n${s.sql};\n`);
  });
  if (plan.load && plan.load.at === plan.statements.length) lines.push(`-- load: rows streamed with bulkLoad (array-bound INSERTs) into ${dialect.relationName(plan.load.into)}\n`);
  return lines.join('\n');
}

const snapRelation = { database: 'analytics', schema: 'snapshots', identifier: 'orders_snapshot' };
const SNAP_SQL = 'select id, status, amount, updated_at\nfrom analytics.app.orders';
const SNAP_QUERY: Column[] = [col('ID', 'NUMBER(38,0)'), col('STATUS'), col('AMOUNT', 'NUMBER(38,0)'), col('UPDATED_AT', 'TIMESTAMP_NTZ(9)')];
const SNAP_META: Column[] = [col('DBT_SCD_ID'), col('DBT_UPDATED_AT', 'TIMESTAMP_NTZ(9)'), col('DBT_VALID_FROM', 'TIMESTAMP_NTZ(9)'), col('DBT_VALID_TO', 'TIMESTAMP_NTZ(9)')];

function snapInput(extra: Partial<NodeConfig>) {
  return {
    node: { uniqueId: 'snapshot.shop.orders_snapshot', name: 'orders_snapshot', config: config({ materialized: 'snapshot', ...extra }), relation: snapRelation },
    compiledSql: SNAP_SQL,
    existing: { ...snapRelation, kind: 'table' as const },
    dialect,
    capabilities: SNOWFLAKE_CAPABILITIES,
    hooks: { pre: [], post: [] },
  };
}

function renderSnapshot(plan: SnapshotPlan): string {
  return [`-- mode: ${plan.mode}, ${plan.statements.length} statements`, ...plan.statements.map((s, i) => `-- ${i + 1}. ${s.purpose}\n${s.sql};\n`)].join('\n');
}

const TS = { unique_key: 'id', strategy: 'timestamp', updated_at: 'updated_at' };

const OTHER_CASES: Record<string, () => string> = {
  'seed-create': () => renderSeed(seed()),
  'seed-truncate': () => renderSeed(seed({ existing: 'table' })),
  'seed-replace-full-refresh': () => renderSeed(seed({ existing: 'table', fullRefresh: true })),
  'seed-replace-view': () => renderSeed(seed({ existing: 'view' })),
  'snapshot-create': () => renderSnapshot(planSnapshotCreate(snapInput(TS))),
  'snapshot-merge': () => renderSnapshot(planSnapshotMerge(snapInput({ ...TS, hard_deletes: 'invalidate' }), { target: [...SNAP_QUERY, ...SNAP_META], query: SNAP_QUERY })),
};

function check(name: string, actual: string): void {
  const file = join(DIR, `${name}.sql`);
  if (UPDATE) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden SQL: Snowflake plans', () => {
  for (const [name, build] of Object.entries(MODEL_CASES)) it(name, () => check(name, render(build())));
  for (const [name, build] of Object.entries(OTHER_CASES)) it(name, () => check(name, build()));
});
