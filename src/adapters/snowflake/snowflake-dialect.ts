import { clusterKeys } from '../shared/cluster-keys.js';
import type {
  Column,
  ColumnComment,
  Dialect,
  GrantMap,
  GrantSql,
  LogicalType,
  MergeOptions,
  NodeSessionContext,
  RelationRef,
  Row,
  SchemaRef,
  SessionStatements,
  Statement,
} from '../contract.js';
import { buildDeleteInsertStatements, buildInsertFromSelect, buildMergeStatements } from '../shared/merge-sql.js';
import { stripTrailingSemicolon } from '../shared/sql-text.js';
import { normalizeSnowflakeName, quoteSnowflakeIdentifier, relationPart } from './snowflake-names.js';

const TYPES: Record<LogicalType, string> = {
  string: 'VARCHAR',
  integer: 'NUMBER(38,0)',
  bigint: 'NUMBER(38,0)',
  double: 'FLOAT',
  decimal: 'NUMBER(38,9)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP_NTZ',
  timestamp_tz: 'TIMESTAMP_TZ',
  json: 'VARIANT',
};

/** What the dialect knows of the target (the session's defaults, restored after a node changes them). */
export interface SnowflakeDialectOptions {
  readonly database?: string;
  readonly warehouse?: string;
  readonly queryTag?: string;
}

type Config = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A Snowflake string literal: `'` doubled and `\` escaped (backslash starts an escape in Snowflake strings). */
export function quoteSnowflakeString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export { clusterKeys };

/** dbt-snowflake's `transient` (default true); temporary relations are never transient. */
function isTransient(config: Config | undefined): boolean {
  return config?.['transient'] !== false;
}

function isTrue(config: Config | undefined, key: string): boolean {
  return config?.[key] === true;
}

/** `VARCHAR(n)` / `TEXT` / `STRING` / `CHAR(n)` → the declared length (16,777,216 when none is written), else undefined. */
export function stringLength(dataType: string): number | undefined {
  const m = /^\s*(VARCHAR|TEXT|STRING|CHAR|CHARACTER|NVARCHAR|NCHAR|CHAR VARYING|NCHAR VARYING|CHARACTER VARYING)\s*(?:\(\s*(\d+)\s*\))?\s*$/i.exec(dataType);
  if (!m) return undefined;
  return m[2] !== undefined ? Number(m[2]) : 16_777_216;
}

/**
 * Snowflake's SQL, written as dbt-snowflake writes it: relation names bare unless they need quotes
 * (`analytics.dbt_test.orders`), identifiers quoted only when case or characters require it, tables
 * `transient` unless `transient: false`, `cluster by` (data ordered by the keys), `copy grants`,
 * `secure` views, comments inline in the CREATE. Pure string building; the target's warehouse and
 * query tag are what `nodeSession` restores.
 */
export class SnowflakeDialect implements Dialect {
  readonly defaultDatabase: string | undefined;
  readonly warehouse: string | undefined;
  readonly queryTag: string | undefined;
  readonly grants: GrantSql;

  constructor(opts: SnowflakeDialectOptions = {}) {
    this.defaultDatabase = opts.database || undefined;
    this.warehouse = opts.warehouse || undefined;
    this.queryTag = opts.queryTag || undefined;
    this.grants = {
      show: (ref) => `show grants on ${this.relationName(ref)}`,
      parse: (rows) => parseShowGrants(rows),
      grant: (ref, kind, privilege, grantee) => `grant ${privilege} on ${kind} ${this.relationName(ref)} to role ${relationPart(grantee)}`,
      revoke: (ref, kind, privilege, grantee) => `revoke ${privilege} on ${kind} ${this.relationName(ref)} from role ${relationPart(grantee)}`,
      normalize: (name) => normalizeSnowflakeName(name),
    };
  }

  quoteIdentifier(name: string): string {
    return quoteSnowflakeIdentifier(name);
  }

  quoteLiteral(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    switch (typeof value) {
      case 'boolean':
        return value ? 'TRUE' : 'FALSE';
      case 'bigint':
        return value.toString();
      case 'number':
        if (Number.isNaN(value)) return "'NaN'::FLOAT";
        if (!Number.isFinite(value)) return value > 0 ? "'inf'::FLOAT" : "'-inf'::FLOAT";
        return Object.is(value, -0) ? '0' : String(value);
      case 'string':
        return quoteSnowflakeString(value);
      default:
        break;
    }
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new TypeError('cannot quote an invalid Date');
      return `'${value.toISOString().replace('Z', '+00:00')}'::TIMESTAMP_TZ`;
    }
    if (value instanceof Uint8Array) return `TO_BINARY('${Buffer.from(value).toString('hex').toUpperCase()}', 'HEX')`;
    if (Array.isArray(value) || isPlainObject(value)) return `PARSE_JSON(${quoteSnowflakeString(JSON.stringify(value))})`;
    throw new TypeError(`cannot quote a value of type ${typeof value} as a Snowflake literal`);
  }

  normalizeName(name: string): string {
    return normalizeSnowflakeName(name);
  }

  relationName(ref: RelationRef): string {
    const database = ref.database ?? this.defaultDatabase;
    return (database ? [database, ref.schema, ref.identifier] : [ref.schema, ref.identifier]).map(relationPart).join('.');
  }

  private schemaName(schema: SchemaRef): string {
    const database = schema.database ?? this.defaultDatabase;
    return (database ? [database, schema.schema] : [schema.schema]).map(relationPart).join('.');
  }

  createView(
    ref: RelationRef,
    select: string,
    opts: { replace?: boolean; config?: Config; temporary?: boolean; comment?: string; columns?: readonly ColumnComment[] } = {},
  ): string {
    const parts = ['create'];
    if (opts.replace !== false) parts.push('or replace');
    if (isTrue(opts.config, 'secure')) parts.push('secure');
    if (opts.temporary) parts.push('temporary');
    parts.push('view', this.relationName(ref));
    if (opts.columns && opts.columns.length > 0) {
      const cols = opts.columns.map((c) => (c.comment !== '' ? `${this.quoteIdentifier(c.name)} comment ${quoteSnowflakeString(c.comment)}` : this.quoteIdentifier(c.name)));
      parts.push(`(${cols.join(', ')})`);
    }
    if (isTrue(opts.config, 'copy_grants') && !opts.temporary) parts.push('copy grants');
    if (opts.comment !== undefined && opts.comment !== '') parts.push(`comment = ${quoteSnowflakeString(opts.comment)}`);
    return `${parts.join(' ')} as (\n${stripTrailingSemicolon(select)}\n)`;
  }

  createTableAs(ref: RelationRef, select: string, opts: { temporary?: boolean; replace?: boolean; config?: Config; comment?: string } = {}): string {
    const parts = ['create'];
    if (opts.replace) parts.push('or replace');
    if (opts.temporary) parts.push('temporary');
    else if (isTransient(opts.config)) parts.push('transient');
    parts.push('table', this.relationName(ref));
    const keys = opts.temporary ? [] : clusterKeys(opts.config);
    if (keys.length > 0) parts.push(`cluster by (${keys.join(', ')})`);
    if (isTrue(opts.config, 'copy_grants') && !opts.temporary) parts.push('copy grants');
    if (opts.comment !== undefined && opts.comment !== '') parts.push(`comment = ${quoteSnowflakeString(opts.comment)}`);
    let body = stripTrailingSemicolon(select);
    // dbt-snowflake loads a clustered table in key order, so it starts out well clustered.
    if (keys.length > 0) body = `select * from (\n${body}\n) order by (${keys.join(', ')})`;
    return `${parts.join(' ')} as (\n${body}\n)`;
  }

  /** dbt-snowflake's `automatic_clustering: true`: `alter table ... resume recluster` after the create. */
  afterCreateTable(ref: RelationRef, config: Config | undefined): Statement[] {
    if (!isTrue(config, 'automatic_clustering') || clusterKeys(config).length === 0) return [];
    return [{ purpose: 'alter', sql: `alter table ${this.relationName(ref)} resume recluster` }];
  }

  insertInto(ref: RelationRef, cols: readonly string[], select: string): string {
    return buildInsertFromSelect(this, ref, cols, stripTrailingSemicolon(select));
  }

  merge(target: RelationRef, source: RelationRef, opts: MergeOptions): Statement[] {
    return buildMergeStatements(this, target, source, opts);
  }

  deleteInsert(target: RelationRef, source: RelationRef, opts: MergeOptions): Statement[] {
    return buildDeleteInsertStatements(this, target, source, opts);
  }

  rename(from: RelationRef, to: RelationRef): string {
    return `alter table ${this.relationName(from)} rename to ${this.relationName(to)}`;
  }

  drop(ref: RelationRef, kind: 'view' | 'table'): string {
    return `drop ${kind} if exists ${this.relationName(ref)}${kind === 'table' ? ' cascade' : ''}`;
  }

  addColumns(ref: RelationRef, cols: readonly Column[]): Statement[] {
    if (cols.length === 0) return [];
    const defs = cols.map((c) => `${this.quoteIdentifier(c.name)} ${c.dataType}`).join(', ');
    return [{ purpose: 'alter', sql: `alter table ${this.relationName(ref)} add column ${defs}` }];
  }

  dropColumns(ref: RelationRef, names: readonly string[]): Statement[] {
    if (names.length === 0) return [];
    return [{ purpose: 'alter', sql: `alter table ${this.relationName(ref)} drop column ${names.map((n) => this.quoteIdentifier(n)).join(', ')}` }];
  }

  alterColumnType(ref: RelationRef, col: Column): Statement[] {
    return [{ purpose: 'alter', sql: `alter table ${this.relationName(ref)} alter ${this.quoteIdentifier(col.name)} set data type ${col.dataType}` }];
  }

  createSchema(schema: SchemaRef): string {
    return `create schema if not exists ${this.schemaName(schema)}`;
  }

  typeFor(t: LogicalType): string {
    return TYPES[t];
  }

  beginTransaction(): string {
    return 'begin';
  }

  commit(): string {
    return 'commit';
  }

  rollback(): string {
    return 'rollback';
  }

  /** dbt-snowflake's `snapshot_get_time()`: now in UTC as TIMESTAMP_NTZ. */
  snapshotTimestamp(): string {
    return "to_timestamp_ntz(convert_timezone('UTC', current_timestamp()))";
  }

  /**
   * `snowflake_warehouse` (dbt-snowflake's pre/post model hook: `use warehouse` when it differs from the
   * target's, back afterwards) and `query_tag` (`alter session set query_tag`, back to the target's tag
   * or unset). The target's settings are known, so nothing is read first (dbt asks the session).
   * An incremental model built from scratch (`context.fullBuild`) runs on
   * `snowflake_initialization_warehouse` when it sets one: a bigger warehouse for the first build and
   * `--full-refresh`, `snowflake_warehouse` for the incremental runs.
   */
  nodeSession(config: Config, context: NodeSessionContext = {}): SessionStatements {
    const before: Statement[] = [];
    const after: Statement[] = [];
    const initialization = config['snowflake_initialization_warehouse'];
    const warehouse = context.fullBuild && typeof initialization === 'string' && initialization.trim() !== '' ? initialization : config['snowflake_warehouse'];
    if (typeof warehouse === 'string' && warehouse.trim() !== '' && normalizeSnowflakeName(warehouse) !== normalizeSnowflakeName(this.warehouse ?? '')) {
      before.push({ purpose: 'use', sql: `use warehouse ${relationPart(warehouse.trim())}` });
      if (this.warehouse) after.push({ purpose: 'use', sql: `use warehouse ${relationPart(this.warehouse)}` });
    }
    const tag = config['query_tag'];
    if (typeof tag === 'string' && tag !== '' && tag !== this.queryTag) {
      before.push({ purpose: 'alter', sql: `alter session set query_tag = ${quoteSnowflakeString(tag)}` });
      after.push({
        purpose: 'alter',
        sql: this.queryTag ? `alter session set query_tag = ${quoteSnowflakeString(this.queryTag)}` : 'alter session unset query_tag',
      });
    }
    return { before, after };
  }

  commentOnRelation(ref: RelationRef, kind: 'table' | 'view', comment: string): string {
    return `comment on ${kind} ${this.relationName(ref)} is ${quoteSnowflakeString(comment)}`;
  }

  /** Tables: ONE `alter table ... alter c1 comment '...', c2 comment '...'`; views: `comment on column` each. */
  commentOnColumns(ref: RelationRef, kind: 'table' | 'view', comments: readonly ColumnComment[]): Statement[] {
    if (comments.length === 0) return [];
    if (kind === 'view') {
      return comments.map((c) => ({
        purpose: 'comment' as const,
        sql: `comment on column ${this.relationName(ref)}.${this.quoteIdentifier(c.name)} is ${quoteSnowflakeString(c.comment)}`,
      }));
    }
    const list = comments.map((c) => `${this.quoteIdentifier(c.name)} comment ${quoteSnowflakeString(c.comment)}`).join(', ');
    return [{ purpose: 'comment', sql: `alter table ${this.relationName(ref)} alter ${list}` }];
  }

  /** dbt's `expand_target_column_types`: string columns the staged rows hold longer values for are widened (one ALTER). */
  expandColumnTypes(ref: RelationRef, target: readonly Column[], staged: readonly Column[]): Statement[] {
    const byName = new Map(target.map((c) => [c.name.toUpperCase(), c]));
    const widen: string[] = [];
    for (const s of staged) {
      const t = byName.get(s.name.toUpperCase());
      if (!t) continue;
      const from = stringLength(t.dataType);
      const to = stringLength(s.dataType);
      if (from !== undefined && to !== undefined && to > from) widen.push(`${this.quoteIdentifier(t.name)} set data type varchar(${to})`);
    }
    if (widen.length === 0) return [];
    return [{ purpose: 'alter', sql: `alter table ${this.relationName(ref)} alter ${widen.join(', ')}` }];
  }

  swapTables(a: RelationRef, b: RelationRef): string {
    return `alter table ${this.relationName(a)} swap with ${this.relationName(b)}`;
  }
}

/** The value of a SHOW column, whatever the case the driver returns its name in. */
function field(row: Row, name: string): unknown {
  if (name in row) return row[name];
  const upper = name.toUpperCase();
  for (const [k, v] of Object.entries(row)) if (k.toUpperCase() === upper) return v;
  return undefined;
}

/**
 * `show grants on <relation>` → privileges and grantees, as dbt-snowflake's `standardize_grants_dict`:
 * OWNERSHIP and grants to shares and database roles are left out.
 */
export function parseShowGrants(rows: readonly Row[]): GrantMap {
  const out: Record<string, string[]> = {};
  for (const row of rows) {
    const privilege = String(field(row, 'privilege') ?? '').toUpperCase();
    const grantedTo = String(field(row, 'granted_to') ?? '').toUpperCase();
    const grantee = String(field(row, 'grantee_name') ?? '');
    if (!privilege || !grantee || privilege === 'OWNERSHIP' || grantedTo === 'SHARE' || grantedTo === 'DATABASE_ROLE') continue;
    (out[privilege] ??= []).push(grantee);
  }
  return out;
}
