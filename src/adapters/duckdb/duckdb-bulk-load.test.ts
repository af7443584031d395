import { describe, expect, it } from 'vitest';
import { parseIso } from './duckdb-bulk-load.js';

const micros = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

describe('parseIso (the bulk-load fast path for temporal strings)', () => {
  it('reads dates, times, fractions and zones', () => {
    expect(parseIso('2024-02-29')).toEqual({ wallMicros: micros('2024-02-29T00:00:00Z'), hasTime: false });
    expect(parseIso('2024-01-02T03:04:05')).toEqual({ wallMicros: micros('2024-01-02T03:04:05Z'), hasTime: true });
    expect(parseIso('2024-01-02 03:04:05.5Z')).toEqual({ wallMicros: micros('2024-01-02T03:04:05.500Z'), hasTime: true, offsetMinutes: 0 });
    expect(parseIso('2024-01-02T03:04:05.1234567+02:00')?.wallMicros).toBe(micros('2024-01-02T03:04:05Z') + 123_456n);
    expect(parseIso('2024-01-02T03:04:05+02:00')?.offsetMinutes).toBe(120);
    expect(parseIso('2024-01-02T03:04:05-0130')?.offsetMinutes).toBe(-90);
    expect(parseIso('2024-01-02T03:04:05+05')?.offsetMinutes).toBe(300);
    expect(parseIso('1969-12-31T23:59:59.999999')?.wallMicros).toBe(-1n);
  });

  it('leaves everything else to DuckDB', () => {
    for (const text of [
      '2023-02-29',
      '2024-13-01',
      '2024-04-31',
      '2024-1-05',
      '2024-01-02T24:00:00',
      '2024-01-02T03:04',
      '2024-01-02T03:04Z',
      '2024-01-02T03:04:05.',
      '2024-01-02T03:04:05.1234567890',
      '2024-01-02T03:04:05 UTC',
      '2024-01-02Z',
      'infinity',
      '',
    ]) {
      expect(parseIso(text), text).toBeUndefined();
    }
  });
});
