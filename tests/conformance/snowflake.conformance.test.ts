import { afterAll, beforeAll } from 'vitest';
import { createAdapter } from '../../src/adapters/index.js';
import type { TargetConfig } from '../../src/config/types.js';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../helpers/snowflake-server/index.js';
import { runAdapterConformance } from './adapter-conformance.js';

/**
 * The shared adapter conformance suite against the Snowflake adapter, through the real snowflake-sdk
 * driver and the Snowflake-protocol test server (DuckDB underneath). The live suite
 * (tests/integration/snowflake/live.test.ts) runs the same against a real account when credentials exist.
 */
let server: SnowflakeTestServer;

beforeAll(async () => {
  server = await startSnowflakeTestServer({ users: [{ name: 'opp', password: 'conformance-pw' }], databases: ['ANALYTICS'], parameters: { TIMEZONE: 'UTC' } });
});
afterAll(async () => {
  await server?.close();
});

function target(): TargetConfig {
  return {
    name: 'snowflake_test',
    profileName: 'conformance',
    type: 'snowflake',
    database: 'ANALYTICS',
    schema: 'PUBLIC',
    threads: 4,
    settings: {
      account: server.account,
      user: 'opp',
      password: 'conformance-pw',
      role: 'SYSADMIN',
      warehouse: 'COMPUTE_WH',
      host: '127.0.0.1',
      port: server.port,
      protocol: 'http',
    },
  };
}

runAdapterConformance('snowflake (test server)', () => createAdapter(target()), {
  slowQuery: 'select system$wait(20)',
  bulkRows: 20_000,
});
