import type { LogicalType } from '../../adapters/contract.js';

/** How a timestamp arrives: an ISO-8601 string, epoch seconds, epoch milliseconds, or guessed by magnitude. */
export type TimeFormat = 'iso' | 'epoch_s' | 'epoch_ms' | 'auto';

/** A value coerced for loading, or why it could not be. */
export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Epoch values at or above this are milliseconds (about 1973 in ms, 5138 in seconds). */
const EPOCH_MS_THRESHOLD = 100_000_000_000;

/** A failed coercion (allocated only on failure, so the hot path allocates nothing extra). */
export class CoerceFailure {
  constructor(readonly reason: string) {}
}

function fail(value: unknown, what: string): CoerceFailure {
  let shown: string;
  try {
    shown = typeof value === 'string' ? `'${value.slice(0, 60)}'` : (JSON.stringify(value) ?? String(value)).slice(0, 60);
  } catch {
    shown = String(value);
  }
  return new CoerceFailure(`${shown} is not ${what}`);
}

/** Numbers, and numeric strings (Windsurf sends `"41"`). */
export function coerceNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const v = value.trim();
    if (!NUMERIC.test(v)) return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Epoch ms of an ISO string, epoch seconds or epoch ms; undefined if it is none of them. */
export function coerceEpochMs(value: unknown, format: TimeFormat = 'auto'): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  const asNumber = typeof value === 'number' || (typeof value === 'string' && format !== 'iso' && NUMERIC.test(value.trim())) ? coerceNumber(value) : undefined;
  if (asNumber !== undefined) {
    if (format === 'iso') return undefined;
    const ms = format === 'epoch_ms' || (format === 'auto' && Math.abs(asNumber) >= EPOCH_MS_THRESHOLD) ? asNumber : asNumber * 1000;
    return Number.isFinite(ms) ? Math.round(ms) : undefined;
  }
  if (typeof value === 'string') {
    if (format === 'epoch_s' || format === 'epoch_ms') return undefined;
    const v = value.trim();
    // Date-only strings are UTC midnight; Date.parse would agree, but be explicit.
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v.replace(' ', 'T')) : Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * Coerces one value to a logical type. Output values are canonical JS: strings, numbers, booleans,
 * ISO-8601 UTC strings for timestamps (`2025-03-04T10:07:00.000Z`), `YYYY-MM-DD` for dates, and the
 * value itself for `json` (the adapter encodes it). null/undefined stay null (required-ness is
 * checked by the contract). Returns a `CoerceFailure` when the value does not fit.
 */
export function coerce(type: LogicalType, value: unknown, format: TimeFormat = 'auto'): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
      return JSON.stringify(value);
    case 'integer':
    case 'bigint': {
      if (typeof value === 'number' && Number.isSafeInteger(value)) {
        if (type === 'integer' && (value > 2_147_483_647 || value < -2_147_483_648)) return fail(value, 'a 32-bit integer');
        return value;
      }
      const n = coerceNumber(value);
      if (n === undefined || !Number.isInteger(n)) return fail(value, 'an integer');
      if (type === 'integer' && (n > 2_147_483_647 || n < -2_147_483_648)) return fail(value, 'a 32-bit integer');
      if (!Number.isSafeInteger(n)) return fail(value, 'a safe integer');
      return n;
    }
    case 'double':
    case 'decimal': {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      const n = coerceNumber(value);
      return n === undefined ? fail(value, 'a number') : n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 0) return value === 1;
      if (typeof value === 'string') {
        const v = value.trim().toLowerCase();
        if (v === 'true' || v === '1' || v === 'yes') return true;
        if (v === 'false' || v === '0' || v === 'no') return false;
      }
      return fail(value, 'a boolean');
    case 'date': {
      if (typeof value === 'string' && value.length === 10 && DATE_ONLY.test(value)) {
        return Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? fail(value, 'a date') : value;
      }
      const ms = coerceEpochMs(value, format);
      return ms === undefined ? fail(value, 'a date') : new Date(ms).toISOString().slice(0, 10);
    }
    case 'timestamp':
    case 'timestamp_tz': {
      const ms = coerceEpochMs(value, format);
      if (ms === undefined || ms < -62_135_596_800_000 || ms > 253_402_300_799_999) return fail(value, 'a timestamp');
      return new Date(ms).toISOString();
    }
    case 'json':
      // The value itself: the adapter's bulk load encodes JSON columns.
      return value;
  }
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `coerce` as a result object (convenient in tests and one-off checks). */
export function coerceValue(type: LogicalType, value: unknown, format: TimeFormat = 'auto'): Coerced {
  const v = coerce(type, value, format);
  return v instanceof CoerceFailure ? { ok: false, reason: v.reason } : { ok: true, value: v };
}
