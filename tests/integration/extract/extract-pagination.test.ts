import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_DESCRIPTORS } from '../../../src/extract/index.js';
import type { SourceDescriptor } from '../../../src/extract/index.js';
import { cursorPaginator, offsetPaginator, pageNumberPaginator } from '../../../src/extract/paginate/index.js';
import type { Paginator } from '../../../src/extract/paginate/index.js';
import { apiIncidents, expectedFirstRun } from './expected.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

/** Tiny pages for every paginated endpoint, so every paginator walks many pages to the end. */
const SMALL: Record<string, Paginator> = {
  'incident_io.catalog_entries': cursorPaginator({ param: 'after', cursorPath: 'pagination_meta.after', sizeParam: 'page_size', size: 4 }),
  'incident_io.incidents': cursorPaginator({ param: 'after', cursorPath: 'pagination_meta.after', sizeParam: 'page_size', size: 7 }),
  'incident_io.incident_updates': cursorPaginator({ param: 'after', cursorPath: 'pagination_meta.after', sizeParam: 'page_size', size: 9 }),
  'litellm.users': pageNumberPaginator({ pageParam: 'page', sizeParam: 'page_size', size: 4, totalPagesPath: 'total_pages' }),
  // 3 spend rows a page: a user's date is split across pages and must be summed back.
  'litellm.daily_activity': pageNumberPaginator({ pageParam: 'page', sizeParam: 'page_size', size: 3, hasMorePath: 'metadata.has_more', totalPagesPath: 'metadata.total_pages' }),
  'claude_code.usage': cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 2 }),
  'openai.users': cursorPaginator({ param: 'after', cursorPath: 'last_id', hasMorePath: 'has_more', sizeParam: 'limit', size: 2 }),
  'openai.usage_completions': cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 3, stopOnEmpty: false }),
  'github_copilot.seats': pageNumberPaginator({ pageParam: 'page', sizeParam: 'per_page', size: 5, totalPath: 'total_seats' }),
  'cursor.daily_usage': pageNumberPaginator({ pageParam: 'page', sizeParam: 'pageSize', size: 2, in: 'body', hasMorePath: 'pagination.hasNextPage', singlePageWithoutMeta: true }),
  'claude_enterprise.users': cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 4 }),
  'datadog.slos': offsetPaginator({ offsetParam: 'offset', limitParam: 'limit', limit: 3 }),
};

function smallPages(): SourceDescriptor[] {
  return SOURCE_DESCRIPTORS.map((d) => ({
    ...d,
    streams: d.streams.map((s) => {
      const p = SMALL[`${d.kind}.${s.name}`];
      return p ? { ...s, paginator: p } : s;
    }),
  }));
}

describe('pagination to the end, every source', () => {
  let h: Harness;
  beforeAll(async () => {
    // Three NDJSON lines per Copilot report file: several signed links per day.
    h = await startHarness({ dataset: { incidentsPerDay: 3, engineers: 24 }, apis: { copilotLinesPerFile: 3 } });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('loads exactly the same records with tiny pages as the API holds', async () => {
    const res = await h.run({ descriptors: smallPages(), batchSize: 37 });
    expect(res.results.filter((r) => r.status !== 'success').map((r) => `${r.source}: ${r.message}`)).toEqual([]);
    const expected = expectedFirstRun(h.dataset, h.clock.now());
    for (const [ws, tables] of Object.entries(expected.workspaces)) {
      for (const [table, n] of Object.entries(tables)) expect({ ws, table, n: await h.count(table, `_workspace = '${ws}'`) }).toEqual({ ws, table, n });
    }
    for (const [table, n] of Object.entries(expected.tools)) expect({ table, n: await h.count(table) }).toEqual({ table, n });
    for (const ws of ['companya', 'companyb', 'companyc']) {
      const distinct = await h.rows(`select count(distinct id) as n from raw.incident_io__incidents where _workspace = '${ws}'`);
      expect(Number(distinct[0]!['n'])).toBe(apiIncidents(h.dataset, ws).size);
    }

    // Many pages were walked per stream.
    const pages = new Map<string, number>();
    for (const r of res.results) for (const s of r.streams) pages.set(`${r.source}:${s.stream}`, s.pages);
    expect(pages.get('incident_io.companya:incident_io.incidents')).toBeGreaterThan(10);
    expect(pages.get('litellm.default:litellm.users')).toBeGreaterThan(3);
    expect(pages.get('openai.default:openai.usage_completions')).toBeGreaterThan(9);
    expect(pages.get('github_copilot.default:github_copilot.seats')).toBeGreaterThan(2);
    expect(pages.get('datadog.default:datadog.slos')).toBeGreaterThan(4);
    // Copilot: more than one NDJSON file per day.
    const downloads = h.apis.stats()['copilot.download']!.requests;
    const reportDays = h.apis.stats()['copilot.users_1_day']!.requests;
    expect(downloads).toBeGreaterThan(reportDays);

    // LiteLLM split pages were summed per user and date.
    const ds = h.dataset;
    const start = Math.max(0, Math.round((h.clock.now() - 30 * 86_400_000 - ds.startMs) / 86_400_000));
    const sums = new Map<string, number>();
    for (let d = start; d < ds.days; d++) for (const r of ds.usage.litellm.rows(d)) sums.set(`${r.user_id}|${r.date}`, (sums.get(`${r.user_id}|${r.date}`) ?? 0) + r.total_tokens);
    const raw = await h.rows(`select user_id, cast(date as varchar) as d, total_tokens from raw.litellm__user_daily_activity`);
    expect(raw).toHaveLength(sums.size);
    for (const r of raw) expect(Number(r['total_tokens'])).toBe(sums.get(`${r['user_id']}|${r['d']}`));
    const activity = res.results.find((r) => r.source === 'litellm.default')!.streams.find((s) => s.stream === 'litellm.daily_activity')!;
    expect(activity.pages).toBeGreaterThan(sums.size / 2);
  });
});
