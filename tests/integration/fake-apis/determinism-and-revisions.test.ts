import { describe, expect, it } from 'vitest';
import { type TestApis, startTestApis, windsurfBody } from '../../helpers/fake-apis.js';

const CLOCK = Date.parse('2026-04-01T10:00:00Z');

/** Fetches a fixed tour of every source and returns the concatenated bodies. */
async function tour(t: TestApis): Promise<string> {
  const u = t.apis.urls;
  const k = t.apis.keys;
  const from = Date.parse('2026-03-20T00:00:00Z');
  const requests: [string, RequestInit][] = [
    [`${u.incidentio}/v2/incidents?page_size=50&mode[one_of]=standard&mode[one_of]=test`, { headers: t.headers('incidentio', 'companyb') }],
    [`${u.incidentio}/v2/incident_updates?page_size=50`, { headers: t.headers('incidentio', 'companyc') }],
    [`${u.incidentio}/v2/incidents?page_size=5`, { headers: { authorization: 'Bearer nope' } }],
    [`${u.litellm}/user/daily/activity?start_date=2026-03-01&end_date=2026-03-31&page_size=200&page=2`, { headers: t.headers('litellm') }],
    [`${u.claude_code}/v1/organizations/usage_report/claude_code?starting_at=2026-03-25&limit=50`, { headers: t.headers('claude_code') }],
    [`${u.claude_enterprise}/v1/organizations/analytics/users?date=2026-03-25&limit=50`, { headers: t.headers('claude_enterprise') }],
    [`${u.openai}/v1/organization/usage/completions?start_time=${from / 1000}&group_by=user_id&limit=10`, { headers: t.headers('openai') }],
    [`${u.copilot}/orgs/${k.copilot.org}/copilot/metrics/reports/users-1-day?day=2026-03-25`, { headers: t.headers('copilot') }],
    [`${u.cursor}/teams/daily-usage-data`, { method: 'POST', headers: t.headers('cursor'), body: JSON.stringify({ startDate: from, endDate: from + 5 * 86_400_000 }) }],
    [`${u.windsurf}/api/v1/UserPageAnalytics`, { method: 'POST', headers: t.headers('windsurf'), body: windsurfBody(t.apis) }],
    [`${u.datadog}/api/v1/slo`, { headers: t.headers('datadog') }],
  ];
  const parts: string[] = [];
  for (const [url, init] of requests) {
    const res = await fetch(url, init);
    // Copilot links embed the server's own (ephemeral) host: keep the path and query only.
    parts.push(`${res.status} ${(await res.text()).replace(/http:\/\/127\.0\.0\.1:\d+/g, '')}`);
  }
  return parts.join('\n');
}

describe('determinism', () => {
  it('the same seed gives byte-identical responses; another seed does not', async () => {
    const a = await startTestApis({}, { now: () => CLOCK });
    const b = await startTestApis({}, { now: () => CLOCK });
    const c = await startTestApis({ seed: 2 }, { now: () => CLOCK });
    try {
      const [ta, tb, tc] = [await tour(a), await tour(b), await tour(c)];
      expect(ta.length).toBeGreaterThan(10_000);
      expect(tb).toBe(ta);
      expect(tc).not.toBe(ta);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('late updates', () => {
  it('a second extraction after advance() sees old incidents changed and open ones progressed', async () => {
    const t = await startTestApis({ incidentsPerDay: 10 }, { now: () => CLOCK });
    try {
      const fetchAll = async (since: string) => {
        const out = new Map<string, Record<string, any>>();
        let after = '';
        for (;;) {
          const qs = new URLSearchParams({ page_size: '100', 'updated_at[gte]': since });
          if (after) qs.set('after', after);
          const body: any = await (await fetch(`${t.apis.urls.incidentio}/v2/incidents?${qs}`, { headers: t.headers('incidentio') })).json();
          for (const i of body.incidents) out.set(i.id, i);
          if (!body.pagination_meta.after) return out;
          after = body.pagination_meta.after;
        }
      };
      const first = await fetchAll('2026-01-01');
      t.apis.advance(1);
      // The incremental run asks for everything updated since the last watermark.
      const watermark = [...first.values()].map((i) => i.updated_at).sort().pop() as string;
      const second = await fetchAll(watermark.slice(0, 10));
      const changed = [...second.values()].filter((i) => first.has(i.id) && first.get(i.id)?.updated_at !== i.updated_at);
      expect(changed.length).toBeGreaterThan(0);
      // Some changed incidents are old (created well before the end of the window).
      expect(changed.some((i) => Date.parse(i.created_at) < Date.parse('2026-03-20T00:00:00Z'))).toBe(true);
      expect(changed.every((i) => i.updated_at > watermark)).toBe(true);
      // Something else than updated_at moved: status, severity, timestamps or summary.
      const strip = (i: Record<string, unknown>) => JSON.stringify({ ...i, updated_at: undefined, workload_minutes_total: undefined });
      expect(changed.some((i) => strip(i) !== strip(first.get(i.id) as Record<string, unknown>))).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('vendors revise recent usage days at the next revision', async () => {
    const t = await startTestApis({}, { now: () => CLOCK });
    try {
      const read = async () => {
        const body: any = await (await fetch(`${t.apis.urls.claude_enterprise}/v1/organizations/analytics/users?date=2026-03-30&limit=1000`, { headers: t.headers('claude_enterprise') })).json();
        return body.data.reduce((n: number, r: any) => n + r.chat_metrics.message_count, 0) as number;
      };
      const before = await read();
      t.apis.advance(2);
      const after = await read();
      expect(after).toBeGreaterThan(before);
    } finally {
      await t.close();
    }
  });
});
