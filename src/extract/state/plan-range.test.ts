import { describe, expect, it } from 'vitest';
import { maxWatermark, planExtractRange } from './plan-range.js';

const now = Date.parse('2025-03-10T15:00:00Z');
const daily = { column: 'date', repullDays: 3, initialDays: 30 };

describe('planExtractRange', () => {
  it('resumes from the watermark minus the re-pull window', () => {
    expect(planExtractRange({ incremental: daily, watermark: '2025-03-08', now })).toEqual({ start: '2025-03-05', end: '2025-03-10', mode: 'incremental' });
    expect(planExtractRange({ incremental: { column: 'updated_at', repullDays: 1 }, watermark: '2025-03-08T23:59:00.000Z', now })).toEqual({
      start: '2025-03-07',
      end: '2025-03-10',
      mode: 'incremental',
    });
  });
  it('first run: the initial window, or no filter at all', () => {
    expect(planExtractRange({ incremental: daily, now })).toEqual({ start: '2025-02-08', end: '2025-03-10', mode: 'initial' });
    expect(planExtractRange({ incremental: { column: 'updated_at', repullDays: 1 }, now })).toEqual({ end: '2025-03-10', mode: 'full' });
  });
  it('--full-refresh ignores the watermark; --since overrides everything', () => {
    expect(planExtractRange({ incremental: daily, watermark: '2025-03-08', fullRefresh: true, now }).start).toBe('2025-02-08');
    expect(planExtractRange({ incremental: { column: 'updated_at', repullDays: 1 }, watermark: '2025-03-08', fullRefresh: true, now }).start).toBeUndefined();
    expect(planExtractRange({ incremental: daily, watermark: '2025-03-08', since: '2025-01-01', now })).toEqual({ start: '2025-01-01', end: '2025-03-10', mode: 'since' });
  });
  it('complete days only, and never before the API has data', () => {
    expect(planExtractRange({ incremental: { ...daily, endOffsetDays: -1 }, watermark: '2025-03-08', now }).end).toBe('2025-03-09');
    expect(planExtractRange({ incremental: { ...daily, earliest: '2025-03-01' }, now }).start).toBe('2025-03-01');
  });
  it('reference streams are pulled in full', () => {
    expect(planExtractRange({ now, since: '2025-01-01' })).toEqual({ end: '2025-03-10', mode: 'reference' });
  });
});

describe('maxWatermark', () => {
  it('keeps the later value and tolerates missing ones', () => {
    expect(maxWatermark('2025-03-01', '2025-03-02')).toBe('2025-03-02');
    expect(maxWatermark('2025-03-05', '2025-03-02')).toBe('2025-03-05');
    expect(maxWatermark(undefined, '2025-03-02')).toBe('2025-03-02');
    expect(maxWatermark('2025-03-02', undefined)).toBe('2025-03-02');
  });
});
