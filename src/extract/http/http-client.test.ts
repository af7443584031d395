import { describe, expect, it } from 'vitest';
import { ExtractError, clearSecrets, registerSecret } from '../../errors/index.js';
import { RequestBudget } from './budget.js';
import { createFakeClock } from './clock.js';
import { HttpClient } from './http-client.js';
import type { RetryInfo } from './http-client.js';

type Reply = Response | Error | ((init: RequestInit) => Promise<Response>);

/** A fetch that answers from a script, one reply per call. */
function scripted(replies: Reply[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    const reply = replies.shift();
    if (reply === undefined) throw new Error('script exhausted');
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(init);
    return reply;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function client(replies: Reply[], extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const clock = createFakeClock(Date.parse('2025-03-04T10:14:30Z'));
  const s = scripted(replies);
  const retries: RetryInfo[] = [];
  const http = new HttpClient({
    clock,
    fetch: s.fetch,
    random: () => 0.5,
    retry: { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, timeoutMs: 50, maxRateLimitWaitMs: 600_000 },
    onRetry: (r) => retries.push(r),
    ...extra,
  });
  return { http, clock, calls: s.calls, retries };
}

const req = { method: 'GET' as const, url: 'http://127.0.0.1:1/v2/incidents', endpoint: 'GET /v2/incidents' };

describe('HttpClient.requestJson', () => {
  it('returns the parsed body of a 200', async () => {
    const { http, calls } = client([json({ ok: 1 })]);
    const res = await http.requestJson(req);
    expect(res.body).toEqual({ ok: 1 });
    expect(res.attempts).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it("waits out incident.io's rate_limit.retry_after and Retry-After, then succeeds", async () => {
    const body429 = { type: 'too_many_requests', status: 429, rate_limit: { retry_after: 'Tue, 04 Mar 2025 10:15:00 UTC' }, errors: [{ message: 'slow down' }] };
    const { http, clock, retries } = client([json(body429, 429), json({}, 429, { 'retry-after': '7' }), json({ ok: 2 })]);
    const res = await http.requestJson(req);
    expect(res.body).toEqual({ ok: 2 });
    expect(res.attempts).toBe(3);
    expect(clock.sleeps).toEqual([30_000, 7_000]);
    expect(retries.map((r) => [r.reason, r.hint])).toEqual([
      ['rate-limited', 'body-retry-after'],
      ['rate-limited', 'retry-after'],
    ]);
    expect(http.stats).toMatchObject({ requests: 3, retries: 2, rateLimitWaits: 2, rateLimitWaitMs: 37_000 });
  });

  it('backs off with jitter on 5xx and retries truncated JSON and network errors', async () => {
    const truncated = new Response('{"incidents":[{"id"', { status: 200 });
    const { http, clock, retries } = client([json({}, 503), truncated, new TypeError('fetch failed'), json({ ok: 3 })]);
    const res = await http.requestJson(req);
    expect(res.body).toEqual({ ok: 3 });
    expect(retries.map((r) => r.reason)).toEqual(['server-error', 'truncated', 'network']);
    expect(clock.sleeps).toEqual([50, 100, 200]); // 0.5 × 100·2^(n−1)
  });

  it('retries a request that times out', async () => {
    const hang = (init: RequestInit) =>
      new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    const { http, retries } = client([hang, json({ ok: 4 })]);
    const res = await http.requestJson(req);
    expect(res.body).toEqual({ ok: 4 });
    expect(retries[0]!.reason).toBe('timeout');
  });

  it('never retries a 401, and says it is an auth problem', async () => {
    const { http, calls } = client([json({ type: 'authentication_error', errors: [{ message: 'bad key' }] }, 401), json({})]);
    const err = (await http.requestJson(req).catch((e: unknown) => e)) as ExtractError;
    expect(err).toBeInstanceOf(ExtractError);
    expect(err.code).toBe('extract/auth');
    expect(err.status).toBe(401);
    expect(err.retryable).toBe(false);
    expect(err.endpoint).toBe('GET /v2/incidents');
    expect(err.message).toContain('bad key');
    expect(calls).toHaveLength(1);
  });

  it('gives up after maxAttempts with a retryable error carrying status and attempts', async () => {
    const { http } = client([json({}, 500), json({}, 500), json({}, 500), json({}, 500), json({}, 500), json({})]);
    const err = (await http.requestJson(req).catch((e: unknown) => e)) as ExtractError;
    expect(err.code).toBe('extract/http');
    expect(err.attempts).toBe(5);
    expect(err.status).toBe(500);
    expect(err.retryable).toBe(true);
  });

  it('stops when the request budget or the retry budget is spent', async () => {
    const a = client([json({}), json({}), json({})], { budget: new RequestBudget({ maxRequests: 2, maxRetries: 10 }) });
    await a.http.requestJson(req);
    await a.http.requestJson(req);
    await expect(a.http.requestJson(req)).rejects.toThrow(/request budget exhausted/);
    const b = client([json({}, 429), json({}, 429), json({}, 429)], { budget: new RequestBudget({ maxRequests: 100, maxRetries: 2 }) });
    await expect(b.http.requestJson(req)).rejects.toThrow(/retry budget exhausted/);
    expect(b.calls).toHaveLength(3);
  });

  it('refuses to wait longer than maxRateLimitWaitMs', async () => {
    const { http, clock } = client([json({}, 429, { 'retry-after': '3600' })], {
      retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 50, maxRateLimitWaitMs: 60_000 },
    });
    await expect(http.requestJson(req)).rejects.toThrow(/rate limit resets in 3600 s/);
    expect(clock.sleeps).toEqual([]);
  });

  it('returns accepted statuses instead of throwing', async () => {
    const { http } = client([json({ message: 'Not Found' }, 404)]);
    const res = await http.requestJson(req, [404]);
    expect(res.status).toBe(404);
  });

  it('stops at once, without retrying, when the run is aborted', async () => {
    const ac = new AbortController();
    const { http, calls } = client([json({}, 503), json({})], { signal: ac.signal, onRetry: () => ac.abort(new Error('stop')) });
    const err = (await http.requestJson(req).catch((e: unknown) => e)) as ExtractError;
    expect(err.code).toBe('run/interrupted');
    expect(calls).toHaveLength(1);
  });

  it('scrubs registered secrets from error messages', async () => {
    registerSecret('sk-PLANTED-in-error');
    try {
      const { http } = client([json({ errors: [{ message: 'key sk-PLANTED-in-error is revoked' }] }, 401)]);
      const err = (await http.requestJson(req).catch((e: unknown) => e)) as Error;
      expect(err.message).not.toContain('sk-PLANTED-in-error');
      expect(err.message).toContain('****');
    } finally {
      clearSecrets();
    }
  });

  it('sends auth headers except on requests marked noAuth', async () => {
    const { http, calls } = client([json({}), json({})], { headers: { authorization: 'Bearer k' } });
    await http.requestJson(req);
    await http.requestJson({ ...req, noAuth: true });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer k');
    expect((calls[1]!.init.headers as Record<string, string>).authorization).toBeUndefined();
  });
});

describe('HttpClient.requestNdjson', () => {
  it('resumes a cut download after the lines already yielded', async () => {
    const cut = () => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"n":1}\n{"n":2}\n'));
          c.error(new TypeError('terminated'));
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    };
    const full = new Response('{"n":1}\n{"n":2}\n{"n":3}\n', { status: 200 });
    const { http, retries } = client([cut, full]);
    const seen: unknown[] = [];
    for await (const item of http.requestNdjson({ ...req, endpoint: 'GET <download>' })) seen.push(item);
    expect(seen).toEqual([{ value: { n: 1 } }, { value: { n: 2 } }, { value: { n: 3 } }]);
    expect(retries.map((r) => r.reason)).toEqual(['network']);
  });

  it('restarts a download whose last line is truncated', async () => {
    const { http } = client([new Response('{"n":1}\n{"n":', { status: 200 }), new Response('{"n":1}\n{"n":2}\n', { status: 200 })]);
    const seen: unknown[] = [];
    for await (const item of http.requestNdjson(req)) seen.push(item);
    expect(seen).toEqual([{ value: { n: 1 } }, { value: { n: 2 } }]);
  });

  it('throws on an expired link (403) without retrying it', async () => {
    const { http } = client([new Response('expired', { status: 403 })]);
    const it = http.requestNdjson(req);
    const err = (await it.next().catch((e: unknown) => e)) as ExtractError;
    expect(err.status).toBe(403);
  });
});
