/** Exponential backoff with full jitter (AWS architecture blog): `random() × min(cap, base × 2^(n−1))`. */
export interface BackoffPolicy {
  /** Delay scale of the first retry, in ms. */
  readonly baseDelayMs: number;
  /** Upper bound of any computed backoff, in ms. */
  readonly maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (1 for the first retry). `random` returns [0, 1); pass a
 * seeded one in tests.
 */
export function computeBackoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(retry));
  // 2^(n-1) overflows to Infinity for large n; min() keeps it at the cap.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}
