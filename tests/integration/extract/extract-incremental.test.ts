import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiIncidents } from './expected.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const SOURCES = ['incident_io.*', 'claude_code', 'litellm', 'cursor', 'datadog'];

/** Late updates, the re-pull window, --since and --full-refresh. */
describe('incremental extract', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ dataset: { incidentsPerDay: 6, lateUpdateRate: 0.05 } });
    const first = await h.run({ sources: SOURCES });
    expect(first.error).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('picks up late updates through the re-pull window and ends equal to the API', async () => {
    const wmBefore = await h.rows(`select partition, watermark from raw._opp_watermarks where source = 'incident_io.incidents' order by 1`);
    // The world moves a day on: open incidents progress, some old ones are edited, recent usage is revised.
    h.apis.advance(1);
    h.clock.advance(h.dataset.revisionStepMs);
    const res = await h.run({ sources: SOURCES });
    expect(res.error).toBe(0);

    for (const ws of ['companya', 'companyb', 'companyc']) {
      const api = apiIncidents(h.dataset, ws, 1);
      const rows = await h.rows(`select id, _raw from raw.incident_io__incidents where _workspace = '${ws}'`);
      expect(rows).toHaveLength(api.size);
      for (const row of rows) expect(JSON.parse(String(row['_raw']))).toEqual(api.get(String(row['id'])));
      const wsObj = h.dataset.workspace(ws)!;
      let updates = 0;
      for (let i = 0; i < wsObj.count; i++) updates += wsObj.updates(i, 1).length;
      expect({ ws, updates: await h.count('incident_io__incident_updates', `_workspace = '${ws}'`) }).toEqual({ ws, updates });
    }
    const inc = res.results.find((r) => r.source === 'incident_io.companya')!.streams.find((s) => s.stream === 'incident_io.incidents')!;
    expect(inc.mode).toBe('incremental');
    const wmA = String(wmBefore.find((r) => r['partition'] === 'companya')!['watermark']);
    expect(inc.from).toBe(new Date(Date.parse(wmA) - 86_400_000).toISOString().slice(0, 10));
    // Only the changed incidents were rewritten; everything else in the window was unchanged.
    expect(inc.recordsLoaded - inc.recordsUnchanged).toBeGreaterThan(0);
    expect(inc.recordsLoaded).toBeLessThan(apiIncidents(h.dataset, 'companya', 1).size);

    // Claude Code's last days were revised upwards: RAW carries the revised numbers.
    const ds = h.dataset;
    let sessions = 0;
    for (let d = Math.max(0, ds.days - 30); d < ds.days; d++) {
      for (const r of ds.usage.claudeCode.records(d, 1)) sessions += Number((r as unknown as { core_metrics: { num_sessions: number } }).core_metrics.num_sessions);
    }
    const first = ds.day(Math.max(0, ds.days - 30));
    const raw = await h.rows(`select sum(num_sessions) as s from raw.claude_code__usage_report where date >= '${first}'`);
    expect(Number(raw[0]!['s'])).toBe(sessions);

    // Watermarks moved forward, never backwards.
    const wmAfter = await h.rows(`select partition, watermark from raw._opp_watermarks where source = 'incident_io.incidents' order by 1`);
    for (const r of wmAfter) {
      const before = String(wmBefore.find((b) => b['partition'] === r['partition'])!['watermark']);
      expect(String(r['watermark']) >= before).toBe(true);
    }
  });

  it('--since overrides the start and --full-refresh re-pulls everything, still idempotently', async () => {
    const counts = async () => ({
      incidents: await h.count('incident_io__incidents'),
      claude: await h.count('claude_code__usage_report'),
      history: await h.count('datadog__slo_history'),
    });
    const before = await counts();
    const since = await h.run({ sources: ['claude_code'], since: h.dataset.day(5) });
    const stream = since.results[0]!.streams[0]!;
    expect(stream.mode).toBe('since');
    expect(stream.from).toBe(h.dataset.day(5));
    expect(stream.pages).toBeGreaterThan(25);
    const actorDays = new Set<string>();
    for (let d = 5; d < h.dataset.days; d++) {
      for (const r of h.dataset.usage.claudeCode.records(d, 1) as unknown as { date: string; actor: Record<string, string> }[]) {
        actorDays.add(`${r.date}|${r.actor['email_address'] ?? r.actor['api_key_name']}`);
      }
    }
    expect(stream.recordsLoaded).toBe(actorDays.size);
    expect(await h.count('claude_code__usage_report', `date >= '${h.dataset.day(5)}'`)).toBe(actorDays.size);

    const full = await h.run({ sources: ['incident_io.companyc', 'datadog'], fullRefresh: true });
    expect(full.error).toBe(0);
    const inc = full.results[0]!.streams.find((s) => s.stream === 'incident_io.incidents')!;
    expect(inc.mode).toBe('full');
    expect(inc.from).toBeUndefined();
    expect(inc.recordsLoaded).toBe(apiIncidents(h.dataset, 'companyc', 1).size);
    expect(inc.recordsUnchanged).toBe(inc.recordsLoaded);
    const after = await counts();
    expect(after.incidents).toBe(before.incidents);
    expect(after.history).toBe(before.history);
    // --since pulled older Claude Code days the initial 30-day window never asked for.
    expect(after.claude).toBeGreaterThan(before.claude);
  });
});
