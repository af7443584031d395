import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, DatabaseError, registerSecret } from '../../errors/index.js';
import type { NodeResult, NodeStatus, NodeSummary, RunEvent } from '../../run/index.js';
import { createHumanReporter } from './human-reporter.js';
import { createMemoryWriter } from './writer.js';

// 2024-05-06T12:34:56Z
const NOW = Date.UTC(2024, 4, 6, 12, 34, 56);
const TS = '12:34:56  ';

function reporter(opts: { colors?: boolean; quiet?: boolean; defaultDatabase?: string } = {}) {
  const writer = createMemoryWriter();
  const r = createHumanReporter({ writer, now: () => NOW, ...opts });
  const emit = (...events: RunEvent[]): string[] => {
    const before = writer.lines().length;
    for (const e of events) r.handle(e);
    return writer.lines().slice(before);
  };
  return { writer, emit };
}

function res(id: string, status: NodeStatus, extra: Partial<NodeResult> = {}): NodeResult {
  return {
    kind: 'node-result',
    uniqueId: id,
    status,
    message: 'OK',
    executionTime: 0.04,
    timing: [],
    adapterResponse: {},
    failures: null,
    threadId: 'Thread-1',
    ...extra,
  };
}

const view: NodeSummary = { uniqueId: 'model.proj.stg_x', resourceType: 'model', name: 'stg_x', materialized: 'view', database: 'dev', schema: 'staging', alias: 'stg_x', originalFilePath: 'models/staging/stg_x.sql' };
const table: NodeSummary = { uniqueId: 'model.proj.orders', resourceType: 'model', name: 'orders', materialized: 'table', database: 'dev', schema: 'main', alias: 'orders', originalFilePath: 'models/orders.sql' };
const incremental: NodeSummary = { uniqueId: 'model.proj.fct', resourceType: 'model', name: 'fct', materialized: 'incremental', schema: 'main', alias: 'fct' };
const ephemeral: NodeSummary = { uniqueId: 'model.proj.eph', resourceType: 'model', name: 'eph', materialized: 'ephemeral', schema: 'main' };
const seed: NodeSummary = { uniqueId: 'seed.proj.raw_x', resourceType: 'seed', name: 'raw_x', schema: 'main', alias: 'raw_x', materialized: 'seed' };
const snapshot: NodeSummary = { uniqueId: 'snapshot.proj.orders_snap', resourceType: 'snapshot', name: 'orders_snap', materialized: 'snapshot', schema: 'snapshots', alias: 'orders_snap' };
const testNode = (name: string): NodeSummary => ({ uniqueId: `test.proj.${name}.0123456789`, resourceType: 'test', name, originalFilePath: 'models/schema.yml' });
const unitTest: NodeSummary = { uniqueId: 'unit_test.proj.stg_x.test_a', resourceType: 'unit_test', name: 'test_a', model: 'stg_x', originalFilePath: 'models/schema.yml' };

const started = (node: NodeSummary, index: number, total = 12): RunEvent => ({ kind: 'node-started', index, total, node, threadId: 'Thread-1', startedAt: NOW });
const finished = (node: NodeSummary, index: number, result: NodeResult, total = 12): RunEvent => ({ kind: 'node-finished', index, total, node, result });

afterEach(() => clearSecrets());

describe('human reporter: header lines', () => {
  it('prints the banner, the adapter, Found and Concurrency with blank timestamped lines around it', () => {
    const { emit } = reporter();
    expect(
      emit(
        { kind: 'invocation-started', version: '0.1.0', command: 'run' },
        { kind: 'adapter-registered', adapterType: 'duckdb', adapterVersion: '1.5.6' },
        { kind: 'run-started', command: 'run', total: 12, threads: 1, targetName: 'dev', counts: { model: 12, seed: 3, test: 10, source: 4, macro: 3 } },
      ),
    ).toEqual([
      '12:34:56  Running with opp=0.1.0',
      '12:34:56  Registered adapter: duckdb=1.5.6',
      '12:34:56  Found 12 models, 3 seeds, 10 data tests, 4 sources, 3 macros',
      '12:34:56  ',
      "12:34:56  Concurrency: 1 threads (target='dev')",
      '12:34:56  ',
    ]);
  });

  it('says there is nothing to do when nothing is selected', () => {
    const { emit } = reporter();
    expect(emit({ kind: 'run-started', command: 'run', total: 0, threads: 4, targetName: 'dev', counts: { model: 1, test: 1, unit_test: 1 } })).toEqual([
      '12:34:56  Found 1 model, 1 test, 1 unit test',
      '12:34:56  Nothing to do. Try checking your model configs and model specification args',
    ]);
  });
});

describe('human reporter: node lines, byte for byte', () => {
  it('view model: START and OK created (database omitted when it is the target database)', () => {
    const { emit } = reporter({ defaultDatabase: 'dev' });
    expect(emit(started(view, 1), finished(view, 1, res(view.uniqueId, 'success')))).toEqual([
      // "1 of 12 START sql view model staging.stg_x" = 42 chars → 38 dots
      `${TS}1 of 12 START sql view model staging.stg_x${'.'.repeat(38)} [RUN]`,
      // "1 of 12 OK created sql view model staging.stg_x" = 47 chars → 33 dots
      `${TS}1 of 12 OK created sql view model staging.stg_x${'.'.repeat(33)} [OK in 0.04s]`,
    ]);
  });

  it('shows the database when it is not the target database', () => {
    const { emit } = reporter({ defaultDatabase: 'prod' });
    expect(emit(started(view, 1))).toEqual([`${TS}1 of 12 START sql view model dev.staging.stg_x${'.'.repeat(34)} [RUN]`]);
  });

  it('table model error: ERROR creating ... [ERROR in t]', () => {
    const { emit } = reporter();
    // "2 of 12 ERROR creating sql table model main.orders" = 50 chars → 30 dots
    expect(emit(finished(table, 2, res(table.uniqueId, 'error', { executionTime: 0.1, message: 'boom' })))).toEqual([
      `${TS}2 of 12 ERROR creating sql table model main.orders${'.'.repeat(30)} [ERROR in 0.10s]`,
    ]);
  });

  it("incremental model: the adapter's message is the status", () => {
    const { emit } = reporter();
    // "3 of 12 OK created sql incremental model main.fct" = 49 chars → 31 dots
    expect(emit(finished(incremental, 3, res(incremental.uniqueId, 'success', { message: 'INSERT 5', executionTime: 1.234 })))).toEqual([
      `${TS}3 of 12 OK created sql incremental model main.fct${'.'.repeat(31)} [INSERT 5 in 1.23s]`,
    ]);
  });

  it('ephemeral models print nothing', () => {
    const { emit } = reporter();
    expect(emit(started(ephemeral, 0), finished(ephemeral, 0, res(ephemeral.uniqueId, 'success')))).toEqual([]);
  });

  it('seed: START seed file / OK loaded seed file ... [INSERT 3 in t]', () => {
    const { emit } = reporter();
    expect(emit(started(seed, 4), finished(seed, 4, res(seed.uniqueId, 'success', { message: 'INSERT 3', executionTime: 0.05 })))).toEqual([
      // "4 of 12 START seed file main.raw_x" = 34 → 46 dots
      `${TS}4 of 12 START seed file main.raw_x${'.'.repeat(46)} [RUN]`,
      // "4 of 12 OK loaded seed file main.raw_x" = 38 → 42 dots
      `${TS}4 of 12 OK loaded seed file main.raw_x${'.'.repeat(42)} [INSERT 3 in 0.05s]`,
    ]);
    expect(emit(finished(seed, 4, res(seed.uniqueId, 'error', { executionTime: 0.05 })))).toEqual([
      // "4 of 12 ERROR loading seed file main.raw_x" = 42 → 38 dots
      `${TS}4 of 12 ERROR loading seed file main.raw_x${'.'.repeat(38)} [ERROR in 0.05s]`,
    ]);
  });

  it('snapshot: START snapshot / OK snapshotted', () => {
    const { emit } = reporter();
    expect(emit(started(snapshot, 5), finished(snapshot, 5, res(snapshot.uniqueId, 'success', { executionTime: 0.5 })))).toEqual([
      // "5 of 12 START snapshot snapshots.orders_snap" = 44 → 36 dots
      `${TS}5 of 12 START snapshot snapshots.orders_snap${'.'.repeat(36)} [RUN]`,
      // "5 of 12 OK snapshotted snapshots.orders_snap" = 44 → 36 dots
      `${TS}5 of 12 OK snapshotted snapshots.orders_snap${'.'.repeat(36)} [OK in 0.50s]`,
    ]);
  });

  it('data tests: START test, PASS, FAIL n, WARN n, ERROR', () => {
    const { emit } = reporter();
    const t = (name: string) => testNode(name);
    expect(
      emit(
        started(t('not_null_x_id'), 6),
        finished(t('not_null_x_id'), 6, res('a', 'pass', { executionTime: 0.02 })),
        finished(t('unique_x_id'), 7, res('b', 'fail', { failures: 3, executionTime: 0.02 })),
        finished(t('accepted_values_x'), 8, res('c', 'warn', { failures: 2, executionTime: 0.01 })),
        finished(t('relationships_x'), 9, res('d', 'error', { executionTime: 0.01 })),
      ),
    ).toEqual([
      `${TS}6 of 12 START test not_null_x_id${'.'.repeat(48)} [RUN]`,
      `${TS}6 of 12 PASS not_null_x_id${'.'.repeat(54)} [PASS in 0.02s]`,
      `${TS}7 of 12 FAIL 3 unique_x_id${'.'.repeat(54)} [FAIL 3 in 0.02s]`,
      `${TS}8 of 12 WARN 2 accepted_values_x${'.'.repeat(48)} [WARN 2 in 0.01s]`,
      `${TS}9 of 12 ERROR relationships_x${'.'.repeat(51)} [ERROR in 0.01s]`,
    ]);
  });

  it('unit tests print model::test', () => {
    const { emit } = reporter();
    expect(emit(started(unitTest, 10), finished(unitTest, 10, res(unitTest.uniqueId, 'pass', { executionTime: 0.3 })))).toEqual([
      // "10 of 12 START unit_test stg_x::test_a" = 38 → 42 dots
      `${TS}10 of 12 START unit_test stg_x::test_a${'.'.repeat(42)} [RUN]`,
      // "10 of 12 PASS stg_x::test_a" = 27 → 53 dots
      `${TS}10 of 12 PASS stg_x::test_a${'.'.repeat(53)} [PASS in 0.30s]`,
    ]);
  });

  it('skipped nodes: SKIP relation schema.name for models, SKIP test name for tests, no time', () => {
    const { emit } = reporter();
    const stgY: NodeSummary = { ...view, uniqueId: 'model.proj.stg_y', name: 'stg_y', alias: 'stg_y_alias' };
    expect(
      emit(
        { kind: 'node-finished', index: 11, total: 12, node: stgY, result: res(stgY.uniqueId, 'skipped', { message: 'skipped due to failure of model.proj.orders' }), skipReason: 'upstream' },
        { kind: 'node-finished', index: 12, total: 12, node: testNode('not_null_y_id'), result: res('t', 'skipped'), skipReason: 'upstream' },
      ),
    ).toEqual([
      // dbt uses the node name, not the alias: "11 of 12 SKIP relation staging.stg_y" = 36 → 44 dots
      `${TS}11 of 12 SKIP relation staging.stg_y${'.'.repeat(44)} [SKIP]`,
      `${TS}12 of 12 SKIP test not_null_y_id${'.'.repeat(48)} [SKIP]`,
    ]);
  });

  it('freshness lines', () => {
    const { emit } = reporter();
    const src: NodeSummary = { uniqueId: 'source.proj.raw.orders', resourceType: 'source', name: 'orders', sourceName: 'raw' };
    expect(emit(started(src, 1, 1), finished(src, 1, res(src.uniqueId, 'error', { executionTime: 0.2 }), 1))).toEqual([
      // "1 of 1 START freshness of raw.orders" = 36 → 44 dots
      `${TS}1 of 1 START freshness of raw.orders${'.'.repeat(44)} [RUN]`,
      // "1 of 1 ERROR STALE freshness of raw.orders" = 42 → 38 dots
      `${TS}1 of 1 ERROR STALE freshness of raw.orders${'.'.repeat(38)} [ERROR STALE in 0.20s]`,
    ]);
  });

  it('hooks: header, truncated START/OK lines', () => {
    const { emit } = reporter();
    expect(
      emit(
        { kind: 'hooks-started', hookType: 'on-run-start', count: 1 },
        { kind: 'hook-started', index: 1, total: 1, name: 'proj.on-run-start.0' },
        { kind: 'hook-finished', index: 1, total: 1, name: 'proj.on-run-start.0', status: 'OK', executionTime: 0.01 },
      ),
    ).toEqual([
      `${TS}Running 1 on-run-start hook`,
      // "1 of 1 START hook: proj.on-run-start.0" = 38 → 42 dots
      `${TS}1 of 1 START hook: proj.on-run-start.0${'.'.repeat(42)} [RUN]`,
      // "1 of 1 OK hook: proj.on-run-start.0" = 35 → 45 dots
      `${TS}1 of 1 OK hook: proj.on-run-start.0${'.'.repeat(45)} [OK in 0.01s]`,
    ]);
  });
});

describe('human reporter: end of run', () => {
  const orders = table;
  const unique = testNode('unique_x_id');
  const accepted = testNode('accepted_values_x');
  const notNull = testNode('not_null_x_id');
  const stgY: NodeSummary = { ...view, uniqueId: 'model.proj.stg_y', name: 'stg_y' };
  const dbError = new DatabaseError('database/query-failed', 'Catalog Error: Table with name nope does not exist!', {
    compiledPath: 'target/run/proj/models/orders.sql',
  });
  const results: NodeResult[] = [
    res(view.uniqueId, 'success'),
    res(orders.uniqueId, 'error', { message: dbError.message, error: dbError }),
    res(seed.uniqueId, 'success', { message: 'INSERT 3' }),
    res(notNull.uniqueId, 'pass'),
    res(unique.uniqueId, 'fail', { failures: 3, message: 'Got 3 results, configured to fail if != 0', compiledPath: 'target/compiled/proj/models/schema.yml/unique_x_id.sql' }),
    res(accepted.uniqueId, 'warn', { failures: 2, message: 'Got 2 results, configured to warn if != 0', compiledPath: 'target/compiled/proj/models/schema.yml/accepted_values_x.sql' }),
    res(stgY.uniqueId, 'skipped', { message: 'skipped due to failure of model.proj.orders' }),
  ];

  it('prints Finished, the summary, each failure with its details and the Done line', () => {
    const { emit } = reporter();
    const nodes = new Map([view, orders, seed, notNull, unique, accepted, stgY].map((n) => [n.uniqueId, n]));
    expect(emit({ kind: 'run-finished', results, elapsedSeconds: 0.514, interrupted: false, nodes })).toEqual([
      TS,
      `${TS}Finished running 1 seed, 1 table model, 3 data tests, 2 view models in 0 hours 0 minutes and 0.51 seconds (0.51s).`,
      TS,
      `${TS}Completed with 2 errors and 1 warning:`,
      TS,
      `${TS}  Database Error in model orders (models/orders.sql)`,
      '  Catalog Error: Table with name nope does not exist!',
      '  compiled code at target/run/proj/models/orders.sql',
      TS,
      `${TS}Failure in test unique_x_id (models/schema.yml)`,
      `${TS}  Got 3 results, configured to fail if != 0`,
      TS,
      `${TS}  compiled Code at target/compiled/proj/models/schema.yml/unique_x_id.sql`,
      TS,
      `${TS}Warning in test accepted_values_x (models/schema.yml)`,
      `${TS}  Got 2 results, configured to warn if != 0`,
      TS,
      `${TS}  compiled Code at target/compiled/proj/models/schema.yml/accepted_values_x.sql`,
      TS,
      `${TS}Done. PASS=3 WARN=1 ERROR=2 SKIP=1 TOTAL=7`,
    ]);
  });

  it('uses summaries remembered from node events when run-finished carries none', () => {
    const { emit } = reporter();
    emit(started(view, 1, 1), finished(view, 1, res(view.uniqueId, 'success'), 1));
    expect(emit({ kind: 'run-finished', results: [res(view.uniqueId, 'success')], elapsedSeconds: 3725.5, interrupted: false })).toEqual([
      TS,
      `${TS}Finished running 1 view model in 1 hours 2 minutes and 5.50 seconds (3725.50s).`,
      TS,
      `${TS}Completed successfully`,
      TS,
      `${TS}Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1`,
    ]);
  });

  it('an interrupted run skips the Finished line and says so', () => {
    const { emit } = reporter();
    const lines = emit({ kind: 'run-finished', results: [res(view.uniqueId, 'success'), res(stgY.uniqueId, 'skipped')], elapsedSeconds: 1, interrupted: true, nodes: new Map([[view.uniqueId, view]]) });
    expect(lines).toEqual([TS, `${TS}Exited because of keyboard interrupt`, TS, `${TS}Done. PASS=1 WARN=0 ERROR=0 SKIP=1 TOTAL=2`]);
  });

  it('prints nothing when nothing ran', () => {
    const { emit } = reporter();
    expect(emit({ kind: 'run-finished', results: [], elapsedSeconds: 0, interrupted: false })).toEqual([]);
  });
});

describe('human reporter: colour, quiet, secrets', () => {
  it('colours the status only, green OK, red ERROR, yellow SKIP, after a reset', () => {
    const { emit } = reporter({ colors: true });
    const [ok] = emit(finished(view, 1, res(view.uniqueId, 'success')));
    expect(ok).toBe(`\u001b[0m${TS}1 of 12 OK created sql view model staging.stg_x${'.'.repeat(33)} [\u001b[32mOK\u001b[39m in 0.04s]`);
    const [err] = emit(finished(table, 2, res(table.uniqueId, 'error')));
    expect(err).toContain('[\u001b[31mERROR\u001b[39m in 0.04s]');
    const [skip] = emit(finished(view, 3, res(view.uniqueId, 'skipped')));
    expect(skip).toContain('[\u001b[33mSKIP\u001b[39m]');
  });

  it('writes no escape codes without colour', () => {
    const { writer, emit } = reporter({ colors: false });
    emit(finished(view, 1, res(view.uniqueId, 'success')), finished(table, 2, res(table.uniqueId, 'error')));
    expect(writer.text()).not.toContain('\u001b');
  });

  it('--quiet prints only error lines', () => {
    const { emit } = reporter({ quiet: true });
    expect(emit(started(view, 1), finished(view, 1, res(view.uniqueId, 'success')), finished(table, 2, res(table.uniqueId, 'error')))).toEqual([
      `${TS}2 of 12 ERROR creating sql table model main.orders${'.'.repeat(30)} [ERROR in 0.04s]`,
    ]);
  });

  it('scrubs registered secrets from every line', () => {
    registerSecret('s3cr3t-pa55');
    const { writer, emit } = reporter();
    emit({ kind: 'log', level: 'info', message: 'connecting with password s3cr3t-pa55' });
    emit({ kind: 'error', error: new DatabaseError('database/connection-failed', 'login failed for s3cr3t-pa55') });
    expect(writer.text()).not.toContain('s3cr3t-pa55');
    expect(writer.text()).toContain('connecting with password ****');
  });

  it('prints command output (opp ls) as is, without a timestamp, even with --quiet', () => {
    const { emit } = reporter({ quiet: true });
    expect(emit({ kind: 'output', text: 'proj.staging.stg_x' }, { kind: 'output', text: 'proj.orders' })).toEqual(['proj.staging.stg_x', 'proj.orders']);
  });

  it('prints a fatal error with its location and hint', () => {
    const { emit } = reporter();
    const lines = emit({ kind: 'error', error: new DatabaseError('database/connection-failed', 'could not open dev.duckdb', { hint: 'close the other process using it' }) });
    expect(lines).toEqual([`${TS}error[database/connection-failed]  could not open dev.duckdb`, '  hint: close the other process using it']);
  });
});
