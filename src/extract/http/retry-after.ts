/**
 * Rate-limit hints. Each vendor says "wait" differently:
 * - `Retry-After` header: delta seconds or an HTTP-date (RFC 9110 §10.2.3) — Anthropic, Cursor, GitHub
 *   secondary limits;
 * - incident.io: the JSON body's `rate_limit.retry_after`, an HTTP-date;
 * - GitHub primary limit: `x-ratelimit-remaining: 0` plus `x-ratelimit-reset`, epoch seconds;
 * - Datadog: `X-RateLimit-Reset`, seconds until the window resets.
 * All functions return a wait in milliseconds from `nowMs` (never negative), or undefined.
 */

export type RateLimitResetMode = 'auto' | 'epoch' | 'delta';

/** Header values above this are epoch seconds, below it a delta (about 2001-09-09). */
const EPOCH_THRESHOLD_S = 1_000_000_000;

function parseHttpDate(value: string, nowMs: number): number | undefined {
  // V8 parses IMF-fixdate ("Tue, 04 Mar 2025 10:15:00 GMT") and its "UTC" variant.
  const t = Date.parse(value);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - nowMs);
}

/** `Retry-After`: delta seconds ("120", "1.5") or an HTTP-date. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  return parseHttpDate(v, nowMs);
}

/** `X-RateLimit-Reset`: epoch seconds (GitHub) or seconds until reset (Datadog); `auto` tells them apart. */
export function parseRateLimitReset(
  value: string | null | undefined,
  nowMs: number,
  mode: RateLimitResetMode = 'auto',
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  const isEpoch = mode === 'epoch' || (mode === 'auto' && n >= EPOCH_THRESHOLD_S);
  return isEpoch ? Math.max(0, Math.ceil(n * 1000 - nowMs)) : Math.ceil(n * 1000);
}

/** incident.io's 429 body: `{"rate_limit": {"retry_after": "<HTTP-date>"}}` (a number is read as seconds). */
export function parseBodyRetryAfter(body: unknown, nowMs: number): number | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const rl = (body as { rate_limit?: unknown }).rate_limit;
  if (rl === null || typeof rl !== 'object') return undefined;
  const ra = (rl as { retry_after?: unknown }).retry_after;
  if (typeof ra === 'number' && Number.isFinite(ra)) return Math.max(0, Math.ceil(ra * 1000));
  if (typeof ra === 'string') return parseRetryAfter(ra, nowMs);
  return undefined;
}

export interface RateLimitHint {
  readonly waitMs: number;
  /** Which signal gave the hint, for events and tests. */
  readonly from: 'retry-after' | 'body-retry-after' | 'x-ratelimit-reset';
}

/** Minimal header access, so tests can pass a plain object. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The longest wait any hint of a throttled response asks for. `x-ratelimit-reset` is only read when
 * the response is a 429 or says the quota is spent (`x-ratelimit-remaining: 0`), because GitHub and
 * Datadog send it on every response.
 */
export function readRateLimitHint(
  status: number,
  headers: HeaderReader,
  body: unknown,
  nowMs: number,
  resetMode: RateLimitResetMode = 'auto',
): RateLimitHint | undefined {
  const hints: RateLimitHint[] = [];
  const ra = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (ra !== undefined) hints.push({ waitMs: ra, from: 'retry-after' });
  const bodyRa = parseBodyRetryAfter(body, nowMs);
  if (bodyRa !== undefined) hints.push({ waitMs: bodyRa, from: 'body-retry-after' });
  const remaining = headers.get('x-ratelimit-remaining');
  if (status === 429 || (remaining !== null && remaining.trim() === '0')) {
    const reset = parseRateLimitReset(headers.get('x-ratelimit-reset'), nowMs, resetMode);
    if (reset !== undefined) hints.push({ waitMs: reset, from: 'x-ratelimit-reset' });
  }
  let best: RateLimitHint | undefined;
  for (const h of hints) if (best === undefined || h.waitMs > best.waitMs) best = h;
  return best;
}
