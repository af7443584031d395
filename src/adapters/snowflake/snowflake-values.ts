import type { Column, Row } from '../contract.js';

/**
 * Result values from snowflake-sdk → plain JS, the same shapes the DuckDB adapter returns: integers
 * (NUMBER scale 0) as numbers when safe, else decimal strings; other NUMBERs and FLOATs as numbers;
 * DATE as `YYYY-MM-DD`; TIMESTAMP_NTZ as an ISO string without zone (`2024-01-02T03:04:05.123456`),
 * TIMESTAMP_LTZ/TZ as ISO in UTC with `Z`; VARIANT/OBJECT/ARRAY as their JSON text; BINARY as a
 * Uint8Array; TIME as the driver's text.
 *
 * Statements run with `fetchAsString: ['Number', 'JSON']` and `rowMode: 'array'`, so numbers arrive as
 * their exact text and JSON unparsed. Dates and timestamps arrive as the driver's SfDate, whose epoch
 * seconds and nanoseconds keep the full precision (its Date part has milliseconds only).
 */

/** The driver's column metadata that conversion needs (a subset of snowflake-sdk's `Column`). */
export interface DriverColumn {
  getName(): string;
  getType(): string;
  getScale(): number;
  getPrecision(): number;
}

interface SfDateLike {
  getEpochSeconds(): number;
  getNanoSeconds(): number;
}

function isSfDate(v: unknown): v is SfDateLike {
  return typeof v === 'object' && v !== null && typeof (v as SfDateLike).getEpochSeconds === 'function';
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `.123`, `.123456` or `.123456789` (as few digits as exact), '' for whole seconds. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1_000_000 === 0) return `.${pad(nanos / 1_000_000, 3)}`;
  if (nanos % 1000 === 0) return `.${pad(nanos / 1000, 6)}`;
  return `.${pad(nanos, 9)}`;
}

function isoDate(epochSeconds: number): string {
  const d = new Date(Math.floor(epochSeconds / 86400) * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** ISO text of an instant given as epoch seconds + nanoseconds, in UTC. */
export function isoTimestamp(epochSeconds: number, nanos: number, zone: string): string {
  const d = new Date(epochSeconds * 1000);
  return `${isoDate(epochSeconds)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}${fraction(nanos)}${zone}`;
}

/** An exact integer text → a number when it is a safe integer, else the text. */
function integerValue(text: string): number | string {
  const n = BigInt(text);
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : text;
}

function realValue(text: string): number {
  const t = text.toLowerCase();
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  return Number(text);
}

type Convert = (v: unknown) => unknown;

function converterFor(column: DriverColumn): Convert {
  switch (column.getType()) {
    case 'fixed':
      return column.getScale() > 0 ? (v) => (typeof v === 'string' ? Number(v) : v) : (v) => (typeof v === 'string' ? integerValue(v) : v);
    case 'real':
      return (v) => (typeof v === 'string' ? realValue(v) : v);
    case 'date':
      return (v) => (isSfDate(v) ? isoDate(v.getEpochSeconds()) : v);
    case 'timestamp_ntz':
      return (v) => (isSfDate(v) ? isoTimestamp(v.getEpochSeconds(), v.getNanoSeconds(), '') : v);
    case 'timestamp_ltz':
    case 'timestamp_tz':
      return (v) => (isSfDate(v) ? isoTimestamp(v.getEpochSeconds(), v.getNanoSeconds(), 'Z') : v);
    case 'binary':
      return (v) => (v instanceof Uint8Array ? Uint8Array.from(v) : v);
    default:
      return (v) => v;
  }
}

/** The column's type as Snowflake prints it (`NUMBER(38,0)`, `VARCHAR`, `TIMESTAMP_NTZ`, `VARIANT`). */
export function snowflakeTypeName(column: DriverColumn): string {
  const type = column.getType();
  switch (type) {
    case 'fixed':
      return `NUMBER(${column.getPrecision() ?? 38},${column.getScale() ?? 0})`;
    case 'real':
      return 'FLOAT';
    case 'text':
      return 'VARCHAR';
    default:
      return type.toUpperCase();
  }
}

export function toColumns(columns: readonly DriverColumn[]): Column[] {
  return columns.map((c) => ({ name: c.getName(), dataType: snowflakeTypeName(c) }));
}

/** Builds the row converter of one result: array rows → objects keyed by column name. */
export function rowConverter(columns: readonly DriverColumn[]): (row: readonly unknown[]) => Row {
  const names = columns.map((c) => c.getName());
  const converters = columns.map(converterFor);
  return (row) => {
    const out: Row = {};
    for (let i = 0; i < names.length; i++) {
      const v = row[i];
      out[names[i]!] = v === null || v === undefined ? null : converters[i]!(v);
    }
    return out;
  };
}
