/**
 * Fake Anthropic API (https://api.anthropic.com): the Claude Code Analytics report (Admin key) and
 * the Claude Enterprise Analytics users endpoint (Analytics key). Both are one UTC day per call with
 * an opaque `page` cursor; Claude Code answers `{data, has_more, next_page}`, Enterprise answers
 * `{data, next_page}` and refuses bad keys with 404, as documented.
 */
import { applyDrift, formatDay, parseDay } from '../generator/index.js';
import { type Reply, header, intParam, json } from './http-kit.js';
import { Lru, decodeCursor, encodeCursor, pageWindow, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { SourceName } from './types.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

function anthropicError(status: number, type: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { type: 'error', error: { type, message } }, headers);
}

function requestIdHeader(info: RequestInfo): Record<string, string> {
  return { 'request-id': `req_${info.requestId.replace(/-/g, '').slice(0, 24)}` };
}

const errors: VendorErrors = {
  unauthorized: (info, source, status) => {
    if (source === 'claude_enterprise' && status === 401) {
      // The Analytics API answers a missing, invalid or unscoped key with 404.
      return anthropicError(404, 'not_found_error', 'Not found: the API key is missing, invalid, or lacks the read:analytics scope.', requestIdHeader(info));
    }
    return status === 403
      ? anthropicError(403, 'permission_error', 'Your API key does not have permission to use the specified resource.', requestIdHeader(info))
      : anthropicError(401, 'authentication_error', 'invalid x-api-key', requestIdHeader(info));
  },
  rateLimited: (info, _source, rate) =>
    anthropicError(429, 'rate_limit_error', 'Number of requests has exceeded your rate limit. Please try again later.', {
      ...requestIdHeader(info),
      'retry-after': String(rate.retryAfterSeconds),
    }),
  serverError: (info, _source, status) =>
    status === 529
      ? anthropicError(529, 'overloaded_error', 'Overloaded', requestIdHeader(info))
      : anthropicError(status, 'api_error', 'Internal server error', requestIdHeader(info)),
  notFound: (info) => anthropicError(404, 'not_found_error', 'Not found', requestIdHeader(info)),
};

function invalid(info: RequestInfo, message: string): Reply {
  return anthropicError(400, 'invalid_request_error', message, requestIdHeader(info));
}

export function createAnthropicVendor(state: SharedState): VendorDef {
  const ds = state.dataset;
  const claudeCodeDays = new Lru<string, readonly Record<string, unknown>[]>(16);
  const enterpriseDays = new Lru<string, readonly Record<string, unknown>[]>(16);

  /** Common paging over one day's records with an opaque cursor bound to the day. */
  const page = (ctx: VendorContext, day: string, records: readonly Record<string, unknown>[], defaultLimit: number, source: SourceName) => {
    const limit = intParam(ctx.query, 'limit') ?? defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return invalid(ctx, 'limit: must be an integer between 1 and 1000');
    let offset = 0;
    const token = ctx.query.get('page');
    if (token) {
      const cur = decodeCursor(token);
      if (!cur || cur['d'] !== day || typeof cur['o'] !== 'number') return invalid(ctx, 'page: invalid page token for this request');
      offset = cur['o'];
    }
    const w = pageWindow(offset, limit, records.length, ctx.effects.duplicatePage && offset > 0);
    let slice = records.slice(w.from, w.to);
    if (ctx.effects.drift) slice = slice.map((r) => applyDrift(source, structuredClone(r)));
    if (ctx.effects.reorderPage) slice = reorder(slice);
    const more = w.next < records.length;
    return { slice, next: more ? encodeCursor({ d: day, o: w.next, n: hashOf(day, w.next) }) : null, more };
  };

  const claudeCode = (ctx: VendorContext): Reply => {
    const startingAt = ctx.query.get('starting_at');
    if (!startingAt) return invalid(ctx, 'starting_at: field required');
    const dayText = startingAt.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(startingAt) ? startingAt.slice(0, 10) : startingAt;
    const dayMs = parseDay(dayText);
    if (!Number.isFinite(dayMs)) return invalid(ctx, 'starting_at: must be a date in YYYY-MM-DD format');
    const day = ds.dayIndex(dayText);
    const rev = ctx.state.revision;
    const records = day < 0 ? [] : claudeCodeDays.getOrCreate(`${day}|${rev}`, () => ds.usage.claudeCode.records(day, rev));
    const p = page(ctx, dayText, records, 20, 'claude_code');
    if ('status' in p) return p;
    return json(200, { data: p.slice, has_more: p.more, next_page: p.next }, requestIdHeader(ctx));
  };

  const enterpriseUsers = (ctx: VendorContext): Reply => {
    const date = ctx.query.get('date');
    if (!date) return invalid(ctx, 'date: field required');
    const dayMs = parseDay(date);
    if (!Number.isFinite(dayMs)) return invalid(ctx, 'date: must be a date in YYYY-MM-DD format');
    const available = ds.tools.claude_enterprise.spec.availableFrom;
    if (available && date < available) return invalid(ctx, `date: no data is available before ${available}`);
    if (dayMs >= ds.endMs) return invalid(ctx, `date: data is only available up to ${formatDay(ds.endMs - 86_400_000)}; a day becomes available three days after it ends`);
    const day = ds.dayIndex(date);
    const rev = ctx.state.revision;
    const records = day < 0 ? [] : enterpriseDays.getOrCreate(`${day}|${rev}`, () => ds.usage.claudeEnterprise.records(day, rev));
    const p = page(ctx, date, records, 20, 'claude_enterprise');
    if ('status' in p) return p;
    return json(200, { data: p.slice, next_page: p.next }, requestIdHeader(ctx));
  };

  const routes: RouteDef[] = [
    { id: 'claude_code.usage_report', source: 'claude_code', method: 'GET', path: /^\/v1\/organizations\/usage_report\/claude_code$/, handle: claudeCode },
    { id: 'claude_enterprise.users', source: 'claude_enterprise', method: 'GET', path: /^\/v1\/organizations\/analytics\/users$/, handle: enterpriseUsers },
  ];

  return {
    name: 'anthropic',
    routes,
    errors,
    authenticate(info, route) {
      const key = header(info.req, 'x-api-key');
      if (route.source === 'claude_enterprise') {
        if (key !== state.keys.claude_enterprise.analyticsKey) return errors.unauthorized(info, 'claude_enterprise', 401);
        // Rate limits apply per organisation, not per key.
        return { key: 'organization' };
      }
      if (key !== state.keys.claude_code.adminKey) return errors.unauthorized(info, 'claude_code', 401);
      if (!header(info.req, 'anthropic-version')) return invalid(info, 'anthropic-version: header is required');
      return { key };
    },
  };
}

function hashOf(day: string, offset: number): number {
  let h = offset;
  for (let i = 0; i < day.length; i++) h = (h * 31 + day.charCodeAt(i)) | 0;
  return h >>> 0;
}
