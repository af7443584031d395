import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApis, startTestApis, windsurfBody } from '../../helpers/fake-apis.js';

let t: TestApis;

beforeAll(async () => {
  t = await startTestApis();
});
afterAll(async () => {
  await t.close();
});

interface Probe {
  source: Parameters<TestApis['headers']>[0];
  path: string;
  method?: 'GET' | 'POST';
  body?: (good: boolean) => string;
  bad: Record<string, string>;
  badStatus: number;
  envelope: (body: any) => void;
}

const from = Date.parse('2026-03-20T00:00:00Z');
const probes: Probe[] = [
  {
    source: 'incidentio',
    path: '/v2/incidents?page_size=1',
    bad: { authorization: 'Bearer not-a-key' },
    badStatus: 401,
    envelope: (b) => expect(b).toMatchObject({ type: 'authentication_error', status: 401, errors: [{ code: 'authentication_error' }] }),
  },
  {
    source: 'litellm',
    path: '/user/daily/activity?start_date=2026-03-20&end_date=2026-03-20',
    bad: { authorization: 'Bearer sk-wrong' },
    badStatus: 401,
    envelope: (b) => expect(b).toMatchObject({ error: { type: 'auth_error', code: '401' } }),
  },
  {
    source: 'claude_code',
    path: '/v1/organizations/usage_report/claude_code?starting_at=2026-03-20',
    bad: { 'x-api-key': 'sk-ant-admin01-wrong', 'anthropic-version': '2023-06-01' },
    badStatus: 401,
    envelope: (b) => expect(b).toMatchObject({ type: 'error', error: { type: 'authentication_error' } }),
  },
  {
    source: 'claude_enterprise',
    path: '/v1/organizations/analytics/users?date=2026-03-20',
    bad: { 'x-api-key': 'sk-ant-api01-wrong' },
    badStatus: 404,
    envelope: (b) => expect(b).toMatchObject({ type: 'error', error: { type: 'not_found_error' } }),
  },
  {
    source: 'openai',
    path: `/v1/organization/usage/completions?start_time=${from / 1000}`,
    bad: { authorization: 'Bearer sk-admin-wrong-key-123' },
    badStatus: 401,
    envelope: (b) => expect(b).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } }),
  },
  {
    source: 'copilot',
    path: '/orgs/opp-demo/copilot/metrics/reports/users-1-day?day=2026-03-20',
    bad: { authorization: 'Bearer ghp_wrong' },
    badStatus: 401,
    envelope: (b) => expect(b).toMatchObject({ message: 'Bad credentials', status: '401' }),
  },
  {
    source: 'cursor',
    path: '/teams/daily-usage-data',
    method: 'POST',
    body: () => JSON.stringify({ startDate: from, endDate: from + 86_400_000 }),
    bad: { authorization: `Basic ${Buffer.from('key_wrong:').toString('base64')}`, 'content-type': 'application/json' },
    badStatus: 401,
    envelope: (b) => expect(b).toMatchObject({ error: 'Unauthorized' }),
  },
  {
    source: 'windsurf',
    path: '/api/v1/UserPageAnalytics',
    method: 'POST',
    body: (good) => (good ? windsurfBody(t.apis) : JSON.stringify({ service_key: 'wrong' })),
    bad: { 'content-type': 'application/json' },
    badStatus: 403,
    envelope: (b) => expect(b).toMatchObject({ code: 'permission_denied' }),
  },
  {
    source: 'datadog',
    path: '/api/v1/slo',
    bad: { 'dd-api-key': 'wrong' },
    badStatus: 403,
    envelope: (b) => expect(b).toEqual({ errors: ['Forbidden'] }),
  },
];

describe('each vendor authenticates the way it does in reality', () => {
  for (const p of probes) {
    it(`${p.source}: good credentials pass, bad ones get the vendor's error envelope`, async () => {
      const url = `${t.apis.urls[p.source]}${p.path}`;
      const good = await fetch(url, { method: p.method ?? 'GET', headers: t.headers(p.source), ...(p.body ? { body: p.body(true) } : {}) });
      expect(good.status).toBe(200);
      const bad = await fetch(url, { method: p.method ?? 'GET', headers: p.bad, ...(p.body ? { body: p.body(false) } : {}) });
      expect(bad.status).toBe(p.badStatus);
      p.envelope(await bad.json());
    });
  }

  it('Windsurf: a missing service key is 401 unauthenticated', async () => {
    const res = await fetch(`${t.apis.urls.windsurf}/api/v1/UserPageAnalytics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('Datadog: the application key alone is not enough', async () => {
    const res = await fetch(`${t.apis.urls.datadog}/api/v1/slo`, { headers: { 'dd-application-key': t.apis.keys.datadog.applicationKey } });
    expect(res.status).toBe(403);
  });

  it('Anthropic: an Admin key cannot read Enterprise analytics, an Analytics key cannot read Claude Code', async () => {
    const k = t.apis.keys;
    const a = await fetch(`${t.apis.urls.claude_enterprise}/v1/organizations/analytics/users?date=2026-03-20`, { headers: { 'x-api-key': k.claude_code.adminKey } });
    expect(a.status).toBe(404);
    const b = await fetch(`${t.apis.urls.claude_code}/v1/organizations/usage_report/claude_code?starting_at=2026-03-20`, {
      headers: { 'x-api-key': k.claude_enterprise.analyticsKey, 'anthropic-version': '2023-06-01' },
    });
    expect(b.status).toBe(401);
  });

  it('counts requests per route with their statuses', () => {
    const stats = t.apis.stats();
    expect(stats['incidentio.incidents']).toEqual({ requests: 2, statuses: { '200': 1, '401': 1 } });
    expect(stats['datadog.slo_list']?.statuses['403']).toBe(2);
  });
});
