import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../../src/adapters/index.js';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { DiagnosticsError } from '../../../src/errors/index.js';
import type { SnapshotNode } from '../../../src/manifest/index.js';
import { checkSnapshotConfigs, executeSnapshot } from '../../../src/materialize/index.js';
import { loadFixture, openDuckDB, type LoadedProject } from '../seeds/helpers.js';
import { labelRunTimes, snapshotContext } from './helpers.js';

describe('snapshots-broken: bad snapshot configs stop the command at their line', () => {
  let project: LoadedProject;
  beforeAll(async () => {
    project = await loadFixture('snapshots-broken');
  });
  afterAll(() => project.cleanup());

  it('collects every problem with file, line, column and a hint', async () => {
    const snapshots = Object.values(project.manifest.nodes).filter((n): n is SnapshotNode => n.resourceType === 'snapshot');
    const thrown = await checkSnapshotConfigs(snapshots, project.dir).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DiagnosticsError);
    const errors = (thrown as DiagnosticsError).errors;
    expect(errors.map((e) => [e.code, e.message, e.location])).toEqual([
      ['config/missing-key', "snapshot 'no_key' has no unique_key", { file: 'snapshots/broken.sql', line: 2, column: 4 }],
      ['config/missing-key', "snapshot 'no_updated_at' uses the timestamp strategy but has no updated_at", { file: 'snapshots/broken.sql', line: 8, column: 5 }],
      ['config/missing-key', "snapshot 'no_check_cols' uses the check strategy but has no check_cols", { file: 'snapshots/broken.sql', line: 17, column: 4 }],
      ['config/invalid-value', "snapshot 'both_hard_deletes' sets both hard_deletes and invalidate_hard_deletes", { file: 'snapshots/broken.sql', line: 23, column: 11 }],
      ['config/missing-key', "snapshot 'no_config' has no strategy", { file: 'snapshots/broken.sql', line: 27, column: 1 }],
      ['config/missing-key', "snapshot 'no_config' has no unique_key", { file: 'snapshots/broken.sql', line: 27, column: 1 }],
    ]);
    expect(errors.every((e) => e.exitCode === 2 && (e.hint ?? '').length > 10)).toBe(true);
    expect(errors[0]!.hint).toBe("Add unique_key='<column>' (or a list, unique_key=['a', 'b']) naming what identifies a row of the snapshot query.");
  });

  it('passes good snapshots without reading any file', async () => {
    await expect(checkSnapshotConfigs([], project.dir)).resolves.toBeUndefined();
  });
});

describe('snapshot edge cases on DuckDB', () => {
  let adapter: DuckDBAdapter;
  let project: LoadedProject;
  beforeAll(async () => {
    adapter = await openDuckDB();
    project = await loadFixture('snapshots-basic', adapter);
    await adapter.execute('create schema app');
    await adapter.execute('create schema snapshots');
    await adapter.execute('create schema main_history');
  });
  afterAll(async () => {
    await adapter.close();
    project.cleanup();
  });

  const reset = async (rows: string, columns = 'id integer, status varchar, amount integer, updated_at timestamp'): Promise<void> => {
    await adapter.execute('drop table if exists app.orders');
    await adapter.execute(`create table app.orders (${columns})`);
    await adapter.execute(`insert into app.orders values ${rows}`);
  };

  it('merges with UPDATE + INSERT where the engine has no MERGE, to the same table contents', async () => {
    await adapter.execute('drop table if exists snapshots.orders_ts_invalidate');
    adapter.relations.invalidateSchema({ schema: 'snapshots' });
    const noMerge = new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === 'capabilities') return { ...target.capabilities, nativeMerge: false };
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as Adapter;
    const sql: string[] = [];
    const ctx = snapshotContext(noMerge, project, { writeRunSql: (_n, s) => sql.push(s) });
    const node = project.snapshot('orders_ts_invalidate');
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00'), (2, 'open', 20, '2024-01-01 10:00:00')`);
    expect((await executeSnapshot(node, 'Thread-1', ctx)).status).toBe('success');
    await reset(`(1, 'shipped', 10, '2024-01-02 10:00:00')`);
    const second = await executeSnapshot(node, 'Thread-1', ctx);
    expect(second.status).toBe('success');
    expect(second.message).toBe('MERGE 3');
    expect(sql[1]).toMatch(/\nupdate "memory"\."snapshots"\."orders_ts_invalidate"\nset "dbt_valid_to" = DBT_INTERNAL_SOURCE\."dbt_valid_to"/);
    expect(sql[1]).not.toContain('merge into');
    const rows = (await adapter.execute('select id, status, dbt_valid_from as "from", dbt_valid_to as "to" from snapshots.orders_ts_invalidate order by id, dbt_valid_from')).rows;
    expect(labelRunTimes(rows, ['2024-01-01T10:00:00', '2024-01-02T10:00:00'])).toEqual([
      { id: 1, status: 'open', from: '2024-01-01T10:00:00', to: '2024-01-02T10:00:00' },
      { id: 1, status: 'shipped', from: '2024-01-02T10:00:00', to: null },
      { id: 2, status: 'open', from: '2024-01-01T10:00:00', to: 'T1' },
    ]);
  });

  it('adds a column the source gained to the snapshot table (check all: every row changes)', async () => {
    const node = project.snapshot('orders_check_ignore');
    const ctx = snapshotContext(adapter, project);
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00')`);
    expect((await executeSnapshot(node, 'Thread-1', ctx)).status).toBe('success');
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00', 'EUR')`, 'id integer, status varchar, amount integer, updated_at timestamp, currency varchar');
    const second = await executeSnapshot(node, 'Thread-1', ctx);
    expect(second.status, second.message).toBe('success');
    const cols = (await adapter.getColumns({ database: 'memory', schema: 'snapshots', identifier: 'orders_check_ignore' })).map((c) => `${c.name} ${c.dataType}`);
    expect(cols).toEqual([
      'id INTEGER',
      'status VARCHAR',
      'amount INTEGER',
      'updated_at TIMESTAMP',
      'dbt_scd_id VARCHAR',
      'dbt_updated_at TIMESTAMP',
      'dbt_valid_from TIMESTAMP',
      'dbt_valid_to TIMESTAMP',
      'currency VARCHAR',
    ]);
    const rows = (await adapter.execute('select id, currency, dbt_valid_to is null as current from snapshots.orders_check_ignore order by dbt_valid_from')).rows;
    expect(rows).toEqual([
      { id: 1, currency: null, current: false },
      { id: 1, currency: 'EUR', current: true },
    ]);
  });

  it('adds dbt_is_deleted when an existing snapshot switches to hard_deletes: new_record', async () => {
    const base = project.snapshot('orders_ts_legacy_invalidate');
    let ctx = snapshotContext(adapter, project);
    await adapter.execute('drop table if exists snapshots.orders_ts_legacy_invalidate');
    adapter.relations.invalidateSchema({ schema: 'snapshots' });
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00'), (2, 'open', 20, '2024-01-01 10:00:00')`);
    const plain: SnapshotNode = { ...base, config: { ...base.config, invalidate_hard_deletes: null } };
    ctx = { ...ctx, compile: async () => ({ compiledCode: 'select * from "memory"."app"."orders"', config: plain.config }) };
    expect((await executeSnapshot(plain, 'Thread-1', ctx)).status).toBe('success');
    const switched: SnapshotNode = { ...base, config: { ...base.config, invalidate_hard_deletes: null, hard_deletes: 'new_record' } };
    ctx = { ...ctx, compile: async () => ({ compiledCode: 'select * from "memory"."app"."orders"', config: switched.config }) };
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00')`);
    const result = await executeSnapshot(switched, 'Thread-1', ctx);
    expect(result.status, result.message).toBe('success');
    const rows = (await adapter.execute('select id, dbt_is_deleted, dbt_valid_to is null as current from snapshots.orders_ts_legacy_invalidate order by id, dbt_valid_from')).rows;
    expect(rows).toEqual([
      { id: 1, dbt_is_deleted: null, current: true },
      { id: 2, dbt_is_deleted: null, current: false },
      { id: 2, dbt_is_deleted: 'True', current: true },
    ]);
  });

  it('refuses a view or a table that is not a snapshot table at the snapshot place', async () => {
    const ctx = snapshotContext(adapter, project);
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00')`);
    await adapter.execute('create or replace view snapshots.orders_ts_ignore as select 1 as id');
    adapter.relations.invalidateSchema({ schema: 'snapshots' });
    const onView = await executeSnapshot(project.snapshot('orders_ts_ignore'), 'Thread-1', ctx);
    expect(onView.error?.code).toBe('snapshot/invalid-target');
    expect(onView.message).toBe(`snapshot 'orders_ts_ignore': "memory"."snapshots"."orders_ts_ignore" is a view, not a snapshot table`);
    await adapter.execute('drop view snapshots.orders_ts_ignore');
    await adapter.execute('create table snapshots.orders_ts_ignore as select 1 as id');
    adapter.relations.invalidateSchema({ schema: 'snapshots' });
    const onTable = await executeSnapshot(project.snapshot('orders_ts_ignore'), 'Thread-1', ctx);
    expect(onTable.error?.code).toBe('snapshot/invalid-target');
    expect(onTable.message).toMatch(/is not a snapshot table \(no column 'dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to'\)/);
    await adapter.execute('drop table snapshots.orders_ts_ignore');
    adapter.relations.invalidateSchema({ schema: 'snapshots' });
  });

  it('names a check_cols column the query does not return', async () => {
    const base = project.snapshot('orders_check_status');
    const node: SnapshotNode = { ...base, config: { ...base.config, check_cols: ['stauts'] } };
    const base0 = snapshotContext(adapter, project);
    const ctx = { ...base0, compile: async (n: SnapshotNode) => ({ ...(await base0.compile(n)), config: node.config }) };
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00')`);
    expect((await executeSnapshot(node, 'Thread-1', ctx)).status).toBe('success');
    const second = await executeSnapshot(node, 'Thread-1', ctx);
    expect(second.error?.code).toBe('config/invalid-value');
    expect(second.message).toBe("snapshot 'orders_check_status': check_cols names 'stauts', which its query does not return");
  });

  it('runs a YAML-defined snapshot (dbt 1.9 relation: + config) from its compiled select', async () => {
    await reset(`(1, 'open', 10, '2024-01-01 10:00:00')`);
    const base = project.snapshot('orders_ts_ignore');
    const node: SnapshotNode = {
      ...base,
      uniqueId: 'snapshot.snapshots_shop.orders_yaml',
      name: 'orders_yaml',
      alias: 'orders_yaml',
      originalFilePath: 'snapshots/snapshots.yml',
      rawCode: "select * from {{ source('app', 'orders') }}",
    };
    const ctx = { ...snapshotContext(adapter, project), compile: async () => ({ compiledCode: 'select * from "memory"."app"."orders"', config: node.config }) };
    const result = await executeSnapshot(node, 'Thread-1', ctx);
    expect(result.status, result.message).toBe('success');
    expect(result.message).toBe('SELECT 1');
    const rows = (await adapter.execute('select id, dbt_valid_to from snapshots.orders_yaml')).rows;
    expect(rows).toEqual([{ id: 1, dbt_valid_to: null }]);
  });
});
