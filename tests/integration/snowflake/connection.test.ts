import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../../../src/adapters/index.js';
import type { TargetConfig } from '../../../src/config/types.js';
import { DatabaseError } from '../../../src/errors/index.js';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';

/**
 * The Snowflake adapter's sessions through the real driver and the test server: the pool, retries of
 * transient failures only, a target schema that does not exist yet, the session parameters set at login.
 */
let server: SnowflakeTestServer;
const adapters: Adapter[] = [];

function target(settings: Record<string, unknown> = {}, schema = 'PUBLIC', threads = 1): TargetConfig {
  return {
    name: 'snowflake_test',
    profileName: 'it',
    type: 'snowflake',
    database: 'ANALYTICS',
    schema,
    threads,
    settings: { account: 'fake', user: 'opp', password: 'conn-pw', warehouse: 'COMPUTE_WH', host: '127.0.0.1', port: server.port, protocol: 'http', ...settings },
  };
}

async function open(t: TargetConfig): Promise<Adapter> {
  const a = await createAdapter(t);
  adapters.push(a);
  await a.connect();
  return a;
}

beforeAll(async () => {
  server = await startSnowflakeTestServer({ users: [{ name: 'opp', password: 'conn-pw' }], parameters: { TIMEZONE: 'UTC' } });
});

afterAll(async () => {
  for (const a of adapters) await a.close();
  await server?.close();
});

describe('snowflake sessions', () => {
  it('opens up to `threads` sessions, on demand', async () => {
    const before = await server.sessionCount();
    const a = await open(target({}, 'PUBLIC', 3));
    expect((await server.sessionCount()) - before).toBe(1);
    await Promise.all(Array.from({ length: 6 }, (_, i) => a.execute(`select system$wait(200, 'MILLISECONDS') as w${i}`).catch(() => a.execute(`select ${i} as w`))));
    expect((await server.sessionCount()) - before).toBe(3);
    await a.close();
    expect((await server.sessionCount()) - before).toBe(0);
  });

  it('sets the query tag at login and the statement timeout once per session', async () => {
    await server.clearQueries();
    const a = await open(target({ query_tag: 'opp_conn', statement_timeout: 600 }));
    await a.execute('select 1 as one');
    const log = await server.queries();
    expect(log.map((q) => q.sqlText)).toEqual([
      'alter session set statement_timeout_in_seconds = 600',
      'select current_warehouse() as wh, current_database() as db, current_role() as rl',
      'select 1 as one',
    ]);
    expect(log.every((q) => q.queryTag === 'opp_conn')).toBe(true);
  });

  it('logs in to a target schema that does not exist yet, and creates it', async () => {
    const a = await open(target({}, 'NOT_YET'));
    await a.ensureSchema({ database: 'ANALYTICS', schema: 'NOT_YET' });
    await a.execute('create table analytics.not_yet.t as select 1 as id');
    expect((await a.getRelation({ database: 'ANALYTICS', schema: 'NOT_YET', identifier: 't' }))?.kind).toBe('table');
  });
});

describe('snowflake retries: transient failures only', () => {
  it('a statement answered 503 is retried by the driver and succeeds', async () => {
    const a = await open(target());
    await server.setFailure({ endpoint: 'query', sql: 'select 8 as retried', httpStatus: 503, times: 1 });
    expect((await a.execute('select 8 as retried')).rows).toEqual([{ RETRIED: 8 }]);
  });

  it('a statement Snowflake rejected is never retried', async () => {
    const a = await open(target());
    await server.setFailure({ endpoint: 'query', sql: 'select 9 as refused', error: { code: '000625', sqlState: '57014', message: 'Statement reached its warehouse limit' }, times: 1 });
    const err = await a.execute('select 9 as refused').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).message).toMatch(/^000625 \(57014\): Statement reached its warehouse limit/);
    // the rule fired once: the same statement now succeeds, so the adapter did not retry it by itself
    expect((await a.execute('select 9 as refused')).rows).toEqual([{ REFUSED: 9 }]);
  });

  it('a login answered 503 is retried connect_retries times', async () => {
    await server.setFailure({ endpoint: 'login', httpStatus: 503, times: 1 });
    const a = await open(target({ connect_retries: 1 }));
    expect((await a.execute('select 1 as ok')).rows).toEqual([{ OK: 1 }]);
    await server.setFailure({ endpoint: 'login', httpStatus: 503, times: 1 });
    const b = await createAdapter(target({ connect_retries: 0 }));
    adapters.push(b);
    const err = await b.connect().catch((e: unknown) => e);
    expect((err as DatabaseError).code).toBe('database/connection-failed');
    expect((err as DatabaseError).message).toMatch(/target 'snowflake_test'/);
  });
});
