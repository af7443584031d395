import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter, type Row } from '../../src/adapters/index.js';
import { copyFixture, REPO_ROOT } from '../helpers/project-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startSnowflakeTestServer, type QueryLogEntry, type SnowflakeTestServer } from '../helpers/snowflake-server/index.js';

/**
 * `opp build --target snowflake_test` of tests/fixtures/projects/snowflake-shop through the built CLI,
 * the real snowflake-sdk driver and the Snowflake-protocol test server: seeds bulk-loaded, views, tables,
 * an incremental model (first run, incremental run, --full-refresh on a bigger warehouse), a snapshot,
 * data tests; then every connection failure with its message and exit code, and a statement timeout.
 */
const PASSWORD = 'e2e-Secret-pw-41';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

let server: SnowflakeTestServer;
let fixture: { dir: string; cleanup: () => void };
let env: Record<string, string>;
let adapter: Adapter;

async function opp(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { cwd: fixture.dir, env: { ...env, ...extraEnv }, timeoutMs: 120_000 });
}

async function query(sql: string): Promise<Row[]> {
  return (await adapter.execute(sql)).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
}

function statementsOf(log: readonly QueryLogEntry[], pattern: RegExp): QueryLogEntry[] {
  return log.filter((q) => pattern.test(q.sqlText));
}

beforeAll(async () => {
  server = await startSnowflakeTestServer({
    databases: ['SF_SHOP'],
    warehouses: ['COMPUTE_WH', 'ETL_SMALL', 'ETL_LARGE'],
    roles: ['TRANSFORMER'],
    users: [
      { name: 'opp', password: PASSWORD },
      { name: 'opp_keypair', publicKey: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    ],
    parameters: { TIMEZONE: 'UTC' },
  });
  fixture = copyFixture('snowflake-shop');
  const keyPath = join(fixture.dir, 'rsa_key.p8');
  writeFileSync(keyPath, keys.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'key-Passphrase-7' }).toString());
  env = {
    SNOWFLAKE_TEST_PORT: String(server.port),
    SNOWFLAKE_TEST_PASSWORD: PASSWORD,
    SNOWFLAKE_TEST_KEY_PATH: keyPath,
    SNOWFLAKE_TEST_KEY_PASSPHRASE: 'key-Passphrase-7',
  };
  adapter = await createAdapter({
    name: 'check',
    profileName: 'sf_shop',
    type: 'snowflake',
    database: 'SF_SHOP',
    schema: 'PUBLIC',
    threads: 1,
    settings: { account: 'fake', user: 'opp', password: PASSWORD, warehouse: 'COMPUTE_WH', host: '127.0.0.1', port: server.port, protocol: 'http' },
  });
});

afterAll(async () => {
  await adapter?.close();
  await server?.close();
  fixture?.cleanup();
});

describe('opp build --target snowflake_test (the snowflake-shop fixture)', () => {
  let first: CliResult;
  let firstLog: QueryLogEntry[];

  beforeAll(async () => {
    await server.clearQueries();
    first = await opp(['build', '--target', 'snowflake_test']);
    firstLog = await server.queries();
  }, 120_000);

  it('builds seeds, views, tables, the incremental model, the snapshot and every test', () => {
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Done\. PASS=14 WARN=0 ERROR=0 SKIP=0 TOTAL=14/);
    expect(first.stdout).toContain("Concurrency: 4 threads (target='snowflake_test')");
  });

  it('loads the seeds through array-bound INSERTs and the marts hold the expected rows', async () => {
    const inserts = statementsOf(firstLog, /^insert into SF_SHOP\.dev_raw\.raw_orders__opp_tmp/);
    expect(inserts).toHaveLength(1);
    expect(inserts[0]!.bindRows).toBe(5);
    expect(await query('select order_id, country, amount from SF_SHOP.dev_marts.fct_orders order by order_id')).toEqual([
      { order_id: 1, country: 'GB', amount: 12.5 },
      { order_id: 2, country: 'US', amount: 9.9 },
      { order_id: 3, country: 'GB', amount: 44 },
      { order_id: 4, country: 'NL', amount: 1.2 },
      { order_id: 5, country: 'US', amount: 78 },
    ]);
    expect(await query('select name, orders, revenue from SF_SHOP.dev_marts.customer_revenue order by name')).toEqual([
      { name: 'Ada', orders: 2, revenue: 56.5 },
      { name: 'Barbara', orders: 1, revenue: 78 },
      { name: 'Grace', orders: 1, revenue: 9.9 },
    ]);
  });

  it('applies the Snowflake configs: transient and permanent tables, clustering, secure views, comments, grants, query tags', async () => {
    const tables = await query("show tables in schema SF_SHOP.dev_marts");
    const byName = Object.fromEntries(tables.map((t) => [String(t['name']).toLowerCase(), t]));
    expect(byName['fct_orders']?.['kind']).toBe('TRANSIENT');
    expect(byName['fct_orders']?.['cluster_by']).toBe('LINEAR(ORDER_DATE)');
    expect(byName['customer_revenue']?.['kind']).toBe('TABLE');
    expect(byName['customer_revenue']?.['comment']).toBe('Revenue per customer, returns excluded.');
    const views = await query("show views in schema SF_SHOP.dev_staging");
    expect(views.find((v) => String(v['name']).toLowerCase() === 'stg_customers')?.['is_secure']).toBe('true');
    expect(statementsOf(firstLog, /^grant /).map((q) => q.sqlText)).toEqual(
      expect.arrayContaining([
        'grant select on table SF_SHOP.dev_marts.fct_orders to role reporter',
        'grant select on table SF_SHOP.dev_marts.customer_revenue to role analyst',
      ]),
    );
    const fct = statementsOf(firstLog, /^create transient table SF_SHOP\.dev_marts\.fct_orders/)[0]!;
    expect([fct.warehouse, fct.queryTag]).toEqual(['ETL_SMALL', 'sf_shop_fct_orders']);
    const revenue = statementsOf(firstLog, /^create table SF_SHOP\.dev_marts\.customer_revenue copy grants/)[0]!;
    expect([revenue.warehouse, revenue.queryTag]).toEqual(['COMPUTE_WH', 'sf_shop_marts']);
    // every session is back on the target's settings after each node
    const tests = statementsOf(firstLog, /dbt_internal_test|validation_errors|count\(\*\) as failures/i);
    expect(tests.every((q) => q.warehouse === 'COMPUTE_WH' && q.queryTag === 'sf_shop')).toBe(true);
  });

  it('merges on the next run (temporary view stage, MERGE on the small warehouse) and rebuilds on --full-refresh with the large one', async () => {
    await adapter.execute("insert into SF_SHOP.dev_raw.raw_orders values (6, 11, 500, 'placed', '2024-03-04 08:00:00')");
    await server.clearQueries();
    const second = await opp(['build', '--target', 'snowflake_test', '--select', 'fct_orders']);
    expect(second.code, second.stdout).toBe(0);
    const log = await server.queries();
    const merge = statementsOf(log, /^merge into SF_SHOP\.dev_marts\.fct_orders/);
    expect(merge.map((q) => [q.warehouse, q.queryTag])).toEqual([['ETL_SMALL', 'sf_shop_fct_orders']]);
    expect(statementsOf(log, /^create or replace temporary view SF_SHOP\.dev_marts\.fct_orders__opp_tmp/)).toHaveLength(1);
    expect(await query('select count(*) as n from SF_SHOP.dev_marts.fct_orders')).toEqual([{ n: 6 }]);

    await server.clearQueries();
    const full = await opp(['run', '--target', 'snowflake_test', '--select', 'fct_orders', '--full-refresh']);
    expect(full.code, full.stdout).toBe(0);
    const rebuild = statementsOf(await server.queries(), /^create or replace transient table SF_SHOP\.dev_marts\.fct_orders/);
    expect(rebuild.map((q) => q.warehouse)).toEqual(['ETL_LARGE']);
    expect(await query('select count(*) as n from SF_SHOP.dev_marts.fct_orders')).toEqual([{ n: 6 }]);
  });

  it('logs in with a key pair (private_key_path + passphrase)', async () => {
    const run = await opp(['run', '--target', 'key_pair', '--select', 'stg_orders']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('Done. PASS=1');
  });
});

describe('connection failures: exit 2 before any node runs, naming the target and what to check', () => {
  function expectConnectionFailure(result: CliResult, target: string, hint: RegExp): void {
    const out = result.stdout + result.stderr;
    expect(result.code, out).toBe(2);
    expect(out).toContain('error[database/connection-failed]');
    expect(out).toContain(`target '${target}'`);
    expect(out).toMatch(hint);
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toMatch(/START|of \d+ (OK|ERROR)/);
  }

  it('wrong password', async () => {
    const r = await opp(['build', '--target', 'bad_password'], { SNOWFLAKE_TEST_WRONG_PASSWORD: `${PASSWORD}-wrong` });
    expectConnectionFailure(r, 'bad_password', /390100: Incorrect username or password/);
    expect(r.stdout + r.stderr).toMatch(/hint: Check the target's 'user' and 'password'/);
    expect(r.stdout + r.stderr).not.toContain(`${PASSWORD}-wrong`);
  });

  it('unknown warehouse, role and database', async () => {
    expectConnectionFailure(await opp(['run', '--target', 'bad_warehouse']), 'bad_warehouse', /hint: Check the target's 'warehouse' \('NO_SUCH_WH'\)/);
    expectConnectionFailure(await opp(['run', '--target', 'bad_role']), 'bad_role', /hint: Check the target's 'role' \('NO_SUCH_ROLE'\)/);
    expectConnectionFailure(await opp(['run', '--target', 'bad_database']), 'bad_database', /hint: Check the target's 'database' \('NO_SUCH_DB'\)/);
  });

  it('network down (nothing listens on the port), after one retry', async () => {
    const down = await startSnowflakeTestServer();
    const port = down.port;
    await down.close();
    const started = Date.now();
    const r = await opp(['run', '--target', 'unreachable'], { SNOWFLAKE_DOWN_PORT: String(port) });
    expectConnectionFailure(r, 'unreachable', new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}[\\s\\S]*hint: Check that http://127\\.0\\.0\\.1:${port} is reachable`));
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('a statement timeout during the run is the node’s ERROR (exit 1)', () => {
  it('reports Snowflake’s 000630 with the target’s statement_timeout', async () => {
    const r = await opp(['run', '--target', 'short_timeout', '--select', 'slow_model', '--vars', '{include_slow_model: true}']);
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(1);
    expect(out).toMatch(/ERROR creating sql table model dev_marts\.slow_model/);
    expect(out).toMatch(/000630 \(57014\): Statement reached its statement or warehouse timeout of 1 second\(s\) and was canceled\./);
    expect(out).toMatch(/hint: The statement ran longer than the target's statement_timeout \(1 s\)/);
  });
});

describe('Ctrl-C during a Snowflake run', () => {
  it('cancels the running statement in Snowflake and exits 2', async () => {
    await server.clearQueries();
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'opp'), 'run', '--target', 'snowflake_test', '--select', 'slow_model', '--vars', '{include_slow_model: true}'], {
      cwd: fixture.dir,
      env: { ...process.env, ...env, NO_COLOR: '1' },
    });
    let out = '';
    const started = new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('START sql table model dev_marts.slow_model')) resolve();
      }),
    );
    await started;
    // wait until the CREATE is running in the server
    for (let i = 0; i < 100 && !(await server.queries()).some((q) => q.status === 'RUNNING' && /slow_model/.test(q.sqlText)); i++) await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    expect(code, out).toBe(2);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(out).toContain('Exited because of keyboard interrupt');
    const create = (await server.queries()).find((q) => /^create transient table SF_SHOP\.dev_marts\.slow_model/.test(q.sqlText));
    expect(create?.status).toBe('ABORTED');
  });
});
