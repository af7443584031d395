import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../../src/adapters/index.js';
import type { TargetConfig } from '../../src/config/types.js';
import { executeMaterialization } from '../../src/materialize/index.js';
import { runAdapterConformance } from './adapter-conformance.js';

/**
 * The live suite: the shared conformance suite and a materialisation smoke test against a REAL Snowflake
 * account. Runs only when the credentials are in the environment, and is skipped otherwise (CI needs no
 * account):
 *
 *   SNOWFLAKE_ACCOUNT=myorg-myaccount SNOWFLAKE_USER=... SNOWFLAKE_PASSWORD=... \
 *   SNOWFLAKE_DATABASE=OPP_CI SNOWFLAKE_WAREHOUSE=ETL_XS [SNOWFLAKE_ROLE=TRANSFORMER] \
 *   npx vitest run tests/conformance/snowflake-live.conformance.test.ts
 *
 * Key-pair instead of a password: SNOWFLAKE_PRIVATE_KEY_PATH (+ SNOWFLAKE_PRIVATE_KEY_PASSPHRASE). Every
 * object is created in schemas named opp_conformance_<pid>_* / OPP_LIVE_<pid> that the suite drops.
 */
const env = process.env;
const configured =
  !!env['SNOWFLAKE_ACCOUNT'] && !!env['SNOWFLAKE_USER'] && !!env['SNOWFLAKE_DATABASE'] && !!(env['SNOWFLAKE_PASSWORD'] || env['SNOWFLAKE_PRIVATE_KEY_PATH']);

function liveTarget(schema: string): TargetConfig {
  const settings: Record<string, unknown> = { account: env['SNOWFLAKE_ACCOUNT'], user: env['SNOWFLAKE_USER'], query_tag: 'opp_live_suite' };
  if (env['SNOWFLAKE_PASSWORD']) settings['password'] = env['SNOWFLAKE_PASSWORD'];
  if (env['SNOWFLAKE_PRIVATE_KEY_PATH']) settings['private_key_path'] = env['SNOWFLAKE_PRIVATE_KEY_PATH'];
  if (env['SNOWFLAKE_PRIVATE_KEY_PASSPHRASE']) settings['private_key_passphrase'] = env['SNOWFLAKE_PRIVATE_KEY_PASSPHRASE'];
  if (env['SNOWFLAKE_WAREHOUSE']) settings['warehouse'] = env['SNOWFLAKE_WAREHOUSE'];
  if (env['SNOWFLAKE_ROLE']) settings['role'] = env['SNOWFLAKE_ROLE'];
  // A private link or proxy endpoint (also how this suite is checked against the local test server).
  if (env['SNOWFLAKE_HOST']) settings['host'] = env['SNOWFLAKE_HOST'];
  if (env['SNOWFLAKE_PORT']) settings['port'] = Number(env['SNOWFLAKE_PORT']);
  if (env['SNOWFLAKE_PROTOCOL']) settings['protocol'] = env['SNOWFLAKE_PROTOCOL'];
  return { name: 'live', profileName: 'live', type: 'snowflake', database: env['SNOWFLAKE_DATABASE']!, schema, threads: 4, settings };
}

if (configured) {
  runAdapterConformance('snowflake (live account)', () => createAdapter(liveTarget('PUBLIC')), { slowQuery: 'select system$wait(20)', bulkRows: 100_000 });
}

describe.skipIf(!configured)('snowflake (live account): materialisations', () => {
  const schema = `OPP_LIVE_${process.pid}`;
  let adapter: Adapter;
  const rel = (identifier: string) => ({ database: env['SNOWFLAKE_DATABASE']!, schema, identifier });
  const schemaName = (): string => `${adapter.dialect.quoteIdentifier(env['SNOWFLAKE_DATABASE']!)}.${schema}`;

  beforeAll(async () => {
    adapter = await createAdapter(liveTarget(schema));
    await adapter.connect();
    await adapter.ensureSchema({ database: env['SNOWFLAKE_DATABASE']!, schema });
  });
  afterAll(async () => {
    await adapter?.execute(`drop schema if exists ${schemaName()} cascade`).catch(() => undefined);
    await adapter?.close();
  });

  async function build(identifier: string, config: Record<string, unknown>, sql: string) {
    const relation = rel(identifier);
    const existing = await adapter.getRelation(relation);
    return executeMaterialization(adapter, {
      node: { uniqueId: `model.live.${identifier}`, config: { enabled: true, materialized: 'table', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...config }, relation },
      compiledSql: sql,
      ...(existing ? { existing } : {}),
      dialect: adapter.dialect,
      capabilities: adapter.capabilities,
      fullRefresh: false,
      hooks: { pre: [], post: [] },
    });
  }

  it('builds a transient clustered table, a secure view and an incremental merge', async () => {
    await build('orders', { cluster_by: ['id'] }, "select 1 as id, 'a' as status union all select 2, 'b'");
    await build('orders_v', { materialized: 'view', secure: true }, `select * from ${adapter.dialect.relationName(rel('orders'))}`);
    await build('orders_inc', { materialized: 'incremental', unique_key: 'id' }, `select * from ${adapter.dialect.relationName(rel('orders'))}`);
    const second = await build('orders_inc', { materialized: 'incremental', unique_key: 'id' }, "select 2 as id, 'c' as status union all select 3, 'd'");
    expect(second.adapterResponse.message).toMatch(/^MERGE/);
    const rows = (await adapter.execute(`select id, status from ${adapter.dialect.relationName(rel('orders_inc'))} order by id`)).rows;
    expect(rows.map((r) => Object.values(r))).toEqual([
      [1, 'a'],
      [2, 'c'],
      [3, 'd'],
    ]);
    const kind = (await adapter.execute(`show tables like 'ORDERS' in schema ${schemaName()}`)).rows[0];
    expect(String(Object.entries(kind ?? {}).find(([k]) => k.toLowerCase() === 'kind')?.[1])).toBe('TRANSIENT');
  });
});
