/**
 * Snowflake's JSON result wire format: `rowtype` column metadata and string-encoded `rowset` values,
 * from DuckDB results or from rows built by the server (SHOW, DESCRIBE, DML counts).
 */
import {
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBResultReader,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { MAX_BINARY_LENGTH, MAX_TEXT_LENGTH } from './sql/types.js';

export type WireType =
  | 'fixed'
  | 'real'
  | 'text'
  | 'binary'
  | 'boolean'
  | 'date'
  | 'time'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'timestamp_tz'
  | 'variant'
  | 'object'
  | 'array';

export interface WireColumn {
  name: string;
  database: string;
  schema: string;
  table: string;
  type: WireType;
  precision: number | null;
  scale: number | null;
  length: number | null;
  byteLength: number | null;
  nullable: boolean;
  collation: null;
}

export type WireRow = (string | null)[];

export interface WireResult {
  readonly columns: WireColumn[];
  readonly rows: WireRow[];
}

export function column(name: string, type: WireType, extra: Partial<WireColumn> = {}): WireColumn {
  const base: WireColumn = {
    name,
    database: '',
    schema: '',
    table: '',
    type,
    precision: null,
    scale: null,
    length: null,
    byteLength: null,
    nullable: true,
    collation: null,
  };
  if (type === 'fixed') Object.assign(base, { precision: 38, scale: 0 });
  if (type === 'text') Object.assign(base, { length: MAX_TEXT_LENGTH, byteLength: MAX_TEXT_LENGTH });
  if (type === 'binary') Object.assign(base, { length: MAX_BINARY_LENGTH, byteLength: MAX_BINARY_LENGTH });
  if (type === 'time' || type === 'timestamp_ntz' || type === 'timestamp_ltz' || type === 'timestamp_tz') Object.assign(base, { precision: 0, scale: 9 });
  return Object.assign(base, extra);
}

export interface EncodeOptions {
  /** How TIMESTAMP WITH TIME ZONE results are typed on the wire. */
  readonly timestamptzAs: 'timestamp_ltz' | 'timestamp_tz';
  /** Offset in minutes of the session time zone at an instant (for timestamp_tz). */
  offsetMinutes(epochMs: number): number;
}

/** epoch value in units of 10^-digits seconds → "sec.fffffffff" (9 fractional digits). */
function fractional(value: bigint, digits: number): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const unit = 10n ** BigInt(digits);
  const sec = abs / unit;
  const frac = (abs % unit) * 10n ** BigInt(9 - digits);
  return `${neg ? '-' : ''}${sec}.${frac.toString().padStart(9, '0')}`;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function wireType(t: DuckDBType, opts: EncodeOptions): { type: WireType; extra: Partial<WireColumn> } {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return { type: 'boolean', extra: {} };
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return { type: 'fixed', extra: { precision: 38, scale: 0 } };
    case DuckDBTypeId.DECIMAL: {
      const d = t as unknown as { width: number; scale: number };
      return { type: 'fixed', extra: { precision: d.width, scale: d.scale } };
    }
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return { type: 'real', extra: {} };
    case DuckDBTypeId.DATE:
      return { type: 'date', extra: {} };
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.TIME_NS:
      return { type: 'time', extra: { precision: 0, scale: 9 } };
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return { type: 'timestamp_ntz', extra: { precision: 0, scale: 9 } };
    case DuckDBTypeId.TIMESTAMP_TZ:
      return { type: opts.timestamptzAs, extra: { precision: 0, scale: 9 } };
    case DuckDBTypeId.BLOB:
      return { type: 'binary', extra: { length: MAX_BINARY_LENGTH, byteLength: MAX_BINARY_LENGTH } };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return { type: 'array', extra: {} };
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
      return { type: 'object', extra: {} };
    case DuckDBTypeId.VARIANT:
      return { type: 'variant', extra: {} };
    case DuckDBTypeId.VARCHAR:
      if (t.alias === 'JSON') return { type: 'variant', extra: {} };
      return { type: 'text', extra: { length: MAX_TEXT_LENGTH, byteLength: MAX_TEXT_LENGTH } };
    default:
      return { type: 'text', extra: { length: MAX_TEXT_LENGTH, byteLength: MAX_TEXT_LENGTH } };
  }
}

type Encoder = (v: DuckDBValue) => string;

function encoderFor(t: DuckDBType, wire: WireType, opts: EncodeOptions): Encoder {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return (v) => (v ? '1' : '0');
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return (v) => {
        const n = v as number;
        if (Number.isNaN(n)) return 'NaN';
        if (n === Infinity) return 'inf';
        if (n === -Infinity) return '-inf';
        return String(n);
      };
    case DuckDBTypeId.DATE:
      return (v) => String((v as { days: number }).days);
    case DuckDBTypeId.TIME:
      return (v) => fractional((v as { micros: bigint }).micros, 6);
    case DuckDBTypeId.TIME_NS:
      return (v) => fractional((v as { nanos: bigint }).nanos, 9);
    case DuckDBTypeId.TIME_TZ:
      return (v) => fractional((v as { micros: bigint }).micros, 6);
    case DuckDBTypeId.TIMESTAMP:
      return (v) => fractional((v as { micros: bigint }).micros, 6);
    case DuckDBTypeId.TIMESTAMP_S:
      return (v) => fractional((v as { seconds: bigint }).seconds, 0);
    case DuckDBTypeId.TIMESTAMP_MS:
      return (v) => fractional((v as { millis: bigint }).millis, 3);
    case DuckDBTypeId.TIMESTAMP_NS:
      return (v) => fractional((v as { nanos: bigint }).nanos, 9);
    case DuckDBTypeId.TIMESTAMP_TZ:
      if (wire === 'timestamp_tz') {
        return (v) => {
          const micros = (v as { micros: bigint }).micros;
          return `${fractional(micros, 6)} ${opts.offsetMinutes(Number(micros / 1000n)) + 1440}`;
        };
      }
      return (v) => fractional((v as { micros: bigint }).micros, 6);
    case DuckDBTypeId.BLOB:
      return (v) => {
        const bytes = (v as { bytes: Uint8Array }).bytes;
        let s = '';
        for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
        return s;
      };
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
    case DuckDBTypeId.STRUCT:
    case DuckDBTypeId.MAP:
    case DuckDBTypeId.VARIANT:
      return (v) => JSON.stringify(JsonDuckDBValueConverter(v, t, JsonDuckDBValueConverter), nestedJson);
    case DuckDBTypeId.VARCHAR:
      return (v) => v as string;
    default:
      return (v) => String(v);
  }
}

/** JSON-typed strings nested in lists/structs are embedded as JSON, not as quoted strings. */
function nestedJson(_key: string, value: unknown): unknown {
  return value;
}

/** Encodes a DuckDB result in Snowflake's wire format. */
export function encodeDuckResult(reader: DuckDBResultReader, opts: EncodeOptions, names?: readonly string[]): WireResult {
  const types = reader.columnTypes();
  const colNames = names ?? reader.columnNames();
  const columns: WireColumn[] = [];
  const encoders: Encoder[] = [];
  for (let c = 0; c < types.length; c++) {
    const t = types[c]!;
    const w = wireType(t, opts);
    columns.push(column(colNames[c] ?? `COLUMN${c + 1}`, w.type, w.extra));
    encoders.push(encoderFor(t, w.type, opts));
  }
  const raw = reader.getColumns();
  const rowCount = reader.currentRowCount;
  const rows: WireRow[] = new Array(rowCount);
  for (let r = 0; r < rowCount; r++) rows[r] = new Array(types.length);
  for (let c = 0; c < types.length; c++) {
    const values = raw[c]!;
    const enc = encoders[c]!;
    for (let r = 0; r < rowCount; r++) {
      const v = values[r];
      rows[r]![c] = v === null || v === undefined ? null : enc(v);
    }
  }
  return { columns, rows };
}

/** A single-row status result (DDL): column "status". */
export function statusResult(message: string): WireResult {
  return { columns: [column('status', 'text')], rows: [[message]] };
}

/** A DML count result: columns like "number of rows inserted". */
export function countResult(counts: readonly (readonly [string, number])[]): WireResult {
  return {
    columns: counts.map(([name]) => column(name, 'fixed', { nullable: false })),
    rows: [counts.map(([, n]) => String(n))],
  };
}
