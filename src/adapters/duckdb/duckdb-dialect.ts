import { clusterKeys } from '../shared/cluster-keys.js';
import type { Column, CsvReaderSql, Dialect, LogicalType, MergeOptions, RelationRef, SchemaRef, Statement } from '../contract.js';
import { buildDeleteInsertStatements, buildInsertFromSelect, buildMergeStatements } from '../shared/merge-sql.js';
import {
  formatUtcTimestamp,
  quoteIdentifierAnsi,
  quoteStringAnsi,
  renderRelationName,
  renderSchemaName,
} from '../shared/quoting.js';
import { stripTrailingSemicolon } from '../shared/sql-text.js';
import { DUCKDB_CSV_SQL } from './duckdb-csv-sql.js';

const TYPES: Record<LogicalType, string> = {
  string: 'VARCHAR',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  decimal: 'DECIMAL(38,9)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  timestamp_tz: 'TIMESTAMPTZ',
  json: 'JSON',
};

/** The catalog of DuckDB's temporary objects (one per connection). */
export const TEMP_CATALOG = 'temp';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * DuckDB's SQL: double-quoted identifiers (case-insensitive, case-preserving, so names are used as
 * written), `"db"."schema"."name"` relations where `db` is the attached file's catalog name, standard
 * strings (`''` escapes a quote; backslash is literal). Pure string building.
 */
export class DuckDBDialect implements Dialect {
  /** Catalog used when a ref has no database (the target's: the file's basename, or `memory`). */
  readonly defaultDatabase: string | undefined;
  /** `read_csv` builders: DuckDB reads seed files itself. */
  readonly csv: CsvReaderSql = DUCKDB_CSV_SQL;

  constructor(defaultDatabase?: string) {
    this.defaultDatabase = defaultDatabase || undefined;
  }

  quoteIdentifier(name: string): string {
    return quoteIdentifierAnsi(name);
  }

  quoteLiteral(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    switch (typeof value) {
      case 'boolean':
        return value ? 'TRUE' : 'FALSE';
      case 'bigint':
        return value.toString();
      case 'number':
        if (Number.isNaN(value)) return "'NaN'::DOUBLE";
        if (!Number.isFinite(value)) return value > 0 ? "'Infinity'::DOUBLE" : "'-Infinity'::DOUBLE";
        return Object.is(value, -0) ? '0' : String(value);
      case 'string':
        return quoteStringAnsi(value);
      default:
        break;
    }
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new TypeError('cannot quote an invalid Date');
      return `TIMESTAMP '${formatUtcTimestamp(value)}'`;
    }
    if (value instanceof Uint8Array) {
      let hex = '';
      for (const byte of value) hex += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      return `'${hex}'::BLOB`;
    }
    if (Array.isArray(value)) return `[${value.map((v) => this.quoteLiteral(v)).join(', ')}]`;
    if (isPlainObject(value)) {
      const entries = Object.entries(value).map(([k, v]) => `${quoteStringAnsi(k)}: ${this.quoteLiteral(v)}`);
      return `{${entries.join(', ')}}`;
    }
    throw new TypeError(`cannot quote a value of type ${typeof value} as a DuckDB literal`);
  }

  normalizeName(name: string): string {
    return name;
  }

  relationName(ref: RelationRef): string {
    return renderRelationName(ref, quoteIdentifierAnsi, this.defaultDatabase);
  }

  createView(ref: RelationRef, select: string, opts: { replace?: boolean } = {}): string {
    return `create ${opts.replace === false ? '' : 'or replace '}view ${this.relationName(ref)} as (\n${stripTrailingSemicolon(select)}\n)`;
  }

  /**
   * `config.cluster_by` (dbt-snowflake's key, read here too): the table is loaded in that order, so each
   * row group holds a narrow range of it and DuckDB's zone maps skip the rest for a range filter (an
   * incremental model's lookback over its own table). Rows appended later keep arrival order.
   */
  createTableAs(ref: RelationRef, select: string, opts: { temporary?: boolean; replace?: boolean; config?: Readonly<Record<string, unknown>> } = {}): string {
    const replace = opts.replace ? 'or replace ' : '';
    // DuckDB temp tables live in the `temp` catalog and cannot be schema-qualified.
    const name = opts.temporary ? this.quoteIdentifier(ref.identifier) : this.relationName(ref);
    let body = stripTrailingSemicolon(select);
    const keys = opts.temporary ? [] : clusterKeys(opts.config);
    if (keys.length > 0) body = `select * from (\n${body}\n) order by ${keys.join(', ')}`;
    return `create ${replace}${opts.temporary ? 'temp ' : ''}table ${name} as (\n${body}\n)`;
  }

  /** DuckDB temp tables live in the `temp` catalog's `main` schema (and nowhere else). */
  sessionTable(ref: RelationRef): RelationRef {
    return { database: TEMP_CATALOG, schema: 'main', identifier: ref.identifier };
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
    // DuckDB renames within the schema: the new name is a bare identifier.
    return `alter table ${this.relationName(from)} rename to ${this.quoteIdentifier(to.identifier)}`;
  }

  drop(ref: RelationRef, kind: 'view' | 'table'): string {
    return `drop ${kind} if exists ${this.relationName(ref)}`;
  }

  addColumns(ref: RelationRef, cols: readonly Column[]): Statement[] {
    // One column per ALTER TABLE in DuckDB.
    return cols.map((c) => ({
      purpose: 'alter' as const,
      sql: `alter table ${this.relationName(ref)} add column ${this.quoteIdentifier(c.name)} ${c.dataType}`,
    }));
  }

  dropColumns(ref: RelationRef, names: readonly string[]): Statement[] {
    return names.map((n) => ({
      purpose: 'alter' as const,
      sql: `alter table ${this.relationName(ref)} drop column ${this.quoteIdentifier(n)}`,
    }));
  }

  alterColumnType(ref: RelationRef, col: Column): Statement[] {
    return [
      {
        purpose: 'alter',
        sql: `alter table ${this.relationName(ref)} alter column ${this.quoteIdentifier(col.name)} set data type ${col.dataType}`,
      },
    ];
  }

  createSchema(schema: SchemaRef): string {
    return `create schema if not exists ${renderSchemaName(schema, quoteIdentifierAnsi, this.defaultDatabase)}`;
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

  /** dbt-duckdb's `snapshot_get_time()`: the transaction's start time as a TIMESTAMP (session time zone). */
  snapshotTimestamp(): string {
    return 'now()::timestamp';
  }
}
