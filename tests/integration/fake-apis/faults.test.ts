import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TestApis, startTestApis } from '../../helpers/fake-apis.js';

let t: TestApis;
let clock = Date.parse('2026-04-01T09:00:00Z');

beforeAll(async () => {
  t = await startTestApis({ incidentsPerDay: 8 }, { now: () => clock });
});
afterEach(() => {
  t.apis.setFaults([]);
});
afterAll(async () => {
  await t.close();
});

const incidents = (qs = 'page_size=10', workspace = 'companya', init: RequestInit = {}) =>
  fetch(`${t.apis.urls.incidentio}/v2/incidents?${qs}`, { ...init, headers: t.headers('incidentio', workspace) });

async function allIds(pageSize: number): Promise<string[]> {
  const ids: string[] = [];
  let after = '';
  for (;;) {
    const res = await incidents(`page_size=${pageSize}${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { incidents: { id: string }[]; pagination_meta: { after?: string } };
    ids.push(...body.incidents.map((i) => i.id));
    if (!body.pagination_meta.after) return ids;
    after = body.pagination_meta.after;
  }
}

describe('rate-limit faults carry each vendor’s 429 body and headers', () => {
  it('incident.io: N× too_many_requests with rate_limit.retry_after as an HTTP-date, then success', async () => {
    t.apis.setFaults([{ kind: 'rate-limit', source: 'incidentio', times: 2, retryAfterSeconds: 30 }]);
    for (let i = 0; i < 2; i++) {
      const res = await incidents();
      expect(res.status).toBe(429);
      const body = (await res.json()) as { type: string; rate_limit: { retry_after: string; remaining: number }; errors: unknown[] };
      expect(body.type).toBe('too_many_requests');
      expect(body.rate_limit.remaining).toBe(0);
      expect(Date.parse(body.rate_limit.retry_after)).toBe(clock + 30_000);
      expect(body.rate_limit.retry_after).toMatch(/UTC$/);
    }
    expect((await incidents()).status).toBe(200);
  });

  it('Anthropic: rate_limit_error with retry-after; Cursor: Retry-After 60; Datadog: X-RateLimit-*', async () => {
    t.apis.setFaults([
      { kind: 'rate-limit', source: 'claude_code', retryAfterSeconds: 7 },
      { kind: 'rate-limit', source: 'cursor' },
      { kind: 'rate-limit', source: 'datadog', retryAfterSeconds: 5 },
    ]);
    const a = await fetch(`${t.apis.urls.claude_code}/v1/organizations/usage_report/claude_code?starting_at=2026-03-20`, { headers: t.headers('claude_code') });
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('7');
    expect(await a.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
    const c = await fetch(`${t.apis.urls.cursor}/teams/members`, { headers: t.headers('cursor') });
    expect(c.status).toBe(429);
    expect(c.headers.get('retry-after')).toBe('60');
    const d = await fetch(`${t.apis.urls.datadog}/api/v1/slo`, { headers: t.headers('datadog') });
    expect(d.status).toBe(429);
    expect(d.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(d.headers.get('x-ratelimit-reset')).toBe('5');
    expect(d.headers.get('x-ratelimit-name')).toBe('slo_read');
  });

  it('GitHub: primary limit is 403 with x-ratelimit-remaining 0 and a reset time; secondary is 429 with retry-after', async () => {
    const url = `${t.apis.urls.copilot}/orgs/opp-demo/copilot/billing/seats`;
    t.apis.setFaults([{ kind: 'rate-limit', source: 'copilot', retryAfterSeconds: 120 }]);
    const primary = await fetch(url, { headers: t.headers('copilot') });
    expect(primary.status).toBe(403);
    expect(primary.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(primary.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.ceil(clock / 1000) + 120);
    t.apis.setFaults([{ kind: 'rate-limit', source: 'copilot', status: 429, retryAfterSeconds: 60 }]);
    const secondary = await fetch(url, { headers: t.headers('copilot') });
    expect(secondary.status).toBe(429);
    expect(secondary.headers.get('retry-after')).toBe('60');
  });

  it('real token buckets at the documented rate when switched on (Cursor: 20/min per team)', async () => {
    const limited = await startTestApis({}, { now: () => clock, rateLimits: { cursor: { limit: 20, periodMs: 60_000 } } });
    try {
      const hit = () => fetch(`${limited.apis.urls.cursor}/teams/members`, { headers: limited.headers('cursor') });
      for (let i = 0; i < 20; i++) expect((await hit()).status).toBe(200);
      const over = await hit();
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('60');
      clock += 3_000;
      expect((await hit()).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('server errors, timeouts, truncation and auth failures', () => {
  it('5xx bursts: HTML 503s from the edge, then success; 500 keeps the JSON envelope', async () => {
    t.apis.setFaults([{ kind: 'server-error', source: 'incidentio', times: 3 }]);
    for (let i = 0; i < 3; i++) {
      const res = await incidents();
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('text/html');
    }
    expect((await incidents()).status).toBe(200);
    t.apis.setFaults([{ kind: 'server-error', source: 'incidentio', status: 500 }]);
    const res = await incidents();
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ type: 'internal_server_error', status: 500 });
  });

  it('timeouts hang until the client gives up; hangMs answers late', async () => {
    t.apis.setFaults([{ kind: 'timeout', source: 'incidentio', route: 'incidentio.incidents' }]);
    await expect(incidents('page_size=1', 'companya', { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await incidents('page_size=1')).status).toBe(200);
    t.apis.setFaults([{ kind: 'timeout', source: 'incidentio', hangMs: 200 }]);
    const started = performance.now();
    const late = await incidents('page_size=1');
    expect(late.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(t.apis.stats()['incidentio.incidents']?.statuses['hang']).toBeGreaterThanOrEqual(2);
  });

  it('truncated bodies: short valid HTTP with invalid JSON, or a reset connection', async () => {
    t.apis.setFaults([{ kind: 'truncated', source: 'incidentio', keepFraction: 0.4 }]);
    const res = await incidents();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    t.apis.setFaults([{ kind: 'truncated', source: 'incidentio', abort: true }]);
    await expect(incidents().then((r) => r.text())).rejects.toThrow();
    expect((await incidents()).status).toBe(200);
  });

  it('auth failures use the vendor envelope (incident.io 401, GitHub 403)', async () => {
    t.apis.setFaults([
      { kind: 'auth', source: 'incidentio', after: 1 },
      { kind: 'auth', source: 'copilot', status: 403 },
    ]);
    expect((await incidents()).status).toBe(200);
    const denied = await incidents();
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ type: 'authentication_error' });
    const gh = await fetch(`${t.apis.urls.copilot}/orgs/opp-demo/copilot/metrics/reports/users-1-day?day=2026-03-20`, { headers: t.headers('copilot') });
    expect(gh.status).toBe(403);
    expect(await gh.json()).toMatchObject({ status: '403', documentation_url: expect.any(String) });
  });

  it('targets one workspace', async () => {
    t.apis.setFaults([{ kind: 'server-error', source: 'incidentio', workspace: 'companyb', times: 5 }]);
    expect((await incidents('page_size=1', 'companya')).status).toBe(200);
    expect((await incidents('page_size=1', 'companyb')).status).toBe(503);
  });
});

describe('page faults', () => {
  it('duplicate pages repeat the previous page; dedupe restores the exact set', async () => {
    const clean = await allIds(10);
    t.apis.setFaults([{ kind: 'duplicate-page', source: 'incidentio', after: 2, times: 2 }]);
    const dup = await allIds(10);
    expect(dup.length).toBe(clean.length + 20);
    expect(new Set(dup)).toEqual(new Set(clean));
  });

  it('re-ordered pages keep pagination_meta.after correct (do not rely on order)', async () => {
    const clean = await allIds(10);
    t.apis.setFaults([{ kind: 'reorder-page', source: 'incidentio', times: Number.POSITIVE_INFINITY }]);
    const reordered = await allIds(10);
    expect(reordered).not.toEqual(clean);
    expect([...reordered].sort()).toEqual([...clean].sort());
    const res = await incidents('page_size=10');
    const body = (await res.json()) as { incidents: { id: string }[]; pagination_meta: { after: string } };
    expect(body.incidents[body.incidents.length - 1]?.id).not.toBe(body.pagination_meta.after);
  });

  it('schema drift adds a field and drops an optional one', async () => {
    t.apis.setFaults([{ kind: 'schema-drift', source: 'incidentio' }]);
    const body = (await (await incidents('page_size=5')).json()) as { incidents: Record<string, unknown>[] };
    expect(body.incidents.every((i) => 'postmortem_document_url' in i && !('summary' in i))).toBe(true);
    const normal = (await (await incidents('page_size=50')).json()) as { incidents: Record<string, unknown>[] };
    expect(normal.incidents.some((i) => 'summary' in i)).toBe(true);
    expect(normal.incidents.some((i) => 'postmortem_document_url' in i)).toBe(false);
  });

  it('late updates: the data moves to the next revision in the middle of an extraction', async () => {
    t.apis.advance(0);
    const ws = t.dataset.workspace('companya');
    if (!ws) throw new Error('companya');
    t.apis.setFaults([{ kind: 'late-update', source: 'incidentio', after: 1 }]);
    expect((await incidents()).status).toBe(200);
    expect(t.apis.revision).toBe(0);
    await incidents();
    expect(t.apis.revision).toBe(1);
    t.apis.advance(0);
  });
});
