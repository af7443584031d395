/** Token buckets per (source, key) at the vendors' documented request rates. */
import type { RateLimitConfig, SourceName } from './types.js';

/**
 * Documented (or, where a vendor publishes none, assumed and stated) limits. LiteLLM documents no
 * admin read limit, so it has none.
 */
export const DEFAULT_RATE_LIMITS: Readonly<Record<SourceName, RateLimitConfig | false>> = {
  incidentio: { limit: 1200, periodMs: 60_000 }, // documented: 1,200 requests/minute per API key
  litellm: false, // none documented for admin reads
  claude_code: { limit: 60, periodMs: 60_000 }, // no published number; assumed 60/min
  openai: { limit: 60, periodMs: 60_000 }, // admin endpoints unpublished; assumed 60/min
  copilot: { limit: 5000, periodMs: 3_600_000 }, // GitHub REST primary limit: 5,000/hour per user token
  cursor: { limit: 20, periodMs: 60_000 }, // documented: 20 requests/minute per team
  windsurf: { limit: 60, periodMs: 60_000 }, // enforced but unpublished; assumed 60/min
  claude_enterprise: { limit: 60, periodMs: 60_000 }, // per organisation; budget 60/min
  datadog: { limit: 300, periodMs: 60_000 }, // per endpoint, account-specific; assumed 300/min
};

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until one request is allowed again (0 when allowed). */
  readonly retryAfterSeconds: number;
  /** Epoch seconds when the bucket is full again. */
  readonly resetEpochSeconds: number;
  readonly periodSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly configs: Partial<Record<SourceName, RateLimitConfig>>;
  private readonly now: () => number;

  constructor(setting: boolean | Partial<Record<SourceName, RateLimitConfig | false>> | undefined, now: () => number) {
    this.now = now;
    const configs: Partial<Record<SourceName, RateLimitConfig>> = {};
    if (setting === true) {
      for (const [source, cfg] of Object.entries(DEFAULT_RATE_LIMITS)) if (cfg) configs[source as SourceName] = cfg;
    } else if (setting && typeof setting === 'object') {
      for (const [source, cfg] of Object.entries(setting)) if (cfg) configs[source as SourceName] = cfg;
    }
    this.configs = configs;
  }

  enabled(source: SourceName): boolean {
    return this.configs[source] !== undefined;
  }

  /** Takes one token for the key; undefined when this source is not limited. */
  take(source: SourceName, key: string): RateDecision | undefined {
    const cfg = this.configs[source];
    if (!cfg) return undefined;
    const now = this.now();
    const id = `${source}\u0000${key}`;
    let b = this.buckets.get(id);
    if (!b) {
      b = { tokens: cfg.limit, updatedMs: now };
      this.buckets.set(id, b);
    }
    const rate = cfg.limit / cfg.periodMs;
    b.tokens = Math.min(cfg.limit, b.tokens + Math.max(0, now - b.updatedMs) * rate);
    b.updatedMs = now;
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    const missing = cfg.limit - b.tokens;
    return {
      allowed,
      limit: cfg.limit,
      remaining: Math.max(0, Math.floor(b.tokens)),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000)),
      resetEpochSeconds: Math.ceil((now + missing / rate) / 1000),
      periodSeconds: Math.round(cfg.periodMs / 1000),
    };
  }
}
