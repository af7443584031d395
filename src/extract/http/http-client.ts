import { ExtractError, scrubSecrets } from '../../errors/index.js';
import type { ErrorCode } from '../../errors/index.js';
import { computeBackoffDelay } from './backoff.js';
import type { BackoffPolicy } from './backoff.js';
import { RequestBudget } from './budget.js';
import { decodeUtf8 } from './decode-utf8.js';
import { classifyStatus, isRetryableClass, readErrorMessage } from './classify.js';
import type { Clock } from './clock.js';
import { parseNdjson, TruncatedStreamError } from './ndjson.js';
import type { NdjsonItem } from './ndjson.js';
import { readRateLimitHint } from './retry-after.js';
import type { RateLimitHint, RateLimitResetMode } from './retry-after.js';

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
  /** Whole-request timeout for JSON calls; idle timeout between chunks for downloads. */
  readonly timeoutMs: number;
  /** A rate-limit hint longer than this fails the request instead of waiting. */
  readonly maxRateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  timeoutMs: 60_000,
  maxRateLimitWaitMs: 15 * 60_000,
};

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-encoded into the body (POST). */
  readonly body?: unknown;
  /** Label for errors and events, e.g. `GET /v2/incidents` — no query string, no credentials. */
  readonly endpoint: string;
  /** Send no auth headers (pre-signed download links). */
  readonly noAuth?: boolean;
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  /** The text `body` was parsed from (absent when the status was accepted without a body). */
  readonly text?: string;
  readonly attempts: number;
}

/** Counters shared by every request of one source instance. */
export interface HttpStats {
  requests: number;
  retries: number;
  rateLimitWaits: number;
  rateLimitWaitMs: number;
  bytes: number;
}

export function createHttpStats(): HttpStats {
  return { requests: 0, retries: 0, rateLimitWaits: 0, rateLimitWaitMs: 0, bytes: 0 };
}

export type RetryReason = 'rate-limited' | 'server-error' | 'timeout' | 'network' | 'truncated';

export interface RetryInfo {
  readonly endpoint: string;
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly status?: number;
  readonly reason: RetryReason;
  readonly delayMs: number;
  readonly hint?: RateLimitHint['from'];
}

export interface HttpClientOptions {
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
  readonly budget?: RequestBudget;
  readonly stats?: HttpStats;
  /** The run's signal: aborting stops waits and requests at once, with no retry. */
  readonly signal?: AbortSignal;
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  readonly resetMode?: RateLimitResetMode;
  readonly onRetry?: (info: RetryInfo) => void;
  /** Extra headers on every request (auth), never logged. */
  readonly headers?: Readonly<Record<string, string>>;
}

type Attempt<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'retry'; readonly reason: RetryReason; readonly status?: number; readonly hint?: RateLimitHint; readonly detail: string; readonly cause?: unknown };

/** Thrown by consumers to ask for another attempt (a body that is not valid JSON, a cut download). */
class RetryableBodyError extends Error {
  constructor(
    readonly reason: RetryReason,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The request wrapper on global `fetch`: timeouts (AbortSignal), exponential backoff with full
 * jitter, rate-limit hints honoured, a request budget, and errors that carry endpoint, status,
 * attempts and retryability. Retries only 429, 5xx/408, network errors, timeouts and truncated bodies.
 */
export class HttpClient {
  readonly clock: Clock;
  readonly policy: RetryPolicy;
  readonly budget: RequestBudget;
  readonly stats: HttpStats;
  private readonly opts: HttpClientOptions;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: HttpClientOptions) {
    this.opts = opts;
    this.clock = opts.clock;
    this.policy = opts.retry ?? DEFAULT_RETRY_POLICY;
    this.budget = opts.budget ?? new RequestBudget();
    this.stats = opts.stats ?? createHttpStats();
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** One JSON call, retried as needed. Statuses in `accept` (e.g. 404) come back instead of throwing. */
  async requestJson(req: HttpRequest, accept: readonly number[] = []): Promise<JsonResponse> {
    let last: { status: number; headers: Headers; text?: string } = { status: 0, headers: new Headers() };
    const { value, attempts } = await this.withRetries(req, async (res, signal) => {
      last = { status: res.status, headers: res.headers };
      const text = await readText(res, signal);
      this.stats.bytes += text.length;
      if (accept.includes(res.status) && !(res.status >= 200 && res.status < 300)) return undefined;
      if (text.trim() === '') return null;
      try {
        const parsed = JSON.parse(text) as unknown;
        last.text = text;
        return parsed;
      } catch {
        throw new RetryableBodyError('truncated', `the response of ${req.endpoint} is not complete JSON (${text.length} bytes)`);
      }
    }, accept);
    return { status: last.status, headers: last.headers, body: value, ...(last.text !== undefined ? { text: last.text } : {}), attempts };
  }

  /**
   * Streams an NDJSON download line by line. A download cut short (network error, idle timeout, a
   * truncated last line) is retried from the start, skipping the items already yielded, so the
   * caller sees each line once. Statuses that are not 2xx throw (an expired signed link gives 403/404).
   */
  async *requestNdjson(req: HttpRequest): AsyncGenerator<NdjsonItem> {
    let yielded = 0;
    let restarts = 0;
    for (;;) {
      const { value: res } = await this.withRetries(req, async (r) => r, [], true);
      let seen = 0;
      try {
        for await (const item of parseNdjson(this.bodyChunks(res))) {
          seen++;
          if (seen <= yielded) continue;
          yielded++;
          yield item;
        }
        return;
      } catch (err) {
        this.throwIfAborted();
        const reason: RetryReason = err instanceof TruncatedStreamError ? 'truncated' : isTimeout(err) ? 'timeout' : 'network';
        restarts++;
        await this.waitBeforeRetry(req, restarts, { kind: 'retry', reason, detail: messageOf(err), cause: err });
      }
    }
  }

  private async *bodyChunks(res: Response): AsyncGenerator<Uint8Array> {
    if (!res.body) return;
    const reader = res.body.getReader();
    const idle = this.policy.timeoutMs;
    try {
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new DOMException('download idle timeout', 'TimeoutError')), idle);
        });
        try {
          const { done, value } = await Promise.race([reader.read(), timeout]);
          if (done) return;
          this.stats.bytes += value.byteLength;
          yield value;
        } finally {
          clearTimeout(timer);
        }
        this.throwIfAborted();
      }
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }

  /**
   * The retry loop. `consume` reads the response body of an accepted status; it may throw
   * `RetryableBodyError` to ask for another attempt.
   */
  private async withRetries<T>(
    req: HttpRequest,
    consume: (res: Response, signal: AbortSignal) => Promise<T>,
    accept: readonly number[],
    streaming = false,
  ): Promise<{ value: T; attempts: number }> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attemptOnce(req, attempt, consume, accept, streaming);
      if (outcome.kind === 'ok') return { value: outcome.value, attempts: attempt };
      await this.waitBeforeRetry(req, attempt, outcome);
    }
  }

  private async attemptOnce<T>(
    req: HttpRequest,
    attempt: number,
    consume: (res: Response, signal: AbortSignal) => Promise<T>,
    accept: readonly number[],
    streaming: boolean,
  ): Promise<Attempt<T>> {
    this.throwIfAborted();
    if (!this.budget.takeRequest()) {
      throw this.error('extract/http', `request budget exhausted: ${this.budget.requests} requests made (max ${this.budget.limits.maxRequests})`, req, {
        attempts: attempt - 1,
        retryable: true,
        hint: 'raise the source budget or run the source again later; its watermark did not move',
      });
    }
    this.stats.requests++;
    const controller = new AbortController();
    const timer = streaming ? undefined : setTimeout(() => controller.abort(new DOMException('request timed out', 'TimeoutError')), this.policy.timeoutMs);
    const onRunAbort = (): void => controller.abort(this.opts.signal?.reason);
    this.opts.signal?.addEventListener('abort', onRunAbort, { once: true });
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...(req.noAuth ? {} : this.opts.headers), ...req.headers };
      let body: string | undefined;
      if (req.body !== undefined) {
        body = JSON.stringify(req.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await this.fetchImpl(req.url, { method: req.method, headers, body, signal: controller.signal, redirect: 'follow' });
      const cls = classifyStatus(res.status, res.headers);
      if (cls === 'ok' || accept.includes(res.status)) {
        return { kind: 'ok', value: await consume(res, controller.signal) };
      }
      const text = await readText(res, controller.signal).catch(() => '');
      let errBody: unknown = text;
      try {
        errBody = JSON.parse(text) as unknown;
      } catch {
        /* keep the text */
      }
      const vendor = readErrorMessage(errBody);
      const detail = `HTTP ${res.status}${vendor ? `: ${vendor}` : ''}`;
      if (isRetryableClass(cls)) {
        const hint = readRateLimitHint(res.status, res.headers, errBody, this.clock.now(), this.opts.resetMode);
        return { kind: 'retry', reason: cls === 'rate-limited' ? 'rate-limited' : 'server-error', status: res.status, detail, ...(hint ? { hint } : {}) };
      }
      const code: ErrorCode = cls === 'auth' ? 'extract/auth' : 'extract/http';
      throw this.error(code, `${req.endpoint} failed with ${detail}`, req, {
        status: res.status,
        attempts: attempt,
        retryable: false,
        hint: cls === 'auth' ? 'check the API key in the environment variable this source reads and its scopes' : 'check the request parameters this source sends',
      });
    } catch (err) {
      if (err instanceof ExtractError) throw err;
      this.throwIfAborted();
      if (err instanceof RetryableBodyError) return { kind: 'retry', reason: err.reason, detail: err.message, cause: err };
      if (isTimeout(err)) return { kind: 'retry', reason: 'timeout', detail: `timed out after ${this.policy.timeoutMs} ms`, cause: err };
      return { kind: 'retry', reason: 'network', detail: `network error: ${messageOf(err)}`, cause: err };
    } finally {
      if (timer) clearTimeout(timer);
      this.opts.signal?.removeEventListener('abort', onRunAbort);
    }
  }

  private async waitBeforeRetry(req: HttpRequest, attempt: number, outcome: Exclude<Attempt<unknown>, { kind: 'ok' }>): Promise<void> {
    const status = outcome.status;
    const fail = (why: string): never => {
      throw this.error('extract/http', `${req.endpoint} failed after ${attempt} attempt${attempt === 1 ? '' : 's'} (${outcome.detail}); ${why}`, req, {
        ...(status !== undefined ? { status } : {}),
        attempts: attempt,
        retryable: true,
        cause: outcome.cause,
        hint: 'the API kept failing; run the source again later — its watermark did not move',
      });
    };
    if (attempt >= this.policy.maxAttempts) fail(`gave up after ${this.policy.maxAttempts} attempts`);
    if (!this.budget.takeRetry()) fail(`retry budget exhausted (${this.budget.limits.maxRetries} retries)`);
    const backoff = computeBackoffDelay(attempt, this.policy, this.opts.random);
    let delay = backoff;
    if (outcome.hint) {
      if (outcome.hint.waitMs > this.policy.maxRateLimitWaitMs) {
        fail(`the rate limit resets in ${Math.ceil(outcome.hint.waitMs / 1000)} s, beyond the ${Math.ceil(this.policy.maxRateLimitWaitMs / 1000)} s this source may wait`);
      }
      delay = outcome.hint.waitMs;
    }
    this.stats.retries++;
    if (outcome.reason === 'rate-limited') {
      this.stats.rateLimitWaits++;
      this.stats.rateLimitWaitMs += delay;
    }
    this.opts.onRetry?.({
      endpoint: req.endpoint,
      attempt,
      ...(status !== undefined ? { status } : {}),
      reason: outcome.reason,
      delayMs: delay,
      ...(outcome.hint ? { hint: outcome.hint.from } : {}),
    });
    try {
      await this.clock.sleep(delay, this.opts.signal);
    } catch {
      this.throwIfAborted();
    }
  }

  /** Throws `run/interrupted` when the run's signal has aborted. */
  throwIfAborted(): void {
    if (this.opts.signal?.aborted) {
      throw new ExtractError('run/interrupted', 'the extract was interrupted', { retryable: true, cause: this.opts.signal.reason });
    }
  }

  error(
    code: ErrorCode,
    message: string,
    req: HttpRequest,
    extra: { status?: number; attempts?: number; retryable: boolean; hint?: string; cause?: unknown },
  ): ExtractError {
    return new ExtractError(code, scrubSecrets(message), {
      endpoint: req.endpoint,
      ...(extra.status !== undefined ? { status: extra.status } : {}),
      ...(extra.attempts !== undefined ? { attempts: extra.attempts } : {}),
      retryable: extra.retryable,
      ...(extra.hint ? { hint: extra.hint } : {}),
      ...(extra.cause !== undefined ? { cause: extra.cause } : {}),
    });
  }
}

async function readText(res: Response, signal: AbortSignal): Promise<string> {
  if (signal.aborted) throw signal.reason;
  return decodeUtf8(new Uint8Array(await res.arrayBuffer()));
}

function isTimeout(err: unknown): boolean {
  if (err instanceof DOMException) return err.name === 'TimeoutError';
  if (err instanceof Error && err.cause instanceof DOMException) return err.cause.name === 'TimeoutError';
  return false;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return err.message + cause;
  }
  return String(err);
}
