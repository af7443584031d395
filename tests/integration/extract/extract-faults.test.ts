import { afterEach, describe, expect, it } from 'vitest';
import { ExtractError } from '../../../src/errors/index.js';
import { apiIncidents, expectedFirstRun } from './expected.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

async function watermarks(h: Harness, source: string): Promise<Record<string, string>> {
  const rows = await h.rows(`select partition, watermark from raw._opp_watermarks where source = '${source}'`);
  return Object.fromEntries(rows.map((r) => [String(r['partition']), String(r['watermark'])]));
}

describe('rate limits, server errors and budgets', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('survives 429 storms, 5xx bursts, truncated bodies and timeouts within the budget, honouring every wait hint', async () => {
    h = await startHarness({
      faults: [
        { kind: 'rate-limit', route: 'incidentio.incidents', workspace: 'companya', times: 6, retryAfterSeconds: 30 },
        { kind: 'server-error', source: 'incidentio', workspace: 'companyc', times: 4, status: 502 },
        { kind: 'server-error', source: 'litellm', after: 2, times: 3, status: 503 },
        { kind: 'rate-limit', source: 'claude_code', after: 3, times: 4, retryAfterSeconds: 5 },
        { kind: 'truncated', source: 'openai', times: 2 },
        { kind: 'rate-limit', route: 'copilot.users_1_day', after: 1, times: 2, status: 403, retryAfterSeconds: 20 },
        { kind: 'server-error', route: 'copilot.download', times: 2, status: 503 },
        { kind: 'rate-limit', source: 'cursor', times: 2 },
        { kind: 'timeout', route: 'windsurf.analytics', times: 1 },
        { kind: 'server-error', source: 'claude_enterprise', after: 5, times: 3, status: 529 },
        { kind: 'rate-limit', source: 'datadog', after: 10, times: 3, retryAfterSeconds: 7 },
      ],
    });
    const res = await h.run({ retry: { timeoutMs: 400, maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 30_000, maxRateLimitWaitMs: 15 * 60_000 } });
    expect(res.results.filter((r) => r.status !== 'success').map((r) => `${r.source}: ${r.message}`)).toEqual([]);

    const expected = expectedFirstRun(h.dataset, h.clock.now() - h.clock.sleeps.reduce((a, b) => a + b, 0));
    for (const [table, n] of Object.entries(expected.tools)) expect({ table, n: await h.count(table) }).toEqual({ table, n });
    for (const ws of ['companya', 'companyb', 'companyc']) expect(await h.count('incident_io__incidents', `_workspace = '${ws}'`)).toBe(apiIncidents(h.dataset, ws).size);

    const by = Object.fromEntries(res.results.map((r) => [r.source, r]));
    expect(by['incident_io.companya']!.rateLimitWaits).toBe(6);
    expect(by['incident_io.companyc']!.retries).toBe(4);
    expect(by['litellm.default']!.retries).toBe(3);
    expect(by['claude_code.default']!.rateLimitWaits).toBe(4);
    expect(by['openai.default']!.retries).toBe(2);
    expect(by['github_copilot.default']!.retries).toBe(4);
    expect(by['cursor.default']!.rateLimitWaits).toBe(2);
    expect(by['windsurf.default']!.retries).toBe(1);
    expect(by['datadog.default']!.rateLimitWaits).toBe(3);

    const retries = h.events.filter((e) => e.type === 'retry');
    const waits = (source: string) => retries.filter((e) => e.source === source).map((e) => e.delayMs);
    // incident.io's body retry_after (an HTTP-date 30 s ahead), Retry-After 5 s / 60 s, GitHub's reset, Datadog's delta.
    for (const w of waits('incident_io.companya')) expect(w).toBeGreaterThanOrEqual(29_000);
    for (const w of waits('claude_code.default')) expect(w).toBeGreaterThanOrEqual(5_000);
    for (const w of waits('cursor.default')) expect(w).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...waits('github_copilot.default'))).toBeGreaterThanOrEqual(19_000);
    for (const w of waits('datadog.default')) expect(w).toBeGreaterThanOrEqual(7_000);
    expect(retries.find((e) => e.source === 'windsurf.default')).toMatchObject({ reason: 'timeout' });
    expect(retries.filter((e) => e.source === 'openai.default').map((e) => e.reason)).toEqual(['truncated', 'truncated']);
    // 5xx waits are jittered backoff, well under the cap.
    for (const w of waits('litellm.default')) expect(w).toBeLessThan(30_000);
    // The run never really slept: all of that was the fake clock.
    expect(h.clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(300_000);
  });

  it('a workspace that exhausts its budget fails alone, keeps its watermark, and catches up later', async () => {
    h = await startHarness({ dataset: { incidentsPerDay: 6, lateUpdateRate: 0.05 } });
    expect((await h.run({ sources: ['incident_io.*', 'litellm'] })).error).toBe(0);
    const before = await watermarks(h, 'incident_io.incidents');
    expect(Object.keys(before).sort()).toEqual(['companya', 'companyb', 'companyc']);

    h.apis.advance(1);
    h.clock.advance(h.dataset.revisionStepMs);
    h.apis.setFaults([{ kind: 'rate-limit', route: 'incidentio.incidents', workspace: 'companyb', times: Infinity, retryAfterSeconds: 1 }]);
    const res = await h.run({ sources: ['incident_io.*', 'litellm'], budgets: { 'incident_io.companyb': { maxRequests: 500, maxRetries: 5 } } });
    const b = res.results.find((r) => r.source === 'incident_io.companyb')!;
    expect(b.status).toBe('error');
    expect(b.error).toBeInstanceOf(ExtractError);
    expect(b.error).toMatchObject({ code: 'extract/http', status: 429, attempts: 6, retryable: true, endpoint: 'GET /v2/incidents' });
    expect(b.error!.message).toMatch(/retry budget exhausted/);
    expect(b.retries).toBe(5);
    expect(b.streams.find((s) => s.stream === 'incident_io.incident_updates')!.status).toBe('skipped');
    expect(res.pass).toBe(3);
    expect(res.error).toBe(1);
    for (const ws of ['companya', 'companyc']) {
      expect(res.results.find((r) => r.source === `incident_io.${ws}`)!.status).toBe('success');
      expect(await h.count('incident_io__incidents', `_workspace = '${ws}'`)).toBe(apiIncidents(h.dataset, ws, 1).size);
    }
    const after = await watermarks(h, 'incident_io.incidents');
    expect(after['companyb']).toBe(before['companyb']); // unchanged by its failure
    expect(after['companya']! > before['companya']!).toBe(true); // the others moved on
    expect(after['companyc']! > before['companyc']!).toBe(true);
    const sourceEnd = h.events.filter((e) => e.type === 'source-end' && e.source === 'incident_io.companyb');
    expect(sourceEnd.at(-1)).toMatchObject({ status: 'error', error: { code: 'extract/http', status: 429, retryable: true } });

    h.apis.setFaults([]);
    const again = await h.run({ sources: ['incident_io.companyb'] });
    expect(again.results[0]!.status).toBe('success');
    const rows = await h.rows(`select id, _raw from raw.incident_io__incidents where _workspace = 'companyb'`);
    const api = apiIncidents(h.dataset, 'companyb', 1);
    expect(rows).toHaveLength(api.size);
    for (const row of rows) expect(JSON.parse(String(row['_raw']))).toEqual(api.get(String(row['id'])));
    expect((await watermarks(h, 'incident_io.incidents'))['companyb']! > before['companyb']!).toBe(true);
  });

  it('never retries an auth failure, and a source without credentials fails alone', async () => {
    h = await startHarness({ faults: [{ kind: 'auth', source: 'cursor', times: Infinity, status: 401 }] });
    const env = { ...h.env };
    delete env['DD_APP_KEY'];
    const res = await h.run({ sources: ['cursor', 'datadog', 'openai'], env });
    const cursor = res.results.find((r) => r.source === 'cursor.default')!;
    expect(cursor.error).toMatchObject({ code: 'extract/auth', status: 401, attempts: 1, retryable: false });
    expect(cursor.requests).toBe(1);
    expect(cursor.streams.map((s) => s.status)).toEqual(['error', 'skipped']);
    const dd = res.results.find((r) => r.source === 'datadog.default')!;
    expect(dd.error).toMatchObject({ code: 'extract/config' });
    expect(dd.error!.message).toContain('DD_APP_KEY');
    expect(dd.requests).toBe(0);
    expect(res.results.find((r) => r.source === 'openai.default')!.status).toBe('success');
  });
});
