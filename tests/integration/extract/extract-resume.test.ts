import { afterEach, describe, expect, it } from 'vitest';
import type { ExtractEvent } from '../../../src/extract/index.js';
import { apiIncidents, expectedFirstRun } from './expected.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

async function watermark(h: Harness, source: string, partition: string): Promise<string | undefined> {
  const rows = await h.rows(`select watermark from raw._opp_watermarks where source = '${source}' and partition = '${partition}'`);
  return rows[0] ? String(rows[0]['watermark']) : undefined;
}

/** Aborts the run when `match` sees its event. */
function abortOn(match: (e: ExtractEvent) => boolean): { signal: AbortSignal; onEvent: (e: ExtractEvent) => void } {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    onEvent: (e) => {
      if (!controller.signal.aborted && match(e)) controller.abort(new Error('killed by the test'));
    },
  };
}

async function assertExactIncidents(h: Harness, ws: string, revision: number): Promise<void> {
  const api = apiIncidents(h.dataset, ws, revision);
  const rows = await h.rows(`select id, _raw from raw.incident_io__incidents where _workspace = '${ws}'`);
  expect(rows).toHaveLength(api.size); // none doubled
  for (const row of rows) expect(JSON.parse(String(row['_raw']))).toEqual(api.get(String(row['id']))); // none lost, none stale
}

/** Runs killed mid-stream, then resumed: exactly the API's records, watermark never ahead of the data. */
describe('kill and resume', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('an incident extract killed after some batches merged resumes to exactly the API records', async () => {
    h = await startHarness({ dataset: { incidentsPerDay: 30 } });
    const kill = abortOn((e) => e.type === 'page' && e.stream === 'incident_io.incidents' && e.page === 2);
    const killed = await h.run({ sources: ['incident_io.companya'], batchSize: 100, ...kill });
    const result = killed.results[0]!;
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('run/interrupted');
    const inc = result.streams.find((s) => s.stream === 'incident_io.incidents')!;
    expect(inc.status).toBe('error');
    expect(inc.recordsLoaded).toBeGreaterThanOrEqual(200); // batches of page 1 were merged before the kill
    expect(inc.recordsLoaded).toBeLessThan(500);
    expect(await h.count('incident_io__incidents')).toBe(inc.recordsLoaded);
    expect(await watermark(h, 'incident_io.incidents', 'companya')).toBeUndefined(); // never ahead of loaded data
    expect(result.streams.find((s) => s.stream === 'incident_io.incident_updates')!.status).toBe('skipped');

    const resumed = await h.run({ sources: ['incident_io.companya'], batchSize: 100 });
    expect(resumed.results[0]!.status).toBe('success');
    await assertExactIncidents(h, 'companya', 0);
    const updates = expectedFirstRun(h.dataset, h.clock.now()).workspaces['companya']!['incident_io__incident_updates'];
    expect(await h.count('incident_io__incident_updates')).toBe(updates);
    expect(await watermark(h, 'incident_io.incidents', 'companya')).toBeDefined();
  });

  it('a day-at-a-time extract killed mid-way keeps its watermark at the last complete day', async () => {
    h = await startHarness();
    const kill = abortOn((e) => e.type === 'page' && e.stream === 'claude_code.usage' && e.page === 12);
    const killed = await h.run({ sources: ['claude_code'], batchSize: 5, ...kill });
    expect(killed.results[0]!.error?.code).toBe('run/interrupted');
    const wm = await watermark(h, 'claude_code.usage', 'default');
    expect(wm).toBeDefined();
    // Every day up to the watermark is complete in RAW; the watermark is not past the killed day.
    const ds = h.dataset;
    const start = Math.max(0, Math.round((h.clock.now() - 30 * 86_400_000 - ds.startMs) / 86_400_000));
    const wmIndex = ds.dayIndex(wm!);
    expect(wmIndex).toBeGreaterThanOrEqual(start);
    expect(wmIndex).toBeLessThan(start + 12);
    for (let d = start; d <= wmIndex; d++) {
      const actors = new Set((ds.usage.claudeCode.records(d) as unknown as { actor: Record<string, string> }[]).map((r) => r.actor['email_address'] ?? r.actor['api_key_name']));
      expect({ day: ds.day(d), n: await h.count('claude_code__usage_report', `date = '${ds.day(d)}'`) }).toEqual({ day: ds.day(d), n: actors.size });
    }

    const resumed = await h.run({ sources: ['claude_code'], batchSize: 5 });
    expect(resumed.results[0]!.status).toBe('success');
    const stream = resumed.results[0]!.streams[0]!;
    expect(stream.mode).toBe('incremental');
    expect(stream.from! <= wm!).toBe(true);
    const expected = expectedFirstRun(ds, h.clock.now()).tools['claude_code__usage_report'];
    expect(await h.count('claude_code__usage_report')).toBe(expected);
    expect(Number((await h.rows(`select count(distinct _key) as n from raw.claude_code__usage_report`))[0]!['n'])).toBe(expected);
  });

  it('a kill during an incremental run leaves the previous watermark, and the resume catches every late update', async () => {
    h = await startHarness({ dataset: { incidentsPerDay: 12, lateUpdateRate: 0.05 } });
    expect((await h.run({ sources: ['incident_io.companyb'] })).error).toBe(0);
    const before = await watermark(h, 'incident_io.incidents', 'companyb');
    h.apis.advance(1);
    h.clock.advance(h.dataset.revisionStepMs);
    // Kill while the fan-out of changed incidents' updates is running: incidents are merged, but
    // their watermark waits for the updates, so it must not move.
    const kill = abortOn((e) => e.type === 'page' && e.stream === 'incident_io.incident_updates' && e.page === 2);
    const killed = await h.run({ sources: ['incident_io.companyb'], batchSize: 20, ...kill });
    expect(killed.results[0]!.error?.code).toBe('run/interrupted');
    expect(await watermark(h, 'incident_io.incidents', 'companyb')).toBe(before);

    const resumed = await h.run({ sources: ['incident_io.companyb'] });
    expect(resumed.results[0]!.status).toBe('success');
    await assertExactIncidents(h, 'companyb', 1);
    const ws = h.dataset.workspace('companyb')!;
    let updates = 0;
    for (let i = 0; i < ws.count; i++) updates += ws.updates(i, 1).length;
    expect(await h.count('incident_io__incident_updates')).toBe(updates);
    expect((await watermark(h, 'incident_io.incidents', 'companyb'))! > before!).toBe(true);
  });

  it('a fault that breaks the stream mid-way fails the source alone; the re-run completes it', async () => {
    // After the first incidents page, every page of companya is cut mid-body until the retries run out.
    h = await startHarness({
      dataset: { incidentsPerDay: 12 },
      faults: [{ kind: 'truncated', route: 'incidentio.incidents', workspace: 'companya', after: 1, times: Infinity, abort: true }],
    });
    const res = await h.run({ sources: ['incident_io.companya', 'incident_io.companyc'], batchSize: 50, budgets: { incident_io: { maxRequests: 1000, maxRetries: 4 } } });
    const a = res.results[0]!;
    expect(a.status).toBe('error');
    expect(a.error?.code).toBe('extract/http');
    expect(a.error).toMatchObject({ retryable: true, endpoint: 'GET /v2/incidents' });
    expect(a.retries).toBe(4);
    expect(await h.count('incident_io__incidents', `_workspace = 'companya'`)).toBe(250); // page 1 merged
    expect(await watermark(h, 'incident_io.incidents', 'companya')).toBeUndefined();
    expect(res.results[1]!.status).toBe('success');
    await assertExactIncidents(h, 'companyc', 0);

    h.apis.setFaults([]);
    const again = await h.run({ sources: ['incident_io.companya'] });
    expect(again.results[0]!.status).toBe('success');
    await assertExactIncidents(h, 'companya', 0);
  });
});
