/**
 * The REST protocol through the real snowflake-sdk driver: login (password, key-pair JWT), login and USE
 * errors, error codes, the long-running polling path, statement timeout, cancel, heartbeat, session
 * close, query status, async execution, token renewal, HTTP retries, multi-statement requests.
 */
import { generateKeyPairSync } from 'node:crypto';
import snowflake from 'snowflake-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSnowflakeTestServer, type SnowflakeTestServer } from '../../helpers/snowflake-server/index.js';
import { connect, destroy, exec, execError, type Connection } from './driver.js';

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const OTHER_PRIVATE_PEM = otherKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

async function connectError(server: SnowflakeTestServer, extra: Record<string, unknown>): Promise<snowflake.SnowflakeError> {
  try {
    const c = await connect(server, extra);
    await destroy(c);
  } catch (e) {
    return e as snowflake.SnowflakeError;
  }
  throw new Error('expected the login to fail');
}

describe('snowflake test server: protocol', () => {
  let server: SnowflakeTestServer;
  let conn: Connection;

  beforeAll(async () => {
    server = await startSnowflakeTestServer({
      users: [
        { name: 'tester', password: 'secret' },
        { name: 'KEYPAIR_USER', publicKey: PUBLIC_PEM },
      ],
      longRunningMs: 300,
    });
    conn = await connect(server);
  });
  afterAll(async () => {
    await destroy(conn).catch(() => undefined);
    await server.close();
  });

  describe('login', () => {
    it('accepts the right password and reports the session state', async () => {
      const c = await connect(server, { schema: 'PUBLIC' });
      expect(c.isUp()).toBe(true);
      const r = await exec(c, 'select current_user() as u, current_role() as r, current_database() as d, current_schema() as s, current_warehouse() as w');
      expect(r.rows).toEqual([{ U: 'TESTER', R: 'SYSADMIN', D: 'ANALYTICS', S: 'PUBLIC', W: 'COMPUTE_WH' }]);
      await destroy(c);
    });

    it('rejects a wrong password with 390100', async () => {
      const err = await connectError(server, { password: 'wrong' });
      expect(String(err.code)).toBe('390100');
      expect(err.message).toMatch(/Incorrect username or password/);
    });

    it('rejects an unknown user with 390100', async () => {
      const err = await connectError(server, { username: 'nobody' });
      expect(String(err.code)).toBe('390100');
    });

    it('logs in with a key-pair JWT verified against the registered public key', async () => {
      const c = await connect(server, { username: 'keypair_user', password: undefined, authenticator: 'SNOWFLAKE_JWT', privateKey: PRIVATE_PEM });
      const r = await exec(c, 'select current_user() as u');
      expect(r.rows).toEqual([{ U: 'KEYPAIR_USER' }]);
      await destroy(c);
    });

    it('rejects a JWT signed with another key (390144)', async () => {
      const err = await connectError(server, { username: 'keypair_user', password: undefined, authenticator: 'SNOWFLAKE_JWT', privateKey: OTHER_PRIVATE_PEM });
      expect(String(err.code)).toBe('390144');
    });

    it('rejects a password login for a key-pair-only user', async () => {
      const err = await connectError(server, { username: 'keypair_user', password: 'x' });
      expect(String(err.code)).toBe('390100');
    });

    it('accepts a login naming a schema that does not exist yet (no current schema until it is created)', async () => {
      const c = await connect(server, { schema: 'NOT_YET' });
      expect((await exec(c, 'select current_database() as d, current_schema() as s')).rows).toEqual([{ D: 'ANALYTICS', S: null }]);
      expect((await execError(c, 'create table t_without_schema (a int)')).code).toBe('090106');
      await exec(c, 'create schema not_yet');
      expect((await exec(c, 'select current_schema() as s')).rows).toEqual([{ S: 'NOT_YET' }]);
      await exec(c, 'drop schema not_yet');
      await destroy(c);
    });

    it('rejects an unknown database, warehouse or role', async () => {
      const db = await connectError(server, { database: 'NOPE_DB' });
      expect(String(db.code)).toBe('390201');
      expect(db.message).toMatch(/database does not exist/);
      const wh = await connectError(server, { warehouse: 'NOPE_WH' });
      expect(String(wh.code)).toBe('390201');
      expect(wh.message).toMatch(/warehouse does not exist/);
      const role = await connectError(server, { role: 'NOPE_ROLE' });
      expect(String(role.code)).toBe('390189');
      expect(role.message).toMatch(/Role 'NOPE_ROLE'/);
    });
  });

  describe('USE', () => {
    it('switches warehouse and role and rejects unknown ones', async () => {
      const c = await connect(server);
      await exec(c, 'use role accountadmin');
      await exec(c, 'use warehouse "COMPUTE_WH"');
      expect((await exec(c, 'select current_role() as r')).rows).toEqual([{ R: 'ACCOUNTADMIN' }]);
      const wh = await execError(c, 'use warehouse nope_wh');
      expect(wh.code).toBe('002043');
      expect(wh.sqlState).toBe('02000');
      const role = await execError(c, 'use role nope_role');
      expect(role.code).toBe('003013');
      const db = await execError(c, 'use database nope_db');
      expect(db.code).toBe('002043');
      const sch = await execError(c, 'use schema analytics.nope');
      expect(sch.code).toBe('002043');
      await destroy(c);
    });
  });

  describe('errors', () => {
    it('maps DuckDB errors to Snowflake codes, SQL states and messages', async () => {
      const syntax = await execError(conn, 'selec 1');
      expect([syntax.code, syntax.sqlState]).toEqual(['001003', '42000']);
      expect(syntax.message).toMatch(/^SQL compilation error:/);
      const missing = await execError(conn, 'select * from analytics.public.no_such_table');
      expect([missing.code, missing.sqlState]).toEqual(['002003', '42S02']);
      expect(missing.message).toMatch(/does not exist or not authorized/);
      await exec(conn, 'create or replace table err_t (a int)');
      const col = await execError(conn, 'select nope from err_t');
      expect([col.code, col.sqlState]).toEqual(['000904', '42000']);
      expect(col.message).toMatch(/invalid identifier/);
      const conv = await execError(conn, "select 'abc'::int");
      expect([conv.code, conv.sqlState]).toEqual(['100038', '22018']);
      expect(conv.message).toMatch(/Numeric value 'abc' is not recognized/);
      // positions: 1-based line, 0-based position, found in the original text
      expect(syntax.message).toBe("SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'selec'.");
      const deep = await execError(conn, 'select 1 as a,\n  2 as b\nfrom err_t\nwhere a = = 1');
      expect(deep.message).toBe("SQL compilation error:\nsyntax error line 4 at position 8 unexpected '='.");
      const ident = await execError(conn, 'select a,\n   missing_col\nfrom err_t');
      expect(ident.message).toBe("SQL compilation error: error line 2 at position 3\ninvalid identifier 'MISSING_COL'");
      const noFrom = await execError(conn, 'select 1 as a,\n  1 + nowhere as b');
      expect([noFrom.code, noFrom.message]).toEqual(['000904', "SQL compilation error: error line 2 at position 6\ninvalid identifier 'NOWHERE'"]);
      const unterminated = await execError(conn, "select 'abc");
      expect([unterminated.code, unterminated.message]).toEqual(['001003', "SQL compilation error:\nsyntax error line 1 at position 7 unexpected ''abc'."]);
      const drop = await execError(conn, 'drop table analytics.public.no_such_table');
      expect(drop.code).toBe('002003');
      const multi = await execError(conn, 'select 1; select 2');
      expect([multi.code, multi.sqlState]).toEqual(['000008', '0A000']);
      expect((multi as { data?: { queryId?: string } }).data?.queryId ?? 'x').toBeTruthy();
    });
  });

  describe('long-running statements', () => {
    it('answers 333333 and the driver polls the result URL', async () => {
      const started = Date.now();
      const r = await exec(conn, 'select system$wait(1) as w');
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(r.rows).toEqual([{ W: 'waited 1 seconds' }]);
      const log = (await server.queries()).find((q) => q.queryId === r.queryId);
      expect(log?.resultFetches).toBeGreaterThanOrEqual(1);
      expect(log?.status).toBe('SUCCESS');
    });

    it('runs SYSTEM$WAIT inside an expression (a select list with other items, a subquery)', async () => {
      const started = Date.now();
      const r = await exec(conn, "select 1 as a, w from (select system$wait(400, 'MILLISECONDS') as w)");
      expect(Date.now() - started).toBeGreaterThanOrEqual(380);
      expect(r.rows).toEqual([{ A: 1, W: 'waited 400 milliseconds' }]);
    });

    it('times out after STATEMENT_TIMEOUT_IN_SECONDS with 000630', async () => {
      const c = await connect(server);
      await exec(c, 'alter session set statement_timeout_in_seconds = 1');
      const started = Date.now();
      const err = await execError(c, 'select system$wait(5)');
      const took = Date.now() - started;
      expect([err.code, err.sqlState]).toEqual(['000630', '57014']);
      expect(err.message).toBe('Statement reached its statement or warehouse timeout of 1 second(s) and was canceled.');
      expect(took).toBeGreaterThanOrEqual(900);
      expect(took).toBeLessThan(4000);
      // a DuckDB-bound query is interrupted too
      const heavy = await execError(c, 'select count(*) from range(100000000000) a');
      expect(heavy.code).toBe('000630');
      await exec(c, 'alter session unset statement_timeout_in_seconds');
      expect((await exec(c, 'select 1 as x')).rows).toEqual([{ X: 1 }]);
      await destroy(c);
    });

    it('cancels a running statement with 000604 (interrupting DuckDB)', async () => {
      const c = await connect(server);
      const result = new Promise<snowflake.SnowflakeError | undefined>((resolve) => {
        const stmt = c.execute({ sqlText: 'select count(*) from range(100000000000) a', complete: (err) => resolve(err) });
        setTimeout(() => stmt.cancel(() => undefined), 400);
      });
      const started = Date.now();
      const err = await result;
      expect(err?.code).toBe('000604');
      expect(err?.sqlState).toBe('57014');
      expect(Date.now() - started).toBeLessThan(5000);
      const entry = (await server.queries()).filter((q) => q.sqlText.includes('range(100000000000)')).pop();
      expect(entry?.status).toBe('ABORTED');
      expect((await exec(c, 'select 2 as x')).rows).toEqual([{ X: 2 }]);
      await destroy(c);
    });

    it('reports query status and runs asynchronously with asyncExec', async () => {
      const r = await exec(conn, 'select 42 as answer');
      expect(await conn.getQueryStatus(r.queryId)).toBe('SUCCESS');
      const queryId = await new Promise<string>((resolve, reject) =>
        conn.execute({ sqlText: 'select system$wait(500, \'MILLISECONDS\') as w', asyncExec: true, complete: (err, stmt) => (err ? reject(err) : resolve(stmt.getQueryId())) }),
      );
      expect(await conn.getQueryStatus(queryId)).toBe('RUNNING');
      const stmt = await conn.getResultsFromQueryId({ queryId, sqlText: '' });
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const out: unknown[] = [];
        stmt.streamRows().on('data', (row) => out.push(row)).on('end', () => resolve(out)).on('error', reject);
      });
      expect(rows).toEqual([{ W: 'waited 500 milliseconds' }]);
    });
  });

  describe('concurrency and latency', () => {
    it('serialises concurrent statements of one session and runs sessions in parallel', async () => {
      const results = await Promise.all([1, 2, 3, 4, 5].map((i) => exec(conn, `select ${i} as n`)));
      expect(results.map((r) => r.rows[0]!.N)).toEqual([1, 2, 3, 4, 5]);
      const other = await connect(server);
      const started = Date.now();
      await Promise.all([exec(conn, "select system$wait(400, 'MILLISECONDS')"), exec(other, "select system$wait(400, 'MILLISECONDS')")]);
      expect(Date.now() - started).toBeLessThan(750);
      await destroy(other);
    });

    it('cancelling a queued statement leaves the running one alone', async () => {
      const first = exec(conn, "select system$wait(300, 'MILLISECONDS') as w");
      const second = new Promise<unknown>((resolve) => {
        const stmt = conn.execute({ sqlText: 'select 2 as queued', complete: (err) => resolve(err) });
        setTimeout(() => stmt.cancel(() => undefined), 50);
      });
      expect((await first).rows).toEqual([{ W: 'waited 300 milliseconds' }]);
      expect((await second as { code?: string } | undefined)?.code).toBe('000604');
    });

    it('adds statementDelayMs to every statement', async () => {
      const slow = await startSnowflakeTestServer({ inProcess: true, statementDelayMs: 150 });
      try {
        const c = await connect(slow);
        const t = Date.now();
        await exec(c, 'select 1');
        expect(Date.now() - t).toBeGreaterThanOrEqual(140);
        await destroy(c);
      } finally {
        await slow.close();
      }
    });
  });

  describe('session', () => {
    it('answers heartbeats and deletes the session on destroy', async () => {
      const before = await server.sessionCount();
      const c = await connect(server);
      expect(await server.sessionCount()).toBe(before + 1);
      expect(await c.isValidAsync()).toBe(true);
      await destroy(c);
      expect(await server.sessionCount()).toBe(before);
      expect(await c.isValidAsync()).toBe(false);
    });

    it('drops TEMPORARY tables when the session closes', async () => {
      const c = await connect(server);
      await exec(c, 'create or replace temporary table analytics.public.tmp_x as select 1 as a');
      expect((await exec(conn, 'select count(*) as n from analytics.public.tmp_x')).rows).toEqual([{ N: 1 }]);
      await destroy(c);
      const err = await execError(conn, 'select * from analytics.public.tmp_x');
      expect(err.code).toBe('002003');
    });

    it('renews the session token on 390112 and retries', async () => {
      await server.setFailure({ endpoint: 'query', sql: 'select 7 as renewed', error: { code: '390112', message: 'Session token expired' } });
      const r = await exec(conn, 'select 7 as renewed');
      expect(r.rows).toEqual([{ RENEWED: 7 }]);
      expect((await server.queries()).filter((q) => q.sqlText === 'select 7 as renewed')).toHaveLength(1);
    });

    it('survives an HTTP 503 (the driver retries)', async () => {
      await server.setFailure({ endpoint: 'query', sql: 'select 8 as retried', httpStatus: 503 });
      const r = await exec(conn, 'select 8 as retried');
      expect(r.rows).toEqual([{ RETRIED: 8 }]);
    });

    it('returns an injected Snowflake error', async () => {
      await server.setFailure({ endpoint: 'query', sql: /select 9/i, error: { code: '000625', sqlState: '57014', message: 'warehouse suspended' } });
      const err = await execError(conn, 'select 9');
      expect([err.code, err.sqlState, err.message]).toEqual(['000625', '57014', 'warehouse suspended']);
      expect((await exec(conn, 'select 9 as x')).rows).toEqual([{ X: 9 }]);
    });

    it('runs multi-statement requests when MULTI_STATEMENT_COUNT allows it', async () => {
      const first = await new Promise<snowflake.RowStatement>((resolve, reject) =>
        conn.execute({
          sqlText: 'create or replace table ms_t (a int); insert into ms_t values (1), (2); select count(*) as n from ms_t',
          parameters: { MULTI_STATEMENT_COUNT: 3 },
          complete: (err, stmt) => (err ? reject(err) : resolve(stmt as snowflake.RowStatement)),
        }),
      );
      expect((first as unknown as { hasNext(): boolean }).hasNext()).toBe(true);
      expect((await exec(conn, 'select count(*) as n from ms_t')).rows).toEqual([{ N: 2 }]);
    });
  });

  describe('query log', () => {
    it('records statements with query tag, warehouse, role and kind', async () => {
      const c = await connect(server);
      await server.clearQueries();
      await exec(c, "alter session set query_tag = 'opp:model.orders'");
      await exec(c, 'create or replace table log_t as select 1 as a');
      await exec(c, 'use warehouse compute_wh');
      await exec(c, 'insert into log_t values (2), (3)');
      await exec(c, "alter session unset query_tag");
      await exec(c, 'select * from log_t');
      const log = await server.queries();
      expect(log.map((q) => q.kind)).toEqual(['ALTER SESSION', 'CREATE TABLE', 'USE WAREHOUSE', 'INSERT', 'ALTER SESSION', 'SELECT']);
      expect(log[1]!.queryTag).toBe('opp:model.orders');
      expect(log[3]!.rowCount).toBe(2);
      expect(log[3]!.statementTypeId).toBe(0x3100);
      expect(log[5]!.queryTag).toBe('');
      expect(log[5]!.rowCount).toBe(3);
      expect(log.every((q) => q.warehouse === 'COMPUTE_WH' && q.role === 'SYSADMIN' && q.status === 'SUCCESS')).toBe(true);
      await destroy(c);
    });
  });
});
