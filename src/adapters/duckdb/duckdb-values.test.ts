import { describe, expect, it } from 'vitest';
import { bigintToJs, formatEpochMicros } from './duckdb-values.js';

describe('DuckDB value conversion', () => {
  it('keeps safe integers as numbers and the rest as decimal strings', () => {
    expect(bigintToJs(42n)).toBe(42);
    expect(bigintToJs(-9007199254740991n)).toBe(-9007199254740991);
    expect(bigintToJs(9007199254740993n)).toBe('9007199254740993');
  });

  it('formats microseconds since the epoch as ISO text', () => {
    const micros = BigInt(Date.UTC(2024, 0, 2, 3, 4, 5)) * 1000n;
    expect(formatEpochMicros(micros, '')).toBe('2024-01-02T03:04:05');
    expect(formatEpochMicros(micros + 123_000n, 'Z')).toBe('2024-01-02T03:04:05.123Z');
    expect(formatEpochMicros(micros + 123_456n, '')).toBe('2024-01-02T03:04:05.123456');
    expect(formatEpochMicros(-1n, '')).toBe('1969-12-31T23:59:59.999999');
    expect(formatEpochMicros(9_223_372_036_854_775_807n, '')).toBeNull();
  });
});
