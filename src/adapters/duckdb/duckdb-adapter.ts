import { AsyncLocalStorage } from 'node:async_hooks';
import { StatementType, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import type { TargetConfig } from '../../config/types.js';
import { ConfigError, DatabaseError } from '../../errors/index.js';
import type {
  Adapter,
  Column,
  ExecOptions,
  ExecResult,
  LoadColumn,
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
import { appendRows } from './duckdb-bulk-load.js';
import { DUCKDB_CAPABILITIES } from './duckdb-capabilities.js';
import { duckdbCatalogName } from './duckdb-catalog-name.js';
import { DuckDBDialect, TEMP_CATALOG } from './duckdb-dialect.js';
import { toDuckDBConnectionError, toDuckDBError } from './duckdb-errors.js';
import { openInstance } from './duckdb-instance-cache.js';
import { toJsConverter, typeName } from './duckdb-values.js';

/** One pooled connection and what opp knows about its transaction. */
interface Session {
  readonly conn: DuckDBConnection;
  /** A BEGIN is open on the connection. */
  inTransaction: boolean;
  /** The open transaction belongs to `withTransaction` (plans join it instead of committing). */
  outerTransaction: boolean;
}

/** The DuckDB target settings (profiles.yml keys beside `type`). */
export interface DuckDBSettings {
  readonly path: string;
  readonly extensions: readonly string[];
  readonly settings: Readonly<Record<string, string>>;
}

export function readDuckDBSettings(target: TargetConfig): DuckDBSettings {
  const s = target.settings;
  const path = s['path'] === undefined || s['path'] === null ? ':memory:' : String(s['path']);
  const rawExtensions = s['extensions'] ?? [];
  if (!Array.isArray(rawExtensions) || rawExtensions.some((e) => typeof e !== 'string')) {
    throw new ConfigError('config/invalid-value', `target '${target.name}': 'extensions' must be a list of names`, {
      hint: "Write e.g. extensions: [httpfs, spatial] (each already installed locally; opp never downloads).",
    });
  }
  const rawSettings = s['settings'] ?? {};
  if (typeof rawSettings !== 'object' || rawSettings === null || Array.isArray(rawSettings)) {
    throw new ConfigError('config/invalid-value', `target '${target.name}': 'settings' must be a mapping of DuckDB settings`, {
      hint: "Write e.g. settings: {memory_limit: '4GB', threads: 4}.",
    });
  }
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawSettings as Record<string, unknown>)) settings[key] = String(value);
  return { path, extensions: rawExtensions as string[], settings };
}

/**
 * DuckDB options that only take effect when the database opens; every other setting is applied with
 * `SET GLOBAL` once it is open (some, like TimeZone, need a built-in extension loaded first — measured:
 * passing TimeZone at open fails with "the icu extension needs to be loaded").
 */
const STARTUP_OPTIONS = new Set([
  'access_mode',
  'allow_community_extensions',
  'allow_unsigned_extensions',
  'allowed_directories',
  'allowed_paths',
  'autoinstall_extension_repository',
  'autoinstall_known_extensions',
  'autoload_known_extensions',
  'custom_extension_repository',
  'default_block_size',
  'enable_external_access',
  'extension_directory',
  'lock_configuration',
  'storage_compatibility_version',
]);

const DML = new Set<number>([StatementType.INSERT, StatementType.UPDATE, StatementType.DELETE, StatementType.MERGE_INTO]);

function relationKind(tableType: unknown): RelationKind {
  return tableType === 'VIEW' ? 'view' : 'table';
}

/**
 * The embedded DuckDB adapter (`@duckdb/node-api`): one instance per database file, a pool of
 * `target.threads` connections, statements pinned to one connection inside `withSession` /
 * `withTransaction` / `executePlan` (tracked with AsyncLocalStorage, so nested calls need no handle).
 */
export class DuckDBAdapter implements Adapter {
  readonly type = 'duckdb';
  readonly dialect: DuckDBDialect;
  readonly capabilities = DUCKDB_CAPABILITIES;
  readonly relations: RelationCache;
  readonly settings: DuckDBSettings;

  private pool: ResourcePool<DuckDBConnection> | undefined;
  private releaseInstance: (() => void) | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private readonly sessions = new AsyncLocalStorage<Session>();
  private readonly sessionByConnection = new WeakMap<DuckDBConnection, Session>();
  private readonly schemasEnsured = new Map<string, Promise<void>>();

  constructor(readonly target: TargetConfig) {
    this.settings = readDuckDBSettings(target);
    const database = target.database || duckdbCatalogName(this.settings.path);
    this.dialect = new DuckDBDialect(database);
    this.relations = new RelationCache({ defaultDatabase: database });
  }

  /** The catalog name relations use (`memory`, or the file's base name). */
  get database(): string {
    return this.dialect.defaultDatabase!;
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new DatabaseError('database/connection-failed', 'the DuckDB adapter is closed'));
    this.connecting ??= this.open().catch(async (err: unknown) => {
      this.connecting = undefined;
      await this.shutdown();
      throw err;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    const { path, settings, extensions } = this.settings;
    // Never download: extensions load only if already installed (a user setting may turn this back on).
    const options: Record<string, string> = { autoinstall_known_extensions: 'false' };
    const later: [string, string][] = [];
    for (const [key, value] of Object.entries(settings)) {
      if (STARTUP_OPTIONS.has(key.toLowerCase())) options[key] = value;
      else later.push([key, value]);
    }
    let first: DuckDBConnection;
    try {
      const opened = await openInstance(path, options);
      this.releaseInstance = opened.release;
      first = await opened.instance.connect();
      this.pool = new ResourcePool<DuckDBConnection>(
        Math.max(1, Math.floor(this.target.threads) || 1),
        () => opened.instance.connect(),
        (conn) => conn.closeSync(),
      );
      this.pool.add(first);
    } catch (err) {
      throw toDuckDBConnectionError(err, path);
    }
    for (const [key, value] of later) {
      try {
        await first.run(`set global ${this.dialect.quoteIdentifier(key)} = ${this.dialect.quoteLiteral(value)}`);
      } catch (err) {
        throw new DatabaseError('database/connection-failed', `DuckDB setting '${key}' was refused: ${String((err as Error).message).split('\n')[0]}`, {
          cause: err,
          hint: `Check the name and value of '${key}' under the target's settings (see DuckDB's configuration reference).`,
        });
      }
    }
    const reader = await first.runAndReadAll('select current_database() as db');
    const actual = String(reader.getRowObjectsJS()[0]?.['db'] ?? '');
    if (actual.toLowerCase() !== this.database.toLowerCase()) {
      throw new ConfigError(
        'config/invalid-value',
        `target '${this.target.name}': database '${this.database}' does not match the DuckDB file '${path}', whose catalog is '${actual}'`,
        { hint: `Set database: ${actual} in the target (or leave it out).` },
      );
    }
    if (extensions.length > 0) await this.loadExtensions(first, extensions);
  }

  private async loadExtensions(conn: DuckDBConnection, extensions: readonly string[]): Promise<void> {
    const reader = await conn.runAndReadAll('select extension_name, installed, loaded from duckdb_extensions()');
    const known = new Map<string, { installed: boolean; loaded: boolean }>();
    for (const row of reader.getRowObjectsJS()) {
      known.set(String(row['extension_name']).toLowerCase(), { installed: row['installed'] === true, loaded: row['loaded'] === true });
    }
    for (const ext of extensions) {
      const isFile = /[\\/]|\.duckdb_extension$/.test(ext);
      const state = known.get(ext.toLowerCase());
      if (!isFile && state?.loaded) continue;
      if (!isFile && !state?.installed) {
        throw new DatabaseError('database/connection-failed', `DuckDB extension '${ext}' is not installed on this machine`, {
          hint: `opp never downloads extensions: install it once with the DuckDB CLI (INSTALL ${ext};) or list a local .duckdb_extension file.`,
        });
      }
      const sql = isFile ? `load ${this.dialect.quoteLiteral(ext)}` : `load ${this.dialect.quoteIdentifier(ext)}`;
      try {
        await conn.run(sql);
      } catch (err) {
        throw new DatabaseError('database/connection-failed', `could not load DuckDB extension '${ext}': ${String((err as Error).message).split('\n')[0]}`, {
          cause: err,
          hint: 'Check that the extension was built for this DuckDB version (1.5).',
        });
      }
    }
  }

  private async shutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    // a query still running is interrupted, and its connection closed only once the query returns
    if (pool) await pool.close((conn) => conn.interrupt());
    const release = this.releaseInstance;
    this.releaseInstance = undefined;
    release?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connecting?.catch(() => undefined);
    await this.shutdown();
  }

  private async ready(): Promise<ResourcePool<DuckDBConnection>> {
    if (!this.pool) await this.connect();
    if (!this.pool) throw new DatabaseError('database/connection-failed', 'the DuckDB adapter is closed');
    return this.pool;
  }

  private sessionFor(conn: DuckDBConnection): Session {
    let session = this.sessionByConnection.get(conn);
    if (!session) {
      session = { conn, inTransaction: false, outerTransaction: false };
      this.sessionByConnection.set(conn, session);
    }
    return session;
  }

  /** Runs `fn` on a pooled connection; a transaction left open is rolled back before it is reused. */
  private async withPooled<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    const pool = await this.ready();
    const conn = await pool.acquire();
    const session = this.sessionFor(conn);
    try {
      return await fn(session);
    } finally {
      if (session.inTransaction) {
        await conn.run('rollback').catch(() => undefined);
        session.inTransaction = false;
        session.outerTransaction = false;
      }
      pool.release(conn);
    }
  }

  withSession<T>(fn: () => Promise<T>): Promise<T> {
    if (this.sessions.getStore()) return fn();
    return this.withPooled((session) => this.sessions.run(session, fn));
  }

  withTransaction<T>(fn: () => Promise<T>): Promise<T> {
    const inSession = async (session: Session): Promise<T> => {
      if (session.inTransaction) return fn(); // joins the transaction already open
      await this.runOn(session, this.dialect.beginTransaction(), {});
      session.outerTransaction = true;
      try {
        const result = await fn();
        await this.runOn(session, this.dialect.commit(), {});
        return result;
      } catch (err) {
        if (session.inTransaction) await this.runOn(session, this.dialect.rollback(), {}).catch(() => undefined);
        throw err;
      } finally {
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

  private async runOn(session: Session, sql: string, opts: ExecOptions): Promise<ExecResult> {
    const { conn } = session;
    const signal = opts.signal;
    if (signal?.aborted) {
      throw new DatabaseError('run/interrupted', 'the statement was cancelled before it started', {
        sql,
        ...(opts.nodeId ? { nodeId: opts.nodeId } : {}),
      });
    }
    const onAbort = (): void => conn.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    const control = transactionControlOf(sql);
    let reader: DuckDBResultReader;
    try {
      reader =
        opts.maxRows !== undefined
          ? await conn.streamAndReadUntil(sql, Math.max(1, opts.maxRows))
          : await conn.runAndReadAll(sql);
    } catch (err) {
      if (control === 'rollback') session.inTransaction = false; // "no transaction is active"
      else if (control === 'begin' && /within a transaction/.test(String(err))) session.inTransaction = true;
      throw toDuckDBError(err, sql, opts);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (control === 'begin') session.inTransaction = true;
    else if (control === 'commit' || control === 'rollback') session.inTransaction = false;
    return this.toResult(reader, opts.maxRows);
  }

  private toResult(reader: DuckDBResultReader, maxRows: number | undefined): ExecResult {
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const columns: Column[] = names.map((name, i) => ({ name, dataType: typeName(types[i]!) }));
    let rows = reader.convertRowObjects(toJsConverter) as Row[];
    if (maxRows !== undefined && rows.length > maxRows) rows = rows.slice(0, Math.max(0, maxRows));
    const statementType = reader.statementType as number;
    if (DML.has(statementType)) return { rows, columns, rowsAffected: reader.rowsChanged };
    if (statementType === StatementType.CREATE && names.length === 1 && names[0] === 'Count') {
      const count = rows[0]?.['Count'];
      if (typeof count === 'number') return { rows, columns, rowsAffected: count };
    }
    return { rows, columns };
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

  /**
   * Yields the rows of `sql` one DuckDB chunk (2,048 rows) at a time, converted as `execute` converts
   * them. Runs on the current session's connection inside `withSession`, else on a pooled connection held
   * until the rows are consumed (or the consumer stops early).
   */
  streamQuery(sql: string, opts: ExecOptions = {}): AsyncIterable<Row> {
    const current = this.sessions.getStore();
    const ready = (): Promise<ResourcePool<DuckDBConnection>> => this.ready();
    const sessionFor = (conn: DuckDBConnection): Session => this.sessionFor(conn);
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<Row> {
        let session = current;
        let release: (() => Promise<void>) | undefined;
        if (!session) {
          const pool = await ready();
          const conn = await pool.acquire();
          const own = sessionFor(conn);
          session = own;
          release = async () => {
            if (own.inTransaction) {
              await conn.run('rollback').catch(() => undefined);
              own.inTransaction = false;
            }
            pool.release(conn);
          };
        }
        const conn = session.conn;
        const onAbort = (): void => conn.interrupt();
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        try {
          let batches: AsyncIterator<Record<string, unknown>[]>;
          try {
            batches = (await conn.stream(sql)).yieldConvertedRowObjects(toJsConverter)[Symbol.asyncIterator]();
          } catch (err) {
            throw toDuckDBError(err, sql, opts);
          }
          for (;;) {
            let next: IteratorResult<Record<string, unknown>[]>;
            try {
              next = await batches.next();
            } catch (err) {
              throw toDuckDBError(err, sql, opts);
            }
            if (next.done) break;
            for (const row of next.value) yield row as Row;
          }
        } finally {
          opts.signal?.removeEventListener('abort', onAbort);
          await release?.();
        }
      },
    };
  }

  toError(err: unknown, sql: string, opts?: ExecOptions): DatabaseError {
    return toDuckDBError(err, sql, opts);
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
    const q = (v: string): string => this.dialect.quoteLiteral(v.toLowerCase());
    const result = await this.execute(
      `select table_catalog, table_schema, table_name, table_type from information_schema.tables ` +
        `where lower(table_catalog) = ${q(schema.database ?? this.database)} and lower(table_schema) = ${q(schema.schema)}`,
    );
    return result.rows.map((row) => ({
      database: String(row['table_catalog']),
      schema: String(row['table_schema']),
      identifier: String(row['table_name']),
      kind: relationKind(row['table_type']),
    }));
  }

  async getColumns(ref: RelationRef): Promise<Column[]> {
    const q = (v: string): string => this.dialect.quoteLiteral(v.toLowerCase());
    const result = await this.execute(
      `select column_name, data_type from information_schema.columns ` +
        `where lower(table_catalog) = ${q(ref.database ?? this.database)} and lower(table_schema) = ${q(ref.schema)} ` +
        `and lower(table_name) = ${q(ref.identifier)} order by ordinal_position`,
    );
    return result.rows.map((row) => ({ name: String(row['column_name']), dataType: String(row['data_type']) }));
  }

  ensureSchema(schema: SchemaRef): Promise<void> {
    const key = `${(schema.database ?? this.database).toLowerCase()}\u0000${schema.schema.toLowerCase()}`;
    let pending = this.schemasEnsured.get(key);
    if (!pending) {
      pending = this.execute(this.dialect.createSchema(schema)).then(
        () => undefined,
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

  bulkLoad(ref: RelationRef, cols: readonly LoadColumn[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<number> {
    return this.withSession(async () => {
      const session = this.sessions.getStore()!;
      const relation = this.dialect.relationName(ref);
      const own = !session.inTransaction;
      // One transaction for create + append: a failed load leaves neither rows nor an empty table.
      if (own) await this.runOn(session, this.dialect.beginTransaction(), {});
      let created = false;
      // A table in the `temp` catalog (`dialect.sessionTable`) is the connection's own: never logged or
      // checkpointed, and not cached as a relation (another connection does not see it).
      const temporary = ref.database !== undefined && ref.database.toLowerCase() === TEMP_CATALOG;
      try {
        const existing = await this.getColumns(ref);
        let columns: { name: string; logical?: LoadColumn['type']; jsonText?: boolean }[];
        if (existing.length === 0) {
          const defs = cols.map((c) => `${this.dialect.quoteIdentifier(c.name)} ${this.dialect.typeFor(c.type)}`).join(', ');
          await this.runOn(session, `create ${temporary ? 'temp ' : ''}table if not exists ${relation} (${defs})`, {});
          columns = cols.map((c) => ({ name: c.name, logical: c.type, ...(c.jsonText ? { jsonText: true } : {}) }));
          created = true;
        } else {
          const byName = new Map(cols.map((c) => [c.name.toLowerCase(), c]));
          const tableNames = new Set(existing.map((c) => c.name.toLowerCase()));
          const unknown = cols.filter((c) => !tableNames.has(c.name.toLowerCase())).map((c) => c.name);
          if (unknown.length > 0) {
            throw new DatabaseError('database/query-failed', `${relation} has no column ${unknown.map((n) => `"${n}"`).join(', ')} to load into`, {
              hint: 'Add the columns to the table (or drop it so opp recreates it from the load columns).',
            });
          }
          // Table order; a table column the load does not provide gets NULL (its name is never a row key).
          columns = existing.map((c) => {
            const load = byName.get(c.name.toLowerCase());
            return load ? { name: load.name, logical: load.type, ...(load.jsonText ? { jsonText: true } : {}) } : { name: `\u0000absent:${c.name}` };
          });
        }
        const count = await appendRows(
          session.conn,
          { database: ref.database ?? this.database, schema: ref.schema, identifier: ref.identifier },
          columns,
          rows,
        );
        if (own) await this.runOn(session, this.dialect.commit(), {});
        if (created && !temporary) this.relations.set({ ...ref, database: ref.database ?? this.database, kind: 'table' });
        return count;
      } catch (err) {
        if (own && session.inTransaction) await this.runOn(session, this.dialect.rollback(), {}).catch(() => undefined);
        if (err instanceof DatabaseError) throw err;
        const message = err instanceof Error ? err.message : String(err);
        throw new DatabaseError('database/query-failed', `bulk load into ${relation} failed: ${message.split('\n')[0]}`, {
          cause: err,
          hint: own
            ? 'Check that each value fits its column type; the load was rolled back, no row was written.'
            : 'Check that each value fits its column type.',
        });
      }
    });
  }
}
