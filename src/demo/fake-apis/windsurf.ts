/**
 * Fake Windsurf (Codeium) Analytics API (https://server.codeium.com/api/v1/…): POST endpoints with
 * `service_key` in the JSON body, Connect-style error bodies, and every number as a string (int64
 * JSON). The custom-query endpoint runs a small query engine over autocomplete rows.
 */
import { DAY_MS, type WindsurfAutocompleteRow, applyDrift, formatDay, parseInstant } from '../generator/index.js';
import { type Reply, json } from './http-kit.js';
import { Lru, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

function connectError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { code, message }, headers);
}

const errors: VendorErrors = {
  unauthorized: (info, _source, status) => {
    const hasKey = typeof (info.json as Record<string, unknown> | undefined)?.['service_key'] === 'string';
    if (status === 403 || hasKey) return connectError(403, 'permission_denied', 'invalid service key or missing Analytics Read permission');
    return connectError(401, 'unauthenticated', 'service_key is required');
  },
  rateLimited: (_info, _source, rate) => connectError(429, 'resource_exhausted', 'rate limit exceeded', { 'retry-after': String(rate.retryAfterSeconds) }),
  serverError: (_info, _source, status) => connectError(status, status === 503 ? 'unavailable' : 'internal', 'internal error'),
  notFound: () => connectError(404, 'unimplemented', 'unknown procedure'),
};

const FILTER_OPS: Record<string, (a: string, b: string, numeric: boolean) => boolean> = {
  QUERY_FILTER_EQUAL: (a, b) => a === b,
  QUERY_FILTER_NOT_EQUAL: (a, b) => a !== b,
  QUERY_FILTER_GREATER_THAN: (a, b, n) => (n ? Number(a) > Number(b) : a > b),
  QUERY_FILTER_LESS_THAN: (a, b, n) => (n ? Number(a) < Number(b) : a < b),
  QUERY_FILTER_GE: (a, b, n) => (n ? Number(a) >= Number(b) : a >= b),
  QUERY_FILTER_LE: (a, b, n) => (n ? Number(a) <= Number(b) : a <= b),
};
// Spellings seen in other versions of the docs.
FILTER_OPS['QUERY_FILTER_GREATER_THAN_OR_EQUAL'] = FILTER_OPS['QUERY_FILTER_GE'] as (a: string, b: string, n: boolean) => boolean;
FILTER_OPS['QUERY_FILTER_LESS_THAN_OR_EQUAL'] = FILTER_OPS['QUERY_FILTER_LE'] as (a: string, b: string, n: boolean) => boolean;

const FIELDS = ['api_key', 'date', 'language', 'ide', 'num_acceptances', 'num_lines_accepted', 'num_bytes_accepted'] as const;
type Field = (typeof FIELDS)[number];
const NUMERIC = new Set<string>(['num_acceptances', 'num_lines_accepted', 'num_bytes_accepted']);
const AGGREGATIONS = new Set(['QUERY_AGGREGATION_UNSPECIFIED', 'QUERY_AGGREGATION_SUM', 'QUERY_AGGREGATION_COUNT', 'QUERY_AGGREGATION_AVG', 'QUERY_AGGREGATION_MAX', 'QUERY_AGGREGATION_MIN']);

interface Selection {
  field: Field;
  name: string;
  fn: string;
}

class QueryProblem extends Error {}

function asArray(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}

export function createWindsurfVendor(state: SharedState): VendorDef {
  const ds = state.dataset;
  const windsurf = ds.usage.windsurf;
  const dayRows = new Lru<string, readonly WindsurfAutocompleteRow[]>(100);

  const dayRange = (start: unknown, end: unknown): [number, number] => {
    const s = typeof start === 'string' ? parseInstant(start) : Number.NaN;
    const e = typeof end === 'string' ? parseInstant(end) : Number.NaN;
    const first = Number.isFinite(s) ? Math.floor((s - ds.startMs) / DAY_MS) : 0;
    const last = Number.isFinite(e) ? Math.ceil((e - ds.startMs) / DAY_MS) - 1 : ds.days - 1;
    return [Math.max(0, first), Math.min(ds.days - 1, last)];
  };

  const userPage = (ctx: VendorContext): Reply => {
    const body = ctx.json as Record<string, unknown>;
    const [from, to] = dayRange(body['start_timestamp'], body['end_timestamp']);
    let stats = windsurf.roster(from, Math.max(from, to));
    if (ctx.effects.drift) stats = stats.map((x) => applyDrift('windsurf', { ...x }));
    if (ctx.effects.reorderPage) stats = reorder(stats);
    return json(200, { userTableStats: stats });
  };

  const runQuery = (req: Record<string, unknown>, rev: number): Record<string, string>[] => {
    const source = req['data_source'];
    if (source !== 'QUERY_DATA_SOURCE_USER_DATA') {
      if (typeof source === 'string' && source.startsWith('QUERY_DATA_SOURCE_')) return [];
      throw new QueryProblem(`unknown data_source '${String(source)}'`);
    }
    const selections: Selection[] = asArray(req['selections']).map((s) => {
      const field = s['field'];
      if (typeof field !== 'string' || !(FIELDS as readonly string[]).includes(field)) throw new QueryProblem(`unknown field '${String(field)}'`);
      const fn = typeof s['aggregation_function'] === 'string' ? s['aggregation_function'] : 'QUERY_AGGREGATION_UNSPECIFIED';
      if (!AGGREGATIONS.has(fn)) throw new QueryProblem(`unknown aggregation_function '${fn}'`);
      const defaultName = fn === 'QUERY_AGGREGATION_UNSPECIFIED' ? field : `${fn.replace('QUERY_AGGREGATION_', '').toLowerCase()}_${field}`;
      return { field: field as Field, fn, name: typeof s['name'] === 'string' && s['name'] ? s['name'] : defaultName };
    });
    if (selections.length === 0) throw new QueryProblem('selections must not be empty');
    const filters = asArray(req['filters']).map((f) => {
      const name = f['name'];
      const op = f['filter'];
      if (typeof name !== 'string' || !(FIELDS as readonly string[]).includes(name)) throw new QueryProblem(`unknown filter field '${String(name)}'`);
      const test = typeof op === 'string' ? FILTER_OPS[op] : undefined;
      if (!test) throw new QueryProblem(`unknown filter operation '${String(op)}'`);
      return { name: name as Field, test, value: String(f['value'] ?? '') };
    });
    const groups = asArray(req['aggregations']).map((a) => {
      const field = a['field'];
      if (typeof field !== 'string' || !(FIELDS as readonly string[]).includes(field)) throw new QueryProblem(`unknown aggregation field '${String(field)}'`);
      return { field: field as Field, name: typeof a['name'] === 'string' && a['name'] ? a['name'] : field };
    });
    // Narrow the days using date filters, then scan.
    let first = 0;
    let last = ds.days - 1;
    for (const f of filters) {
      if (f.name !== 'date') continue;
      const d = Math.round((parseInstant(f.value.slice(0, 10)) - ds.startMs) / DAY_MS);
      if (!Number.isFinite(d)) continue;
      if (f.test === FILTER_OPS['QUERY_FILTER_GE'] || f.test === FILTER_OPS['QUERY_FILTER_EQUAL']) first = Math.max(first, d);
      if (f.test === FILTER_OPS['QUERY_FILTER_GREATER_THAN']) first = Math.max(first, d + 1);
      if (f.test === FILTER_OPS['QUERY_FILTER_LE'] || f.test === FILTER_OPS['QUERY_FILTER_EQUAL']) last = Math.min(last, d);
      if (f.test === FILTER_OPS['QUERY_FILTER_LESS_THAN']) last = Math.min(last, d - 1);
    }
    const aggregated = groups.length > 0 || selections.some((s) => s.fn !== 'QUERY_AGGREGATION_UNSPECIFIED');
    const buckets = new Map<string, { key: Record<string, string>; rows: WindsurfAutocompleteRow[] }>();
    const raw: WindsurfAutocompleteRow[] = [];
    for (let d = Math.max(0, first); d <= Math.min(ds.days - 1, last); d++) {
      for (const row of dayRows.getOrCreate(`${d}|${rev}`, () => windsurf.autocompleteRows(d, rev))) {
        if (!filters.every((f) => f.test(String(row[f.name]), f.value, NUMERIC.has(f.name)))) continue;
        if (!aggregated) {
          raw.push(row);
          continue;
        }
        const key: Record<string, string> = {};
        for (const g of groups) key[g.name] = String(row[g.field]);
        const id = groups.map((g) => key[g.name]).join('\u0000');
        let b = buckets.get(id);
        if (!b) {
          b = { key, rows: [] };
          buckets.set(id, b);
        }
        b.rows.push(row);
      }
    }
    if (!aggregated) return raw.map((row) => Object.fromEntries(selections.map((s) => [s.name, String(row[s.field])])));
    return [...buckets.values()].map((b) => {
      const item: Record<string, string> = { ...b.key };
      for (const s of selections) {
        const values = b.rows.map((r) => r[s.field]);
        const nums = values.map(Number);
        switch (s.fn) {
          case 'QUERY_AGGREGATION_SUM':
            item[s.name] = String(nums.reduce((a, x) => a + x, 0));
            break;
          case 'QUERY_AGGREGATION_COUNT':
            item[s.name] = String(values.length);
            break;
          case 'QUERY_AGGREGATION_AVG':
            item[s.name] = String(nums.reduce((a, x) => a + x, 0) / Math.max(1, nums.length));
            break;
          case 'QUERY_AGGREGATION_MAX':
            item[s.name] = NUMERIC.has(s.field) ? String(Math.max(...nums)) : String(values.map(String).sort().pop());
            break;
          case 'QUERY_AGGREGATION_MIN':
            item[s.name] = NUMERIC.has(s.field) ? String(Math.min(...nums)) : String(values.map(String).sort()[0]);
            break;
          default: {
            const g = groups.find((x) => x.field === s.field);
            item[s.name] = g ? (b.key[g.name] as string) : String(values[0]);
          }
        }
      }
      return item;
    });
  };

  const analytics = (ctx: VendorContext): Reply => {
    const body = ctx.json as Record<string, unknown>;
    const requests = asArray(body['query_requests']);
    if (requests.length === 0) return connectError(400, 'invalid_argument', 'query_requests must not be empty');
    try {
      const queryResults = requests.map((r) => {
        let items = runQuery(r, ctx.state.revision);
        if (ctx.effects.reorderPage) items = reorder(items);
        return { responseItems: items.map((item) => ({ item })) };
      });
      return json(200, { queryResults });
    } catch (err) {
      if (err instanceof QueryProblem) return connectError(400, 'invalid_argument', err.message);
      throw err;
    }
  };

  const cascade = (ctx: VendorContext): Reply => {
    const body = ctx.json as Record<string, unknown>;
    if (typeof body['start_timestamp'] !== 'string' || typeof body['end_timestamp'] !== 'string') {
      return connectError(400, 'invalid_argument', 'start_timestamp and end_timestamp (RFC 3339) are required');
    }
    const [from, to] = dayRange(body['start_timestamp'], body['end_timestamp']);
    const emails = Array.isArray(body['emails']) ? new Set((body['emails'] as unknown[]).map(String)) : undefined;
    const engineers = ds.organisation.engineers;
    const rev = ctx.state.revision;
    const lines = new Map<number, { s: number; a: number }>();
    const runs = new Map<string, { day: number; model: string; mode: string; m: number; p: number }>();
    for (let d = from; d <= to; d++) {
      for (let j = 0; j < engineers.length; j++) {
        if (emails && !emails.has(engineers[j]?.email ?? '')) continue;
        const c = windsurf.cascade(j, d, rev);
        if (!c) continue;
        const l = lines.get(d) ?? { s: 0, a: 0 };
        l.s += c.linesSuggested;
        l.a += c.linesAccepted;
        lines.set(d, l);
        for (const r of c.runs) {
          const key = `${d}|${r.model}|${r.mode}`;
          const agg = runs.get(key) ?? { day: d, model: r.model, mode: r.mode, m: 0, p: 0 };
          agg.m += r.messagesSent;
          agg.p += r.promptsUsed;
          runs.set(key, agg);
        }
      }
    }
    const dayText = (d: number) => `${formatDay(ds.startMs + d * DAY_MS)}T00:00:00Z`;
    const wanted = asArray(body['query_requests']);
    const queryResults = (wanted.length ? wanted : [{ cascade_lines: {} }, { cascade_runs: {} }]).map((q) => {
      if ('cascade_lines' in q) {
        return { cascadeLines: { cascadeLines: [...lines].map(([d, l]) => ({ day: dayText(d), linesSuggested: String(l.s), linesAccepted: String(l.a) })) } };
      }
      if ('cascade_runs' in q) {
        return {
          cascadeRuns: {
            cascadeRuns: [...runs.values()].map((r) => ({ day: dayText(r.day), model: r.model, mode: r.mode, messagesSent: String(r.m), promptsUsed: String(r.p) })),
          },
        };
      }
      return {};
    });
    return json(200, { queryResults });
  };

  const routes: RouteDef[] = [
    { id: 'windsurf.user_page_analytics', source: 'windsurf', method: 'POST', path: /^\/api\/v1\/UserPageAnalytics$/, handle: userPage },
    { id: 'windsurf.analytics', source: 'windsurf', method: 'POST', path: /^\/api\/v1\/Analytics$/, handle: analytics },
    { id: 'windsurf.cascade_analytics', source: 'windsurf', method: 'POST', path: /^\/api\/v1\/CascadeAnalytics$/, handle: cascade },
  ];

  return {
    name: 'windsurf',
    routes,
    errors,
    authenticate(info: RequestInfo) {
      if (info.body && info.json === undefined) return connectError(400, 'invalid_argument', 'request body is not valid JSON');
      const key = (info.json as Record<string, unknown> | undefined)?.['service_key'];
      if (typeof key !== 'string' || key === '') return errors.unauthorized(info, 'windsurf', 401);
      if (key !== state.keys.windsurf.serviceKey) return errors.unauthorized(info, 'windsurf', 403);
      return { key };
    },
  };
}
