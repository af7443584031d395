import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DUCKDB_CAPABILITIES, DuckDBDialect, type Column, type RelationInfo, type Statement } from '../../../src/adapters/index.js';
import type { NodeConfig } from '../../../src/config/types.js';
import { planStatements, type HookInput, type MaterializationInput } from '../../../src/materialize/index.js';

/**
 * The exact statements each DuckDB plan issues, compared with tests/golden/duckdb/<case>.sql.
 * Regenerate (after reviewing the change!) with: UPDATE_GOLDEN=1 npx vitest run tests/golden/duckdb
 */
const DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

const dialect = new DuckDBDialect('warehouse');
const relation = { database: 'warehouse', schema: 'analytics', identifier: 'orders' };
const SQL = "select id, status, amount\nfrom \"warehouse\".\"staging\".\"stg_orders\"\nwhere status <> 'deleted'";

function input(
  config: Partial<NodeConfig>,
  existing: RelationInfo['kind'] | undefined,
  opts: { fullRefresh?: boolean; pre?: HookInput[]; post?: HookInput[] } = {},
): MaterializationInput {
  return {
    node: {
      uniqueId: 'model.shop.orders',
      config: { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...config },
      relation,
    },
    compiledSql: SQL,
    ...(existing ? { existing: { ...relation, kind: existing } } : {}),
    dialect,
    capabilities: DUCKDB_CAPABILITIES,
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: opts.pre ?? [], post: opts.post ?? [] },
  };
}

const col = (name: string, dataType = 'VARCHAR'): Column => ({ name, dataType });
const TARGET = [col('id', 'INTEGER'), col('status'), col('amount', 'DECIMAL(18,2)')];

/** Every statement the node would run: both phases for an incremental model on an existing table. */
function statementsFor(i: MaterializationInput, staged: Column[] = TARGET, target: Column[] = TARGET): Statement[] {
  const planned = planStatements(i, { target, staged });
  expect(planned.complete).toBe(true);
  return [...planned.statements];
}

function render(statements: readonly Statement[]): string {
  if (statements.length === 0) return '-- no statements\n';
  return statements.map((s, n) => `-- ${n + 1}. ${s.purpose}\n${s.sql};\n`).join('\n');
}

const incremental = (extra: Partial<NodeConfig>): Partial<NodeConfig> => ({ materialized: 'incremental', ...extra });

const CASES: Record<string, () => Statement[]> = {
  'view-create': () => statementsFor(input({ materialized: 'view' }, undefined)),
  'view-replace-view': () => statementsFor(input({ materialized: 'view' }, 'view')),
  'view-replace-table': () => statementsFor(input({ materialized: 'view' }, 'table')),
  'view-hooks': () =>
    statementsFor(
      input({ materialized: 'view' }, 'view', {
        pre: [{ sql: 'set threads = 2', transaction: false }, "insert into audit values ('pre')"],
        post: ["insert into audit values ('post')", { sql: 'checkpoint', transaction: false }],
      }),
    ),
  'table-create': () => statementsFor(input({ materialized: 'table' }, undefined)),
  'table-rebuild': () => statementsFor(input({ materialized: 'table' }, 'table')),
  'table-replace-view': () => statementsFor(input({ materialized: 'table' }, 'view')),
  'table-hooks': () =>
    statementsFor(
      input({ materialized: 'table' }, 'table', {
        pre: ["insert into audit values ('pre')"],
        post: ['analyze', { sql: 'checkpoint', transaction: false }],
      }),
    ),
  'ephemeral-any': () => statementsFor(input({ materialized: 'ephemeral' }, undefined)),
  'incremental-first-run': () => statementsFor(input(incremental({ unique_key: 'id' }), undefined)),
  'incremental-full-refresh': () => statementsFor(input(incremental({ unique_key: 'id' }), 'table', { fullRefresh: true })),
  'incremental-over-view': () => statementsFor(input(incremental({ unique_key: 'id' }), 'view')),
  'incremental-full-refresh-false': () =>
    statementsFor(input(incremental({ unique_key: 'id', full_refresh: false }), 'table', { fullRefresh: true })),
  'incremental-default-strategy': () => statementsFor(input(incremental({ unique_key: 'id' }), 'table')),
  'incremental-merge': () => statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'merge' }), 'table')),
  'incremental-merge-composite-key': () =>
    statementsFor(input(incremental({ unique_key: ['id', 'status'], incremental_strategy: 'merge' }), 'table')),
  'incremental-merge-no-key': () => statementsFor(input(incremental({ incremental_strategy: 'merge' }), 'table')),
  'incremental-merge-update-columns': () =>
    statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'merge', merge_update_columns: ['amount'] }), 'table')),
  'incremental-merge-exclude-columns': () =>
    statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'merge', merge_exclude_columns: ['status'] }), 'table')),
  'incremental-merge-predicates': () =>
    statementsFor(
      input(
        incremental({
          unique_key: 'id',
          incremental_strategy: 'merge',
          incremental_predicates: ["DBT_INTERNAL_DEST.status <> 'archived'", 'DBT_INTERNAL_SOURCE.amount > 0'],
        }),
        'table',
      ),
    ),
  'incremental-delete-insert': () =>
    statementsFor(input(incremental({ unique_key: 'id', incremental_strategy: 'delete+insert' }), 'table')),
  'incremental-delete-insert-composite-key': () =>
    statementsFor(input(incremental({ unique_key: ['id', 'status'], incremental_strategy: 'delete+insert' }), 'table')),
  'incremental-delete-insert-predicates': () =>
    statementsFor(
      input(
        incremental({ unique_key: 'id', incremental_strategy: 'delete+insert', incremental_predicates: ['DBT_INTERNAL_DEST.id > 100'] }),
        'table',
      ),
    ),
  'incremental-append': () => statementsFor(input(incremental({ incremental_strategy: 'append' }), 'table')),
  'incremental-append-new-columns': () =>
    statementsFor(
      input(incremental({ unique_key: 'id', on_schema_change: 'append_new_columns' }), 'table'),
      [col('id', 'INTEGER'), col('status'), col('amount', 'DECIMAL(18,2)'), col('currency'), col('paid_at', 'TIMESTAMP')],
    ),
  'incremental-sync-all-columns': () =>
    statementsFor(
      input(incremental({ unique_key: 'id', on_schema_change: 'sync_all_columns', incremental_strategy: 'merge' }), 'table'),
      [col('id', 'BIGINT'), col('amount', 'DECIMAL(18,2)'), col('currency')],
    ),
  'incremental-hooks': () =>
    statementsFor(
      input(incremental({ unique_key: 'id' }), 'table', {
        pre: [{ sql: "insert into audit values ('pre outside')", transaction: false }, "insert into audit values ('pre inside')"],
        post: ["insert into audit values ('post inside')", { sql: "insert into audit values ('post outside')", transaction: false }],
      }),
    ),
};

describe('golden SQL: DuckDB plans', () => {
  for (const [name, build] of Object.entries(CASES)) {
    it(name, () => {
      const file = join(DIR, `${name}.sql`);
      const actual = render(build());
      if (UPDATE) {
        writeFileSync(file, actual);
        return;
      }
      expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 to create it`).toBe(true);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
