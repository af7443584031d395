import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApis, startTestApis } from '../../helpers/fake-apis.js';

let t: TestApis;

beforeAll(async () => {
  t = await startTestApis({ incidentsPerDay: 12 });
});
afterAll(async () => {
  await t.close();
});

interface Page {
  incidents: { id: string; mode: string; updated_at: string; incident_status: { category: string } }[];
  pagination_meta: { after?: string; page_size: number; total_record_count: number };
}

async function get(path: string, workspace = 'companya'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${t.apis.urls.incidentio}${path}`, { headers: t.headers('incidentio', workspace) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function listAll(query: string, pageSize: number, workspace = 'companya'): Promise<{ ids: string[]; pages: Page[] }> {
  const ids: string[] = [];
  const pages: Page[] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const qs = new URLSearchParams(query);
    qs.set('page_size', String(pageSize));
    if (after) qs.set('after', after);
    const { status, body } = await get(`/v2/incidents?${qs}`, workspace);
    expect(status).toBe(200);
    const page = body as unknown as Page;
    pages.push(page);
    ids.push(...page.incidents.map((i) => i.id));
    after = page.pagination_meta.after;
    if (!after) break;
  }
  return { ids, pages };
}

/** The ids the generator says the default list must contain (standard + retrospective). */
function expectedIds(workspace: string, keep: (i: number) => boolean = () => true): string[] {
  const ws = t.dataset.workspace(workspace);
  if (!ws) throw new Error(workspace);
  const ids: string[] = [];
  for (let i = 0; i < ws.count; i++) {
    const mode = ws.quick(i).mode;
    if ((mode === 'standard' || mode === 'retrospective') && keep(i)) ids.push(ws.id(i));
  }
  return ids;
}

describe('incident.io list pagination', () => {
  for (const [size, workspace] of [[1, 'companyc'], [7, 'companyb'], [25, 'companya'], [250, 'companya']] as const) {
    it(`returns every incident exactly once with page_size=${size} (${workspace})`, async () => {
      const { ids, pages } = await listAll('', size, workspace);
      const expected = expectedIds(workspace);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...expected].sort());
      // after = last id of each full page; omitted on the last page
      for (const p of pages.slice(0, -1)) expect(p.pagination_meta.after).toBe(p.incidents[p.incidents.length - 1]?.id);
      expect(pages[pages.length - 1]?.pagination_meta).not.toHaveProperty('after');
      expect(pages[0]?.pagination_meta.total_record_count).toBe(expected.length);
    });
  }

  it('serves each workspace its own incidents, told apart by the key', async () => {
    const a = await listAll('', 250, 'companya');
    const c = await listAll('', 250, 'companyc');
    expect([...c.ids].sort()).toEqual([...expectedIds('companyc')].sort());
    expect(a.ids.some((id) => c.ids.includes(id))).toBe(false);
  });

  it('hides test and tutorial incidents unless asked for by mode[one_of]', async () => {
    const { ids } = await listAll('mode[one_of]=test&mode[one_of]=tutorial', 50);
    const ws = t.dataset.workspace('companya');
    if (!ws) throw new Error('companya');
    const expected: string[] = [];
    for (let i = 0; i < ws.count; i++) if (['test', 'tutorial'].includes(ws.quick(i).mode)) expected.push(ws.id(i));
    expect(expected.length).toBeGreaterThan(0);
    expect([...ids].sort()).toEqual(expected.sort());
  });

  it('filters on updated_at[gte] (bracket-encoded) with the same result as the generator', async () => {
    const since = Date.parse('2026-03-25T00:00:00Z');
    const qs = new URLSearchParams();
    qs.set('updated_at[gte]', '2026-03-25');
    const { ids, pages } = await listAll(qs.toString(), 20);
    const ws = t.dataset.workspace('companya');
    if (!ws) throw new Error('companya');
    const expected = expectedIds('companya', (i) => ws.updatedAtMs(ws.lifecycle(i), 0) >= since);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(pages.flatMap((p) => p.incidents).every((i) => Date.parse(i.updated_at) >= since)).toBe(true);
  });

  it('filters on status_category and created_at ranges', async () => {
    const { pages } = await listAll('status_category[one_of]=declined&status_category[one_of]=merged', 100);
    const incidents = pages.flatMap((p) => p.incidents);
    expect(incidents.length).toBeGreaterThan(0);
    expect(incidents.every((i) => ['declined', 'merged'].includes(i.incident_status.category))).toBe(true);
    const ranged = await listAll('created_at[date_range]=2026-03-10~2026-03-11', 100);
    const created = ranged.pages.flatMap((p) => p.incidents).map((i) => (i as unknown as { created_at: string }).created_at);
    expect(created.length).toBeGreaterThan(0);
    expect(created.every((c) => c >= '2026-03-10' && c < '2026-03-12')).toBe(true);
  });

  it('rejects bad page sizes and cursors with a validation_error envelope', async () => {
    const big = await get('/v2/incidents?page_size=251');
    expect(big.status).toBe(422);
    expect(big.body).toMatchObject({ type: 'validation_error', status: 422, errors: [{ source: { field: 'page_size' } }] });
    const cursor = await get('/v2/incidents?after=01JTESTINC00000000000000A1');
    expect(cursor.status).toBe(422);
    const op = await get('/v2/incidents?updated_at[sometime]=2026-01-01');
    expect(op.status).toBe(422);
  });

  it('shows one incident, and 404s an unknown one', async () => {
    const ws = t.dataset.workspace('companyb');
    const id = ws?.id(3) ?? '';
    const ok = await get(`/v2/incidents/${id}`, 'companyb');
    expect(ok.status).toBe(200);
    expect((ok.body['incident'] as { id: string }).id).toBe(id);
    const missing = await get(`/v2/incidents/${id}`, 'companya');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ type: 'not_found', status: 404 });
  });

  it('pages through incident updates with the after cursor', async () => {
    const ws = t.dataset.workspace('companya');
    if (!ws) throw new Error('companya');
    const target = ws.id(ws.count - 5);
    const collected: string[] = [];
    let after: string | undefined;
    do {
      const { body } = await get(`/v2/incident_updates?incident_id=${target}&page_size=2${after ? `&after=${after}` : ''}`);
      const page = body as { incident_updates: { id: string; incident_id: string }[]; pagination_meta: { after?: string } };
      expect(page.incident_updates.every((u) => u.incident_id === target)).toBe(true);
      collected.push(...page.incident_updates.map((u) => u.id));
      after = page.pagination_meta.after;
    } while (after);
    expect(collected.sort()).toEqual(ws.updates(ws.count - 5).map((u) => u.id).sort());
  });

  it('serves the reference endpoints per workspace', async () => {
    const ts = await get('/v2/incident_timestamps', 'companyc');
    expect((ts.body['incident_timestamps'] as { name: string }[]).map((x) => x.name)).not.toContain('Fixed at');
    const fields = await get('/v2/custom_fields', 'companya');
    const services = (fields.body['custom_fields'] as { name: string; catalog_type_id?: string }[]).find((f) => f.name === 'Affected services');
    expect(services?.catalog_type_id).toBeTruthy();
    const entries = await get(`/v2/catalog_entries?catalog_type_id=${services?.catalog_type_id}&page_size=5`, 'companya');
    expect((entries.body['catalog_entries'] as { external_id: string }[])[0]?.external_id).toMatch(/^svc-/);
    expect(entries.body['pagination_meta']).toHaveProperty('after');
    for (const path of ['/v1/severities', '/v1/incident_statuses', '/v2/incident_roles']) expect((await get(path)).status).toBe(200);
  });
});
