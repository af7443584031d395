import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApis, startTestApis, windsurfBody } from '../../helpers/fake-apis.js';

let t: TestApis;
let clock = Date.parse('2026-04-01T08:00:00Z');

beforeAll(async () => {
  t = await startTestApis({ engineers: 90 }, { now: () => clock, copilotLinkTtlSeconds: 60, copilotLinesPerFile: 20 });
});
afterAll(async () => {
  await t.close();
});

async function call(source: Parameters<TestApis['headers']>[0], path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const base = t.apis.urls[source];
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...t.headers(source), ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('LiteLLM', () => {
  it('splits dates across pages with partial metrics that sum to the stored rows', async () => {
    const perDate = new Map<string, number>();
    const spend = new Map<string, number>();
    let page = 1;
    let pages = 0;
    let repeated = false;
    const seen = new Set<string>();
    for (;;) {
      const { status, body } = await call('litellm', `/user/daily/activity?start_date=2026-03-20&end_date=2026-03-26&page=${page}&page_size=17`);
      expect(status).toBe(200);
      for (const r of body.results) {
        if (seen.has(r.date)) repeated = true;
        seen.add(r.date);
        perDate.set(r.date, (perDate.get(r.date) ?? 0) + r.metrics.api_requests);
        spend.set(r.date, (spend.get(r.date) ?? 0) + r.metrics.prompt_tokens);
      }
      pages++;
      expect(body.metadata.page).toBe(page);
      if (!body.metadata.has_more) {
        expect(body.metadata.total_pages).toBe(page);
        break;
      }
      page++;
    }
    expect(pages).toBeGreaterThan(2);
    expect(repeated).toBe(true);
    for (let d = t.dataset.dayIndex('2026-03-20'); d <= t.dataset.dayIndex('2026-03-26'); d++) {
      const rows = t.dataset.usage.litellm.rows(d);
      const date = t.dataset.day(d);
      expect(perDate.get(date) ?? 0).toBe(sum(rows.map((r) => r.api_requests)));
      expect(spend.get(date) ?? 0).toBe(sum(rows.map((r) => r.prompt_tokens)));
    }
  });

  it('filters by user_id, requires both dates, scopes non-admin keys, and lists users', async () => {
    const users = await call('litellm', '/user/list?page=1&page_size=100');
    expect(users.status).toBe(200);
    const someone = users.body.users.find((u: { user_role: string }) => u.user_role === 'internal_user');
    const one = await call('litellm', `/user/daily/activity?start_date=2026-03-01&end_date=2026-03-31&user_id=${encodeURIComponent(someone.user_id)}&page_size=1000`);
    const keys = one.body.results.flatMap((r: any) => Object.values(r.breakdown.api_keys).map((k: any) => k.metadata.user_id));
    expect(new Set(keys)).toEqual(new Set([someone.user_id]));
    expect((await call('litellm', '/user/daily/activity?start_date=2026-03-01')).status).toBe(400);
    expect((await call('litellm', '/user/daily/activity?start_date=2026-03-01&end_date=2026-03-02&page_size=5000')).status).toBe(422);
    const scoped = await fetch(`${t.apis.urls.litellm}/user/daily/activity?start_date=2026-03-01&end_date=2026-03-31&page_size=1000`, {
      headers: { authorization: `Bearer ${t.apis.keys.litellm.userKey}` },
    });
    const scopedBody: any = await scoped.json();
    const owners = new Set(scopedBody.results.flatMap((r: any) => Object.values(r.breakdown.api_keys).map((k: any) => k.metadata.user_id)));
    expect([...owners].every((o) => o === t.apis.keys.litellm.userKeyUserId)).toBe(true);
  });
});

describe('Claude Code and Claude Enterprise', () => {
  it('returns one day per call and follows next_page to the generated records', async () => {
    const day = '2026-03-24';
    const out: any[] = [];
    let page: string | null = null;
    do {
      const { status, body } = await call('claude_code', `/v1/organizations/usage_report/claude_code?starting_at=${day}&limit=3${page ? `&page=${page}` : ''}`);
      expect(status).toBe(200);
      out.push(...body.data);
      expect(body.has_more).toBe(body.next_page !== null);
      page = body.next_page;
    } while (page);
    const expected = t.dataset.usage.claudeCode.records(t.dataset.dayIndex(day));
    expect(out).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(out.every((r) => r.date === `${day}T00:00:00Z`)).toBe(true);
  });

  it('rejects a page token from another day, and requires anthropic-version', async () => {
    const first = await call('claude_code', '/v1/organizations/usage_report/claude_code?starting_at=2026-03-24&limit=1');
    const wrong = await call('claude_code', `/v1/organizations/usage_report/claude_code?starting_at=2026-03-25&limit=1&page=${first.body.next_page}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    const noVersion = await fetch(`${t.apis.urls.claude_code}/v1/organizations/usage_report/claude_code?starting_at=2026-03-24`, { headers: { 'x-api-key': t.apis.keys.claude_code.adminKey } });
    expect(noVersion.status).toBe(400);
  });

  it('Enterprise: rows sorted by email, next_page without has_more, future days refused', async () => {
    const all: any[] = [];
    let page: string | null = null;
    do {
      const { body } = await call('claude_enterprise', `/v1/organizations/analytics/users?date=2026-03-24&limit=7${page ? `&page=${page}` : ''}`);
      expect(body).not.toHaveProperty('has_more');
      all.push(...body.data);
      page = body.next_page;
    } while (page);
    const emails = all.map((r) => r.user.email_address);
    expect(emails).toEqual([...emails].sort());
    expect(all.length).toBe(t.dataset.usage.claudeEnterprise.records(t.dataset.dayIndex('2026-03-24')).length);
    expect((await call('claude_enterprise', '/v1/organizations/analytics/users?date=2026-04-01')).status).toBe(400);
  });
});

describe('OpenAI', () => {
  it('returns daily buckets with results[], null user_id for service accounts, and an opaque next_page', async () => {
    const start = Date.parse('2026-03-10T00:00:00Z') / 1000;
    const end = start + 10 * 86_400;
    const buckets: any[] = [];
    let page: string | null = null;
    do {
      const { status, body } = await call('openai', `/v1/organization/usage/completions?start_time=${start}&end_time=${end}&bucket_width=1d&group_by=user_id&group_by=model&limit=4${page ? `&page=${page}` : ''}`);
      expect(status).toBe(200);
      buckets.push(...body.data);
      page = body.next_page;
      expect(body.has_more).toBe(page !== null);
    } while (page);
    expect(buckets.map((b) => b.start_time)).toEqual(Array.from({ length: 10 }, (_, i) => start + i * 86_400));
    const results = buckets.flatMap((b) => b.results);
    expect(results.some((r) => r.user_id === null)).toBe(true);
    expect(results.every((r) => r.project_id === null && r.api_key_id === null)).toBe(true);
    const expectedRequests = sum(Array.from({ length: 10 }, (_, i) => sum(t.dataset.usage.openai.rows(t.dataset.dayIndex('2026-03-10') + i).map((r) => r.num_model_requests))));
    expect(sum(results.map((r) => r.num_model_requests))).toBe(expectedRequests);
  });

  it('lists users with the after cursor', async () => {
    const ids: string[] = [];
    let after = '';
    for (;;) {
      const { body } = await call('openai', `/v1/organization/users?limit=5${after ? `&after=${after}` : ''}`);
      ids.push(...body.data.map((u: { id: string }) => u.id));
      if (!body.has_more) break;
      after = body.last_id;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(t.dataset.usage.openai.users(t.dataset.days - 1).length);
  });
});

describe('GitHub Copilot', () => {
  it('two-step download: report JSON with download_links, then NDJSON files', async () => {
    const day = '2026-03-24';
    const { status, body, headers } = await call('copilot', `/orgs/${t.apis.keys.copilot.org}/copilot/metrics/reports/users-1-day?day=${day}`);
    expect(status).toBe(200);
    expect(body.report_day).toBe(day);
    expect(headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
    expect(body.download_links.length).toBeGreaterThan(1);
    const lines: any[] = [];
    for (const link of body.download_links) {
      expect(new URL(link).origin).not.toBe(new URL(t.apis.urls.copilot).origin);
      const res = await fetch(link);
      expect(res.status).toBe(200);
      lines.push(...(await res.text()).trim().split('\n').map((l) => JSON.parse(l)));
    }
    const expected = t.dataset.usage.copilot.userDays(t.dataset.dayIndex(day));
    expect(lines.map((l) => l.user_login)).toEqual(expected.map((e) => e.user_login));
    expect(lines.every((l) => l.day === day && typeof l.user_id === 'number' && !('email' in l))).toBe(true);
  });

  it('signed links expire (403) and tampered links are refused', async () => {
    const { body } = await call('copilot', `/orgs/${t.apis.keys.copilot.org}/copilot/metrics/reports/users-1-day?day=2026-03-20`);
    const link: string = body.download_links[0];
    const tampered = link.replace(/sig=[^&]+/, 'sig=AAAA');
    expect((await fetch(tampered)).status).toBe(403);
    clock += 61_000;
    const expired = await fetch(link);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('AuthenticationFailed');
    const missing = await fetch(`${new URL(link).origin}/copilot-reports/nope.ndjson`);
    expect(missing.status).toBe(404);
  });

  it('serves the seat roster with page numbers and a Link header, and 28-day / teams reports', async () => {
    const first = await call('copilot', `/orgs/${t.apis.keys.copilot.org}/copilot/billing/seats?per_page=10&page=1`);
    expect(first.headers.get('link')).toContain('rel="next"');
    expect(first.body.total_seats).toBeGreaterThan(10);
    const latest = await call('copilot', `/orgs/${t.apis.keys.copilot.org}/copilot/metrics/reports/users-28-day/latest`);
    expect(latest.body).toMatchObject({ report_end_day: '2026-03-31', report_start_day: '2026-03-04' });
    const teams = await call('copilot', `/orgs/${t.apis.keys.copilot.org}/copilot/metrics/reports/user-teams-1-day?day=2026-03-24`);
    const line = JSON.parse((await (await fetch(teams.body.download_links[0])).text()).split('\n')[0] as string);
    expect(line).toHaveProperty('team_id');
    expect((await call('copilot', `/orgs/${t.apis.keys.copilot.org}/copilot/metrics/reports/users-1-day?day=2026-04-01`)).status).toBe(404);
    expect((await call('copilot', `/orgs/other-org/copilot/metrics/reports/users-1-day?day=2026-03-24`)).status).toBe(404);
  });
});

describe('Cursor', () => {
  const post = (path: string, body: unknown) => call('cursor', path, { method: 'POST', body: JSON.stringify(body) });

  it('returns daily rows (epoch-ms dates) and refuses windows over 30 days', async () => {
    const start = Date.parse('2026-03-01T00:00:00Z');
    const ok = await post('/teams/daily-usage-data', { startDate: start, endDate: start + 30 * 86_400_000 });
    expect(ok.status).toBe(200);
    expect(ok.body.data.every((r: { date: number }) => r.date >= start && r.date <= start + 30 * 86_400_000)).toBe(true);
    expect(ok.body.data.some((r: { isActive: boolean }) => !r.isActive)).toBe(true);
    const tooLong = await post('/teams/daily-usage-data', { startDate: start, endDate: start + 30 * 86_400_000 + 1 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toMatch(/30 days/);
  });

  it('pages over members when page/pageSize are sent', async () => {
    const start = Date.parse('2026-03-20T00:00:00Z');
    const window = { startDate: start, endDate: start + 3 * 86_400_000 - 1 };
    const whole = await post('/teams/daily-usage-data', window);
    const rows: unknown[] = [];
    for (let page = 1; ; page++) {
      const { body } = await post('/teams/daily-usage-data', { ...window, page, pageSize: 4 });
      rows.push(...body.data);
      if (!body.pagination.hasNextPage) break;
    }
    expect(rows.length).toBe(whole.body.data.length);
    const members = await call('cursor', '/teams/members');
    expect(members.body.teamMembers.length).toBeGreaterThan(0);
  });
});

describe('Windsurf', () => {
  const post = (path: string, body: Record<string, unknown>) => call('windsurf', path, { method: 'POST', body: windsurfBody(t.apis, body) });

  it('answers custom queries with string-typed numbers that match the rows', async () => {
    const { status, body } = await post('/api/v1/Analytics', {
      query_requests: [
        {
          data_source: 'QUERY_DATA_SOURCE_USER_DATA',
          selections: [{ field: 'num_acceptances', aggregation_function: 'QUERY_AGGREGATION_SUM', name: 'acc' }, { field: 'date' }],
          filters: [{ name: 'date', filter: 'QUERY_FILTER_GE', value: '2026-03-20' }, { name: 'date', filter: 'QUERY_FILTER_LE', value: '2026-03-22' }],
          aggregations: [{ field: 'date', name: 'date' }],
        },
      ],
    });
    expect(status).toBe(200);
    const items = body.queryResults[0].responseItems.map((r: { item: Record<string, unknown> }) => r.item);
    const daysWithRows = [20, 21, 22].filter((d) => t.dataset.usage.windsurf.autocompleteRows(t.dataset.dayIndex(`2026-03-${d}`)).length > 0);
    expect(daysWithRows.length).toBeGreaterThan(0);
    expect(items.map((i: Record<string, unknown>) => i['date']).sort()).toEqual(daysWithRows.map((d) => `2026-03-${d}`));
    expect(items.every((i: Record<string, unknown>) => typeof i['acc'] === 'string')).toBe(true);
    for (const item of items) {
      const rows = t.dataset.usage.windsurf.autocompleteRows(t.dataset.dayIndex(item.date));
      expect(Number(item.acc)).toBe(sum(rows.map((r) => r.num_acceptances)));
    }
  });

  it('serves the roster and Cascade analytics', async () => {
    const roster = await post('/api/v1/UserPageAnalytics', {});
    expect(roster.body.userTableStats[0]).toHaveProperty('apiKey');
    const cascade = await post('/api/v1/CascadeAnalytics', { start_timestamp: '2026-03-20T00:00:00Z', end_timestamp: '2026-03-23T00:00:00Z', query_requests: [{ cascade_lines: {} }, { cascade_runs: {} }] });
    expect(cascade.status).toBe(200);
    expect(typeof cascade.body.queryResults[0].cascadeLines.cascadeLines[0].linesAccepted).toBe('string');
    expect(cascade.body.queryResults[1].cascadeRuns.cascadeRuns.length).toBeGreaterThan(0);
  });
});

describe('Datadog', () => {
  it('lists SLOs with offset/limit and returns history keyed by timeframe', async () => {
    const page1 = await call('datadog', '/api/v1/slo?limit=5&offset=0');
    const page2 = await call('datadog', '/api/v1/slo?limit=5&offset=5');
    expect(page1.body.data).toHaveLength(5);
    expect(page1.body.data[0].id).not.toBe(page2.body.data[0].id);
    expect(page1.headers.get('x-ratelimit-limit')).toMatch(/^\d+$/);
    const id = page1.body.data[0].id;
    const from = Date.parse('2026-03-01T00:00:00Z') / 1000;
    const hist = await call('datadog', `/api/v1/slo/${id}/history?from_ts=${from}&to_ts=${from + 7 * 86_400}&target=99`);
    expect(hist.status).toBe(200);
    expect(Object.keys(hist.body.data.overall.error_budget_remaining).sort()).toEqual(['30d', '7d', '90d', 'custom']);
    expect(hist.body.data.overall.sli_value).toBeGreaterThan(90);
    expect((await call('datadog', `/api/v1/slo/${id}/history?from_ts=${from}`)).status).toBe(400);
  });
});
