/** Public types of the fake vendor API servers. */
import type { Dataset } from '../generator/index.js';

export type SourceName =
  | 'incidentio'
  | 'litellm'
  | 'claude_code'
  | 'openai'
  | 'copilot'
  | 'cursor'
  | 'windsurf'
  | 'claude_enterprise'
  | 'datadog';

export const SOURCE_NAMES: readonly SourceName[] = [
  'incidentio',
  'litellm',
  'claude_code',
  'openai',
  'copilot',
  'cursor',
  'windsurf',
  'claude_enterprise',
  'datadog',
];

export type FaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'timeout'
  | 'truncated'
  | 'duplicate-page'
  | 'reorder-page'
  | 'auth'
  | 'late-update'
  | 'schema-drift';

/**
 * One injected fault. A rule matches requests by source/route/workspace; it lets the first `after`
 * matching requests through, then affects the next `times` of them (default 1; Infinity = all).
 */
export interface FaultRule {
  readonly kind: FaultKind;
  /** Source the rule applies to (default: every source). */
  readonly source?: SourceName;
  /** Route id (e.g. `incidentio.incidents`) or a prefix ending in `*` (e.g. `copilot.*`). */
  readonly route?: string;
  /** incident.io workspace name (the key's workspace). */
  readonly workspace?: string;
  readonly after?: number;
  readonly times?: number;
  /** server-error: 500/502/503/504/529 (default 503); auth: 401 or 403 (default 401); rate-limit: 429, or 403 for GitHub's primary limit. */
  readonly status?: number;
  /** rate-limit: seconds announced in Retry-After / retry_after / x-ratelimit-reset (default 1). */
  readonly retryAfterSeconds?: number;
  /** timeout: answer normally after this many ms (default: never answer; the client must give up). */
  readonly hangMs?: number;
  /** late-update: revision to move to when the rule fires (default: current + 1). */
  readonly revision?: number;
  /** truncated: fraction of the body that is sent (default 0.5). */
  readonly keepFraction?: number;
  /** truncated: reset the connection mid-body instead of ending a short body cleanly. */
  readonly abort?: boolean;
}

export type FaultPlan = readonly FaultRule[];

export interface RateLimitConfig {
  /** Requests allowed per period (bucket capacity). */
  readonly limit: number;
  readonly periodMs: number;
}

export interface FakeApisOptions {
  readonly dataset: Dataset;
  readonly faults?: FaultPlan;
  readonly host?: '127.0.0.1';
  /** Switch on per-key token buckets at the vendors' documented rates (true), or per source. */
  readonly rateLimits?: boolean | Partial<Record<SourceName, RateLimitConfig | false>>;
  /** Clock for rate limits, signed-URL expiry and retry-after dates (default Date.now). */
  readonly now?: () => number;
  /** Lifetime of Copilot signed download URLs (default 300 s). */
  readonly copilotLinkTtlSeconds?: number;
  /** NDJSON lines per Copilot report file (several files per day above this; default 5000). */
  readonly copilotLinesPerFile?: number;
  /** Starting revision (late updates); default 0. */
  readonly revision?: number;
}

/** Credentials the extractors must send, per source. */
export interface FakeApiKeys {
  /** Bearer API key per workspace. */
  readonly incidentio: Readonly<Record<string, string>>;
  /** Bearer master key (admin); userKey is an internal user's virtual key (scoped to userKeyUserId). */
  readonly litellm: { readonly masterKey: string; readonly userKey: string; readonly userKeyUserId: string };
  /** `x-api-key` Admin key plus `anthropic-version`. */
  readonly claude_code: { readonly adminKey: string; readonly anthropicVersion: string };
  /** Bearer Admin key. */
  readonly openai: { readonly adminKey: string };
  /** Bearer token plus the org/enterprise slugs and X-GitHub-Api-Version. */
  readonly copilot: { readonly token: string; readonly org: string; readonly enterprise: string; readonly apiVersion: string };
  /** Basic auth: apiKey as user name, empty password. */
  readonly cursor: { readonly apiKey: string };
  /** `service_key` in the JSON body. */
  readonly windsurf: { readonly serviceKey: string };
  /** `x-api-key` Analytics key (read:analytics), distinct from the Admin key. */
  readonly claude_enterprise: { readonly analyticsKey: string; readonly anthropicVersion: string };
  /** `DD-API-KEY` and `DD-APPLICATION-KEY` headers. */
  readonly datadog: { readonly apiKey: string; readonly applicationKey: string };
}

export interface RouteStats {
  requests: number;
  /** Response count per HTTP status (`"200"`, `"429"`; `"hang"` for timeouts never answered). */
  statuses: Record<string, number>;
}

export interface FakeApis {
  /** Base URL per source (claude_code and claude_enterprise share the Anthropic server). */
  readonly urls: Readonly<Record<SourceName, string>>;
  readonly keys: FakeApiKeys;
  /** Requests per route id. */
  stats(): Record<string, RouteStats>;
  resetStats(): void;
  /** Replaces the fault plan (counters restart). */
  setFaults(plan: FaultPlan): void;
  /** Moves the data to a revision: later updates become visible (≥ 0). */
  advance(revision: number): void;
  readonly revision: number;
  close(): Promise<void>;
}
