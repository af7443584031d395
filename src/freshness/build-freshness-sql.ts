import type { Dialect } from '../adapters/index.js';
import type { SourceNode } from '../manifest/index.js';
import type { FreshnessRule, FreshnessThresholds } from '../project/index.js';

/**
 * What source freshness checks, and the one query per source table that measures it (dbt's
 * `collect_freshness`). Pure.
 */

/** A source table's freshness rule, when it has one that can be checked (a `loaded_at_field` and a threshold). */
export function buildFreshnessCriteria(source: Pick<SourceNode, 'loadedAtField' | 'freshness'>): FreshnessThresholds | undefined {
  const f = source.freshness;
  if (!source.loadedAtField || f === null || f === undefined) return undefined;
  if (!f.warnAfter && !f.errorAfter) return undefined;
  return f;
}

/** Whether `opp source freshness` checks this source table (dbt skips tables without a rule). */
export function isFreshnessCandidate(source: Pick<SourceNode, 'loadedAtField' | 'freshness'>): boolean {
  return buildFreshnessCriteria(source) !== undefined;
}

/**
 * `select max(<loaded_at_field>) as max_loaded_at, current_timestamp as snapshotted_at from <table>
 * [where <filter>]`. `loaded_at_field` is an expression (dbt pastes it as written, so casts and
 * `convert_timezone(...)` work); `current_timestamp` is taken by the warehouse, so the age never depends
 * on the client's clock or zone.
 */
export function buildFreshnessSql(source: Pick<SourceNode, 'database' | 'schema' | 'identifier' | 'loadedAtField'>, dialect: Pick<Dialect, 'relationName'>, filter?: string): string {
  const relation = dialect.relationName({ database: source.database, schema: source.schema, identifier: source.identifier });
  const lines = ['select', `  max(${source.loadedAtField}) as max_loaded_at,`, '  current_timestamp as snapshotted_at', `from ${relation}`];
  if (filter && filter.trim()) lines.push(`where ${filter}`);
  return lines.join('\n');
}

const PERIOD_SECONDS: Readonly<Record<FreshnessRule['period'], number>> = { minute: 60, hour: 3600, day: 86400 };

/** A rule's span in seconds. */
export function buildRuleSeconds(rule: FreshnessRule): number {
  return rule.count * PERIOD_SECONDS[rule.period];
}

/** dbt's `FreshnessThreshold.status`: error when older than error_after, else warn past warn_after, else pass (strictly greater). */
export function buildFreshnessStatus(ageSeconds: number, criteria: FreshnessThresholds): 'pass' | 'warn' | 'error' {
  if (criteria.errorAfter && ageSeconds > buildRuleSeconds(criteria.errorAfter)) return 'error';
  if (criteria.warnAfter && ageSeconds > buildRuleSeconds(criteria.warnAfter)) return 'warn';
  return 'pass';
}

/**
 * A warehouse timestamp as an instant, as dbt's `_utc` reads it: a value with a zone is converted, a
 * naive one is taken as UTC; `null` (an empty table) is 0001-01-01T00:00:00Z, "infinitely long ago".
 * Accepts Dates, ISO text (`2024-01-02T03:04:05.123456`, `... +01:00`, `...Z`), `YYYY-MM-DD` and epoch ms.
 */
export function parseWarehouseTimestamp(value: unknown): Date | undefined {
  if (value === null || value === undefined) return new Date(Date.parse('0001-01-01T00:00:00Z'));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'bigint') return new Date(Number(value));
  if (typeof value !== 'string') return undefined;
  let text = value.trim().replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += 'T00:00:00';
  // JavaScript keeps milliseconds: drop digits past them.
  text = text.replace(/(\.\d{3})\d+/, '$1');
  const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(text);
  if (!zoned) text += 'Z';
  else text = text.replace(/([+-]\d{2})$/, '$1:00').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** Python's `datetime.isoformat()` of a UTC instant: `2024-01-02T03:04:05.123000+00:00` (no fraction when 0). */
export function buildIsoUtc(date: Date): string {
  const iso = date.toISOString(); // 2024-01-02T03:04:05.123Z (or ±YYYYYY for far years)
  const [main, frac] = iso.slice(0, -1).split('.');
  const ms = Number(frac ?? '0');
  return `${main}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}
