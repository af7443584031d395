/**
 * Promise helpers around the real snowflake-sdk driver for the test server's tests.
 */
import snowflake from 'snowflake-sdk';
import type { SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';

snowflake.configure({ logLevel: 'OFF' });

export type Connection = snowflake.Connection;
export type Row = Record<string, unknown>;
export type Bind = snowflake.Bind;

export interface ExecResult {
  rows: Row[];
  stmt: snowflake.RowStatement;
  queryId: string;
  updated: number;
}

export async function connect(server: SnowflakeTestServer, extra: Record<string, unknown> = {}): Promise<Connection> {
  const conn = snowflake.createConnection(
    server.connectionOptions({ username: 'tester', password: 'secret', database: 'ANALYTICS', schema: 'PUBLIC', warehouse: 'COMPUTE_WH', role: 'SYSADMIN', ...extra }) as snowflake.ConnectionOptions,
  );
  await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
  return conn;
}

export function exec(conn: Connection, sqlText: string, binds?: snowflake.Binds, extra: Partial<snowflake.StatementOption> = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    conn.execute({
      sqlText,
      ...(binds ? { binds } : {}),
      ...extra,
      complete: (err, stmt, rows) => {
        if (err) reject(err);
        else resolve({ rows: (rows ?? []) as Row[], stmt: stmt as snowflake.RowStatement, queryId: stmt.getQueryId(), updated: (stmt as snowflake.RowStatement).getNumUpdatedRows?.() ?? -1 });
      },
    } as snowflake.StatementOption);
  });
}

/** Runs a statement that is expected to fail and returns the driver's error. */
export async function execError(conn: Connection, sqlText: string, binds?: snowflake.Binds): Promise<snowflake.SnowflakeError> {
  try {
    await exec(conn, sqlText, binds);
  } catch (e) {
    return e as snowflake.SnowflakeError;
  }
  throw new Error(`expected an error from: ${sqlText}`);
}

export function destroy(conn: Connection): Promise<void> {
  return new Promise((resolve, reject) => conn.destroy((err) => (err ? reject(err) : resolve())));
}
