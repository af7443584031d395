import {
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
} from '@duckdb/node-api';

/**
 * DuckDB values → plain JS, as `execute` returns them: BIGINT/HUGEINT as a number when it is a safe
 * integer, else a decimal string; DECIMAL as a number; DATE as `YYYY-MM-DD`; TIMESTAMP as an ISO string
 * without zone (`2024-01-02T03:04:05.123456`), TIMESTAMPTZ as an ISO string in UTC with `Z`; LIST/ARRAY
 * as arrays, STRUCT as objects, MAP as an object (string keys) or `{key, value}[]`; JSON as its text;
 * BLOB as a Uint8Array; everything else (TIME, INTERVAL, UUID, ...) as DuckDB's own text.
 */

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

export function bigintToJs(value: bigint): number | string {
  return value <= MAX_SAFE && value >= MIN_SAFE ? Number(value) : value.toString();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const MICROS_PER_DAY = 86_400_000_000n;

/** ISO text of microseconds since the epoch; `zone` is appended (`Z` or ''). Null when out of range. */
export function formatEpochMicros(micros: bigint, zone: string): string | null {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  const date = new Date(Number(days) * 86_400_000);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) return null;
  const r = Number(rest);
  const h = Math.floor(r / 3_600_000_000);
  const m = Math.floor((r % 3_600_000_000) / 60_000_000);
  const s = Math.floor((r % 60_000_000) / 1_000_000);
  const us = r % 1_000_000;
  const frac = us === 0 ? '' : us % 1000 === 0 ? `.${pad(us / 1000, 3)}` : `.${pad(us, 6)}`;
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${frac}${zone}`;
}

interface HasMicros {
  readonly micros: bigint;
  toString(): string;
}

function timestampText(value: DuckDBValue, unitToMicros: (v: DuckDBValue) => bigint, zone: string): string {
  return formatEpochMicros(unitToMicros(value), zone) ?? String(value);
}

export const toJsConverter: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.VARCHAR:
      return value;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return typeof value === 'bigint' ? bigintToJs(value) : value;
    case DuckDBTypeId.DECIMAL:
      return (value as { toDouble(): number }).toDouble();
    case DuckDBTypeId.DATE:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
      return timestampText(value, (v) => (v as HasMicros).micros, '');
    case DuckDBTypeId.TIMESTAMP_TZ:
      return timestampText(value, (v) => (v as HasMicros).micros, 'Z');
    case DuckDBTypeId.TIMESTAMP_S:
      return timestampText(value, (v) => (v as unknown as { seconds: bigint }).seconds * 1_000_000n, '');
    case DuckDBTypeId.TIMESTAMP_MS:
      return timestampText(value, (v) => (v as unknown as { milliseconds: bigint }).milliseconds * 1000n, '');
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestampText(value, (v) => (v as unknown as { nanoseconds: bigint }).nanoseconds / 1000n, '');
    case DuckDBTypeId.BLOB:
      return Uint8Array.from((value as unknown as { bytes: Uint8Array }).bytes);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const child = (type as unknown as { valueType: DuckDBType }).valueType;
      return (value as unknown as { items: DuckDBValue[] }).items.map((item) => converter(item, child, converter));
    }
    case DuckDBTypeId.STRUCT: {
      const out: Record<string, unknown> = {};
      const struct = type as unknown as { entryNames: string[]; entryTypes: DuckDBType[] };
      const entries = (value as unknown as { entries: Record<string, DuckDBValue> }).entries;
      for (let i = 0; i < struct.entryNames.length; i++) {
        const name = struct.entryNames[i]!;
        out[name] = converter(entries[name] ?? null, struct.entryTypes[i]!, converter);
      }
      return out;
    }
    case DuckDBTypeId.MAP: {
      const map = type as unknown as { keyType: DuckDBType; valueType: DuckDBType };
      const entries = (value as unknown as { entries: { key: DuckDBValue; value: DuckDBValue }[] }).entries.map((e) => ({
        key: converter(e.key, map.keyType, converter),
        value: converter(e.value, map.valueType, converter),
      }));
      if (entries.every((e) => typeof e.key === 'string' || typeof e.key === 'number')) {
        const out: Record<string, unknown> = {};
        for (const e of entries) out[String(e.key)] = e.value;
        return out;
      }
      return entries;
    }
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_TZ:
    case DuckDBTypeId.TIME_NS:
    case DuckDBTypeId.INTERVAL:
    case DuckDBTypeId.BIT:
      return String(value);
    default:
      // UNION, VARIANT, GEOMETRY, ...: the package's lossless JSON form.
      return JsonDuckDBValueConverter(value, type, JsonDuckDBValueConverter);
  }
};

/** The type name as information_schema prints it (`DECIMAL(10,2)`, `TIMESTAMP WITH TIME ZONE`, `JSON`). */
export function typeName(type: DuckDBType): string {
  return type.alias ?? type.toString();
}
