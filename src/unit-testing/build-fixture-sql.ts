import { DuckDBDialect, quoteIdentifierAnsi } from '../adapters/index.js';
import { inferColumnType, mapDeclaredType } from './fixture-types.js';

/**
 * Rows of a unit-test fixture (a `given:` input or `expect:`) as DuckDB SQL, as dbt's `get_fixture_sql`
 * builds it: one `select cast(<value> as <type>) as <column>, ...` per row joined by `union all`, every
 * known column of the input present (a column the rows do not give is `cast(null as <type>)`), and an
 * empty fixture `select cast(null as <type>) as <column> ... limit 0`. Pure.
 */

/** A fixture column: its name as written and its DuckDB type (undefined: untyped, the bare literal is used). */
export interface FixtureColumn {
  readonly name: string;
  readonly type?: string;
}

/** A column the input node declares in YAML (`columns:` with an optional `data_type`). */
export interface DeclaredColumn {
  readonly name: string;
  readonly dataType?: string;
}

const literals = new DuckDBDialect();

/** The value of `row` for `column`, matching the key case-insensitively as DuckDB matches identifiers. */
export function rowValue(row: Readonly<Record<string, unknown>>, column: string): unknown {
  if (Object.prototype.hasOwnProperty.call(row, column)) return row[column];
  const lower = column.toLowerCase();
  for (const k of Object.keys(row)) if (k.toLowerCase() === lower) return row[k];
  return undefined;
}

/**
 * The columns of a fixture: the input's declared columns first (typed from `data_type`, else from the
 * values), then every other column the rows give, in the order they first appear, typed from the values.
 */
export function buildFixtureColumns(
  rows: readonly Readonly<Record<string, unknown>>[],
  declared: readonly DeclaredColumn[],
  fromText: boolean,
): FixtureColumn[] {
  const out: FixtureColumn[] = [];
  const seen = new Set<string>();
  const infer = (name: string): string | undefined => inferColumnType(rows.map((r) => rowValue(r, name)), fromText);
  for (const d of declared) {
    const key = d.name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const type = d.dataType ? mapDeclaredType(d.dataType) : infer(d.name);
    out.push(type !== undefined ? { name: d.name, type } : { name: d.name });
  }
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const type = infer(name);
      out.push(type !== undefined ? { name, type } : { name });
    }
  }
  return out;
}

function literal(value: unknown, type: string | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return literals.quoteLiteral(value.toISOString().replace('T', ' ').replace('Z', ''));
  if (typeof value === 'object' && type !== undefined && /^JSON$/i.test(type)) return literals.quoteLiteral(JSON.stringify(value));
  return literals.quoteLiteral(value);
}

function cell(value: unknown, column: FixtureColumn): string {
  const lit = literal(value, column.type);
  const name = quoteIdentifierAnsi(column.name);
  return column.type !== undefined && column.type.toUpperCase() !== 'NULL' ? `cast(${lit} as ${column.type}) as ${name}` : `${lit} as ${name}`;
}

/** `select ... union all select ...` holding `rows` with exactly `columns`. */
export function buildRowsSql(rows: readonly Readonly<Record<string, unknown>>[], columns: readonly FixtureColumn[]): string {
  if (columns.length === 0) return rows.length === 0 ? 'select null as "no_columns" limit 0' : rows.map(() => 'select').join('\nunion all\n');
  if (rows.length === 0) return `select ${columns.map((c) => cell(null, c)).join(', ')} limit 0`;
  return rows.map((row) => `select ${columns.map((c) => cell(rowValue(row, c.name), c)).join(', ')}`).join('\nunion all\n');
}
