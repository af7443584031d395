import type { LogicalType, Row } from '../contract.js';
import { formatUtcTimestamp } from '../shared/quoting.js';

/**
 * Bulk loading into Snowflake through array binds: every value is encoded (and checked) in JS as the
 * text Snowflake reads for its logical type, and batches of rows go in ONE `INSERT` each:
 *
 * - `insert into t (a, b) values (?, ?)` when every column takes its text as is (Snowflake converts
 *   VARCHAR binds to the column types on insert);
 * - `insert into t (a, j) select column1::NUMBER(38,0), parse_json(column2) from values (?, ?)` when a
 *   column is JSON (a VALUES list of an INSERT takes constants only, so `PARSE_JSON(?)` needs the SELECT).
 *
 * A batch stays under Snowflake's `CLIENT_STAGE_ARRAY_BINDING_THRESHOLD` (65,280 bound values), above
 * which the driver would upload the binds to a stage instead.
 */

export const ARRAY_BIND_THRESHOLD = 65_280;

/** Rows per INSERT for `columns` columns: as many as fit under the bind threshold (at most 16,384). */
export function batchRows(columns: number, threshold = ARRAY_BIND_THRESHOLD): number {
  return Math.max(1, Math.min(16_384, Math.floor(threshold / Math.max(1, columns))));
}

type Encoder = (value: unknown) => string;

function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const INTEGER = /^\s*[-+]?\d+\s*$/;
const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

function encodeInteger(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`'${value}' is not an integer`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string' && INTEGER.test(value)) return value.trim();
  throw new TypeError(`'${toText(value)}' is not an integer`);
}

function encodeNumber(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string' && NUMBER.test(value)) return value.trim();
  throw new TypeError(`'${toText(value)}' is not a number`);
}

function encodeBoolean(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return value !== 0 ? 'true' : 'false';
  const s = String(value).trim().toLowerCase();
  if (['true', 't', '1', 'yes', 'y'].includes(s)) return 'true';
  if (['false', 'f', '0', 'no', 'n'].includes(s)) return 'false';
  throw new TypeError(`'${String(value)}' is not a boolean`);
}

function encodeDate(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') return new Date(value).toISOString().slice(0, 10);
  return toText(value);
}

/** A naive timestamp: a Date/epoch-ms is written as its UTC wall-clock time. */
function encodeTimestamp(value: unknown): string {
  if (value instanceof Date) return formatUtcTimestamp(value);
  if (typeof value === 'number') return formatUtcTimestamp(new Date(value));
  return toText(value);
}

function encodeTimestampTz(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  return toText(value);
}

const ENCODERS: Record<LogicalType, Encoder> = {
  string: toText,
  integer: encodeInteger,
  bigint: encodeInteger,
  double: encodeNumber,
  decimal: encodeNumber,
  boolean: encodeBoolean,
  date: encodeDate,
  timestamp: encodeTimestamp,
  timestamp_tz: encodeTimestampTz,
  json: (value) => JSON.stringify(value),
};

/** One column of a load: the row key it reads, its logical type, and its name in the table. */
export interface BulkColumn {
  readonly key: string;
  readonly type: LogicalType;
  /** The column as the INSERT names it (already quoted where needed). */
  readonly sqlName: string;
}

/**
 * The INSERT of one batch, for `columns` in order. `castFor(type)` is the Snowflake type a text bind is
 * cast to in the SELECT form (undefined: none).
 */
export function buildBulkInsert(relation: string, columns: readonly BulkColumn[], castFor: (t: LogicalType) => string | undefined): string {
  const names = columns.map((c) => c.sqlName).join(', ');
  const marks = columns.map(() => '?').join(', ');
  if (!columns.some((c) => c.type === 'json')) return `insert into ${relation} (${names}) values (${marks})`;
  const select = columns.map((c, i) => {
    const ref = `column${i + 1}`;
    if (c.type === 'json') return `parse_json(${ref})`;
    const cast = castFor(c.type);
    return cast ? `${ref}::${cast}` : ref;
  });
  return `insert into ${relation} (${names})\nselect ${select.join(', ')}\nfrom values (${marks})`;
}

/**
 * Encodes one row as bind values (text or null), checking each value against its column's type.
 * Throws `row <n>, column "<name>": <why>` for a value that does not fit.
 */
export function encodeRow(row: Row, columns: readonly BulkColumn[], rowNumber: number): (string | null)[] {
  const out: (string | null)[] = new Array(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i]!;
    const v = row[c.key];
    if (v === null || v === undefined) {
      out[i] = null;
      continue;
    }
    try {
      out[i] = ENCODERS[c.type](v);
    } catch (err) {
      throw new Error(`row ${rowNumber}, column "${c.key}": ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
