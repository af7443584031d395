import { describe, expect, it } from 'vitest';
import { coerceEpochMs, coerceValue } from './coerce.js';

const ok = (value: unknown) => ({ ok: true, value });

describe('coerceValue: timestamps', () => {
  it('ISO strings, epoch seconds and epoch ms all become the same UTC instant', () => {
    const iso = '2025-03-04T10:07:00.000Z';
    expect(coerceValue('timestamp_tz', '2025-03-04T10:07:00Z')).toEqual(ok(iso));
    expect(coerceValue('timestamp_tz', '2025-03-04T11:07:00+01:00')).toEqual(ok(iso));
    expect(coerceValue('timestamp_tz', 1741082820, 'epoch_s')).toEqual(ok(iso));
    expect(coerceValue('timestamp_tz', 1741082820000, 'epoch_ms')).toEqual(ok(iso));
    expect(coerceValue('timestamp_tz', 1741082820)).toEqual(ok(iso));
    expect(coerceValue('timestamp_tz', 1741082820000)).toEqual(ok(iso));
    expect(coerceValue('timestamp_tz', '1741082820')).toEqual(ok(iso));
  });
  it('a date-only string is midnight UTC', () => {
    expect(coerceValue('timestamp', '2025-03-04')).toEqual(ok('2025-03-04T00:00:00.000Z'));
  });
  it('rejects what is not a time, and epoch numbers where ISO is required', () => {
    expect(coerceValue('timestamp_tz', 'yesterday').ok).toBe(false);
    expect(coerceValue('timestamp_tz', 1741082820, 'iso').ok).toBe(false);
    expect(coerceValue('timestamp_tz', { a: 1 }).ok).toBe(false);
  });
});

describe('coerceValue: dates', () => {
  it('keeps YYYY-MM-DD and truncates timestamps and epochs to the UTC day', () => {
    expect(coerceValue('date', '2025-03-04')).toEqual(ok('2025-03-04'));
    expect(coerceValue('date', '2025-03-04T00:00:00Z')).toEqual(ok('2025-03-04'));
    expect(coerceValue('date', 1741046400000, 'epoch_ms')).toEqual(ok('2025-03-04'));
    expect(coerceValue('date', 1741046400, 'epoch_s')).toEqual(ok('2025-03-04'));
  });
  it('rejects non-dates', () => {
    expect(coerceValue('date', '2025-13-45').ok).toBe(false);
    expect(coerceValue('date', 'soon').ok).toBe(false);
  });
});

describe('coerceValue: numbers (Windsurf sends strings)', () => {
  it('accepts numeric strings', () => {
    expect(coerceValue('bigint', '41')).toEqual(ok(41));
    expect(coerceValue('integer', ' 7 ')).toEqual(ok(7));
    expect(coerceValue('double', '2210.5')).toEqual(ok(2210.5));
    expect(coerceValue('double', '1e3')).toEqual(ok(1000));
  });
  it('rejects non-numbers, fractions for integers and out-of-range values', () => {
    expect(coerceValue('bigint', 'forty').ok).toBe(false);
    expect(coerceValue('bigint', '4.5').ok).toBe(false);
    expect(coerceValue('integer', 3_000_000_000).ok).toBe(false);
    expect(coerceValue('double', '').ok).toBe(false);
    expect(coerceValue('double', true).ok).toBe(false);
    const r = coerceValue('bigint', 'forty');
    expect(!r.ok && r.reason).toBe("'forty' is not an integer");
  });
});

describe('coerceValue: booleans, strings, json, nulls', () => {
  it('booleans from true/false, strings and 0/1', () => {
    expect(coerceValue('boolean', true)).toEqual(ok(true));
    expect(coerceValue('boolean', 'false')).toEqual(ok(false));
    expect(coerceValue('boolean', 1)).toEqual(ok(true));
    expect(coerceValue('boolean', 'maybe').ok).toBe(false);
  });
  it('strings from numbers (GitHub numeric ids) and JSON for objects', () => {
    expect(coerceValue('string', 9001)).toEqual(ok('9001'));
    expect(coerceValue('string', { a: 1 })).toEqual(ok('{"a":1}'));
  });
  it('json keeps the value for the adapter to encode', () => {
    expect(coerceValue('json', [{ a: 1 }])).toEqual(ok([{ a: 1 }]));
  });
  it('null and missing stay null', () => {
    expect(coerceValue('bigint', null)).toEqual(ok(null));
    expect(coerceValue('timestamp_tz', undefined)).toEqual(ok(null));
  });
});

describe('coerceEpochMs', () => {
  it('guesses seconds vs milliseconds by magnitude', () => {
    expect(coerceEpochMs(1_700_000_000)).toBe(1_700_000_000_000);
    expect(coerceEpochMs(1_700_000_000_000)).toBe(1_700_000_000_000);
  });
});
