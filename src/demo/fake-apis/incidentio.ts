/**
 * Fake incident.io API (https://api.incident.io): one server for every workspace; the Bearer key
 * tells workspaces apart. Lists page newest-first with the `after` cursor (the last id of the page,
 * omitted on the last page); the default mode filter hides test and tutorial incidents.
 */
import type { IncidentLifecycle, IncidentWorkspace } from '../generator/index.js';
import { BodyBuilder, type Reply, bearer, httpDate, intParam, json, jsonText } from './http-kit.js';
import {
  type Candidates,
  type IncidentQuery,
  QueryError,
  candidateRange,
  matchIncident,
  parseIncidentQuery,
} from './incidentio-query.js';
import { Lru, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, RouteDef, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

function envelope(info: RequestInfo, status: number, type: string, code: string, message: string): Reply {
  return json(status, { type, status, request_id: info.requestId, errors: [{ code, message }] });
}

function validation(info: RequestInfo, field: string, message: string): Reply {
  return json(422, {
    type: 'validation_error',
    status: 422,
    request_id: info.requestId,
    errors: [{ code: 'invalid_value', message, source: { field } }],
  });
}

const errors: VendorErrors = {
  unauthorized: (info, _source, status) =>
    status === 403
      ? envelope(info, 403, 'forbidden', 'forbidden', 'This API key does not have permission to perform this action.')
      : envelope(info, 401, 'authentication_error', 'authentication_error', 'The API key provided is missing or invalid.'),
  rateLimited: (info, _source, rate) =>
    json(429, {
      type: 'too_many_requests',
      status: 429,
      request_id: info.requestId,
      rate_limit: {
        name: 'api_key_requests',
        limit: rate.limit,
        remaining: 0,
        retry_after: httpDate(info.state.now() + rate.retryAfterSeconds * 1000, 'UTC'),
      },
      errors: [{ code: 'too_many_requests', message: 'Too many requests: slow down and retry after the time in rate_limit.retry_after.' }],
    }),
  serverError: (info, _source, status) =>
    status === 500
      ? envelope(info, 500, 'internal_server_error', 'internal_server_error', 'Something went wrong on our end.')
      : { status, contentType: 'text/html', body: `<html><head><title>${status}</title></head><body><h1>${status} ${status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Service Unavailable'}</h1></body></html>` },
  notFound: (info) => envelope(info, 404, 'not_found', 'not_found', 'Not found.'),
};

export function createIncidentIoVendor(state: SharedState): VendorDef {
  const counts = new Lru<string, number>(64);
  const byKey = new Map<string, IncidentWorkspace>();
  for (const ws of state.dataset.workspaces) {
    const key = state.keys.incidentio[ws.name];
    if (key) byKey.set(key, ws);
  }

  const workspaceOf = (ctx: VendorContext): IncidentWorkspace => byKey.get(bearer(ctx.req) ?? '') as IncidentWorkspace;

  const pageSizeOf = (ctx: VendorContext, max = 250): number | Reply => {
    const size = intParam(ctx.query, 'page_size');
    if (size === undefined) return 25;
    if (!Number.isInteger(size) || size < 1 || size > max) return validation(ctx, 'page_size', `page_size must be an integer between 1 and ${max}`);
    return size;
  };

  /** Matching incidents strictly below `before` (descending), up to `limit`, with lifecycles when built. */
  const gather = (q: IncidentQuery, ws: IncidentWorkspace, c: Candidates, before: number, limit: number, rev: number): { idx: number[]; lcs: (IncidentLifecycle | undefined)[]; more: boolean } => {
    const idx: number[] = [];
    const lcs: (IncidentLifecycle | undefined)[] = [];
    let more = false;
    const visit = (i: number): boolean => {
      const m = matchIncident(q, ws, i, rev);
      if (m === false) return true;
      if (idx.length >= limit) {
        more = true;
        return false;
      }
      idx.push(i);
      lcs.push(m === true ? undefined : m);
      return true;
    };
    let go = true;
    for (let i = Math.min(c.hi, before - 1); go && i >= c.lo; i--) go = visit(i);
    for (let k = 0; go && k < c.extras.length; k++) {
      const i = c.extras[k] as number;
      if (i < before) go = visit(i);
    }
    return { idx, lcs, more };
  };

  const countMatches = (q: IncidentQuery, ws: IncidentWorkspace, c: Candidates, rev: number): number => {
    const key = `${ws.name}|${rev}|${q.signature}`;
    const cached = counts.get(key);
    if (cached !== undefined) return cached;
    let n = 0;
    for (let i = c.hi; i >= c.lo; i--) if (matchIncident(q, ws, i, rev) !== false) n++;
    for (const i of c.extras) if (matchIncident(q, ws, i, rev) !== false) n++;
    counts.set(key, n);
    return n;
  };

  const listIncidents = (ctx: VendorContext): Reply => {
    const ws = workspaceOf(ctx);
    const size = pageSizeOf(ctx);
    if (typeof size !== 'number') return size;
    let q: IncidentQuery;
    try {
      q = parseIncidentQuery(ctx.query, ws);
    } catch (err) {
      if (err instanceof QueryError) return validation(ctx, err.field, err.message);
      throw err;
    }
    const rev = ctx.state.revision;
    const after = ctx.query.get('after');
    let before = ws.count;
    if (after) {
      const i = ws.indexOf(after);
      if (i < 0) return validation(ctx, 'after', `after: no incident with id '${after}' in this workspace`);
      before = i;
    }
    const c = candidateRange(q, ws, rev);
    const page = gather(q, ws, c, before, size, rev);
    let idx = page.idx;
    let lcs = page.lcs;
    if (ctx.effects.duplicatePage && after) {
      // Serve the previous page again in front of this one.
      const prev = previousPage(q, ws, c, before, size, rev);
      idx = [...prev.idx, ...idx];
      lcs = [...prev.lcs, ...lcs];
    }
    const lastId = page.idx.length > 0 ? ws.id(page.idx[page.idx.length - 1] as number) : undefined;
    let order = idx.map((_, k) => k);
    if (ctx.effects.reorderPage) order = reorder(order);
    const total = countMatches(q, ws, c, rev);
    const opts = ctx.effects.drift ? { drift: true } : {};
    // Render and encode one incident at a time: nothing page-sized stays on the heap.
    const body = new BodyBuilder(idx.length * 6000 + 256);
    body.add('{"incidents":[');
    order.forEach((k, n) => {
      if (n) body.add(',');
      body.add(ws.renderIncident(lcs[k] ?? ws.lifecycle(idx[k] as number), rev, opts));
    });
    body.add(`],"pagination_meta":{${page.more && lastId ? `"after":"${lastId}",` : ''}"page_size":${size},"total_record_count":${total}}}`);
    return { status: 200, encoded: body };
  };

  /** The page before position `before` (ascending scan), for the duplicate-page fault. */
  const previousPage = (q: IncidentQuery, ws: IncidentWorkspace, c: Candidates, before: number, size: number, rev: number): { idx: number[]; lcs: (IncidentLifecycle | undefined)[] } => {
    const idx: number[] = [];
    const lcs: (IncidentLifecycle | undefined)[] = [];
    for (let i = before; i <= c.hi && idx.length < size; i++) {
      const m = matchIncident(q, ws, i, rev);
      if (m === false) continue;
      idx.unshift(i);
      lcs.unshift(m === true ? undefined : m);
    }
    return { idx, lcs };
  };

  const showIncident = (ctx: VendorContext, params: readonly string[]): Reply => {
    const ws = workspaceOf(ctx);
    const i = ws.indexOf(params[0] ?? '');
    if (i < 0) return errors.notFound(ctx, 'incidentio');
    return jsonText(200, `{"incident":${ws.renderIncident(ws.lifecycle(i), ctx.state.revision, ctx.effects.drift ? { drift: true } : {})}}`);
  };

  const listUpdates = (ctx: VendorContext): Reply => {
    const ws = workspaceOf(ctx);
    const size = pageSizeOf(ctx);
    if (typeof size !== 'number') return size;
    const rev = ctx.state.revision;
    const incidentId = ctx.query.get('incident_id');
    const after = ctx.query.get('after');
    let startIndex = ws.count - 1;
    let startK = Number.POSITIVE_INFINITY;
    if (after) {
      const parsed = ws.parseUpdateId(after);
      if (!parsed) return validation(ctx, 'after', `after: no incident update with id '${after}'`);
      startIndex = parsed.index;
      startK = parsed.k;
    }
    let only = -1;
    if (incidentId) {
      only = ws.indexOf(incidentId);
      if (only < 0) return validation(ctx, 'incident_id', `incident_id: no incident with id '${incidentId}'`);
    }
    const out: Record<string, unknown>[] = [];
    let nextAfter: string | undefined;
    const lowest = only >= 0 ? only : 0;
    outer: for (let i = only >= 0 ? Math.min(only, startIndex) : startIndex; i >= lowest; i--) {
      const updates = ws.updates(i, rev);
      for (let k = updates.length - 1; k >= 0; k--) {
        if (i === startIndex && k >= startK) continue;
        if (out.length >= size) {
          nextAfter = (out[out.length - 1] as { id: string }).id;
          break outer;
        }
        out.push(updates[k] as Record<string, unknown>);
      }
    }
    const records = ctx.effects.reorderPage ? reorder(out) : out;
    return json(200, { incident_updates: records, pagination_meta: { ...(nextAfter ? { after: nextAfter } : {}), page_size: size } });
  };

  const listCatalogEntries = (ctx: VendorContext): Reply => {
    const ws = workspaceOf(ctx);
    const typeId = ctx.query.get('catalog_type_id');
    if (!typeId) return validation(ctx, 'catalog_type_id', 'catalog_type_id is required');
    const size = pageSizeOf(ctx);
    if (typeof size !== 'number') return size;
    const entries = typeId === ws.catalogue.catalogType.id ? ws.catalogue.catalogEntries : [];
    const after = ctx.query.get('after');
    let start = 0;
    if (after) {
      const i = entries.findIndex((e) => e.id === after);
      if (i < 0) return validation(ctx, 'after', `after: no catalog entry with id '${after}'`);
      start = i + 1;
    }
    const page = entries.slice(start, start + size);
    const more = start + size < entries.length;
    return json(200, {
      catalog_entries: page,
      catalog_type: { ...ws.catalogue.catalogType, created_at: page[0]?.created_at, updated_at: page[0]?.updated_at },
      pagination_meta: { ...(more && page.length ? { after: page[page.length - 1]?.id } : {}), page_size: size, total_record_count: entries.length },
    });
  };

  const routes: RouteDef[] = [
    { id: 'incidentio.incidents', source: 'incidentio', method: 'GET', path: /^\/v2\/incidents$/, handle: listIncidents },
    { id: 'incidentio.incident', source: 'incidentio', method: 'GET', path: /^\/v2\/incidents\/([^/]+)$/, handle: showIncident },
    { id: 'incidentio.incident_updates', source: 'incidentio', method: 'GET', path: /^\/v2\/incident_updates$/, handle: listUpdates },
    {
      id: 'incidentio.incident_timestamps',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v2\/incident_timestamps$/,
      handle: (ctx) => json(200, { incident_timestamps: workspaceOf(ctx).catalogue.timestamps }),
    },
    {
      id: 'incidentio.custom_fields',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v2\/custom_fields$/,
      handle: (ctx) =>
        json(200, {
          custom_fields: workspaceOf(ctx).catalogue.customFields.map(({ role: _role, ...field }) => field),
        }),
    },
    {
      id: 'incidentio.catalog_types',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v2\/catalog_types$/,
      handle: (ctx) => json(200, { catalog_types: [workspaceOf(ctx).catalogue.catalogType] }),
    },
    { id: 'incidentio.catalog_entries', source: 'incidentio', method: 'GET', path: /^\/v2\/catalog_entries$/, handle: listCatalogEntries },
    {
      id: 'incidentio.severities',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v1\/severities$/,
      handle: (ctx) => json(200, { severities: workspaceOf(ctx).catalogue.severities }),
    },
    {
      id: 'incidentio.incident_statuses',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v1\/incident_statuses$/,
      handle: (ctx) => json(200, { incident_statuses: workspaceOf(ctx).catalogue.statuses }),
    },
    {
      id: 'incidentio.incident_roles',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v2\/incident_roles$/,
      handle: (ctx) => json(200, { incident_roles: workspaceOf(ctx).catalogue.roles }),
    },
    {
      id: 'incidentio.incident_types',
      source: 'incidentio',
      method: 'GET',
      path: /^\/v1\/incident_types$/,
      handle: (ctx) => json(200, { incident_types: workspaceOf(ctx).catalogue.incidentTypes }),
    },
  ];

  return {
    name: 'incidentio',
    routes,
    errors,
    authenticate(info) {
      const key = bearer(info.req);
      const ws = key ? byKey.get(key) : undefined;
      if (!ws || !key) return errors.unauthorized(info, 'incidentio', 401);
      return { key, workspace: ws.name };
    },
  };
}
