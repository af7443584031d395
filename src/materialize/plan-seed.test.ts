import { describe, expect, it } from 'vitest';
import { DUCKDB_CAPABILITIES, DuckDBDialect, type Column, type Dialect } from '../adapters/index.js';
import type { SeedColumn } from '../seeds/index.js';
import { planSeed, seedColumnsMatch, type SeedPlanInput } from './plan-seed.js';

const dialect = new DuckDBDialect('dev');
const relation = { database: 'dev', schema: 'raw', identifier: 'orders' };
const COLUMNS: SeedColumn[] = [
  { name: 'Order Id', type: { kind: 'inferred', logical: 'integer' } },
  { name: 'note', type: { kind: 'inferred', logical: 'string' } },
];
const TABLE: Column[] = [
  { name: 'Order Id', dataType: 'INTEGER' },
  { name: 'note', dataType: 'VARCHAR' },
];

function input(extra: Partial<SeedPlanInput> = {}): SeedPlanInput {
  return {
    node: { uniqueId: 'seed.shop.orders', config: { enabled: true, materialized: 'seed', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] }, relation },
    columns: COLUMNS,
    quoteColumns: false,
    source: { kind: 'read', from: 'csv_rows' },
    dialect,
    capabilities: DUCKDB_CAPABILITIES,
    fullRefresh: false,
    hooks: { pre: [], post: [] },
    ...extra,
  };
}

describe('planSeed', () => {
  it('creates the table in one statement when there is none', () => {
    const plan = planSeed(input());
    expect(plan.mode).toBe('create');
    expect(plan.statements.map((s) => s.sql)).toEqual([
      'create table "dev"."raw"."orders" as (\nselect\n    cast(trim("Order Id") as INTEGER) as "Order Id",\n    "note" as "note"\nfrom csv_rows\n)',
    ]);
  });

  it('truncates and reloads when the table has the same columns, else replaces', () => {
    const existing = { ...relation, kind: 'table' as const };
    expect(planSeed(input({ existing, existingColumns: TABLE })).statements.map((s) => s.purpose)).toEqual(['begin', 'delete', 'insert', 'commit']);
    expect(planSeed(input({ existing, existingColumns: [TABLE[0]!] })).mode).toBe('replace');
    expect(planSeed(input({ existing, existingColumns: [TABLE[0]!, { name: 'note', dataType: 'DATE' }] })).mode).toBe('replace');
    expect(planSeed(input({ existing })).mode).toBe('replace');
    expect(planSeed(input({ existing, existingColumns: TABLE, fullRefresh: true })).statements.map((s) => s.purpose)).toEqual(['begin', 'create', 'drop', 'swap', 'commit']);
  });

  it('lets the seed config full_refresh win over the flag', () => {
    const existing = { ...relation, kind: 'table' as const };
    const pinned = input({ existing, existingColumns: TABLE, fullRefresh: true });
    const node = { ...pinned.node, config: { ...pinned.node.config, full_refresh: false } };
    expect(planSeed({ ...pinned, node }).mode).toBe('truncate');
  });

  it('plans the bulk load between the statements, before post-hooks', () => {
    const plan = planSeed(input({ source: { kind: 'bulk-load' }, hooks: { pre: [], post: ['analyze'] } }));
    expect(plan.statements.map((s) => s.purpose)).toEqual(['begin', 'create', 'hook', 'commit']);
    expect(plan.load).toEqual({ at: 2, into: relation });
  });

  it('folds column names as the engine does unless quote_columns', () => {
    const upper: Dialect = Object.assign(Object.create(dialect) as Dialect, { normalizeName: (n: string) => n.toUpperCase() });
    const folded = planSeed(input({ dialect: upper }));
    expect(folded.columns.map((c) => c.name)).toEqual(['ORDER ID', 'NOTE']);
    expect(folded.statements[0]!.sql).toContain('cast(trim("Order Id") as INTEGER) as "ORDER ID"');
    const quoted = planSeed(input({ dialect: upper, quoteColumns: true }));
    expect(quoted.columns.map((c) => c.name)).toEqual(['Order Id', 'note']);
  });

  it('compares types as the engine spells them when given', () => {
    const planned = [{ name: 'id', type: 'int' }];
    expect(seedColumnsMatch([{ name: 'ID', dataType: 'INTEGER' }], planned)).toBe(false);
    expect(seedColumnsMatch([{ name: 'ID', dataType: 'INTEGER' }], planned, ['INTEGER'])).toBe(true);
  });
});
