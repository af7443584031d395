import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractResults } from '../../../src/extract/index.js';
import { apiIncidents, expectedFirstRun } from './expected.js';
import { startHarness, tableContents } from './helpers.js';
import type { Harness } from './helpers.js';

/** Every source against the fake servers into a real DuckDB file: exact counts, then an idempotent re-run. */
describe('extract every source', () => {
  let h: Harness;
  let first: ExtractResults;

  beforeAll(async () => {
    // 12 incidents/day in companya: more than one 250-record page per workspace.
    h = await startHarness({ dataset: { incidentsPerDay: 12 } });
    first = await h.run();
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  });

  it('succeeds for every instance, with no rejects and no drift', async () => {
    expect(first.results.map((r) => [r.source, r.status])).toEqual([
      ['incident_io.companya', 'success'],
      ['incident_io.companyb', 'success'],
      ['incident_io.companyc', 'success'],
      ['litellm.default', 'success'],
      ['claude_code.default', 'success'],
      ['openai.default', 'success'],
      ['github_copilot.default', 'success'],
      ['cursor.default', 'success'],
      ['windsurf.default', 'success'],
      ['claude_enterprise.default', 'success'],
      ['datadog.default', 'success'],
    ]);
    expect(first.pass).toBe(11);
    expect(first.error).toBe(0);
    expect(await h.count('_rejects')).toBe(0);
    expect(h.events.filter((e) => e.type === 'drift')).toEqual([]);
  });

  it('loads exactly the records each API serves, per workspace and per tool', async () => {
    const expected = expectedFirstRun(h.dataset, h.clock.now());
    for (const [ws, tables] of Object.entries(expected.workspaces)) {
      for (const [table, n] of Object.entries(tables)) {
        expect({ ws, table, n: await h.count(table, `_workspace = '${ws}'`) }).toEqual({ ws, table, n });
      }
    }
    for (const [table, n] of Object.entries(expected.tools)) {
      expect({ table, n: await h.count(table) }).toEqual({ table, n });
    }
    // More than one page per workspace, so the cursor was followed to the end.
    const incidents = first.results[0]!.streams.find((s) => s.stream === 'incident_io.incidents')!;
    expect(incidents.pages).toBeGreaterThan(1);
    expect(incidents.recordsLoaded).toBe(expected.workspaces['companya']!['incident_io__incidents']);
  });

  it('keeps each incident as received, with typed columns beside it', async () => {
    const api = apiIncidents(h.dataset, 'companyb');
    const rows = await h.rows(
      `select id, _key, _source, _workspace, updated_at, status_category, severity_rank, _raw from raw.incident_io__incidents where _workspace = 'companyb'`,
    );
    expect(rows).toHaveLength(api.size);
    for (const row of rows) {
      const rec = api.get(String(row['id']))!;
      expect(JSON.parse(String(row['_raw']))).toEqual(rec);
      expect(row['_key']).toBe(JSON.stringify([rec['id']]));
      expect(row['_source']).toBe('incident_io');
      expect(Date.parse(String(row['updated_at']))).toBe(Date.parse(String(rec['updated_at'])));
      expect(row['status_category']).toBe((rec['incident_status'] as Record<string, unknown>)['category']);
    }
    // Test and tutorial incidents are requested explicitly (the API hides them by default).
    const hidden = [...api.values()].filter((r) => r['mode'] === 'test' || r['mode'] === 'tutorial').length;
    expect(hidden).toBeGreaterThan(0);
    expect(await h.count('incident_io__incidents', `_workspace = 'companyb' and mode in ('test', 'tutorial')`)).toBe(hidden);
  });

  it('sums LiteLLM pages per date and keeps Windsurf numeric strings as numbers', async () => {
    const ds = h.dataset;
    const totals = await h.rows(`select sum(total_tokens) as t, sum(api_requests) as r from raw.litellm__user_daily_activity`);
    const start = Math.round((h.clock.now() - 30 * 86_400_000 - ds.startMs) / 86_400_000);
    let tokens = 0;
    let requests = 0;
    for (let d = Math.max(0, start); d < ds.days; d++) {
      for (const r of ds.usage.litellm.rows(d)) {
        tokens += r.total_tokens;
        requests += r.api_requests;
      }
    }
    expect(Number(totals[0]!['t'])).toBe(tokens);
    expect(Number(totals[0]!['r'])).toBe(requests);
    const ws = await h.rows(`select typeof(num_acceptances) as t, sum(num_acceptances) as s from raw.windsurf__autocomplete group by 1`);
    expect(ws).toHaveLength(1);
    expect(ws[0]!['t']).toBe('BIGINT');
    expect(Number(ws[0]!['s'])).toBeGreaterThan(0);
  });

  it('stores one watermark per incremental stream and partition', async () => {
    const wm = await h.rows(`select source, partition, watermark from raw._opp_watermarks order by 1, 2`);
    const names = wm.map((r) => `${r['source']}/${r['partition']}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'incident_io.incidents/companya',
        'incident_io.incidents/companyb',
        'incident_io.incidents/companyc',
        'claude_code.usage/default',
        'datadog.slo_history/default',
        'github_copilot.user_metrics/default',
      ]),
    );
    const a = wm.find((r) => r['source'] === 'incident_io.incidents' && r['partition'] === 'companya')!;
    const maxUpdated = await h.rows(`select max(updated_at) as m from raw.incident_io__incidents where _workspace = 'companya'`);
    expect(Date.parse(String(a['watermark']))).toBe(Date.parse(String(maxUpdated[0]!['m'])));
    // Day-at-a-time streams record the last complete day they loaded.
    expect(wm.find((r) => r['source'] === 'github_copilot.user_metrics')!['watermark']).toBe(h.dataset.endDate);
  });

  it('re-running the same data changes nothing', async () => {
    const tables = (await h.rows(`select table_name from information_schema.tables where table_schema = 'raw' order by 1`)).map((r) => String(r['table_name']));
    const before = new Map<string, string[]>();
    for (const t of tables) before.set(t, (await h.adapter.execute(`select * from raw.${t} order by all`)).rows.map((r) => JSON.stringify(r)));
    const again = await h.run();
    expect(again.error).toBe(0);
    for (const r of again.results) {
      for (const s of r.streams) expect({ stream: `${r.source}:${s.stream}`, changed: s.recordsLoaded - s.recordsUnchanged }).toEqual({ stream: `${r.source}:${s.stream}`, changed: 0 });
    }
    for (const t of tables) {
      if (t === '_opp_watermarks') continue;
      const after = (await h.adapter.execute(`select * from raw.${t} order by all`)).rows.map((r) => JSON.stringify(r));
      expect({ t, rows: after }).toEqual({ t, rows: before.get(t) });
    }
    // The incremental run started from the watermark minus the re-pull window.
    const inc = again.results[0]!.streams.find((s) => s.stream === 'incident_io.incidents')!;
    expect(inc.mode).toBe('incremental');
    expect(inc.from).toBeDefined();
    expect(await tableContents(h.adapter, 'incident_io__incidents')).toHaveLength(
      Object.values(expectedFirstRun(h.dataset, h.clock.now()).workspaces).reduce((n, t) => n + t['incident_io__incidents']!, 0),
    );
  });
});
