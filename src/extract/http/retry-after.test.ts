import { describe, expect, it } from 'vitest';
import { parseBodyRetryAfter, parseRateLimitReset, parseRetryAfter, readRateLimitHint } from './retry-after.js';

const NOW = Date.parse('2025-03-04T10:14:30Z');
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1_500);
  });
  it('reads an HTTP-date (GMT and UTC spellings) relative to now', () => {
    expect(parseRetryAfter('Tue, 04 Mar 2025 10:15:00 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Tue, 04 Mar 2025 10:15:00 UTC', NOW)).toBe(30_000);
  });
  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Tue, 04 Mar 2025 10:00:00 GMT', NOW)).toBe(0);
  });
  it('ignores garbage and absence', () => {
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });
});

describe('parseRateLimitReset', () => {
  it('treats large values as epoch seconds (GitHub)', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 45), NOW)).toBe(45_000);
    expect(parseRateLimitReset(String(NOW / 1000 + 45), NOW, 'epoch')).toBe(45_000);
  });
  it('treats small values as seconds until reset (Datadog)', () => {
    expect(parseRateLimitReset('7', NOW)).toBe(7_000);
    expect(parseRateLimitReset('7', NOW, 'delta')).toBe(7_000);
  });
  it('honours an explicit mode over the guess', () => {
    expect(parseRateLimitReset('7', NOW, 'epoch')).toBe(0);
  });
});

describe('parseBodyRetryAfter (incident.io)', () => {
  it('reads rate_limit.retry_after as an HTTP-date', () => {
    const body = { type: 'too_many_requests', rate_limit: { retry_after: 'Tue, 04 Mar 2025 10:15:00 UTC' } };
    expect(parseBodyRetryAfter(body, NOW)).toBe(30_000);
  });
  it('reads a number as seconds and ignores other shapes', () => {
    expect(parseBodyRetryAfter({ rate_limit: { retry_after: 3 } }, NOW)).toBe(3_000);
    expect(parseBodyRetryAfter({ rate_limit: null }, NOW)).toBeUndefined();
    expect(parseBodyRetryAfter('x', NOW)).toBeUndefined();
  });
});

describe('readRateLimitHint', () => {
  it('takes the longest of the hints present', () => {
    const h = readRateLimitHint(429, headers({ 'retry-after': '5' }), { rate_limit: { retry_after: 'Tue, 04 Mar 2025 10:15:00 GMT' } }, NOW);
    expect(h).toEqual({ waitMs: 30_000, from: 'body-retry-after' });
  });
  it('reads x-ratelimit-reset on a GitHub 403 with no quota left', () => {
    const h = readRateLimitHint(403, headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 60) }), null, NOW, 'epoch');
    expect(h).toEqual({ waitMs: 60_000, from: 'x-ratelimit-reset' });
  });
  it('ignores x-ratelimit-reset on responses that still have quota', () => {
    expect(readRateLimitHint(500, headers({ 'x-ratelimit-remaining': '10', 'x-ratelimit-reset': '30' }), null, NOW)).toBeUndefined();
  });
  it('reads Datadog X-RateLimit-Reset as a delta on a 429', () => {
    expect(readRateLimitHint(429, headers({ 'x-ratelimit-reset': '12' }), null, NOW, 'delta')).toEqual({ waitMs: 12_000, from: 'x-ratelimit-reset' });
  });
});
