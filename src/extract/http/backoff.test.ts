import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './backoff.js';

const policy = { baseDelayMs: 100, maxDelayMs: 5_000 };

describe('computeBackoffDelay (full jitter)', () => {
  it('scales the ceiling exponentially with the retry number', () => {
    const top = () => 0.999999;
    expect(computeBackoffDelay(1, policy, top)).toBe(99);
    expect(computeBackoffDelay(2, policy, top)).toBe(199);
    expect(computeBackoffDelay(3, policy, top)).toBe(399);
    expect(computeBackoffDelay(5, policy, top)).toBe(1599);
  });

  it('never exceeds the cap, even for huge retry numbers', () => {
    expect(computeBackoffDelay(60, policy, () => 0.999999)).toBeLessThanOrEqual(5_000);
    expect(computeBackoffDelay(5000, policy, () => 0.5)).toBe(2_500);
  });

  it('is uniform between 0 and the ceiling', () => {
    expect(computeBackoffDelay(4, policy, () => 0)).toBe(0);
    expect(computeBackoffDelay(4, policy, () => 0.5)).toBe(400);
    const seen = new Set<number>();
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      const d = computeBackoffDelay(3, policy, rnd);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(400);
      seen.add(Math.floor(d / 100));
    }
    expect(seen.size).toBe(4); // every quarter of the range is hit
  });
});
