import type { RelationRef, SchemaRef } from '../contract.js';

/** `"name"` with embedded double quotes doubled (ANSI, DuckDB, Snowflake). */
export function quoteIdentifierAnsi(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'` with embedded single quotes doubled. Backslashes are not escapes in ANSI strings. */
export function quoteStringAnsi(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `"db"."schema"."name"`, leaving out the database when neither the ref nor `defaultDatabase` has one.
 * Each part goes through `quote`.
 */
export function renderRelationName(
  ref: RelationRef,
  quote: (name: string) => string,
  defaultDatabase?: string,
): string {
  const database = ref.database ?? defaultDatabase;
  const parts = database ? [database, ref.schema, ref.identifier] : [ref.schema, ref.identifier];
  return parts.map(quote).join('.');
}

/** `"db"."schema"` (or `"schema"`). */
export function renderSchemaName(schema: SchemaRef, quote: (name: string) => string, defaultDatabase?: string): string {
  const database = schema.database ?? defaultDatabase;
  return (database ? [database, schema.schema] : [schema.schema]).map(quote).join('.');
}

/** Two digits. */
function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYY-MM-DD HH:MM:SS.mmm` of a Date in UTC (for timestamp literals). */
export function formatUtcTimestamp(date: Date): string {
  const y = date.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  const ms = date.getUTCMilliseconds();
  return (
    `${year}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}` +
    (ms ? `.${String(ms).padStart(3, '0')}` : '')
  );
}
