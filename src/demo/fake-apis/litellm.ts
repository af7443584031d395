/**
 * Fake LiteLLM proxy: `/user/daily/activity` pages over the stored spend rows (user × day × key ×
 * model) and folds each page into per-date results, so one date can appear on several pages with
 * partial metrics; `/user/list` is the user directory. FastAPI-style 422 for bad query values.
 */
import { LITELLM_DEFAULT_USER, type LiteLLMSpendRow, applyDrift, parseDay } from '../generator/index.js';
import { type Reply, bearer, intParam, json } from './http-kit.js';
import { Lru, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

function proxyError(status: number, type: string, message: string): Reply {
  return json(status, { error: { message, type, param: 'None', code: String(status) } });
}

function fastapi422(loc: string, msg: string, input: unknown): Reply {
  return json(422, { detail: [{ type: 'value_error', loc: ['query', loc], msg, input }] });
}

const errors: VendorErrors = {
  unauthorized: (_info, _source, status) =>
    proxyError(status === 403 ? 403 : 401, 'auth_error', 'Authentication Error, Invalid proxy server token passed. Unable to find token in cache or `LiteLLM_VerificationTokenTable`'),
  rateLimited: (_info, _source, rate) => ({ ...proxyError(429, 'throttling_error', 'Rate limit reached. Try again later.'), headers: { 'retry-after': String(rate.retryAfterSeconds) } }),
  serverError: (_info, _source, status) => proxyError(status, 'internal_server_error', 'Internal Server Error'),
  notFound: () => json(404, { detail: 'Not Found' }),
};

type Metrics = Record<string, number>;

const METRIC_KEYS = [
  'spend',
  'prompt_tokens',
  'completion_tokens',
  'cache_read_input_tokens',
  'cache_creation_input_tokens',
  'total_tokens',
  'api_requests',
  'successful_requests',
  'failed_requests',
] as const;

function emptyMetrics(): Metrics {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, 0]));
}

function addRow(m: Metrics, row: LiteLLMSpendRow): void {
  for (const k of METRIC_KEYS) m[k] = (m[k] ?? 0) + row[k];
}

function roundSpend(m: Metrics): Metrics {
  m['spend'] = Math.round((m['spend'] ?? 0) * 1e6) / 1e6;
  return m;
}

interface Entry {
  metrics: Metrics;
  metadata: Record<string, unknown>;
  api_key_breakdown?: Record<string, { metrics: Metrics; metadata: Record<string, unknown> }>;
}

export function createLiteLLMVendor(state: SharedState): VendorDef {
  const ds = state.dataset;
  const usage = ds.usage.litellm;
  const dayRows = new Lru<string, readonly LiteLLMSpendRow[]>(8);
  const dayCounts = new Lru<string, Int32Array>(32);
  const userIndex = new Map<string, number>();
  for (let j = 0; j < ds.organisation.engineers.length; j++) userIndex.set(usage.userId(j), j);

  const rowsOf = (day: number, rev: number): readonly LiteLLMSpendRow[] => dayRows.getOrCreate(`${day}|${rev}`, () => usage.rows(day, rev));

  interface Filter {
    userId?: string;
    model?: string;
    apiKey?: string;
  }
  const keep = (f: Filter, r: LiteLLMSpendRow): boolean =>
    (f.userId === undefined || r.user_id === f.userId) && (f.model === undefined || r.model === f.model) && (f.apiKey === undefined || r.api_key === f.apiKey);

  const filteredRows = (f: Filter, day: number, rev: number): readonly LiteLLMSpendRow[] => {
    if (f.userId === undefined && f.model === undefined && f.apiKey === undefined) return rowsOf(day, rev);
    if (f.userId !== undefined) {
      // Per-user calls (the usual extraction loop) generate only that user's rows.
      const j = userIndex.get(f.userId);
      const own = f.userId === LITELLM_DEFAULT_USER ? usage.serviceRows(day, rev) : j === undefined ? [] : usage.userRows(j, day, rev);
      return own.filter((r) => keep(f, r));
    }
    return rowsOf(day, rev).filter((r) => keep(f, r));
  };

  const dailyActivity = (ctx: VendorContext): Reply => {
    const q = ctx.query;
    const start = q.get('start_date');
    const end = q.get('end_date');
    if (!start || !end) return proxyError(400, 'bad_request_error', 'Please provide start_date and end_date');
    const startMs = parseDay(start);
    const endMs = parseDay(end);
    if (!Number.isFinite(startMs)) return fastapi422('start_date', 'Input should be a valid date in YYYY-MM-DD format', start);
    if (!Number.isFinite(endMs)) return fastapi422('end_date', 'Input should be a valid date in YYYY-MM-DD format', end);
    const page = intParam(q, 'page') ?? 1;
    const pageSize = intParam(q, 'page_size') ?? 50;
    if (!Number.isInteger(page) || page < 1) return fastapi422('page', 'Input should be greater than or equal to 1', q.get('page'));
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return fastapi422('page_size', 'Input should be less than or equal to 1000', q.get('page_size'));

    const filter: Filter = {};
    const userParam = q.get('user_id');
    if (ctx.identity.role !== 'proxy_admin') filter.userId = ctx.identity.userId ?? '';
    else if (userParam) filter.userId = userParam;
    const model = q.get('model');
    if (model) filter.model = model;
    const apiKey = q.get('api_key');
    if (apiKey) filter.apiKey = apiKey;
    const rev = ctx.state.revision;

    // Days in range, newest first (the proxy orders spend rows by date descending).
    const days: number[] = [];
    for (let ms = endMs; ms >= startMs; ms -= 86_400_000) {
      const d = Math.round((ms - ds.startMs) / 86_400_000);
      if (d >= 0 && d < ds.days) days.push(d);
    }
    const sig = `${filter.userId ?? ''}|${filter.model ?? ''}|${filter.apiKey ?? ''}|${rev}`;
    const counts = days.map((d) => {
      const key = `${sig}|${d}`;
      let c = dayCounts.get(key);
      if (!c) {
        c = Int32Array.of(filteredRows(filter, d, rev).length);
        dayCounts.set(key, c);
      }
      return c[0] as number;
    });
    const total = counts.reduce((a, b) => a + b, 0);
    const totalPages = Math.max(1, Math.ceil(total / pageSize));
    let from = (page - 1) * pageSize;
    const to = Math.min(total, page * pageSize);
    if (ctx.effects.duplicatePage && page > 1) from = Math.max(0, from - pageSize);

    // Gather the page's rows, then fold them per date.
    const pageRows: LiteLLMSpendRow[] = [];
    let pos = 0;
    for (let i = 0; i < days.length && pos < to; i++) {
      const c = counts[i] as number;
      if (pos + c > from) {
        const rows = filteredRows(filter, days[i] as number, rev);
        for (let k = Math.max(0, from - pos); k < c && pos + k < to; k++) pageRows.push(rows[k] as LiteLLMSpendRow);
      }
      pos += c;
    }
    const byDate = new Map<string, { metrics: Metrics; breakdown: Record<string, Record<string, Entry>> }>();
    const totals = emptyMetrics();
    for (const r of pageRows) {
      let d = byDate.get(r.date);
      if (!d) {
        d = { metrics: emptyMetrics(), breakdown: { models: {}, model_groups: {}, mcp_servers: {}, providers: {}, api_keys: {}, entities: {} } };
        byDate.set(r.date, d);
      }
      addRow(d.metrics, r);
      addRow(totals, r);
      const bump = (group: string, key: string, withKeys: boolean, metadata: Record<string, unknown>) => {
        const g = d.breakdown[group] as Record<string, Entry>;
        let e = g[key];
        if (!e) {
          e = { metrics: emptyMetrics(), metadata, ...(withKeys ? { api_key_breakdown: {} } : {}) };
          g[key] = e;
        }
        addRow(e.metrics, r);
        if (withKeys && e.api_key_breakdown) {
          let k = e.api_key_breakdown[r.api_key];
          if (!k) {
            k = { metrics: emptyMetrics(), metadata: { key_alias: r.key_alias, team_id: r.team_id } };
            e.api_key_breakdown[r.api_key] = k;
          }
          addRow(k.metrics, r);
        }
      };
      bump('models', r.model, true, {});
      bump('model_groups', r.model_group, true, {});
      bump('providers', r.custom_llm_provider, true, {});
      const j = userIndex.get(r.user_id);
      bump('api_keys', r.api_key, false, {
        key_alias: r.key_alias,
        team_id: r.team_id,
        user_id: r.user_id,
        ...(r.user_id !== LITELLM_DEFAULT_USER && j !== undefined ? { user_email: ds.organisation.engineers[j]?.email } : {}),
      });
    }
    const roundAll = (entries: Record<string, Entry>) => {
      for (const e of Object.values(entries)) {
        roundSpend(e.metrics);
        if (e.api_key_breakdown) for (const k of Object.values(e.api_key_breakdown)) roundSpend(k.metrics);
      }
    };
    let results = [...byDate].map(([date, d]) => {
      roundSpend(d.metrics);
      for (const g of Object.values(d.breakdown)) roundAll(g);
      const result = { date, metrics: d.metrics, breakdown: d.breakdown };
      const dayIdx = ds.dayIndex(date);
      const drift = ctx.effects.drift || (dayIdx >= 0 && ds.startMs + dayIdx * 86_400_000 >= driftFrom(ds));
      return drift ? applyDrift('litellm', result) : result;
    });
    if (ctx.effects.reorderPage) results = reorder(results);
    return json(200, {
      results,
      metadata: {
        total_spend: Math.round((totals['spend'] ?? 0) * 1e6) / 1e6,
        total_prompt_tokens: totals['prompt_tokens'],
        total_completion_tokens: totals['completion_tokens'],
        total_tokens: totals['total_tokens'],
        total_api_requests: totals['api_requests'],
        total_successful_requests: totals['successful_requests'],
        total_failed_requests: totals['failed_requests'],
        total_cache_read_input_tokens: totals['cache_read_input_tokens'],
        total_cache_creation_input_tokens: totals['cache_creation_input_tokens'],
        page,
        total_pages: totalPages,
        has_more: page < totalPages,
      },
    });
  };

  const userList = (ctx: VendorContext): Reply => {
    if (ctx.identity.role !== 'proxy_admin') {
      return proxyError(401, 'auth_error', `Only proxy admin can be used to list users. Route=/user/list. Your role=${ctx.identity.role ?? 'internal_user'}`);
    }
    const page = intParam(ctx.query, 'page') ?? 1;
    const pageSize = intParam(ctx.query, 'page_size') ?? 25;
    if (!Number.isInteger(page) || page < 1) return fastapi422('page', 'Input should be greater than or equal to 1', ctx.query.get('page'));
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return fastapi422('page_size', 'Input should be less than or equal to 100', ctx.query.get('page_size'));
    const users = usage.users(ds.days - 1);
    let from = (page - 1) * pageSize;
    if (ctx.effects.duplicatePage && page > 1) from -= pageSize;
    let slice = users.slice(from, page * pageSize);
    if (ctx.effects.reorderPage) slice = reorder(slice);
    return json(200, { users: slice, total: users.length, page, page_size: pageSize, total_pages: Math.max(1, Math.ceil(users.length / pageSize)) });
  };

  const routes: RouteDef[] = [
    { id: 'litellm.daily_activity', source: 'litellm', method: 'GET', path: /^\/user\/daily\/activity$/, handle: dailyActivity },
    { id: 'litellm.user_list', source: 'litellm', method: 'GET', path: /^\/user\/list$/, handle: userList },
  ];

  return {
    name: 'litellm',
    routes,
    errors,
    authenticate(info: RequestInfo) {
      const key = bearer(info.req);
      if (key && key === state.keys.litellm.masterKey) return { key, role: 'proxy_admin' };
      if (key && key === state.keys.litellm.userKey) return { key, role: 'internal_user', userId: state.keys.litellm.userKeyUserId };
      return errors.unauthorized(info, 'litellm', 401);
    },
  };
}

function driftFrom(ds: SharedState['dataset']): number {
  const from = ds.options.schemaDriftFrom;
  return from ? parseDay(from) : Number.POSITIVE_INFINITY;
}
