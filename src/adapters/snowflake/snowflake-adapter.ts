import { AsyncLocalStorage } from 'node:async_hooks';
import { access } from 'node:fs/promises';
import type SnowflakeSdk from 'snowflake-sdk';
import type { TargetConfig } from '../../config/types.js';
import { DatabaseError } from '../../errors/index.js';
import type {
  Adapter,
  Column,
  ExecOptions,
  ExecResult,
  LoadColumn,
  LogicalType,
  RelationInfo,
  RelationKind,
  RelationRef,
  Row,
  SchemaRef,
  Statement,
} from '../contract.js';
import { executePlanSequentially } from '../shared/execute-plan.js';
import { RelationCache } from '../shared/relation-cache.js';
import { ResourcePool } from '../shared/resource-pool.js';
import { transactionControlOf } from '../shared/sql-text.js';
import { batchRows, buildBulkInsert, encodeRow, type BulkColumn } from './snowflake-bulk-load.js';
import { SNOWFLAKE_CAPABILITIES } from './snowflake-capabilities.js';
import { quoteSnowflakeString, SnowflakeDialect } from './snowflake-dialect.js';
import {
  cancelQuietly,
  connectAsync,
  destroyAsync,
  loadSnowflakeSdk,
  runStatement,
  type Sdk,
  type SfConnection,
  type SfStatement,
} from './snowflake-driver.js';
import { toSnowflakeConnectionError, toSnowflakeError, type LoginTarget } from './snowflake-errors.js';
import { readSnowflakeSettings, type SnowflakeSettings } from './snowflake-settings.js';

/** One pooled Snowflake session and what opp knows about its transaction. */
interface Session {
  readonly conn: SfConnection;
  /** A BEGIN was sent and not yet closed. */
  inTransaction: boolean;
  /** `withTransaction` owns the transaction (plans join it instead of committing). */
  outerTransaction: boolean;
  /**
   * `withTransaction` asked for a transaction that has no DML yet: BEGIN goes out just before the first
   * DML statement, so DDL run first (a stage table's CREATE) stays outside it instead of committing it.
   */
  pendingBegin: boolean;
  /** The statement running on the session, to cancel it when the adapter closes. */
  running?: SfStatement;
}

/** Statements that change data inside a transaction (they open a pending one). */
const DML = /^\s*(?:\(\s*)*(insert|update|delete|merge|truncate|copy)\b/i;
/** DDL/DCL: Snowflake commits an open transaction before running one. */
const DDL = /^\s*(create|alter(?!\s+session)|drop|undrop|comment|grant|revoke)\b/i;

const EXISTS_CODES = new Set(['002003', '002043']);

function relationKind(tableType: unknown): RelationKind {
  const t = String(tableType ?? '').toUpperCase();
  if (t === 'VIEW') return 'view';
  if (t === 'MATERIALIZED VIEW') return 'materialized_view';
  if (t === 'EXTERNAL TABLE') return 'external';
  return 'table';
}

/** The value of a result column whatever case the driver gave its name in. */
function get(row: Row, name: string): unknown {
  if (name in row) return row[name];
  const upper = name.toUpperCase();
  if (upper in row) return row[upper];
  const lower = name.toLowerCase();
  return row[lower];
}

/**
 * The Snowflake adapter on snowflake-sdk: a pool of `threads` sessions (each a driver connection), the
 * first opened and checked by `connect()`, the rest on demand; statements pinned to one session inside
 * `withSession` / `withTransaction` / `executePlan` (AsyncLocalStorage). Relations are listed from
 * `information_schema.tables` once per schema; columns come from `describe table`; rows are loaded with
 * array-bound INSERTs.
 */
export class SnowflakeAdapter implements Adapter {
  readonly type = 'snowflake';
  readonly dialect: SnowflakeDialect;
  readonly capabilities = SNOWFLAKE_CAPABILITIES;
  readonly relations: RelationCache;
  readonly settings: SnowflakeSettings;

  private sdk: Sdk | undefined;
  private pool: ResourcePool<Session> | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private readonly sessions = new AsyncLocalStorage<Session>();
  private readonly schemasEnsured = new Map<string, Promise<void>>();
  /** The schema exists (or was created): later sessions log in with it as their current schema. */
  private schemaKnown = true;

  constructor(readonly target: TargetConfig) {
    this.settings = readSnowflakeSettings(target);
    this.dialect = new SnowflakeDialect({
      database: this.settings.database,
      ...(this.settings.warehouse ? { warehouse: this.settings.warehouse } : {}),
      ...(this.settings.queryTag ? { queryTag: this.settings.queryTag } : {}),
    });
    this.relations = new RelationCache({ normalize: (n) => this.dialect.normalizeName(n), defaultDatabase: this.settings.database });
  }

  private get login(): LoginTarget {
    const s = this.settings;
    return {
      targetName: this.target.name,
      account: s.account,
      user: s.user,
      database: s.database,
      schema: s.schema,
      keyPair: s.auth.kind === 'key-pair',
      ...(s.role ? { role: s.role } : {}),
      ...(s.warehouse ? { warehouse: s.warehouse } : {}),
      ...(s.accessUrl ? { accessUrl: s.accessUrl } : {}),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new DatabaseError('database/connection-failed', 'the Snowflake adapter is closed'));
    this.connecting ??= this.open().catch(async (err: unknown) => {
      this.connecting = undefined;
      const pool = this.pool;
      this.pool = undefined;
      await pool?.close();
      throw err;
    });
    return this.connecting;
  }

  /** Driver options for one session (snake_case profile keys → snowflake-sdk's camelCase options). */
  private connectionOptions(withSchema: boolean): SnowflakeSdk.ConnectionOptions {
    const s = this.settings;
    const options: Record<string, unknown> = {
      account: s.account,
      username: s.user,
      database: s.database,
      ...(withSchema ? { schema: s.schema } : {}),
      ...(s.warehouse ? { warehouse: s.warehouse } : {}),
      ...(s.role ? { role: s.role } : {}),
      ...(s.queryTag ? { queryTag: s.queryTag } : {}),
      ...(s.accessUrl ? { accessUrl: s.accessUrl } : {}),
      application: 'opp',
      // NULLs as null, not the string 'NULL', for columns fetched as strings (numbers, JSON).
      representNullAsStringNull: false,
      clientSessionKeepAlive: s.clientSessionKeepAlive,
      sfRetryMaxLoginRetries: s.connectRetries,
    };
    switch (s.auth.kind) {
      case 'password':
        options.password = s.auth.password;
        break;
      case 'key-pair':
        options.authenticator = 'SNOWFLAKE_JWT';
        if (s.auth.privateKey) options.privateKey = s.auth.privateKey;
        if (s.auth.privateKeyPath) options.privateKeyPath = s.auth.privateKeyPath;
        if (s.auth.passphrase) options.privateKeyPass = s.auth.passphrase;
        break;
      case 'oauth':
        options.authenticator = 'OAUTH';
        options.token = s.auth.token;
        break;
      case 'other':
        options.authenticator = s.auth.authenticator;
        if (s.auth.password) options.password = s.auth.password;
        break;
    }
    if (s.insecureMode) options.disableOCSPChecks = true;
    return options as SnowflakeSdk.ConnectionOptions;
  }

  /** Logs one session in (retrying transient network failures `connect_retries` times, in the driver). */
  private async openSession(): Promise<Session> {
    const sdk = (this.sdk ??= await loadSnowflakeSdk());
    const s = this.settings;
    if (s.auth.kind === 'key-pair' && s.auth.privateKeyPath) {
      await access(s.auth.privateKeyPath).catch((cause: unknown) => {
        throw new DatabaseError('database/connection-failed', `target '${this.target.name}': cannot read the private key file '${s.auth.kind === 'key-pair' ? s.auth.privateKeyPath : ''}'`, {
          cause,
          hint: "Check 'private_key_path' (a relative path is read from the project folder).",
        });
      });
    }
    const attempt = async (withSchema: boolean): Promise<SfConnection> => {
      let conn: SfConnection;
      try {
        conn = sdk.createConnection(this.connectionOptions(withSchema));
      } catch (err) {
        throw toSnowflakeConnectionError(err, this.login);
      }
      try {
        await connectAsync(conn);
        return conn;
      } catch (err) {
        await destroyAsync(conn);
        // A target schema that does not exist yet (opp creates it): log in without it.
        if (withSchema && String((err as { code?: unknown }).code) === '390201' && /schema/i.test(String((err as Error).message))) {
          this.schemaKnown = false;
          return attempt(false);
        }
        throw toSnowflakeConnectionError(err, this.login);
      }
    };
    const conn = await attempt(this.schemaKnown);
    const session: Session = { conn, inTransaction: false, outerTransaction: false, pendingBegin: false };
    if (s.statementTimeout !== undefined) {
      await this.runOn(session, `alter session set statement_timeout_in_seconds = ${s.statementTimeout}`, {}).catch(async (err: unknown) => {
        await destroyAsync(conn);
        throw err;
      });
    }
    return session;
  }

  private async open(): Promise<void> {
    const deadline = this.settings.connectTimeout * 1000 * Math.max(1, this.settings.connectRetries + 1);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DatabaseError('database/connection-failed', `could not connect to Snowflake (target '${this.target.name}'): no answer within ${Math.round(deadline / 1000)} s`, {
              hint: `Check the network and the target's account/host; raise connect_timeout (now ${this.settings.connectTimeout} s) for a slow link.`,
            }),
          ),
        deadline,
      );
    });
    let first: Session;
    try {
      first = await Promise.race([this.openSession(), timeout]);
    } finally {
      clearTimeout(timer);
    }
    try {
      await this.checkSession(first);
    } catch (err) {
      await destroyAsync(first.conn);
      throw err;
    }
    this.pool = new ResourcePool<Session>(
      Math.max(1, Math.floor(this.target.threads) || 1),
      () => this.openSession(),
      (session) => destroyAsync(session.conn),
    );
    this.pool.add(first);
  }

  /**
   * A login succeeds even when the warehouse or database is unknown or not usable by the role (the
   * session simply has none): one query on the first session says so before any node runs.
   */
  private async checkSession(session: Session): Promise<void> {
    const result = await this.runOn(session, 'select current_warehouse() as wh, current_database() as db, current_role() as rl', {});
    const row = result.rows[0] ?? {};
    const s = this.settings;
    const fail = (what: string, value: string, hint: string): DatabaseError =>
      new DatabaseError('database/connection-failed', `could not use Snowflake ${what} '${value}' (target '${this.target.name}', role '${String(get(row, 'rl') ?? s.role ?? '')}')`, { hint });
    if (s.warehouse && (get(row, 'wh') === null || get(row, 'wh') === undefined)) {
      throw fail('warehouse', s.warehouse, `Check the target's 'warehouse': it must exist and the role must have USAGE on it.`);
    }
    if (get(row, 'db') === null || get(row, 'db') === undefined) {
      throw fail('database', s.database, `Check the target's 'database': it must exist and the role must have USAGE on it.`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    const pool = this.pool;
    this.pool = undefined;
    if (pool) await pool.close((session) => cancelQuietly(session.running));
  }

  private async ready(): Promise<ResourcePool<Session>> {
    if (!this.pool) await this.connect();
    if (!this.pool) throw new DatabaseError('database/connection-failed', 'the Snowflake adapter is closed');
    return this.pool;
  }

  /** Runs `fn` on a pooled session; a transaction left open is rolled back before the session is reused. */
  private async withPooled<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    const pool = await this.ready();
    let session: Session;
    try {
      session = await pool.acquire();
    } catch (err) {
      throw err instanceof DatabaseError ? err : toSnowflakeConnectionError(err, this.login);
    }
    try {
      return await fn(session);
    } finally {
      if (session.inTransaction) {
        await runStatement(session.conn, 'rollback').catch(() => undefined);
        session.inTransaction = false;
      }
      session.outerTransaction = false;
      session.pendingBegin = false;
      pool.release(session);
    }
  }

  withSession<T>(fn: () => Promise<T>): Promise<T> {
    if (this.sessions.getStore()) return fn();
    return this.withPooled((session) => this.sessions.run(session, fn));
  }

  /**
   * BEGIN is sent lazily, before the first DML statement `fn` runs: DDL before it (a table created to
   * load into) runs outside the transaction instead of committing it. After a DDL statement inside the
   * transaction (Snowflake commits the transaction there) the next DML opens a new one.
   */
  withTransaction<T>(fn: () => Promise<T>): Promise<T> {
    const inSession = async (session: Session): Promise<T> => {
      if (session.inTransaction || session.pendingBegin) return fn(); // joins the transaction already open
      session.pendingBegin = true;
      session.outerTransaction = true;
      try {
        const result = await fn();
        if (session.inTransaction) await this.runOn(session, this.dialect.commit(), {});
        return result;
      } catch (err) {
        if (session.inTransaction) await this.runOn(session, this.dialect.rollback(), {}).catch(() => undefined);
        throw err;
      } finally {
        session.pendingBegin = false;
        session.outerTransaction = false;
      }
    };
    const current = this.sessions.getStore();
    if (current) return inSession(current);
    return this.withPooled((session) => this.sessions.run(session, () => inSession(session)));
  }

  // ---------------------------------------------------------------------------------------------
  // Statements

  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const session = this.sessions.getStore();
    if (session) return this.runOn(session, sql, opts);
    return this.withPooled((s) => this.runOn(s, sql, opts));
  }

  private async send(session: Session, sql: string, opts: ExecOptions, binds?: SnowflakeSdk.Binds): Promise<ExecResult> {
    if (opts.signal?.aborted) {
      throw new DatabaseError('run/interrupted', 'the statement was cancelled before it started', {
        sql,
        ...(opts.nodeId ? { nodeId: opts.nodeId } : {}),
      });
    }
    try {
      return await runStatement(session.conn, sql, {
        ...(binds ? { binds } : {}),
        ...(opts.maxRows !== undefined ? { maxRows: opts.maxRows } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onStatement: (stmt) => {
          if (stmt) session.running = stmt;
          else delete session.running;
        },
      });
    } catch (err) {
      throw toSnowflakeError(err, sql, { ...opts, ...(this.settings.statementTimeout ? { statementTimeout: this.settings.statementTimeout } : {}) });
    }
  }

  private async runOn(session: Session, sql: string, opts: ExecOptions, binds?: SnowflakeSdk.Binds): Promise<ExecResult> {
    const control = transactionControlOf(sql);
    if (session.pendingBegin && control === undefined && DML.test(sql)) {
      await this.send(session, this.dialect.beginTransaction(), {});
      session.pendingBegin = false;
      session.inTransaction = true;
    }
    if (control === 'begin' && session.pendingBegin) {
      session.pendingBegin = false;
    }
    const ddl = control === undefined && DDL.test(sql);
    try {
      const result = await this.send(session, sql, opts, binds);
      if (control === 'begin') session.inTransaction = true;
      else if (control === 'commit' || control === 'rollback') session.inTransaction = false;
      return result;
    } catch (err) {
      if (control === 'rollback') session.inTransaction = false;
      throw err;
    } finally {
      if (ddl && session.inTransaction) {
        // Snowflake committed the open transaction before the DDL.
        session.inTransaction = false;
        if (session.outerTransaction) session.pendingBegin = true;
      }
    }
  }

  executePlan(steps: readonly Statement[], opts: ExecOptions = {}): Promise<ExecResult[]> {
    return this.withSession(() => {
      const session = this.sessions.getStore()!;
      return executePlanSequentially(steps, {
        run: (step) => this.runOn(session, step.sql, opts),
        rollback: () => this.runOn(session, this.dialect.rollback(), {}),
        outerTransaction: session.outerTransaction,
        transactionOpen: session.inTransaction,
      });
    });
  }

  /** Rows of `sql` (read in one result; Snowflake sends them in chunks the driver fetches as needed). */
  streamQuery(sql: string, opts: ExecOptions = {}): AsyncIterable<Row> {
    const run = (): Promise<ExecResult> => this.execute(sql, opts);
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<Row> {
        const result = await run();
        yield* result.rows;
      },
    };
  }

  toError(err: unknown, sql: string, opts?: ExecOptions): DatabaseError {
    return toSnowflakeError(err, sql, opts);
  }

  // ---------------------------------------------------------------------------------------------
  // Catalog

  getRelation(ref: RelationRef): Promise<RelationInfo | undefined> {
    return this.relations.get(ref, () => this.fetchRelations(ref));
  }

  listRelations(schema: SchemaRef): Promise<RelationInfo[]> {
    return this.relations.getSchema(schema, () => this.fetchRelations(schema));
  }

  /** ONE information_schema query for every relation of a schema. */
  private async fetchRelations(schema: SchemaRef): Promise<RelationInfo[]> {
    const database = schema.database ?? this.settings.database;
    const sql =
      `select table_catalog, table_schema, table_name, table_type from ${this.dialect.relationName({ database, schema: 'information_schema', identifier: 'tables' })} ` +
      `where table_schema = ${quoteSnowflakeString(this.dialect.normalizeName(schema.schema))}`;
    let rows: Row[];
    try {
      rows = (await this.execute(sql)).rows;
    } catch (err) {
      if (err instanceof DatabaseError && err.vendorCode && EXISTS_CODES.has(err.vendorCode)) return [];
      throw err;
    }
    return rows.map((row) => ({
      database: String(get(row, 'table_catalog')),
      schema: String(get(row, 'table_schema')),
      identifier: String(get(row, 'table_name')),
      kind: relationKind(get(row, 'table_type')),
    }));
  }

  /** `describe table` (dbt-snowflake's `get_columns_in_relation`; also works on views and temporary relations). */
  async getColumns(ref: RelationRef): Promise<Column[]> {
    try {
      const result = await this.execute(`describe table ${this.dialect.relationName(ref)}`);
      return result.rows
        .filter((row) => {
          const kind = get(row, 'kind');
          return kind === undefined || kind === null || String(kind).toUpperCase() === 'COLUMN';
        })
        .map((row) => ({ name: String(get(row, 'name')), dataType: String(get(row, 'type')) }));
    } catch (err) {
      if (err instanceof DatabaseError && err.vendorCode && EXISTS_CODES.has(err.vendorCode)) return [];
      throw err;
    }
  }

  ensureSchema(schema: SchemaRef): Promise<void> {
    const key = `${this.dialect.normalizeName(schema.database ?? this.settings.database)}\u0000${this.dialect.normalizeName(schema.schema)}`;
    let pending = this.schemasEnsured.get(key);
    if (!pending) {
      pending = this.execute(this.dialect.createSchema(schema)).then(
        () => {
          if (this.dialect.normalizeName(schema.schema) === this.dialect.normalizeName(this.settings.schema)) this.schemaKnown = true;
        },
        (err: unknown) => {
          this.schemasEnsured.delete(key);
          throw err;
        },
      );
      this.schemasEnsured.set(key, pending);
    }
    return pending;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading

  /**
   * Array-bound INSERTs in batches (see snowflake-bulk-load.ts), in a transaction of its own unless one
   * is open: a value that does not fit rolls every row of the load back (and drops the table the load
   * created). The CREATE of a new table runs before the transaction's BEGIN.
   */
  bulkLoad(ref: RelationRef, cols: readonly LoadColumn[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<number> {
    return this.withSession(async () => {
      const session = this.sessions.getStore()!;
      const relation = this.dialect.relationName(ref);
      const own = !session.inTransaction && !session.pendingBegin;
      let created = false;
      if (own) {
        session.pendingBegin = true;
        session.outerTransaction = true;
      }
      try {
        const existing = await this.getColumns(ref);
        let columns: BulkColumn[];
        if (existing.length === 0) {
          const defs = cols.map((c) => `${this.dialect.quoteIdentifier(this.dialect.normalizeName(c.name))} ${this.dialect.typeFor(c.type)}`).join(', ');
          await this.runOn(session, `create table if not exists ${relation} (${defs})`, {});
          created = true;
          columns = cols.map((c) => ({ key: c.name, type: c.type, sqlName: this.dialect.quoteIdentifier(this.dialect.normalizeName(c.name)) }));
        } else {
          const byName = new Map(existing.map((c) => [c.name.toUpperCase(), c]));
          const unknown = cols.filter((c) => !byName.has(this.dialect.normalizeName(c.name).toUpperCase()) && !byName.has(c.name.toUpperCase()));
          if (unknown.length > 0) {
            throw new DatabaseError('database/query-failed', `${relation} has no column ${unknown.map((c) => `"${c.name}"`).join(', ')} to load into`, {
              hint: 'Add the columns to the table (or drop it so opp recreates it from the load columns).',
            });
          }
          columns = cols.map((c) => {
            const col = byName.get(this.dialect.normalizeName(c.name).toUpperCase()) ?? byName.get(c.name.toUpperCase())!;
            return { key: c.name, type: c.type, sqlName: this.dialect.quoteIdentifier(col.name) };
          });
        }
        const count = await this.insertBatches(session, relation, columns, rows);
        if (own && session.inTransaction) await this.runOn(session, this.dialect.commit(), {});
        if (created) this.relations.set({ ...ref, database: ref.database ?? this.settings.database, kind: 'table' });
        return count;
      } catch (err) {
        if (own && session.inTransaction) await this.runOn(session, this.dialect.rollback(), {}).catch(() => undefined);
        if (own && created) await this.runOn(session, this.dialect.drop(ref, 'table'), {}).catch(() => undefined);
        if (err instanceof DatabaseError) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new DatabaseError('database/query-failed', `bulk load into ${relation} failed: ${message.split('\n')[0]}`, {
          cause: err,
          hint: own
            ? 'Check that each value fits its column type; the load was rolled back, no row was written.'
            : 'Check that each value fits its column type.',
        });
      } finally {
        if (own) {
          session.pendingBegin = false;
          session.outerTransaction = false;
        }
      }
    });
  }

  /** Encodes rows into batches and sends each as one array-bound INSERT; the next batch is encoded while one runs. */
  private async insertBatches(session: Session, relation: string, columns: readonly BulkColumn[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<number> {
    const sql = buildBulkInsert(relation, columns, (t: LogicalType) => (t === 'string' ? undefined : this.dialect.typeFor(t)));
    const size = batchRows(columns.length);
    let batch: (string | null)[][] = [];
    let total = 0;
    let inFlight: Promise<unknown> | undefined;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const binds = batch;
      batch = [];
      if (inFlight) await inFlight;
      const sent = this.runOn(session, sql, {}, binds as SnowflakeSdk.Binds);
      sent.catch(() => undefined); // awaited below; never an unhandled rejection while the next batch is encoded
      inFlight = sent;
    };
    const put = async (row: Row): Promise<void> => {
      total++;
      batch.push(encodeRow(row, columns, total));
      if (batch.length >= size) await flush();
    };
    try {
      if (Symbol.iterator in rows) for (const row of rows) await put(row);
      else for await (const row of rows) await put(row);
      await flush();
    } finally {
      // Never leave a batch running behind an error: wait for it (its own error wins only if none came first).
      if (inFlight) await inFlight.catch(() => undefined);
    }
    if (inFlight) await inFlight;
    return total;
  }
}
