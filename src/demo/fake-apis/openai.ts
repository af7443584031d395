/**
 * Fake OpenAI organisation admin API: completions usage in daily buckets (`results[]` grouped by the
 * requested `group_by`, null for ungrouped fields and for service-account keys' user_id) with an
 * opaque `next_page`, and the organisation users list (`after` = last id).
 */
import { DAY_MS, type OpenAIUsageRow, applyDrift } from '../generator/index.js';
import { type Reply, bearer, intParam, json } from './http-kit.js';
import { Lru, decodeCursor, encodeCursor, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

function openaiError(status: number, message: string, type: string, code: string | null, param: string | null = null): Reply {
  return json(status, { error: { message, type, param, code } });
}

const errors: VendorErrors = {
  unauthorized: (info, _source, status) => {
    const key = bearer(info.req) ?? '';
    const masked = key.length > 8 ? `${key.slice(0, 6)}${'*'.repeat(8)}${key.slice(-4)}` : key;
    return status === 403
      ? openaiError(403, 'You have insufficient permissions for this operation. Missing scopes: api.usage.read.', 'invalid_request_error', null)
      : openaiError(401, `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
  },
  rateLimited: (_info, _source, rate) => ({
    ...openaiError(429, 'Rate limit reached for requests. Please try again later.', 'requests', 'rate_limit_exceeded'),
    headers: { 'retry-after': String(rate.retryAfterSeconds), 'x-ratelimit-limit-requests': String(rate.limit), 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': `${rate.retryAfterSeconds}s` },
  }),
  serverError: (_info, _source, status) => openaiError(status, 'The server had an error while processing your request. Sorry about that!', 'server_error', null),
  notFound: (info) => openaiError(404, `Invalid URL (GET ${info.url.pathname})`, 'invalid_request_error', null),
};

const GROUPABLE = ['project_id', 'user_id', 'api_key_id', 'model', 'batch'] as const;
type GroupKey = (typeof GROUPABLE)[number];
const COUNTERS = ['input_tokens', 'output_tokens', 'input_cached_tokens', 'input_audio_tokens', 'output_audio_tokens', 'num_model_requests'] as const;

export function createOpenAIVendor(state: SharedState): VendorDef {
  const ds = state.dataset;
  const dayRows = new Lru<string, readonly OpenAIUsageRow[]>(16);

  const completions = (ctx: VendorContext): Reply => {
    const q = ctx.query;
    const startTime = intParam(q, 'start_time');
    if (startTime === undefined) return openaiError(400, "Missing required parameter: 'start_time'.", 'invalid_request_error', 'missing_required_parameter', 'start_time');
    if (!Number.isInteger(startTime)) return openaiError(400, "Invalid 'start_time': expected an integer (unix seconds).", 'invalid_request_error', 'invalid_value', 'start_time');
    const endParam = intParam(q, 'end_time');
    if (endParam !== undefined && !Number.isInteger(endParam)) return openaiError(400, "Invalid 'end_time': expected an integer (unix seconds).", 'invalid_request_error', 'invalid_value', 'end_time');
    const endTime = endParam ?? Math.floor(ctx.state.dataset.asOf(ctx.state.revision) / 1000);
    const width = q.get('bucket_width') ?? '1d';
    if (width !== '1d') return openaiError(400, `Invalid 'bucket_width': this server only serves '1d' buckets, got '${width}'.`, 'invalid_request_error', 'invalid_value', 'bucket_width');
    const limit = intParam(q, 'limit') ?? 7;
    if (!Number.isInteger(limit) || limit < 1 || limit > 31) return openaiError(400, "Invalid 'limit': must be between 1 and 31 for 1d buckets.", 'invalid_request_error', 'invalid_value', 'limit');
    const groupBy = q.getAll('group_by').concat(q.getAll('group_by[]')).flatMap((g) => g.split(','));
    for (const g of groupBy) {
      if (!(GROUPABLE as readonly string[]).includes(g)) return openaiError(400, `Invalid 'group_by': '${g}' is not one of ${GROUPABLE.join(', ')}.`, 'invalid_request_error', 'invalid_value', 'group_by');
    }
    const filters: Partial<Record<'user_id' | 'model' | 'project_id' | 'api_key_id', Set<string>>> = {};
    for (const [param, field] of [['user_ids', 'user_id'], ['models', 'model'], ['project_ids', 'project_id'], ['api_key_ids', 'api_key_id']] as const) {
      const values = q.getAll(param).concat(q.getAll(`${param}[]`));
      if (values.length) filters[field] = new Set(values);
    }
    let bucketOffset = 0;
    const token = q.get('page');
    if (token) {
      const cur = decodeCursor(token);
      if (!cur || cur['s'] !== startTime || typeof cur['b'] !== 'number') return openaiError(400, "Invalid 'page': the page token does not belong to this query.", 'invalid_request_error', 'invalid_value', 'page');
      bucketOffset = cur['b'];
    }
    const totalBuckets = Math.max(0, Math.ceil((endTime - startTime) / 86_400));
    let from = bucketOffset;
    if (ctx.effects.duplicatePage && bucketOffset > 0) from = Math.max(0, bucketOffset - limit);
    const to = Math.min(totalBuckets, bucketOffset + limit);
    const rev = ctx.state.revision;
    const grouped = new Set(groupBy as GroupKey[]);
    let buckets: Record<string, unknown>[] = [];
    for (let b = from; b < to; b++) {
      const bStart = startTime + b * 86_400;
      const bEnd = Math.min(endTime, bStart + 86_400);
      const day = Math.floor((bStart * 1000 - ds.startMs) / DAY_MS);
      const rows = day >= 0 && day < ds.days ? dayRows.getOrCreate(`${day}|${rev}`, () => ds.usage.openai.rows(day, rev)) : [];
      const groups = new Map<string, Record<string, unknown>>();
      for (const r of rows) {
        if (filters.user_id && !filters.user_id.has(r.user_id ?? '')) continue;
        if (filters.model && !filters.model.has(r.model)) continue;
        if (filters.project_id && !filters.project_id.has(r.project_id)) continue;
        if (filters.api_key_id && !filters.api_key_id.has(r.api_key_id)) continue;
        const key = GROUPABLE.map((g) => (grouped.has(g) ? String(r[g]) : '')).join('\u0000');
        let g = groups.get(key);
        if (!g) {
          g = { object: 'organization.usage.completions.result' };
          for (const c of COUNTERS) g[c] = 0;
          for (const k of GROUPABLE) g[k] = grouped.has(k) ? r[k] : null;
          groups.set(key, g);
        }
        for (const c of COUNTERS) g[c] = (g[c] as number) + r[c];
      }
      let results = [...groups.values()];
      if (ctx.effects.drift) results = results.map((x) => applyDrift('openai', x));
      buckets.push({ object: 'bucket', start_time: bStart, end_time: bEnd, results });
    }
    if (ctx.effects.reorderPage) buckets = reorder(buckets);
    const more = to < totalBuckets;
    return json(200, { object: 'page', data: buckets, has_more: more, next_page: more ? encodeCursor({ s: startTime, b: to }) : null });
  };

  const users = (ctx: VendorContext): Reply => {
    const limit = intParam(ctx.query, 'limit') ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return openaiError(400, "Invalid 'limit': must be between 1 and 100.", 'invalid_request_error', 'invalid_value', 'limit');
    const all = ds.usage.openai.users(ds.days - 1);
    const after = ctx.query.get('after');
    let start = 0;
    if (after) {
      const i = all.findIndex((u) => u.id === after);
      if (i < 0) return openaiError(400, `Invalid 'after': no user with id '${after}'.`, 'invalid_request_error', 'invalid_value', 'after');
      start = i + 1;
    }
    const from = ctx.effects.duplicatePage && after ? Math.max(0, start - limit) : start;
    let page = all.slice(from, start + limit);
    const last = all[Math.min(all.length, start + limit) - 1];
    if (ctx.effects.reorderPage) page = reorder(page);
    return json(200, {
      object: 'list',
      data: page,
      first_id: page[0]?.id ?? null,
      last_id: page.length ? (last?.id ?? null) : null,
      has_more: start + limit < all.length,
    });
  };

  const routes: RouteDef[] = [
    { id: 'openai.usage_completions', source: 'openai', method: 'GET', path: /^\/v1\/organization\/usage\/completions$/, handle: completions },
    { id: 'openai.users', source: 'openai', method: 'GET', path: /^\/v1\/organization\/users$/, handle: users },
  ];

  return {
    name: 'openai',
    routes,
    errors,
    authenticate(info: RequestInfo) {
      const key = bearer(info.req);
      if (key !== state.keys.openai.adminKey || !key) return errors.unauthorized(info, 'openai', 401);
      return { key };
    },
  };
}
