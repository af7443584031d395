import type { CsvValueCheck, LogicalType, Row } from '../adapters/index.js';

/**
 * dbt's seed type inference (agate's TypeTester, in its order: Number, Date, DateTime, Boolean, Text),
 * decided from a profile of every value:
 *
 * - integers (`[+-]digits`) → INTEGER when all fit 32 bits, else BIGINT (dbt: `integer`); beyond 64 bits → text;
 * - other numbers (`1.5`, `.5`, `1e3`) → DOUBLE (dbt: `float8`);
 * - `YYYY-MM-DD` → DATE; `YYYY-MM-DD[ T]HH:MM[:SS[.f]]` → TIMESTAMP, or TIMESTAMPTZ when a value has an
 *   offset (`Z`, `+02:00`; dbt would drop the offset);
 * - `true` / `false` (any case) → BOOLEAN;
 * - anything else, or a column with no value at all → text.
 *
 * Values are trimmed first; empty fields and `null` are NULL. The engine's sniffer proposes a type from
 * a sample, so only that type's checks run over the whole file; when one fails, the column is profiled
 * again with every check (`FULL_CHECKS`).
 */
export const FULL_CHECKS: readonly CsvValueCheck[] = ['integer', 'number', 'date', 'timestamp', 'timestamp_tz', 'boolean'];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The checks to run for a column the sniffer guessed `sniffed` for; none (text) for anything else. */
export function checksForSniffedType(sniffed: string | undefined): readonly CsvValueCheck[] {
  const t = (sniffed ?? '').toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return ['integer'];
  if (t === 'DOUBLE' || t === 'FLOAT' || t.startsWith('DECIMAL')) return ['number'];
  if (t === 'BOOLEAN') return ['boolean'];
  if (t === 'DATE') return ['date'];
  if (t.startsWith('TIMESTAMP')) return ['timestamp', 'timestamp_tz'];
  return [];
}

function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * The type of column `i` from a profile row (see `CsvReaderSql.profileQuery`) made with `checks`.
 * `undefined` when a check failed and the column needs the full profile (never after `FULL_CHECKS`).
 */
export function decideColumnType(profile: Row, i: number, checks: readonly CsvValueCheck[]): LogicalType | undefined {
  const values = toNumber(profile[`n_${i}`]) ?? 0;
  if (values === 0) return 'string';
  const passed = (check: CsvValueCheck): boolean => checks.includes(check) && profile[`${check}_${i}`] === true;
  if (passed('integer')) {
    const min = toNumber(profile[`min_${i}`]);
    const max = toNumber(profile[`max_${i}`]);
    if (min === undefined || max === undefined) return 'string'; // digits beyond BIGINT: keep them exact
    return min >= INT32_MIN && max <= INT32_MAX ? 'integer' : 'bigint';
  }
  if (passed('number')) return 'double';
  if (passed('date')) return 'date';
  if (passed('timestamp')) return passed('timestamp_tz') ? 'timestamp_tz' : 'timestamp';
  if (passed('boolean')) return 'boolean';
  const full = FULL_CHECKS.every((c) => checks.includes(c));
  return full || checks.length === 0 ? 'string' : undefined;
}
