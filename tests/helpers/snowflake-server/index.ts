/**
 * A Snowflake-protocol test server backed by DuckDB, for testing opp's Snowflake adapter through the
 * real `snowflake-sdk` driver without an account. See README.md.
 */
import { startChildServer } from './child.js';
import { startInProcessServer } from './server.js';
import type { SnowflakeTestServer, SnowflakeTestServerOptions } from './types.js';

export type { FailureEndpoint, FailureRule, QueryLogEntry, QueryStatus, SnowflakeTestServer, SnowflakeTestServerOptions, TestUser } from './types.js';
export { verifyJwt } from './server.js';

/**
 * Starts the server on 127.0.0.1 (in a child process unless `inProcess`). Connect with
 * `snowflake.createConnection(server.connectionOptions({ username, password, database, … }))`.
 */
export function startSnowflakeTestServer(opts: SnowflakeTestServerOptions = {}): Promise<SnowflakeTestServer> {
  return opts.inProcess ? startInProcessServer(opts) : startChildServer(opts);
}
