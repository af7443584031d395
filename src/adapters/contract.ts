import type { DatabaseError } from '../errors/index.js';
import type { TargetConfig } from '../config/types.js';

/**
 * The adapter contract. An adapter has two halves: a **dialect** of pure string builders and an
 * async, side-effecting **connection** surface. DuckDB and Snowflake each implement both; engine
 * differences are **capabilities**, never `if (type === 'snowflake')` outside `src/adapters/`.
 */

/** A relation's address. `database` may be omitted where the engine has one catalog in use. */
export interface RelationRef {
  readonly database?: string;
  readonly schema: string;
  readonly identifier: string;
}

export interface SchemaRef {
  readonly database?: string;
  readonly schema: string;
}

export type RelationKind = 'table' | 'view' | 'external' | 'materialized_view';

export interface RelationInfo extends RelationRef {
  readonly kind: RelationKind;
}

export interface Column {
  readonly name: string;
  /** The engine's type name, e.g. `VARCHAR`, `BIGINT`, `TIMESTAMP WITH TIME ZONE`, `NUMBER(38,0)`. */
  readonly dataType: string;
}

export type Row = Record<string, unknown>;

/** Portable column types for seeds and extract loads; the dialect maps them with `typeFor`. */
export type LogicalType =
  | 'string'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'timestamp_tz'
  | 'json';

export interface LoadColumn {
  readonly name: string;
  readonly type: LogicalType;
  /**
   * A `json` column whose values are already JSON text (serialised once by the caller, e.g. a record's
   * `_raw`): the adapter stores the text as it is instead of serialising it again. Only for adapters with
   * `capabilities.bulkLoadJsonText`; the caller guarantees the text is valid JSON.
   */
  readonly jsonText?: boolean;
}

export interface ExecOptions {
  /** Node the statement belongs to, for error attribution. */
  readonly nodeId?: string;
  /** Compiled SQL file (project-relative) the statement came from, for error messages. */
  readonly compiledPath?: string;
  /** Cap on rows read back (for `show --limit`, `run_query`). */
  readonly maxRows?: number;
  /** Aborts a running statement where the engine supports it (Ctrl-C). */
  readonly signal?: AbortSignal;
  /**
   * The compiled SELECT the statement embeds (e.g. inside `create table ... as (...)`). When given, an
   * error position DuckDB/Snowflake report is mapped from the statement into this text, so the location
   * points into the compiled file at `compiledPath`.
   */
  readonly compiledSql?: string;
}

export interface ExecResult {
  readonly rows: Row[];
  readonly columns: Column[];
  readonly rowsAffected?: number;
  readonly queryId?: string;
}

export type StatementPurpose =
  | 'begin'
  | 'commit'
  | 'rollback'
  | 'create'
  | 'stage'
  | 'insert'
  | 'update'
  | 'delete'
  | 'merge'
  | 'swap'
  | 'drop'
  | 'alter'
  | 'hook'
  | 'grant'
  | 'comment'
  | 'use'
  | 'test'
  | 'select';

/** One SQL statement of a plan, tagged with why it is there. Plans are data: compile prints them. */
export interface Statement {
  readonly purpose: StatementPurpose;
  readonly sql: string;
}

export interface MergeOptions {
  /** Key columns (dbt's `unique_key`, always a list here). Empty means append. */
  readonly uniqueKey: readonly string[];
  /** Columns of the target, in order, that the source provides. */
  readonly columns: readonly string[];
  /** Columns to update on match (dbt's `merge_update_columns`); defaults to all `columns`. */
  readonly updateColumns?: readonly string[];
  /** Extra conditions (dbt's `incremental_predicates`), with `DBT_INTERNAL_DEST`/`DBT_INTERNAL_SOURCE` aliases. */
  readonly predicates?: readonly string[];
}

export interface Capabilities {
  /** `MERGE INTO` exists; otherwise incremental `merge` plans delete+insert. */
  readonly nativeMerge: boolean;
  /** DDL inside BEGIN/COMMIT is rolled back with the transaction. */
  readonly transactionalDdl: boolean;
  /** `CREATE OR REPLACE TABLE/VIEW` exists. */
  readonly createOrReplace: boolean;
  /**
   * `CREATE OR REPLACE TABLE ... AS` replaces atomically (the old table survives a failing SELECT), so a
   * table rebuild is one statement (dbt-snowflake). Otherwise the table planner builds under a temporary
   * name and swaps.
   */
  readonly atomicCreateOrReplace: boolean;
  /** Only one writer at a time (an embedded file): the runner runs writes serially. */
  readonly singleWriter: boolean;
  /** Unquoted identifiers fold to upper case (Snowflake). */
  readonly upperCaseIdentifiers: boolean;
  /**
   * The strategy an incremental model with no `incremental_strategy` uses (dbt's adapter-specific
   * `get_incremental_default_sql`): `delete+insert` for DuckDB (as dbt-duckdb), `merge` for Snowflake.
   * Absent: `merge` when `nativeMerge`, else `delete+insert`. Without a `unique_key` every strategy appends.
   */
  readonly defaultIncrementalStrategy?: IncrementalStrategy;
  /**
   * The warehouse reads files on this machine itself (DuckDB's `read_csv`), so a seed loads with one
   * `insert ... select ... from <dialect.csv.readAll(...)>`. Absent/false (Snowflake): the seed is read by
   * a local DuckDB (`openLocalCsvReader`) and its rows stream into the warehouse through `bulkLoad`.
   */
  readonly readsLocalFiles?: boolean;
  /**
   * Temporary tables and views live for the session and may be schema-qualified (Snowflake): an
   * incremental model's staged rows go to a `temporary` relation (`createTableAs`/`createView` with
   * `temporary: true`). Absent/false (DuckDB, whose temp objects cannot be qualified): a plain table.
   */
  readonly temporaryRelations?: boolean;
  /**
   * An incremental model whose strategy reads the staged rows in ONE statement (merge, append, or
   * delete+insert without a key) stages them as a view instead of a table (dbt-snowflake's default
   * `tmp_relation_type`; the `tmp_relation_type` config overrides it). Absent/false: always a table.
   */
  readonly incrementalStageView?: boolean;
  /**
   * `bulkLoad` honours `LoadColumn.jsonText` (takes JSON text for those columns as it is). Absent/false:
   * JSON column values must be given parsed, and the adapter serialises them.
   */
  readonly bulkLoadJsonText?: boolean;
}

/** One column comment (dbt's `persist_docs: {columns: true}`). */
export interface ColumnComment {
  readonly name: string;
  readonly comment: string;
}

/** Grants per privilege: `{ select: ['reporter', 'analyst'] }` (dbt's `grants` config, normalised). */
export type GrantMap = Readonly<Record<string, readonly string[]>>;

/**
 * dbt's grants (`grants` config) on engines that have them: the SQL to list the grants on a relation,
 * to read that listing, and to grant or revoke one privilege for one grantee (dbt-snowflake issues one
 * DCL statement per privilege and grantee).
 */
export interface GrantSql {
  /** A query listing the relation's grants (dbt's `get_show_grant_sql`). */
  show(ref: RelationRef): string;
  /** The listing → grants per privilege, without what dbt ignores (OWNERSHIP, shares, database roles). */
  parse(rows: readonly Row[]): GrantMap;
  grant(ref: RelationRef, kind: 'table' | 'view', privilege: string, grantee: string): string;
  revoke(ref: RelationRef, kind: 'table' | 'view', privilege: string, grantee: string): string;
  /** The name a grantee or privilege is listed under (Snowflake upper-cases unquoted role names). */
  normalize(name: string): string;
}

/** What the planner knows of the build when it asks for a node's session settings. */
export interface NodeSessionContext {
  /**
   * An incremental model is built from scratch this time (first build, `--full-refresh`, over a view):
   * Snowflake then uses `snowflake_initialization_warehouse` when the model sets one.
   */
  readonly fullBuild?: boolean;
}

/** Statements that set a node's session up (warehouse, query tag) and restore the target's afterwards. */
export interface SessionStatements {
  readonly before: readonly Statement[];
  /** Run even when the node failed, so the session returns to the target's settings. */
  readonly after: readonly Statement[];
}

/** How a seed CSV is laid out (dbt's seed config). */
export interface CsvFormat {
  /** One character (dbt's `delimiter`, default `,`). Quote and escape are always `"` (RFC 4180). */
  readonly delimiter: string;
  /** Field texts read as NULL besides the empty field (dbt reads `null` as NULL). */
  readonly nullStrings: readonly string[];
}

/** A check the CSV profile query makes over every non-null (trimmed) value of a column. */
export type CsvValueCheck = 'integer' | 'number' | 'boolean' | 'date' | 'timestamp' | 'timestamp_tz';

/** One column of a CSV profile query: its VARCHAR expression and the checks to aggregate. */
export interface CsvProfileColumn {
  readonly expr: string;
  readonly checks: readonly CsvValueCheck[];
}

/**
 * SQL of an engine that reads CSV files on this machine (DuckDB's `read_csv`): pure string builders.
 * Every query makes the engine read the file; nothing of it is read into JS.
 */
export interface CsvReaderSql {
  /** One row `{ line }`: the file's first line as raw text (BOM and line end removed), no row if empty. */
  headerLineQuery(path: string): string;
  /**
   * One row of `width` VARCHAR fields `c0`..`c{width-1}`: the first record parsed as CSV; fields past the
   * record's end are NULL, empty fields `''`.
   */
  headerQuery(path: string, format: CsvFormat, width: number): string;
  /** One row `{ columns: [{ name, type }] }`: the engine's type guess from a sample of rows (may fail). */
  sniffQuery(path: string, format: CsvFormat): string;
  /**
   * A table expression with every record (header skipped) as VARCHAR columns named `columns`, strict: a
   * ragged row or an unterminated quote fails the statement, naming the record's line.
   */
  readAll(path: string, format: CsvFormat, columns: readonly string[]): string;
  /**
   * One row over `source`: `rows` (count), and per column i `n_i` (non-null values), `<check>_i` per check
   * (true when every non-null value passes; NULL when there are none), and for `integer` also `min_i` /
   * `max_i` (the extreme values as BIGINT, NULL when one does not fit).
   */
  profileQuery(source: string, columns: readonly CsvProfileColumn[]): string;
  /**
   * Statements that re-read the file keeping malformed records aside, the query returning the first one
   * (`{ line, byte_position, error_type, message }`: line as the engine counts records, byte offset of
   * the record's start), and the statements dropping what the scan kept.
   */
  rejectsQueries(path: string, format: CsvFormat, columns: readonly string[]): {
    readonly scan: string;
    readonly first: string;
    readonly cleanup: readonly string[];
  };
}

/** dbt's `incremental_strategy` values opp implements. */
export type IncrementalStrategy = 'append' | 'merge' | 'delete+insert';

/**
 * The adapter's cache of relations (`src/adapters/shared/relation-cache.ts`). The runner and the
 * materialisation orchestrator update it after they create or drop relations, so `getRelation` stays
 * one information_schema query per schema per run.
 */
export interface RelationCacheLike {
  set(info: RelationInfo): void;
  delete(ref: RelationRef): void;
  invalidateSchema(schema: SchemaRef): void;
}

export interface Dialect {
  quoteIdentifier(name: string): string;
  quoteLiteral(value: unknown): string;
  /** The name the engine stores for an unquoted identifier (Snowflake upper-cases). */
  normalizeName(name: string): string;
  /** `"db"."schema"."name"` as the engine wants it in SQL. */
  relationName(ref: RelationRef): string;
  /**
   * `config` carries the node's adapter configs (Snowflake: `secure`, `copy_grants`); `comment` is the
   * relation comment and `columns` the column list with comments (dbt's `persist_docs`), on engines with
   * `commentOnRelation`; `temporary` needs `capabilities.temporaryRelations`.
   */
  createView(
    ref: RelationRef,
    select: string,
    opts?: {
      replace?: boolean;
      config?: Readonly<Record<string, unknown>>;
      temporary?: boolean;
      comment?: string;
      columns?: readonly ColumnComment[];
    },
  ): string;
  /** `config`: Snowflake's `transient`, `cluster_by`, `copy_grants`; `comment`: as in `createView`. */
  createTableAs(
    ref: RelationRef,
    select: string,
    opts?: { temporary?: boolean; replace?: boolean; config?: Readonly<Record<string, unknown>>; comment?: string },
  ): string;
  insertInto(ref: RelationRef, cols: readonly string[], select: string): string;
  merge(target: RelationRef, source: RelationRef, opts: MergeOptions): Statement[];
  deleteInsert(target: RelationRef, source: RelationRef, opts: MergeOptions): Statement[];
  rename(from: RelationRef, to: RelationRef): string;
  /** Always `IF EXISTS`. */
  drop(ref: RelationRef, kind: 'view' | 'table'): string;
  addColumns(ref: RelationRef, cols: readonly Column[]): Statement[];
  dropColumns(ref: RelationRef, names: readonly string[]): Statement[];
  alterColumnType(ref: RelationRef, col: Column): Statement[];
  createSchema(schema: SchemaRef): string;
  typeFor(t: LogicalType): string;
  beginTransaction(): string;
  commit(): string;
  rollback(): string;
  /** The CSV reader's SQL, on engines that read local files (see `Capabilities.readsLocalFiles`). */
  readonly csv?: CsvReaderSql;
  /**
   * dbt's `snapshot_get_time()`: the current time as the snapshot columns store it (DuckDB:
   * `now()::timestamp`, dbt-duckdb's). Absent: `current_timestamp`.
   */
  snapshotTimestamp?(): string;
  /**
   * The statements switching a session to a node's own settings and back (Snowflake: `use warehouse`
   * for `snowflake_warehouse`, `alter session set query_tag` for `query_tag`, restoring the target's
   * afterwards). Absent, or both lists empty: the node runs on the session as it is.
   */
  nodeSession?(config: Readonly<Record<string, unknown>>, context?: NodeSessionContext): SessionStatements;
  /** `comment on <kind> <ref> is '...'` (dbt's `alter_relation_comment`); absent: comments are not persisted. */
  commentOnRelation?(ref: RelationRef, kind: 'table' | 'view', comment: string): string;
  /** The statements setting column comments on existing columns (dbt's `alter_column_comment`). */
  commentOnColumns?(ref: RelationRef, kind: 'table' | 'view', comments: readonly ColumnComment[]): Statement[];
  /** dbt's grants; absent: the `grants` config is ignored (as on DuckDB). */
  readonly grants?: GrantSql;
  /**
   * dbt's `expand_target_column_types`: widens target string columns the staged rows would overflow
   * (Snowflake `VARCHAR(n)`). Present: the incremental planner reads the staged columns on every run.
   */
  expandColumnTypes?(ref: RelationRef, target: readonly Column[], staged: readonly Column[]): Statement[];
  /**
   * Statements a table build needs after its CREATE (Snowflake: `alter table ... resume recluster` for
   * `automatic_clustering: true`). Absent or empty: none.
   */
  afterCreateTable?(ref: RelationRef, config: Readonly<Record<string, unknown>> | undefined): Statement[];
  /** `alter table a swap with b`: exchanges two tables atomically (Snowflake). */
  swapTables?(a: RelationRef, b: RelationRef): string;
  /**
   * Where a staging table private to the session (never logged, gone when the session closes) named like
   * `ref` lives: DuckDB's `temp` catalog. `bulkLoad` into that relation creates it there; statements that
   * use it must run in the same session (`withTransaction`/`withSession`). Absent: staging tables are
   * ordinary tables.
   */
  sessionTable?(ref: RelationRef): RelationRef;
}

export interface Adapter {
  readonly type: string;
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  readonly target: TargetConfig;

  /** Opens the session(s); sets role/warehouse/database. Throws `database/connection-failed`. */
  connect(): Promise<void>;
  /** Releases everything; idempotent. */
  close(): Promise<void>;
  execute(sql: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Runs statements in order and stops at the first failure (rolling back an open transaction). */
  executePlan(steps: readonly Statement[], opts?: ExecOptions): Promise<ExecResult[]>;
  withTransaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with every call it makes on this adapter pinned to one connection/session, without opening
   * a transaction (a plan's own BEGIN ... COMMIT, or temp objects, then span several calls). Optional:
   * an adapter without it has one session and `fn` is simply called.
   */
  withSession?<T>(fn: () => Promise<T>): Promise<T>;
  /** The relation cache behind `getRelation`/`listRelations`, for callers that create or drop relations. */
  readonly relations?: RelationCacheLike;

  getRelation(ref: RelationRef): Promise<RelationInfo | undefined>;
  getColumns(ref: RelationRef): Promise<Column[]>;
  listRelations(schema: SchemaRef): Promise<RelationInfo[]>;
  ensureSchema(schema: SchemaRef): Promise<void>;

  /**
   * Runs a query and yields its rows one engine chunk at a time (memory stays flat however many rows
   * come). Optional: the seed loader needs it of the local CSV reader only.
   */
  streamQuery?(sql: string, opts?: ExecOptions): AsyncIterable<Row>;

  /** Streams rows into a (new or existing) table; returns the number of rows written. */
  bulkLoad(ref: RelationRef, cols: readonly LoadColumn[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<number>;
  /** Vendor error → ours, with the position in the SQL if the engine gives one. */
  toError(err: unknown, sql: string, opts?: ExecOptions): DatabaseError;
}

/** What can be known of a target's warehouse without loading its driver (`AdapterFactory.probeWarehouse`). */
export interface WarehouseProbe {
  /** Changes whenever the warehouse may have changed (DuckDB: the database file or its write-ahead log). */
  readonly stamp: string;
  /** No relation can exist yet (DuckDB: an in-memory database, or no file). */
  readonly empty: boolean;
}

/** Builds an adapter for a target. Registered per `type` in `src/adapters/registry.ts`. */
export interface AdapterFactory {
  readonly type: string;
  /** Config keys this adapter adds to models (e.g. `cluster_by`), for strict config validation. */
  readonly configKeys: readonly string[];
  /** Target keys this adapter reads from profiles.yml, for strict profile validation; `secretKeys` are scrubbed. */
  readonly targetKeys: readonly string[];
  readonly secretKeys: readonly string[];
  /** Builds the adapter; a factory whose driver is costly to load imports it here, lazily. */
  create(target: TargetConfig): Adapter | Promise<Adapter>;
  /** The dialect alone (pure string builders, no driver): what parsing, listing and compiling SQL need. */
  createDialect(target: TargetConfig): Dialect;
  /**
   * Fills in the adapter's own target defaults after profiles.yml is read (DuckDB: a relative `path` is
   * resolved against the project, `database` is the file's catalog name, `schema` defaults to `main`).
   * Throws a ConfigError for settings the adapter cannot use.
   */
  prepareTarget?(target: TargetConfig, project: { readonly rootDir: string }): TargetConfig;
  /**
   * The warehouse's state without connecting (`opp compile` decides whether it must connect at all, and
   * whether an earlier compile's `is_incremental()` answers still hold). Absent: the command connects.
   * A factory that has it also has `connectionDialect`.
   */
  probeWarehouse?(target: TargetConfig): WarehouseProbe;
  /** The dialect a connected adapter of this target uses, without loading the driver. */
  connectionDialect?(target: TargetConfig): Dialect;
}
