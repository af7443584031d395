import { describe, expect, it } from 'vitest';
import { buildFreshnessCriteria, buildFreshnessSql, buildFreshnessStatus, buildIsoUtc, parseWarehouseTimestamp } from './build-freshness-sql.js';

const dialect = { relationName: (r: { database?: string; schema: string; identifier: string }) => `"${r.database}"."${r.schema}"."${r.identifier}"` };

describe('buildFreshnessSql', () => {
  it("is dbt's collect_freshness query", () => {
    const source = { database: 'db', schema: 'raw', identifier: 'orders', loadedAtField: 'cast(_loaded as timestamp)' };
    expect(buildFreshnessSql(source, dialect)).toBe('select\n  max(cast(_loaded as timestamp)) as max_loaded_at,\n  current_timestamp as snapshotted_at\nfrom "db"."raw"."orders"');
    expect(buildFreshnessSql(source, dialect, "kind <> 'test'")).toMatch(/\nwhere kind <> 'test'$/);
  });
});

describe('buildFreshnessCriteria', () => {
  it('needs a loaded_at_field and a threshold; null switches it off', () => {
    const rule = { warnAfter: { count: 1, period: 'hour' as const } };
    expect(buildFreshnessCriteria({ loadedAtField: 'x', freshness: rule })).toBe(rule);
    expect(buildFreshnessCriteria({ freshness: rule })).toBeUndefined();
    expect(buildFreshnessCriteria({ loadedAtField: 'x', freshness: null })).toBeUndefined();
    expect(buildFreshnessCriteria({ loadedAtField: 'x', freshness: { filter: 'a' } })).toBeUndefined();
  });
});

describe('buildFreshnessStatus', () => {
  const criteria = { warnAfter: { count: 12, period: 'hour' as const }, errorAfter: { count: 1, period: 'day' as const } };
  it('is strictly greater than the threshold, error first', () => {
    expect(buildFreshnessStatus(12 * 3600, criteria)).toBe('pass');
    expect(buildFreshnessStatus(12 * 3600 + 1, criteria)).toBe('warn');
    expect(buildFreshnessStatus(86400 + 1, criteria)).toBe('error');
    expect(buildFreshnessStatus(10 ** 9, { warnAfter: { count: 5, period: 'minute' } })).toBe('warn');
  });
});

describe('parseWarehouseTimestamp', () => {
  it('reads zoned values as instants and naive ones as UTC', () => {
    expect(parseWarehouseTimestamp('2024-01-02T03:04:05.123456')!.toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(parseWarehouseTimestamp('2024-01-02 03:04:05+01')!.toISOString()).toBe('2024-01-02T02:04:05.000Z');
    expect(parseWarehouseTimestamp('2024-01-02T03:04:05Z')!.toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseWarehouseTimestamp('2024-01-02')!.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(parseWarehouseTimestamp(new Date(0))!.getTime()).toBe(0);
    expect(parseWarehouseTimestamp(null)!.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseWarehouseTimestamp('not a time')).toBeUndefined();
  });

  it("prints Python's isoformat in UTC", () => {
    expect(buildIsoUtc(new Date('2024-01-02T03:04:05.120Z'))).toBe('2024-01-02T03:04:05.120000+00:00');
    expect(buildIsoUtc(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05+00:00');
  });
});
