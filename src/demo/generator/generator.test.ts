import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/index.js';
import { TOOL_NAMES } from './ai-tools.js';
import { isoTime } from './calendar.js';
import { generateDataset } from './generate-dataset.js';
import { LK, quickSkeleton } from './incident-lifecycle.js';
import { Rng, hashInts } from './prng.js';
import { indexedUlid, parseIndexedUlid } from './ulid.js';

const SMALL = { seed: 3, engineers: 80, incidentsPerDay: 6, days: 30, endDate: '2026-03-31' } as const;

describe('prng and ids', () => {
  it('is deterministic and seed-sensitive', () => {
    const a = new Rng(hashInts(1, 2, 3));
    const b = new Rng(hashInts(1, 2, 3));
    const c = new Rng(hashInts(1, 2, 4));
    const xs = [a.next(), a.next(), a.normal(), a.int(1, 6)];
    expect([b.next(), b.next(), b.normal(), b.int(1, 6)]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
  });

  it('indexed ULIDs sort like (time, index) and decode back', () => {
    const ids = [0, 1, 2, 31, 32, 1_000_000].map((i) => indexedUlid(1_700_000_000_000, 3, i));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(parseIndexedUlid(ids[5] as string)).toMatchObject({ namespace: 3, index: 1_000_000, sub: 0 });
  });

  it('isoTime matches Date#toISOString', () => {
    for (const ms of [0, 1_700_000_000_123, Date.UTC(2026, 2, 31, 23, 59, 59, 999), Date.UTC(2024, 1, 29, 0, 0, 0, 7)]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});

describe('generateDataset', () => {
  const ds = generateDataset(SMALL);

  it('validates options with actionable errors', () => {
    expect(() => generateDataset({ ...SMALL, endDate: '2026-02-30' })).toThrow(UsageError);
    expect(() => generateDataset({ ...SMALL, engineers: 0 })).toThrow(/engineers/);
    expect(() => generateDataset({ ...SMALL, workspaces: [{ name: 'a' }, { name: 'a' }] })).toThrow(/repeated/);
  });

  it('builds an organisation with unique emails and logins', () => {
    const { engineers, businessUnits, services } = ds.organisation;
    expect(engineers).toHaveLength(80);
    expect(new Set(engineers.map((e) => e.email)).size).toBe(80);
    expect(new Set(engineers.map((e) => e.githubLogin)).size).toBe(80);
    expect(engineers.every((e) => /^[a-z]+\.[a-z]+\d*@opp-demo\.test$/.test(e.email))).toBe(true);
    expect(businessUnits.length).toBeGreaterThanOrEqual(4);
    expect(services.every((s) => s.externalId === `svc-${s.name}`)).toBe(true);
  });

  it('configures the three workspaces as source-apis.md §1.3 describes', () => {
    const names = (ws: string) => ds.workspace(ws)?.catalogue.timestamps.map((t) => t.name);
    expect(names('companya')).toEqual(['Impact started', 'Accepted at', 'Fixed at', 'Resolved at', 'Closed at']);
    expect(names('companyb')).toEqual(expect.arrayContaining(['Identified at', 'Impact started', 'Acknowledged at', 'Fixed at', 'Resolved at', 'Closed at']));
    expect(names('companyc')).toEqual(expect.arrayContaining(['Detected at', 'Accepted at', 'Resolved at', 'Closed at']));
    expect(names('companyc')).not.toContain('Fixed at');
    expect(ds.workspace('companya')?.catalogue.severities.map((s) => [s.name, s.rank])).toEqual([['Minor', 0], ['Major', 1], ['Critical', 2]]);
    expect(ds.workspace('companyb')?.catalogue.severities.map((s) => s.name)).toEqual(['P3', 'P2', 'P1', 'P0']);
    expect(ds.workspace('companyc')?.catalogue.servicesFieldKind).toBe('option');
    // ids are workspace-specific
    expect(ds.workspace('companya')?.catalogue.timestamps[0]?.id).not.toBe(ds.workspace('companyb')?.catalogue.timestamps[2]?.id);
  });

  it('derives incidents from their index: ids sort by index and decode back', () => {
    const ws = ds.workspace('companya');
    if (!ws) throw new Error('no companya');
    const ids = Array.from({ length: ws.count }, (_, i) => ws.id(i));
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map((id) => ws.indexOf(id))).toEqual(ids.map((_, i) => i));
    expect(ws.indexOf('01JTESTINC00000000000000A1')).toBe(-1);
    const inc = ws.incident(7);
    expect(inc.id).toBe(ids[7]);
    expect(inc.reference).toBe('INC-8');
    expect(JSON.stringify(ws.incident(7))).toBe(JSON.stringify(generateDataset(SMALL).workspace('companya')?.incident(7)));
  });

  it('keeps quick skeletons consistent with full lifecycles, and creation time monotonic', () => {
    const ws = ds.workspace('companyb');
    if (!ws) throw new Error('no companyb');
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < ws.count; i++) {
      const q = quickSkeleton(ds.seed, ws.catalogue, ws.timeline, i);
      const lc = ws.lifecycle(i);
      expect(q).toEqual({ createdMs: lc.createdMs, mode: lc.mode });
      expect(lc.createdMs).toBeGreaterThanOrEqual(last);
      last = lc.createdMs;
      expect(lc.createdMs).toBeGreaterThanOrEqual(ds.startMs);
      expect(lc.createdMs).toBeLessThan(ds.endMs);
    }
  });

  it('produces realistic lifecycles with quirks', () => {
    const big = generateDataset({ ...SMALL, incidentsPerDay: 200 });
    const ws = big.workspace('companya');
    if (!ws) throw new Error('no companya');
    const lcs = Array.from({ length: ws.count }, (_, i) => ws.lifecycle(i));
    const share = (f: (x: (typeof lcs)[number]) => boolean) => lcs.filter(f).length / lcs.length;
    expect(share((l) => l.mode === 'test' || l.mode === 'tutorial')).toBeGreaterThan(0.02);
    expect(share((l) => l.outcome === 'declined')).toBeGreaterThan(0.01);
    expect(share((l) => l.anomalyKey >= 0)).toBeGreaterThan(0.005);
    expect(share((l) => Number.isFinite(l.reopenMs))).toBeGreaterThan(0.005);
    // critical incidents are fixed faster than minor ones (median)
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const ttf = (sev: number) => median(lcs.filter((l) => l.severity === sev && l.mode === 'standard' && l.outcome === 'normal').map((l) => (l.times[LK.fixed] as number) - (l.times[LK.responded] as number)));
    expect(ttf(2)).toBeLessThan(ttf(0));
  });

  it('renders unset timestamps as null (companya) or without a value key (companyb)', () => {
    const find = (name: string, style: 'null' | 'missing') => {
      const ws = ds.workspace(name);
      if (!ws) throw new Error(name);
      for (let i = 0; i < ws.count; i++) {
        const inc = ws.incident(i) as unknown as { incident_timestamp_values: Record<string, unknown>[] };
        const unset = inc.incident_timestamp_values.find((t) => !t['value']);
        if (unset) return style === 'null' ? unset['value'] === null : !('value' in unset);
      }
      return false;
    };
    expect(find('companya', 'null')).toBe(true);
    expect(find('companyb', 'missing')).toBe(true);
  });

  it('moves time forward per revision: open incidents progress and some old ones are edited', () => {
    const ws = ds.workspace('companya');
    if (!ws) throw new Error('no companya');
    const edited = ws.lateEditedIndexes(1);
    expect(edited.length).toBeGreaterThanOrEqual(3);
    const i = edited[edited.length - 1] as number;
    const before = ws.incident(i, 0);
    const after = ws.incident(i, 1);
    expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    expect(Date.parse(after.updated_at)).toBeGreaterThan(ds.asOf(0));
  });

  it('applies schema drift from the given day', () => {
    const drifting = generateDataset({ ...SMALL, schemaDriftFrom: '2026-03-20' });
    const ws = drifting.workspace('companya');
    if (!ws) throw new Error('no companya');
    const last = ws.incident(ws.count - 1);
    const first = ws.incident(0);
    expect(last).toHaveProperty('postmortem_document_url');
    expect(last).not.toHaveProperty('summary');
    expect(first).not.toHaveProperty('postmortem_document_url');
    const day = drifting.dayIndex('2026-03-25');
    const rows = drifting.usageRows('cursor', day) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => !('clientVersion' in r) && 'backgroundAgentRequests' in r)).toBe(true);
  });

  it('models S-shaped adoption per tool and each tool has its own identity shape', () => {
    for (const tool of TOOL_NAMES) {
      const m = ds.tools[tool];
      const holders = (day: number) => m.holders(day).length;
      expect(holders(ds.days - 1)).toBeGreaterThanOrEqual(holders(0));
    }
    const day = ds.days - 2;
    const cc = ds.usageRows('claude_code', day) as { actor: { email_address?: string } }[];
    expect(cc.some((r) => r.actor.email_address?.endsWith('@opp-demo.test'))).toBe(true);
    const copilot = ds.usageRows('copilot', day) as Record<string, unknown>[];
    expect(copilot.every((r) => typeof r['user_login'] === 'string' && !JSON.stringify(r).includes('@'))).toBe(true);
    const openai = ds.usageRows('openai', day) as { user_id: string | null }[];
    expect(openai.some((r) => r.user_id === null)).toBe(true);
    const windsurf = ds.usageRows('windsurf', day) as { api_key: string }[];
    expect(windsurf.every((r) => /^[0-9a-f]{40}$/.test(r.api_key))).toBe(true);
  });

  it('is byte-identical for the same options and different for another seed', () => {
    const dump = (seed: number) => {
      const d = generateDataset({ ...SMALL, seed });
      const parts: string[] = [];
      for (const ws of d.workspaces) for (let i = 0; i < ws.count; i += 7) parts.push(JSON.stringify(ws.incident(i, 1)));
      for (const tool of TOOL_NAMES) parts.push(JSON.stringify(d.usageRows(tool, 20)));
      parts.push(JSON.stringify(d.slos.history(0, Math.floor(d.startMs / 1000), Math.floor(d.endMs / 1000))));
      return parts.join('\n');
    };
    expect(dump(3)).toBe(dump(3));
    expect(dump(4)).not.toBe(dump(3));
  });
});
