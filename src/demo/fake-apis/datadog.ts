/**
 * Fake Datadog SLO API (https://api.{site}): both DD-API-KEY and DD-APPLICATION-KEY required, SLO
 * list with offset/limit, SLO history with `error_budget_remaining` keyed by timeframe, and the
 * X-RateLimit-* headers on every answer.
 */
import { applyDrift } from '../generator/index.js';
import { type Reply, header, intParam, json } from './http-kit.js';
import { reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

function ddError(status: number, messages: string[], headers?: Record<string, string>): Reply {
  return json(status, { errors: messages }, headers);
}

function rateHeaders(name: string, limit: number, remaining: number, resetSeconds: number, periodSeconds: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-period': String(periodSeconds),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetSeconds),
    'x-ratelimit-name': name,
  };
}

function limitName(info: RequestInfo): string {
  return info.url.pathname.endsWith('/history') ? 'slo_history' : 'slo_read';
}

const errors: VendorErrors = {
  unauthorized: (_info, _source, status) => ddError(status === 401 ? 403 : status, ['Forbidden']),
  rateLimited: (info, _source, rate) =>
    ddError(429, [`Rate limit of ${rate.limit} requests in ${rate.periodSeconds} seconds reached. Please try again later.`], {
      ...rateHeaders(limitName(info), rate.limit, 0, rate.retryAfterSeconds, rate.periodSeconds),
    }),
  serverError: (_info, _source, status) => ddError(status, ['Internal Server Error']),
  notFound: () => ddError(404, ['Not found']),
};

export function createDatadogVendor(state: SharedState): VendorDef {
  const slos = state.dataset.slos;

  const list = (ctx: VendorContext): Reply => {
    const limit = intParam(ctx.query, 'limit') ?? 1000;
    const offset = intParam(ctx.query, 'offset') ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) return ddError(400, ['Invalid limit or offset']);
    let all = [...slos.definitions];
    const ids = ctx.query.get('ids');
    if (ids) {
      const wanted = new Set(ids.split(','));
      all = all.filter((s) => wanted.has(s.id));
    }
    const tagsQuery = ctx.query.get('tags_query');
    if (tagsQuery) {
      const tags = tagsQuery.split(/\s*,\s*|\s+AND\s+/i).filter(Boolean);
      all = all.filter((s) => tags.every((t) => s.tags.includes(t)));
    }
    const text = ctx.query.get('query');
    if (text) all = all.filter((s) => s.name.toLowerCase().includes(text.toLowerCase()));
    const from = ctx.effects.duplicatePage && offset > 0 ? Math.max(0, offset - limit) : offset;
    let page = all.slice(from, offset + limit);
    if (ctx.effects.reorderPage) page = reorder(page);
    return json(200, { data: page, errors: [], metadata: { page: { total_count: slos.definitions.length, total_filtered_count: all.length } } });
  };

  const show = (ctx: VendorContext, params: readonly string[]): Reply => {
    const i = slos.indexOf(params[0] ?? '');
    if (i < 0) return errors.notFound(ctx, 'datadog');
    return json(200, { data: slos.definitions[i], errors: [] });
  };

  const history = (ctx: VendorContext, params: readonly string[]): Reply => {
    const i = slos.indexOf(params[0] ?? '');
    if (i < 0) return errors.notFound(ctx, 'datadog');
    const from = intParam(ctx.query, 'from_ts');
    const to = intParam(ctx.query, 'to_ts');
    if (from === undefined || to === undefined) return ddError(400, ['from_ts and to_ts are required (epoch seconds)']);
    if (!Number.isInteger(from) || !Number.isInteger(to)) return ddError(400, ['from_ts and to_ts must be integers (epoch seconds)']);
    if (to <= from) return ddError(400, ['to_ts must be greater than from_ts']);
    const targetText = ctx.query.get('target');
    const target = targetText === null ? undefined : Number(targetText);
    if (target !== undefined && !(target > 0 && target < 100)) return ddError(400, ['target must be a number between 0 and 100']);
    let data = slos.history(i, from, to, target);
    if (ctx.effects.drift) data = applyDrift('datadog', structuredClone(data));
    return json(200, { data, errors: null });
  };

  const routes: RouteDef[] = [
    { id: 'datadog.slo_list', source: 'datadog', method: 'GET', path: /^\/api\/v1\/slo$/, handle: list },
    { id: 'datadog.slo_history', source: 'datadog', method: 'GET', path: /^\/api\/v1\/slo\/([^/]+)\/history$/, handle: history },
    { id: 'datadog.slo', source: 'datadog', method: 'GET', path: /^\/api\/v1\/slo\/([^/]+)$/, handle: show },
  ];

  return {
    name: 'datadog',
    routes,
    errors,
    authenticate(info: RequestInfo) {
      const api = header(info.req, 'dd-api-key');
      const app = header(info.req, 'dd-application-key');
      if (api !== state.keys.datadog.apiKey || app !== state.keys.datadog.applicationKey) return errors.unauthorized(info, 'datadog', 403);
      return { key: api };
    },
    commonHeaders(ctx) {
      const r = ctx.rate;
      return rateHeaders(limitName(ctx), r?.limit ?? 300, r?.remaining ?? 299, r ? Math.max(1, r.resetEpochSeconds - Math.floor(ctx.state.now() / 1000)) : 60, r?.periodSeconds ?? 60);
    },
  };
}
