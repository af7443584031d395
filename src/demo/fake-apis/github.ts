/**
 * Fake GitHub REST API for Copilot: the usage-metrics report endpoints answer with signed, expiring
 * `download_links` that point at a separate "blob storage" host serving NDJSON files; the seat roster
 * is page-number paginated with a Link header. Every response carries x-ratelimit-* headers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type CopilotUserDay, DAY_MS, applyDrift, formatDay, isoSeconds, parseDay } from '../generator/index.js';
import { type Reply, base64url, bearer, fromBase64url, intParam, json } from './http-kit.js';
import { Lru, reorder } from './paging.js';
import type { SharedState } from './shared-state.js';
import type { RequestInfo, VendorContext, VendorDef, VendorErrors } from './vendor-server.js';

const DOCS = 'https://docs.github.com/rest';

function ghError(status: number, message: string, headers?: Record<string, string>): Reply {
  return json(status, { message, documentation_url: DOCS, status: String(status) }, headers);
}

const errors: VendorErrors = {
  unauthorized: (info, _source, status) => {
    if (status === 403) return ghError(403, 'Copilot Usage Metrics API access is disabled for this organization, or the token lacks the manage_billing:copilot / read:org scope.');
    return ghError(401, bearer(info.req) ? 'Bad credentials' : 'Requires authentication');
  },
  rateLimited: (info, _source, rate) => {
    const now = Math.ceil(info.state.now() / 1000);
    const reset = String(Math.max(rate.resetEpochSeconds, now + rate.retryAfterSeconds));
    const base = { 'x-ratelimit-limit': String(rate.limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset, 'x-ratelimit-used': String(rate.limit), 'x-ratelimit-resource': 'core' };
    if (rate.status === 429) {
      return ghError(429, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { ...base, 'retry-after': String(rate.retryAfterSeconds) });
    }
    return ghError(403, 'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.', base);
  },
  serverError: (_info, _source, status) => (status === 500 ? ghError(500, 'Server Error') : { status, contentType: 'text/html', body: `<html><body><h1>${status}</h1>Unicorn! This page is taking too long to load.</body></html>` }),
  notFound: () => ghError(404, 'Not Found'),
};

type ReportKind = 'users-1-day' | 'users-28-day' | 'user-teams-1-day';

interface Blob {
  k: ReportKind;
  e: 0 | 1;
  d: number;
  p: number;
  n: number;
  r: number;
}

export interface GithubVendors {
  readonly api: VendorDef;
  readonly blobs: VendorDef;
}

export function createGithubVendors(state: SharedState): GithubVendors {
  const ds = state.dataset;
  const copilot = ds.usage.copilot;
  const ttl = (state.options.copilotLinkTtlSeconds ?? 300) * 1000;
  const perFile = Math.max(1, state.options.copilotLinesPerFile ?? 5000);
  const userDays = new Lru<string, readonly CopilotUserDay[]>(40);
  let served = 0;

  const sign = (blob: string, se: string): string => createHmac('sha256', state.signingSecret).update(`${blob}\n${se}`).digest('base64url');

  /** The report's lines (objects), for a kind, scope, day index and revision. */
  const lines = (kind: ReportKind, enterprise: boolean, day: number, rev: number): readonly Record<string, unknown>[] => {
    const days = kind === 'users-28-day' ? Array.from({ length: 28 }, (_, i) => day - 27 + i) : [day];
    const out: Record<string, unknown>[] = [];
    for (const d of days) {
      if (d < 0 || d >= ds.days) continue;
      const rows = kind === 'user-teams-1-day' ? copilot.userTeams(d) : userDays.getOrCreate(`${d}|${rev}`, () => copilot.userDays(d, rev));
      for (const row of rows) {
        if (!enterprise) out.push(row);
        else {
          const { organization_id: _org, ...rest } = row as Record<string, unknown>;
          out.push({ ...rest, enterprise_id: copilot.enterpriseId });
        }
      }
    }
    return out;
  };

  const links = (ctx: VendorContext, kind: ReportKind, enterprise: boolean, day: number): string[] => {
    const rev = ctx.state.revision;
    const count = lines(kind, enterprise, day, rev).length;
    if (count === 0) return [];
    const parts = Math.ceil(count / perFile);
    const se = isoSeconds(ctx.state.now() + ttl);
    return Array.from({ length: parts }, (_, p) => {
      const blob = base64url(JSON.stringify({ k: kind, e: enterprise ? 1 : 0, d: day, p, n: parts, r: rev } satisfies Blob));
      return `${state.copilotDownloadBase}/copilot-reports/${blob}.ndjson?sv=2025-01-05&sr=b&sp=r&se=${encodeURIComponent(se)}&sig=${sign(blob, se)}`;
    });
  };

  const checkScope = (ctx: VendorContext, params: readonly string[], enterprise: boolean): Reply | undefined => {
    const slug = (params[0] ?? '').toLowerCase();
    const expected = (enterprise ? state.keys.copilot.enterprise : state.keys.copilot.org).toLowerCase();
    return slug === expected ? undefined : errors.notFound(ctx, 'copilot');
  };

  const dayReport = (kind: ReportKind, enterprise: boolean) => (ctx: VendorContext, params: readonly string[]): Reply => {
    const bad = checkScope(ctx, params, enterprise);
    if (bad) return bad;
    const dayText = ctx.query.get('day');
    if (!dayText) return ghError(422, 'Invalid request.\n\n"day" wasn\'t supplied.');
    const ms = parseDay(dayText);
    if (!Number.isFinite(ms)) return ghError(422, `Invalid request.\n\nInvalid property /day: \`${dayText}\` is not a valid date (YYYY-MM-DD).`);
    const available = ds.tools.copilot.spec.availableFrom;
    if (available && dayText < available) return ghError(422, `Invalid request.\n\nReports are available from ${available}.`);
    if (ms >= ds.endMs) return ghError(404, 'Not Found');
    const day = Math.round((ms - ds.startMs) / DAY_MS);
    return json(200, { download_links: links(ctx, kind, enterprise, day), report_day: dayText });
  };

  const latest28 = (enterprise: boolean) => (ctx: VendorContext, params: readonly string[]): Reply => {
    const bad = checkScope(ctx, params, enterprise);
    if (bad) return bad;
    const last = ds.days - 1;
    return json(200, {
      download_links: links(ctx, 'users-28-day', enterprise, last),
      report_start_day: formatDay(ds.startMs + (last - 27) * DAY_MS),
      report_end_day: formatDay(ds.startMs + last * DAY_MS),
    });
  };

  const seats = (ctx: VendorContext, params: readonly string[]): Reply => {
    const bad = checkScope(ctx, params, false);
    if (bad) return bad;
    const page = intParam(ctx.query, 'page') ?? 1;
    const perPage = intParam(ctx.query, 'per_page') ?? 50;
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      return ghError(422, 'Invalid request.\n\nper_page must be between 1 and 100 and page must be positive.');
    }
    const all = copilot.seats(ds.days - 1);
    const from = ctx.effects.duplicatePage && page > 1 ? (page - 2) * perPage : (page - 1) * perPage;
    let slice = all.slice(from, page * perPage);
    if (ctx.effects.reorderPage) slice = reorder(slice);
    const lastPage = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number, rel: string) => `<http://${ctx.req.headers.host}${ctx.url.pathname}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
    const rels: string[] = [];
    if (page < lastPage) rels.push(link(page + 1, 'next'), link(lastPage, 'last'));
    if (page > 1) rels.push(link(1, 'first'), link(page - 1, 'prev'));
    return json(200, { total_seats: all.length, seats: slice }, rels.length ? { link: rels.join(', ') } : undefined);
  };

  const org = '([^/]+)';
  const api: VendorDef = {
    name: 'github',
    routes: [
      { id: 'copilot.users_1_day', source: 'copilot', method: 'GET', path: new RegExp(`^/orgs/${org}/copilot/metrics/reports/users-1-day$`), handle: dayReport('users-1-day', false) },
      { id: 'copilot.users_28_day', source: 'copilot', method: 'GET', path: new RegExp(`^/orgs/${org}/copilot/metrics/reports/users-28-day/latest$`), handle: latest28(false) },
      { id: 'copilot.user_teams_1_day', source: 'copilot', method: 'GET', path: new RegExp(`^/orgs/${org}/copilot/metrics/reports/user-teams-1-day$`), handle: dayReport('user-teams-1-day', false) },
      { id: 'copilot.enterprise_users_1_day', source: 'copilot', method: 'GET', path: new RegExp(`^/enterprises/${org}/copilot/metrics/reports/users-1-day$`), handle: dayReport('users-1-day', true) },
      { id: 'copilot.enterprise_users_28_day', source: 'copilot', method: 'GET', path: new RegExp(`^/enterprises/${org}/copilot/metrics/reports/users-28-day/latest$`), handle: latest28(true) },
      { id: 'copilot.enterprise_user_teams_1_day', source: 'copilot', method: 'GET', path: new RegExp(`^/enterprises/${org}/copilot/metrics/reports/user-teams-1-day$`), handle: dayReport('user-teams-1-day', true) },
      { id: 'copilot.seats', source: 'copilot', method: 'GET', path: new RegExp(`^/orgs/${org}/copilot/billing/seats$`), handle: seats },
    ],
    errors,
    authenticate(info: RequestInfo) {
      const token = bearer(info.req);
      if (!token || token !== state.keys.copilot.token) return errors.unauthorized(info, 'copilot', 401);
      return { key: token };
    },
    commonHeaders(ctx) {
      served++;
      const limit = ctx.rate?.limit ?? 5000;
      const remaining = ctx.rate?.remaining ?? Math.max(0, 5000 - (served % 5000));
      const reset = ctx.rate?.resetEpochSeconds ?? Math.ceil(ctx.state.now() / 3_600_000) * 3600;
      return {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(remaining),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': String(limit - remaining),
        'x-ratelimit-resource': 'core',
        'x-github-api-version-selected': state.keys.copilot.apiVersion,
        'x-github-request-id': ctx.requestId.toUpperCase().slice(0, 23),
      };
    },
  };

  const xml = (status: number, code: string, message: string): Reply => ({
    status,
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  });

  const download = (ctx: VendorContext, params: readonly string[]): Reply => {
    const blobName = params[0] ?? '';
    const text = fromBase64url(blobName);
    let blob: Blob | undefined;
    try {
      blob = text ? (JSON.parse(text) as Blob) : undefined;
    } catch {
      blob = undefined;
    }
    if (!blob || typeof blob.d !== 'number') return xml(404, 'BlobNotFound', 'The specified blob does not exist.');
    const se = ctx.query.get('se') ?? '';
    const sig = ctx.query.get('sig') ?? '';
    const expected = sign(blobName, se);
    if (sig.length !== expected.length || !timingSafeEqual(Buffer.from(sig), Buffer.from(expected))) {
      return xml(403, 'AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.');
    }
    const expiry = Date.parse(se);
    if (!Number.isFinite(expiry) || ctx.state.now() > expiry) {
      return xml(403, 'AuthenticationFailed', `Signature not valid in the specified time frame: Expiry [${se}] - Current [${new Date(ctx.state.now()).toUTCString()}]`);
    }
    const all = lines(blob.k, blob.e === 1, blob.d, blob.r);
    const slice = all.slice(blob.p * perFile, (blob.p + 1) * perFile);
    const drift = ctx.effects.drift;
    const ordered = ctx.effects.reorderPage ? reorder(slice) : slice;
    function* ndjson(): Generator<string> {
      for (const line of ordered) yield `${JSON.stringify(drift ? applyDrift('copilot', structuredClone(line)) : line)}\n`;
    }
    return { status: 200, contentType: 'application/x-ndjson', headers: { 'x-ms-blob-type': 'BlockBlob' }, stream: ndjson() };
  };

  const blobs: VendorDef = {
    name: 'copilot-blobs',
    routes: [{ id: 'copilot.download', source: 'copilot', method: 'GET', path: /^\/copilot-reports\/([A-Za-z0-9_-]+)\.ndjson$/, handle: download, auth: false, limited: false }],
    errors: {
      ...errors,
      notFound: () => xml(404, 'ResourceNotFound', 'The specified resource does not exist.'),
      serverError: (_info, _source, status) => xml(status, status === 503 ? 'ServerBusy' : 'InternalError', 'The server encountered an internal error. Please retry the request.'),
    },
    authenticate: () => ({ key: 'signed-url' }),
  };
  return { api, blobs };
}
