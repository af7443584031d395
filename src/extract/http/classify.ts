import type { HeaderReader } from './retry-after.js';

/**
 * What a response status means for the retry loop:
 * - `ok`: 2xx (or a status the request accepts as an empty answer);
 * - `rate-limited`: 429, or GitHub's 403 with `x-ratelimit-remaining: 0` / `retry-after` — retried after the hint;
 * - `server-error`: 5xx and 408 — retried with backoff;
 * - `auth`: 401/403 — never retried;
 * - `client-error`: any other 4xx — never retried.
 */
export type ResponseClass = 'ok' | 'rate-limited' | 'server-error' | 'auth' | 'client-error';

export function classifyStatus(status: number, headers: HeaderReader): ResponseClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'rate-limited';
  if (status === 403) {
    const remaining = headers.get('x-ratelimit-remaining');
    if ((remaining !== null && remaining.trim() === '0') || headers.get('retry-after') !== null) return 'rate-limited';
    return 'auth';
  }
  if (status === 401) return 'auth';
  if (status === 408 || status >= 500) return 'server-error';
  return 'client-error';
}

export function isRetryableClass(c: ResponseClass): boolean {
  return c === 'rate-limited' || c === 'server-error';
}

/** The vendor's error message from an error body (incident.io, Anthropic, OpenAI, Datadog, generic). */
export function readErrorMessage(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return typeof body === 'string' && body.trim() ? body.trim().slice(0, 300) : undefined;
  const b = body as Record<string, unknown>;
  const errors = b.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0];
    if (typeof first === 'string') return first;
    if (first && typeof first === 'object' && typeof (first as { message?: unknown }).message === 'string') {
      return (first as { message: string }).message;
    }
  }
  const err = b.error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  return undefined;
}
