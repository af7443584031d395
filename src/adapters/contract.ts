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
  createView(ref: RelationRef, select: string, opts?: { replace?: boolean; config?: Readonly<Record<string, unknown>> }): string;
  createTableAs(
    ref: RelationRef,
    select: string,
    opts?: { temporary?: boolean; replace?: boolean; config?: Readonly<Record<string, unknown>> },
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

  /** Streams rows into a (new or existing) table; returns the number of rows written. */
  bulkLoad(ref: RelationRef, cols: readonly LoadColumn[], rows: AsyncIterable<Row> | Iterable<Row>): Promise<number>;
  /** Vendor error → ours, with the position in the SQL if the engine gives one. */
  toError(err: unknown, sql: string, opts?: ExecOptions): DatabaseError;
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
}
