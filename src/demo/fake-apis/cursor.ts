/**
 * Fake Cursor Admin API (https://api.cursor.com): Basic auth with the API key as user name; daily
 * usage over an epoch-ms window of at most 30 days (optional page/pageSize over team members),
 * the member roster, and per-request usage events with tokens.
 */
import { type CursorDailyRow, DAY_MS, applyDrift } from '../generator/index.js';
import { type Reply, basic, json } from './http-kit.js';
import { Lru, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

const MAX_WINDOW_MS = 30 * DAY_MS;

function cursorError(status: number, error: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { error, message }, headers);
}

const errors: VendorErrors = {
  unauthorized: (_info, _source, status) =>
    status === 403 ? cursorError(403, 'Forbidden', 'This API key is not allowed to access team admin data.') : cursorError(401, 'Unauthorized', 'Invalid API key'),
  rateLimited: (_info, _source, rate) => cursorError(429, 'Too Many Requests', 'Rate limit exceeded. Please retry later.', { 'retry-after': String(Math.max(60, rate.retryAfterSeconds)) }),
  serverError: (_info, _source, status) => cursorError(status, 'Internal Server Error', 'An unexpected error occurred.'),
  notFound: () => cursorError(404, 'Not Found', 'Route not found'),
};

interface Window {
  startMs: number;
  endMs: number;
}

function readWindow(body: unknown): Window | string {
  if (!body || typeof body !== 'object') return 'Request body must be a JSON object with startDate and endDate (epoch milliseconds).';
  const b = body as Record<string, unknown>;
  const s = b['startDate'];
  const e = b['endDate'];
  if (typeof s !== 'number' || typeof e !== 'number' || !Number.isFinite(s) || !Number.isFinite(e)) return 'startDate and endDate are required and must be epoch milliseconds.';
  if (e < s) return 'endDate must be after startDate.';
  if (e - s > MAX_WINDOW_MS) return 'Date range cannot exceed 30 days.';
  return { startMs: s, endMs: e };
}

function optionalInt(body: unknown, key: string): number | undefined | null {
  const v = (body as Record<string, unknown>)[key];
  if (v === undefined) return undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

export function createCursorVendor(state: SharedState): VendorDef {
  const ds = state.dataset;
  const cursor = ds.usage.cursor;
  const dayRows = new Lru<string, readonly CursorDailyRow[]>(40);

  const daysIn = (w: Window): number[] => {
    const out: number[] = [];
    const first = Math.ceil((w.startMs - ds.startMs) / DAY_MS);
    const last = Math.floor((w.endMs - ds.startMs) / DAY_MS);
    for (let d = Math.max(0, first); d <= Math.min(ds.days - 1, last); d++) out.push(d);
    return out;
  };

  const dailyUsage = (ctx: VendorContext): Reply => {
    const w = readWindow(ctx.json);
    if (typeof w === 'string') return cursorError(400, 'Bad Request', w);
    const page = optionalInt(ctx.json, 'page');
    const pageSize = optionalInt(ctx.json, 'pageSize');
    if (page === null || pageSize === null || (pageSize !== undefined && pageSize > 1000)) return cursorError(400, 'Bad Request', 'page and pageSize must be positive integers (pageSize at most 1000).');
    const rev = ctx.state.revision;
    const days = daysIn(w);
    const lastDay = Math.min(ds.days - 1, Math.floor((w.endMs - ds.startMs) / DAY_MS));
    const members = cursor.members(Math.max(0, lastDay));
    let emails: Set<string> | undefined;
    let pagination: Record<string, unknown> | undefined;
    if (page !== undefined || pageSize !== undefined) {
      const p = page ?? 1;
      const size = pageSize ?? 100;
      const totalPages = Math.max(1, Math.ceil(members.length / size));
      const from = ctx.effects.duplicatePage && p > 1 ? (p - 2) * size : (p - 1) * size;
      emails = new Set(members.slice(from, p * size).map((m) => m.email));
      pagination = { page: p, pageSize: size, totalUsers: members.length, totalPages, hasNextPage: p < totalPages, hasPreviousPage: p > 1 };
    }
    let data: Record<string, unknown>[] = [];
    for (const d of days) {
      for (const row of dayRows.getOrCreate(`${d}|${rev}`, () => cursor.dailyRows(d, rev))) {
        if (emails && !emails.has(row.email)) continue;
        data.push(ctx.effects.drift ? applyDrift('cursor', { ...row }) : row);
      }
    }
    if (ctx.effects.reorderPage) data = reorder(data);
    return json(200, { data, period: { startDate: w.startMs, endDate: w.endMs }, ...(pagination ? { pagination } : {}) });
  };

  const members = (ctx: VendorContext): Reply => {
    const list = cursor.members(ds.days - 1);
    return json(200, { teamMembers: ctx.effects.reorderPage ? reorder(list) : list });
  };

  const usageEvents = (ctx: VendorContext): Reply => {
    const w = readWindow(ctx.json);
    if (typeof w === 'string') return cursorError(400, 'Bad Request', w);
    const page = optionalInt(ctx.json, 'page') ?? 1;
    const pageSize = optionalInt(ctx.json, 'pageSize') ?? 10;
    if (page === null || pageSize === null || pageSize > 1000) return cursorError(400, 'Bad Request', 'page and pageSize must be positive integers (pageSize at most 1000).');
    const email = (ctx.json as Record<string, unknown>)['email'];
    const engineers = ds.organisation.engineers;
    const who: number[] = [];
    for (let j = 0; j < engineers.length; j++) if (email === undefined || engineers[j]?.email === email) who.push(j);
    // Newest first: days descending, then people, then each person's events newest first.
    const rev = ctx.state.revision;
    const segments: { j: number; d: number; n: number }[] = [];
    let total = 0;
    for (const d of daysIn(w).reverse()) {
      for (const j of who) {
        const n = cursor.events(j, d, rev).filter((e) => {
          const t = Number(e.timestamp);
          return t >= w.startMs && t <= w.endMs;
        }).length;
        if (n > 0) {
          segments.push({ j, d, n });
          total += n;
        }
      }
    }
    const from = (ctx.effects.duplicatePage && page > 1 ? page - 2 : page - 1) * pageSize;
    const to = page * pageSize;
    let events: Record<string, unknown>[] = [];
    let pos = 0;
    for (const seg of segments) {
      if (pos + seg.n > from && pos < to) {
        const evs = cursor
          .events(seg.j, seg.d, rev)
          .filter((e) => Number(e.timestamp) >= w.startMs && Number(e.timestamp) <= w.endMs)
          .reverse();
        for (let k = Math.max(0, from - pos); k < seg.n && pos + k < to; k++) events.push(evs[k] as Record<string, unknown>);
      }
      pos += seg.n;
      if (pos >= to) break;
    }
    if (ctx.effects.reorderPage) events = reorder(events);
    const numPages = Math.max(1, Math.ceil(total / pageSize));
    return json(200, {
      totalUsageEventsCount: total,
      pagination: { numPages, currentPage: page, pageSize, hasNextPage: page < numPages, hasPreviousPage: page > 1 },
      usageEvents: events,
      period: { startDate: w.startMs, endDate: w.endMs },
    });
  };

  const routes: RouteDef[] = [
    { id: 'cursor.daily_usage', source: 'cursor', method: 'POST', path: /^\/teams\/daily-usage-data$/, handle: dailyUsage },
    { id: 'cursor.members', source: 'cursor', method: 'GET', path: /^\/teams\/members$/, handle: members },
    { id: 'cursor.usage_events', source: 'cursor', method: 'POST', path: /^\/teams\/filtered-usage-events$/, handle: usageEvents },
  ];

  return {
    name: 'cursor',
    routes,
    errors,
    authenticate(info: RequestInfo) {
      const cred = basic(info.req);
      if (!cred || cred.user !== state.keys.cursor.apiKey) return errors.unauthorized(info, 'cursor', 401);
      // Limits apply per team: one team per key here.
      return { key: 'team' };
    },
  };
}
