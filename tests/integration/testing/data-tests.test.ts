import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../../../src/adapters/index.js';
import type { ModelNode, TestNode } from '../../../src/manifest/index.js';
import type { NodeResult } from '../../../src/run/types.js';
import { executeDataTest, type DataTestExecution } from '../../../src/testing/index.js';
import { duckTarget, loadTestProject, type TestProject } from './helpers.js';

/**
 * The tests-shop fixture: its YAML and singular tests built into test nodes, rendered by the run pass
 * with the builtin test macros, and run against a real in-memory DuckDB.
 */

const target = duckTarget('tests_shop');
let adapter: Adapter;
let project: TestProject;
const written = new Map<string, string>();
let ex: DataTestExecution;

beforeAll(async () => {
  adapter = await createAdapter(target);
  await adapter.connect();
  project = await loadTestProject('tests-shop', target, adapter);
  await adapter.execute('create schema if not exists main');
  for (const node of Object.values(project.manifest.nodes)) {
    if (node.resourceType !== 'model') continue;
    const m = node as ModelNode;
    await adapter.ensureSchema({ database: m.database, schema: m.schema });
    await adapter.execute(`create or replace view ${adapter.dialect.relationName({ database: m.database, schema: m.schema, identifier: m.alias })} as ${m.rawCode}`);
  }
  await adapter.execute('create schema raw');
  await adapter.execute('create table raw.orders as select * from (values (1), (null), (3)) t(id)');
  ex = {
    adapter,
    runContext: project.runContext(adapter),
    files: { write: (p, c) => void written.set(p, c) },
    rootDir: '/project',
    targetPath: 'target',
    ephemeralCache: new Map(),
  };
});

afterAll(async () => {
  await adapter?.close();
});

function test(name: string): TestNode {
  const t = project.byName[name];
  if (!t) throw new Error(`no test named ${name}; have ${Object.keys(project.byName).join(', ')}`);
  return t;
}

async function run(name: string, extra: Partial<DataTestExecution> = {}): Promise<NodeResult> {
  return executeDataTest(test(name), 'Thread-1', { ...ex, ...extra });
}

describe('building the test nodes of tests-shop', () => {
  it('reports no problem and builds every generic and singular test', () => {
    expect(project.built.errors).toEqual([]);
    expect(project.built.warnings).toEqual([]);
    expect(Object.keys(project.byName).sort()).toEqual(
      [
        'accepted_values_customers_name__Ada__Bob__Cy',
        'accepted_values_orders_status__placed__shipped__returned',
        'amount_at_least',
        'assert_no_negative_amounts',
        'assert_small_orders',
        'customer_id_fail_calc_sum',
        'customer_ids_unquoted',
        'customers_have_ten_rows',
        'not_null_customers_id',
        'not_null_orders_id',
        'not_null_orders_id_stored_view',
        'not_null_orders_id_where',
        'not_null_orders_no_such_column',
        'not_null_stg_payments_amount',
        'relationships_orders_customer_id__id__ref_customers_',
        'row_count_at_least_customers_2',
        'source_not_null_raw_orders_id',
        'status_without_lost',
        'unique_customers_id',
        'unique_orders_id',
        'unique_orders_id_stored',
        'v_error_over_10',
        'v_limit_5',
        'v_pass_under_20',
        'v_warn_over_10',
      ].sort(),
    );
  });

  it("derives dbt's unique ids (hand-checked against dbt's algorithm)", () => {
    const ids = project.built.tests.map((t) => t.uniqueId);
    for (const id of [
      'test.tests_shop.not_null_orders_id.84ef11d8fe',
      'test.tests_shop.unique_orders_id.1360ecc70e',
      'test.tests_shop.accepted_values_orders_status__placed__shipped__returned.6cbf42f106',
      'test.tests_shop.relationships_orders_customer_id__id__ref_customers_.4282b0c525',
      'test.tests_shop.source_not_null_raw_orders_id.f232a64478',
      'test.tests_shop.row_count_at_least_customers_2.199971e136',
      'test.tests_shop.assert_no_negative_amounts',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('records metadata, dependencies, config and tags as dbt', () => {
    const rel = test('relationships_orders_customer_id__id__ref_customers_');
    expect(rel.dependsOn.nodes).toEqual(['model.tests_shop.customers', 'model.tests_shop.orders']);
    expect(rel.attachedNode).toBe('model.tests_shop.orders');
    expect(rel.columnName).toBe('customer_id');
    expect(rel.testMetadata).toEqual({
      name: 'relationships',
      kwargs: { to: "ref('customers')", field: 'id', column_name: 'customer_id', model: "{{ get_where_subquery(ref('orders')) }}" },
    });
    expect(rel.rawCode).toBe("{{ test_relationships(model=get_where_subquery(ref('orders')), column_name='customer_id', to=ref('customers'), field='id') }}");
    expect(rel).toMatchObject({ schema: 'main_dbt_test__audit', alias: rel.name, originalFilePath: 'models/schema.yml', fqn: ['tests_shop', rel.name] });

    expect(test('not_null_customers_id').tags).toEqual(['pk', 'dq']);
    expect(test('unique_orders_id_stored').tags).toEqual(['stored', 'dq']);
    expect(test('source_not_null_raw_orders_id').tags).toEqual(['raw_data', 'dq']);
    expect(test('source_not_null_raw_orders_id').dependsOn.nodes).toEqual(['source.tests_shop.raw.orders']);
    expect(test('assert_small_orders')).toMatchObject({ tags: ['dq', 'singular'], config: { severity: 'warn' }, dependsOn: { nodes: ['model.tests_shop.orders'] } });
    // project.yml data_tests: staging: +severity: warn applies to tests defined under models/staging/
    expect(test('not_null_stg_payments_amount')).toMatchObject({ fqn: ['tests_shop', 'staging', 'not_null_stg_payments_amount'], config: { severity: 'warn' } });
    expect(test('not_null_orders_id').config.severity).toBe('ERROR');
  });

  it('keeps enabled: false tests out, in disabled', () => {
    expect(project.built.disabled.map((t) => t.name)).toEqual(['is_positive_orders_amount']);
    expect(Object.keys(project.manifest.nodes).some((id) => id.includes('is_positive_orders_amount'))).toBe(false);
  });
});

describe('running data tests on DuckDB', () => {
  it('builtin generic tests pass', async () => {
    for (const name of ['not_null_customers_id', 'unique_customers_id', 'accepted_values_customers_name__Ada__Bob__Cy', 'customer_ids_unquoted']) {
      const r = await run(name);
      expect({ name, status: r.status, failures: r.failures, error: r.error?.message }).toEqual({ name, status: 'pass', failures: 0, error: undefined });
      expect(r.message).toBe('PASS');
    }
  });

  it('builtin generic tests fail with the failing row count', async () => {
    const cases: [string, number][] = [
      ['not_null_orders_id', 1],
      ['accepted_values_orders_status__placed__shipped__returned', 1],
      ['relationships_orders_customer_id__id__ref_customers_', 1],
    ];
    for (const [name, failures] of cases) {
      const r = await run(name);
      expect({ name, status: r.status, failures: r.failures }).toEqual({ name, status: 'fail', failures });
    }
    const r = await run('not_null_orders_id');
    expect(r.message).toBe('Got 1 result, configured to fail if != 0');
    expect(r.adapterResponse.message).toBe('FAIL 1');
  });

  it('quote: false leaves accepted values unquoted', async () => {
    const r = await run('customer_ids_unquoted');
    expect(r.compiledCode).toMatch(/not in \(\s*1,2,9\s*\)/);
  });

  it('severity warn turns a failure into a warning, and --warn-error back into a failure', async () => {
    const r = await run('unique_orders_id');
    expect([r.status, r.failures, r.message]).toEqual(['warn', 1, 'Got 1 result, configured to warn if != 0']);
    expect(r.adapterResponse.message).toBe('WARN 1');
    const strict = await run('unique_orders_id', { warnError: true });
    expect([strict.status, strict.failures]).toEqual(['fail', 1]);
    const folder = await run('not_null_stg_payments_amount');
    expect([folder.status, folder.failures]).toEqual(['warn', 1]);
  });

  it('warn_if / error_if thresholds', async () => {
    expect(await run('v_warn_over_10')).toMatchObject({ status: 'warn', failures: 15, message: 'Got 15 results, configured to warn if >10' });
    expect(await run('v_error_over_10')).toMatchObject({ status: 'fail', failures: 15, message: 'Got 15 results, configured to fail if >10' });
    expect(await run('v_pass_under_20')).toMatchObject({ status: 'pass', failures: 0 });
  });

  it('where filters the tested relation; limit caps the failing rows', async () => {
    const where = await run('not_null_orders_id_where');
    expect(where.status).toBe('pass');
    expect(where.compiledCode).toContain("(select * from \"memory\".\"main\".\"orders\" where status != 'placed') dbt_subquery");
    expect(await run('status_without_lost')).toMatchObject({ status: 'pass' });
    expect(await run('v_limit_5')).toMatchObject({ status: 'fail', failures: 5 });
  });

  it('fail_calc sum(n_records) counts rows, not groups', async () => {
    expect(await run('customer_id_fail_calc_sum')).toMatchObject({ status: 'fail', failures: 4 });
  });

  it('store_failures keeps the failing rows in <schema>_dbt_test__audit, replaced on each run', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await run('unique_orders_id_stored');
      expect([r.status, r.failures, r.relationName]).toEqual(['fail', 1, '"memory"."main_dbt_test__audit"."unique_orders_id_stored"']);
      const rows = await adapter.execute('select * from main_dbt_test__audit.unique_orders_id_stored');
      expect(rows.rows).toEqual([{ unique_field: 3, n_records: 2 }]);
    }
    expect((await adapter.getRelation({ database: 'memory', schema: 'main_dbt_test__audit', identifier: 'unique_orders_id_stored' }))?.kind).toBe('table');
  });

  it('store_failures_as: view stores whole failing rows in a view; --store-failures stores the others', async () => {
    const r = await run('not_null_orders_id_stored_view');
    expect(r.status).toBe('fail');
    const rel = await adapter.getRelation({ database: 'memory', schema: 'main_dbt_test__audit', identifier: 'not_null_orders_id_stored_view' });
    expect(rel?.kind).toBe('view');
    const rows = await adapter.execute('select * from main_dbt_test__audit.not_null_orders_id_stored_view');
    expect(rows.rows).toEqual([{ id: null, customer_id: 2, status: 'placed', amount: 1 }]);

    const flagged = await run('not_null_orders_id', { storeFailures: true });
    expect(flagged.relationName).toBe('"memory"."main_dbt_test__audit"."not_null_orders_id"');
    expect((await adapter.execute('select count(*) as n from main_dbt_test__audit.not_null_orders_id')).rows).toEqual([{ n: 1 }]);
  });

  it('a custom generic test from a macro file, with extra arguments', async () => {
    expect(await run('amount_at_least')).toMatchObject({ status: 'fail', failures: 2 });
    expect(test('amount_at_least').dependsOn.macros).toContain('macro.tests_shop.test_is_positive');
  });

  it('model-level tests from tests/generic/', async () => {
    expect(await run('row_count_at_least_customers_2')).toMatchObject({ status: 'pass' });
    expect(await run('customers_have_ten_rows')).toMatchObject({ status: 'fail', failures: 1 });
  });

  it('singular tests', async () => {
    expect(await run('assert_no_negative_amounts')).toMatchObject({ status: 'pass', failures: 0 });
    expect(await run('assert_small_orders')).toMatchObject({ status: 'warn', failures: 1 });
  });

  it('a test on a source column', async () => {
    const r = await run('source_not_null_raw_orders_id');
    expect([r.status, r.failures]).toEqual(['fail', 1]);
    expect(r.compiledCode).toContain('"memory"."raw"."orders"');
  });

  it('a test whose SQL fails is that test’s ERROR result, not a crash', async () => {
    const r = await run('not_null_orders_no_such_column');
    expect(r.status).toBe('error');
    expect(r.failures).toBeNull();
    expect(r.error?.code).toBe('database/query-failed');
    expect(r.message).toMatch(/no_such_column/);
    expect(r.compiledPath).toBe('target/compiled/tests_shop/models/schema.yml/not_null_orders_no_such_column.sql');
  });

  it('writes compiled and run SQL like models', async () => {
    await run('not_null_orders_id');
    const compiled = written.get('/project/target/compiled/tests_shop/models/schema.yml/not_null_orders_id.sql');
    expect(compiled).toContain('where id is null');
    const ran = written.get('/project/target/run/tests_shop/models/schema.yml/not_null_orders_id.sql');
    expect(ran).toContain('count(*) as failures');
    expect(ran).toContain('dbt_internal_test');
    expect(written.get('/project/target/compiled/tests_shop/tests/assert_no_negative_amounts.sql')).toContain('"memory"."main"."orders"');
  });
});
