import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { executeSnapshot } from '../../../src/materialize/index.js';
import type { NodeResult } from '../../../src/run/types.js';
import { loadFixture, openDuckDB, type LoadedProject } from '../seeds/helpers.js';
import { labelRunTimes, snapshotContext } from './helpers.js';

/**
 * The snapshots-basic fixture, run three times against a real in-memory DuckDB while the source table
 * changes: every strategy × every hard-delete mode, check_cols list vs all, a composite key, renamed meta
 * columns with dbt_valid_to_current. Tables are compared row for row; the times a snapshot takes from
 * its own clock (deletes, the check strategy) are labelled T1, T2, ... in order.
 */

const D1 = '2024-01-01T10:00:00';
const D2 = '2024-01-02T10:00:00';
const D3 = '2024-01-03T10:00:00';
const KNOWN = [D1, D2, D3];

/** The source, run by run: ids 2 and 5 vanish in run 2, 2 comes back in run 3, 3 vanishes in run 3. */
const ORDERS = [
  [`(1, 'open', 10, '${D1}')`, `(2, 'open', 20, '${D1}')`, `(3, 'open', 30, '${D1}')`, `(5, 'open', 50, '${D1}')`],
  // 1 changes (new updated_at); 3 changes its amount only, keeping its updated_at.
  [`(1, 'shipped', 10, '${D2}')`, `(3, 'open', 35, '${D1}')`],
  [`(1, 'delivered', 10, '${D3}')`, `(2, 'open', 25, '${D3}')`, `(4, 'open', 40, '${D3}')`],
];
const LINES = [
  [`(1, 1, 5, '${D1}')`, `(1, 2, 3, '${D1}')`, `(2, 1, 7, '${D1}')`],
  [`(1, 1, 5, '${D1}')`, `(1, 2, 4, '${D2}')`, `(2, 1, 7, '${D1}')`],
  [`(1, 1, 6, '${D3}')`, `(1, 2, 4, '${D2}')`, `(2, 2, 1, '${D3}')`],
];

const SNAPSHOTS = [
  'orders_ts_ignore',
  'orders_ts_invalidate',
  'orders_ts_legacy_invalidate',
  'orders_ts_new_record',
  'orders_check_ignore',
  'orders_check_invalidate',
  'orders_check_new_record',
  'orders_check_status',
  'order_lines_composite',
  'orders_renamed',
];

let adapter: DuckDBAdapter;
let project: LoadedProject;
const results: NodeResult[][] = [];

async function loadSource(run: number): Promise<void> {
  await adapter.execute('delete from app.orders');
  await adapter.execute(`insert into app.orders values ${ORDERS[run]!.join(', ')}`);
  await adapter.execute('delete from app.order_lines');
  await adapter.execute(`insert into app.order_lines values ${LINES[run]!.join(', ')}`);
}

beforeAll(async () => {
  adapter = await openDuckDB();
  project = await loadFixture('snapshots-basic', adapter);
  await adapter.execute('create schema app');
  await adapter.execute('create table app.orders (id integer, status varchar, amount integer, updated_at timestamp)');
  await adapter.execute('create table app.order_lines (order_id integer, line_no integer, qty integer, updated_at timestamp)');
  for (const schema of ['snapshots', 'main_history']) await adapter.ensureSchema({ schema });
  const ctx = snapshotContext(adapter, project);
  for (let run = 0; run < 3; run++) {
    await loadSource(run);
    const out: NodeResult[] = [];
    for (const name of SNAPSHOTS) out.push(await executeSnapshot(project.snapshot(name), 'Thread-1', ctx));
    results.push(out);
  }
});
afterAll(async () => {
  await adapter.close();
  project.cleanup();
});

async function snapshotRows(name: string, columns: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const node = project.snapshot(name);
  const rel = adapter.dialect.relationName({ database: node.database, schema: node.schema, identifier: node.alias });
  const rows = (await adapter.execute(`select ${columns} from ${rel} order by ${orderBy}`)).rows;
  return labelRunTimes(rows, KNOWN);
}

const ORDER_COLS = 'id, status, amount, dbt_valid_from as "from", dbt_valid_to as "to"';
const BY_VERSION = 'id, dbt_valid_from, dbt_valid_to nulls last';

describe('snapshots over three runs (DuckDB)', () => {
  it('every run of every snapshot succeeds, creating then merging', () => {
    for (const [run, out] of results.entries()) {
      for (const r of out) expect(r.status, `run ${run + 1} ${r.uniqueId}: ${r.message} ${r.error?.hint ?? ''}`).toBe('success');
    }
    expect(results[0]!.map((r) => r.message)).toEqual(SNAPSHOTS.map((name) => (name === 'order_lines_composite' ? 'SELECT 3' : 'SELECT 4')));
    expect(results[1]!.every((r) => /^MERGE \d+$/.test(r.message))).toBe(true);
    expect(results[0]![0]!.relationName).toBe('"memory"."snapshots"."orders_ts_ignore"');
    expect(results[0]![9]!.relationName).toBe('"memory"."main_history"."orders_renamed"');
  });

  it('timestamp + ignore: versions chain on updated_at; deleted rows stay current', async () => {
    expect(await snapshotRows('orders_ts_ignore', ORDER_COLS, BY_VERSION)).toEqual([
      { id: 1, status: 'open', amount: 10, from: D1, to: D2 },
      { id: 1, status: 'shipped', amount: 10, from: D2, to: D3 },
      { id: 1, status: 'delivered', amount: 10, from: D3, to: null },
      { id: 2, status: 'open', amount: 20, from: D1, to: D3 },
      { id: 2, status: 'open', amount: 25, from: D3, to: null },
      { id: 3, status: 'open', amount: 30, from: D1, to: null },
      { id: 4, status: 'open', amount: 40, from: D3, to: null },
      { id: 5, status: 'open', amount: 50, from: D1, to: null },
    ]);
  });

  it('dbt_scd_id is md5(unique_key || "|" || updated_at) and dbt_updated_at is updated_at, as dbt computes them', async () => {
    const rows = await snapshotRows('orders_ts_ignore', 'id, updated_at, dbt_updated_at, dbt_scd_id', 'id, updated_at');
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    const text = (iso: string): string => iso.replace('T', ' ');
    for (const row of rows) {
      expect(row['dbt_scd_id']).toBe(md5(`${row['id']}|${text(String(row['updated_at']))}`));
      expect(row['dbt_updated_at']).toBe(row['updated_at']);
    }
    expect(rows[0]!['dbt_scd_id']).toBe(md5('1|2024-01-01 10:00:00'));
  });

  it('timestamp + invalidate: a deleted row is closed at the run time; a returning key starts a new version', async () => {
    const expected = [
      { id: 1, status: 'open', amount: 10, from: D1, to: D2 },
      { id: 1, status: 'shipped', amount: 10, from: D2, to: D3 },
      { id: 1, status: 'delivered', amount: 10, from: D3, to: null },
      { id: 2, status: 'open', amount: 20, from: D1, to: 'T1' },
      { id: 2, status: 'open', amount: 25, from: D3, to: null },
      { id: 3, status: 'open', amount: 30, from: D1, to: 'T2' },
      { id: 4, status: 'open', amount: 40, from: D3, to: null },
      { id: 5, status: 'open', amount: 50, from: D1, to: 'T1' },
    ];
    expect(await snapshotRows('orders_ts_invalidate', ORDER_COLS, BY_VERSION)).toEqual(expected);
    expect(await snapshotRows('orders_ts_legacy_invalidate', ORDER_COLS, BY_VERSION)).toEqual(expected);
  });

  it('timestamp + new_record: a deletion is a new current row with dbt_is_deleted, written once', async () => {
    expect(await snapshotRows('orders_ts_new_record', `${ORDER_COLS}, dbt_is_deleted as deleted`, 'id, dbt_valid_from, dbt_valid_to nulls last')).toEqual([
      { id: 1, status: 'open', amount: 10, from: D1, to: D2, deleted: 'False' },
      { id: 1, status: 'shipped', amount: 10, from: D2, to: D3, deleted: 'False' },
      { id: 1, status: 'delivered', amount: 10, from: D3, to: null, deleted: 'False' },
      { id: 2, status: 'open', amount: 20, from: D1, to: 'T1', deleted: 'False' },
      // dbt closes the deletion record at the returning row's updated_at (here earlier than the deletion).
      { id: 2, status: 'open', amount: 25, from: D3, to: null, deleted: 'False' },
      { id: 2, status: 'open', amount: 20, from: 'T1', to: D3, deleted: 'True' },
      { id: 3, status: 'open', amount: 30, from: D1, to: 'T2', deleted: 'False' },
      { id: 3, status: 'open', amount: 30, from: 'T2', to: null, deleted: 'True' },
      { id: 4, status: 'open', amount: 40, from: D3, to: null, deleted: 'False' },
      { id: 5, status: 'open', amount: 50, from: D1, to: 'T1', deleted: 'False' },
      { id: 5, status: 'open', amount: 50, from: 'T1', to: null, deleted: 'True' },
    ]);
  });

  it('check all + ignore: any changed column makes a version at the run time', async () => {
    expect(await snapshotRows('orders_check_ignore', ORDER_COLS, BY_VERSION)).toEqual([
      { id: 1, status: 'open', amount: 10, from: 'T1', to: 'T2' },
      { id: 1, status: 'shipped', amount: 10, from: 'T2', to: 'T3' },
      { id: 1, status: 'delivered', amount: 10, from: 'T3', to: null },
      { id: 2, status: 'open', amount: 20, from: 'T1', to: 'T3' },
      { id: 2, status: 'open', amount: 25, from: 'T3', to: null },
      { id: 3, status: 'open', amount: 30, from: 'T1', to: 'T2' },
      { id: 3, status: 'open', amount: 35, from: 'T2', to: null },
      { id: 4, status: 'open', amount: 40, from: 'T3', to: null },
      { id: 5, status: 'open', amount: 50, from: 'T1', to: null },
    ]);
  });

  it('check all + invalidate', async () => {
    expect(await snapshotRows('orders_check_invalidate', ORDER_COLS, BY_VERSION)).toEqual([
      { id: 1, status: 'open', amount: 10, from: 'T1', to: 'T2' },
      { id: 1, status: 'shipped', amount: 10, from: 'T2', to: 'T3' },
      { id: 1, status: 'delivered', amount: 10, from: 'T3', to: null },
      { id: 2, status: 'open', amount: 20, from: 'T1', to: 'T2' },
      { id: 2, status: 'open', amount: 25, from: 'T3', to: null },
      { id: 3, status: 'open', amount: 30, from: 'T1', to: 'T2' },
      { id: 3, status: 'open', amount: 35, from: 'T2', to: 'T3' },
      { id: 4, status: 'open', amount: 40, from: 'T3', to: null },
      { id: 5, status: 'open', amount: 50, from: 'T1', to: 'T2' },
    ]);
  });

  it('check all + new_record', async () => {
    expect(await snapshotRows('orders_check_new_record', `${ORDER_COLS}, dbt_is_deleted as deleted`, 'id, dbt_valid_from, deleted')).toEqual([
      { id: 1, status: 'open', amount: 10, from: 'T1', to: 'T2', deleted: 'False' },
      { id: 1, status: 'shipped', amount: 10, from: 'T2', to: 'T3', deleted: 'False' },
      { id: 1, status: 'delivered', amount: 10, from: 'T3', to: null, deleted: 'False' },
      { id: 2, status: 'open', amount: 20, from: 'T1', to: 'T2', deleted: 'False' },
      { id: 2, status: 'open', amount: 20, from: 'T2', to: 'T3', deleted: 'True' },
      { id: 2, status: 'open', amount: 25, from: 'T3', to: null, deleted: 'False' },
      { id: 3, status: 'open', amount: 30, from: 'T1', to: 'T2', deleted: 'False' },
      { id: 3, status: 'open', amount: 35, from: 'T2', to: 'T3', deleted: 'False' },
      { id: 3, status: 'open', amount: 35, from: 'T3', to: null, deleted: 'True' },
      { id: 4, status: 'open', amount: 40, from: 'T3', to: null, deleted: 'False' },
      { id: 5, status: 'open', amount: 50, from: 'T1', to: 'T2', deleted: 'False' },
      { id: 5, status: 'open', amount: 50, from: 'T2', to: null, deleted: 'True' },
    ]);
  });

  it('check_cols list: a change outside the listed columns makes no version', async () => {
    expect(await snapshotRows('orders_check_status', ORDER_COLS, BY_VERSION)).toEqual([
      { id: 1, status: 'open', amount: 10, from: 'T1', to: 'T2' },
      { id: 1, status: 'shipped', amount: 10, from: 'T2', to: 'T3' },
      { id: 1, status: 'delivered', amount: 10, from: 'T3', to: null },
      { id: 2, status: 'open', amount: 20, from: 'T1', to: null },
      { id: 3, status: 'open', amount: 30, from: 'T1', to: null },
      { id: 4, status: 'open', amount: 40, from: 'T3', to: null },
      { id: 5, status: 'open', amount: 50, from: 'T1', to: null },
    ]);
  });

  it('composite unique_key: versions and deletes per (order_id, line_no)', async () => {
    const rows = await snapshotRows(
      'order_lines_composite',
      'order_id, line_no, qty, dbt_valid_from as "from", dbt_valid_to as "to"',
      'order_id, line_no, dbt_valid_from',
    );
    expect(rows).toEqual([
      { order_id: 1, line_no: 1, qty: 5, from: D1, to: D3 },
      { order_id: 1, line_no: 1, qty: 6, from: D3, to: null },
      { order_id: 1, line_no: 2, qty: 3, from: D1, to: D2 },
      { order_id: 1, line_no: 2, qty: 4, from: D2, to: null },
      { order_id: 2, line_no: 1, qty: 7, from: D1, to: 'T1' },
      { order_id: 2, line_no: 2, qty: 1, from: D3, to: null },
    ]);
    const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
    const ids = (await adapter.execute(`select dbt_scd_id from memory.snapshots.order_lines_composite where order_id = 1 and line_no = 2 order by dbt_valid_from`)).rows;
    expect(ids.map((r) => r['dbt_scd_id'])).toEqual([md5('1|2|2024-01-01 10:00:00'), md5('1|2|2024-01-02 10:00:00')]);
  });

  it('renamed meta columns and dbt_valid_to_current', async () => {
    const node = project.snapshot('orders_renamed');
    const cols = (await adapter.getColumns({ database: node.database, schema: node.schema, identifier: node.alias })).map((c) => c.name);
    expect(cols).toEqual(['id', 'status', 'updated_at', 'scd_id', 'changed_at', 'valid_from', 'valid_to']);
    expect(await snapshotRows('orders_renamed', 'id, status, valid_from as "from", valid_to as "to"', 'id, valid_from')).toEqual([
      { id: 1, status: 'open', from: D1, to: D2 },
      { id: 1, status: 'shipped', from: D2, to: D3 },
      { id: 1, status: 'delivered', from: D3, to: '9999-12-31T00:00:00' },
      { id: 2, status: 'open', from: D1, to: 'T1' },
      { id: 2, status: 'open', from: D3, to: '9999-12-31T00:00:00' },
      { id: 3, status: 'open', from: D1, to: 'T2' },
      { id: 4, status: 'open', from: D3, to: '9999-12-31T00:00:00' },
      { id: 5, status: 'open', from: D1, to: 'T1' },
    ]);
  });

  it('leaves no staging table behind', async () => {
    const rows = (await adapter.execute(`select table_name from duckdb_tables() where table_name like '%opp_tmp%'`)).rows;
    expect(rows).toEqual([]);
  });
});
