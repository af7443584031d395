import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter, type Row } from '../../src/adapters/index.js';
import { buildDemoEnv } from '../../src/demo/demo-env.js';
import { DEMO_SEED } from '../../src/demo/engineer-directory.js';
import { startDemoApis, type DemoApis } from '../../src/demo/fake-apis/index.js';
import { REPO_ROOT } from '../helpers/project-fixture.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../helpers/snowflake-server/index.js';

/**
 * The Operational Performance Platform on Snowflake, through the built CLI, the real snowflake-sdk
 * driver and the Snowflake-protocol test server, next to the same project on DuckDB:
 *
 * 1. `opp extract` of every source from the sample APIs into the server (and into DuckDB): the same RAW
 *    row counts; a re-run with the same window changes nothing;
 * 2. `opp build --target snowflake_test` of the whole platform, its incremental models' first build on
 *    their `snowflake_initialization_warehouse`; an incremental re-run on their `snowflake_warehouse`;
 * 3. every mart holds the same rows as the DuckDB build's. The wall times of both builds are printed.
 */
const PROJECT_FILES = ['project.yml', 'sources.yml', 'models', 'macros', 'seeds', 'data-tests'];
const SMALL = { days: 14, engineers: 12, incidentsPerDay: 3 };
const PASSWORD = 'platform-Secret-9';
const MARTS = [
  'fct_ops__incidents',
  'bridge_ops__incident_service',
  'fct_ops__weekly_engineering_health',
  'fct_ai_telemetry__tool_daily_metrics',
  'fct_ai_telemetry__weekly_eng_ai_tokens',
  'fct_slo__daily',
];

let server: SnowflakeTestServer;
let apis: DemoApis | undefined;
let dir: string;
let env: Record<string, string>;
let snowflake: Adapter;
const timings: Record<string, number> = {};

function profiles(port: number, duckdbPath: string): string {
  return [
    'opp:',
    '  target: snowflake_test',
    '  outputs:',
    '    local:',
    '      type: duckdb',
    `      path: ${JSON.stringify(duckdbPath)}`,
    '      schema: main',
    '      threads: 4',
    '    snowflake_test:',
    '      type: snowflake',
    '      account: opp-test',
    '      user: opp',
    "      password: \"{{ env_var('SNOWFLAKE_TEST_PASSWORD') }}\"",
    '      role: TRANSFORMER',
    '      warehouse: ETL_SMALL',
    '      database: OPP_TEST',
    '      schema: PUBLIC',
    '      threads: 4',
    '      query_tag: opp_platform_ci',
    '      host: 127.0.0.1',
    `      port: ${port}`,
    '      protocol: http',
    '',
  ].join('\n');
}

async function opp(args: string[], target: string): Promise<CliResult> {
  const t0 = performance.now();
  const r = await runCli([...args, '--target', target], { cwd: dir, env, timeoutMs: 600_000 });
  timings[`${args[0]} ${target}`] = (performance.now() - t0) / 1000;
  return r;
}

async function withDuckDB<T>(fn: (a: Adapter) => Promise<T>): Promise<T> {
  const a = await createAdapter({ name: 'check', profileName: 'opp', type: 'duckdb', database: 'warehouse', schema: 'main', threads: 1, settings: { path: join(dir, 'warehouse.duckdb') } });
  await a.connect();
  try {
    return await fn(a);
  } finally {
    await a.close();
  }
}

/** A value in a form both engines agree on: numbers to 9 significant digits, JSON re-serialised. */
function canonical(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(9));
  if (typeof v === 'string' && /^[[{]/.test(v)) {
    try {
      return JSON.stringify(JSON.parse(v));
    } catch {
      return v;
    }
  }
  return v;
}

function canonicalRows(rows: readonly Row[]): string[] {
  return rows
    .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]): [string, unknown] => [k.toLowerCase(), canonical(v)]).sort(([a], [b]) => (a < b ? -1 : 1)))))
    .sort();
}

/** The warehouses in use while the server ran statements that write `table` (create, merge, insert). */
async function warehousesBuilding(table: string): Promise<string[]> {
  const target = new RegExp(`^\\s*(create (or replace )?((temporary|transient) )?(table|view)|merge into|insert into|delete from) [\\w.]*\\.${table}(__\\w+)?\\b`, 'i');
  const writes = (await server.queries()).filter((q) => q.status === 'SUCCESS' && target.test(q.sqlText));
  expect(writes.length, `statements writing ${table}`).toBeGreaterThan(0);
  return [...new Set(writes.map((q) => q.warehouse ?? '(none)'))];
}

async function rawCounts(a: Adapter, database: string): Promise<Record<string, number>> {
  const tables = (await a.listRelations({ database, schema: 'raw' })).map((r) => r.identifier.toLowerCase()).filter((t) => !t.endsWith('__stage') && !t.startsWith('_'));
  const out: Record<string, number> = {};
  for (const t of tables.sort()) {
    const rows = (await a.execute(`select count(*) as n from ${a.dialect.relationName({ database, schema: 'raw', identifier: t })}`)).rows;
    out[t] = Number(Object.values(rows[0] ?? {})[0]);
  }
  return out;
}

beforeAll(async () => {
  server = await startSnowflakeTestServer({
    databases: ['OPP_TEST'],
    warehouses: ['ETL_SMALL', 'ETL_MEDIUM'],
    roles: ['TRANSFORMER'],
    users: [{ name: 'opp', password: PASSWORD }],
    parameters: { TIMEZONE: 'UTC' },
  });
  dir = mkdtempSync(join(tmpdir(), 'opp-sf-platform-'));
  for (const f of PROJECT_FILES) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  const profilesDir = join(dir, 'profiles');
  mkdirSync(profilesDir);
  writeFileSync(join(profilesDir, 'profiles.yml'), profiles(server.port, join(dir, 'warehouse.duckdb')));
  const endDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  apis = await startDemoApis({ seed: DEMO_SEED, days: SMALL.days, engineers: SMALL.engineers, incidentsPerDay: SMALL.incidentsPerDay, endDate });
  env = { ...buildDemoEnv(apis, apis.dataset), OPP_PROFILES_DIR: profilesDir, SNOWFLAKE_TEST_PASSWORD: PASSWORD, OPP_PII_SALT: 'platform-e2e-salt' };
  snowflake = await createAdapter({
    name: 'check',
    profileName: 'opp',
    type: 'snowflake',
    database: 'OPP_TEST',
    schema: 'PUBLIC',
    threads: 1,
    settings: { account: 'fake', user: 'opp', password: PASSWORD, warehouse: 'ETL_SMALL', role: 'TRANSFORMER', host: '127.0.0.1', port: server.port, protocol: 'http' },
  });
}, 120_000);

afterAll(async () => {
  console.log(`opp wall times (s): ${JSON.stringify(timings)}`);
  await apis?.close();
  await snowflake?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the platform on Snowflake (test server) vs DuckDB', () => {
  let since: string;

  it('extracts every source into RAW on Snowflake, with the same rows as on DuckDB', async () => {
    since = apis!.dataset.startDate;
    const sf = await opp(['extract', '--since', since], 'snowflake_test');
    expect(sf.code, sf.stdout + sf.stderr).toBe(0);
    expect(sf.stdout).toMatch(/Done\. PASS=11 WARN=0 ERROR=0/);
    const duck = await opp(['extract', '--since', since], 'local');
    expect(duck.code, duck.stdout + duck.stderr).toBe(0);
    const sfCounts = await rawCounts(snowflake, 'OPP_TEST');
    const duckCounts = await withDuckDB((a) => rawCounts(a, 'warehouse'));
    expect(Object.keys(sfCounts).length).toBeGreaterThanOrEqual(21);
    expect(sfCounts).toEqual(duckCounts);
  }, 600_000);

  it('re-running the extract changes nothing (stage → merge → truncate, unchanged rows dropped)', async () => {
    const before = await rawCounts(snowflake, 'OPP_TEST');
    const stamp = (await snowflake.execute('select max(_extracted_at) as m, count(*) as n from OPP_TEST.raw.incident_io__incidents')).rows[0];
    const again = await opp(['extract', '--since', since], 'snowflake_test');
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await rawCounts(snowflake, 'OPP_TEST')).toEqual(before);
    expect((await snowflake.execute('select max(_extracted_at) as m, count(*) as n from OPP_TEST.raw.incident_io__incidents')).rows[0]).toEqual(stamp);
    const watermarks = (await snowflake.execute('select count(*) as n from OPP_TEST.raw._opp_watermarks')).rows[0];
    expect(Number(Object.values(watermarks ?? {})[0])).toBeGreaterThan(0);
  }, 600_000);

  it('builds and tests the whole platform with opp build --target snowflake_test', async () => {
    const duck = await opp(['build'], 'local');
    expect(duck.code, duck.stdout.slice(-4000)).toBe(0);
    await server.clearQueries();
    const sf = await opp(['build'], 'snowflake_test');
    expect(sf.code, sf.stdout.slice(-6000) + sf.stderr).toBe(0);
    expect(sf.stdout).toMatch(/Done\. PASS=\d+ WARN=\d+ ERROR=0 SKIP=0/);
    // The first build of an incremental mart runs on its snowflake_initialization_warehouse (ETL_MEDIUM)
    expect(await warehousesBuilding('fct_ops__incidents')).toEqual(['ETL_MEDIUM']);
  }, 900_000);

  it('runs the incremental marts on snowflake_warehouse (ETL_SMALL) once their tables exist', async () => {
    await server.clearQueries();
    const again = await opp(['run', '--select', 'fct_ops__incidents'], 'snowflake_test');
    expect(again.code, again.stdout.slice(-4000) + again.stderr).toBe(0);
    expect(await warehousesBuilding('fct_ops__incidents')).toEqual(['ETL_SMALL']);
  }, 300_000);

  it('fills every mart with the same rows as the DuckDB build', async () => {
    for (const mart of MARTS) {
      const sfRows = (await snowflake.execute(`select * from OPP_TEST.marts.${mart}`)).rows;
      const duckRows = await withDuckDB(async (a) => (await a.execute(`select * from warehouse.marts.${mart}`)).rows);
      expect(sfRows.length, mart).toBe(duckRows.length);
      expect(canonicalRows(sfRows), mart).toEqual(canonicalRows(duckRows));
    }
  }, 300_000);
});
