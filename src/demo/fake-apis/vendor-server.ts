/**
 * Runs one vendor's routes on an ephemeral 127.0.0.1 port: authentication, injected faults, rate
 * limits, statistics, then the route handler. Each vendor supplies its routes and error envelopes.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultEffects } from './faults.js';
import { type Reply, readBody, writeReply } from './http-kit.js';
import type { RateDecision } from './rate-limiter.js';
import type { SharedState } from './shared-state.js';
import type { FaultRule, SourceName } from './types.js';

/** Who is calling (after authentication). */
export interface Identity {
  /** Rate-limit bucket key. */
  readonly key: string;
  readonly workspace?: string;
  readonly role?: string;
  readonly userId?: string;
}

export interface RequestInfo {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly query: URLSearchParams;
  /** Raw request body ('' for GET). */
  readonly body: string;
  /** Parsed JSON body, undefined when absent or not JSON. */
  readonly json: unknown;
  readonly requestId: string;
  readonly state: SharedState;
}

export interface VendorContext extends RequestInfo {
  readonly source: SourceName;
  readonly route: string;
  readonly identity: Identity;
  readonly effects: FaultEffects;
  readonly rate?: RateDecision;
}

export interface RouteDef {
  readonly id: string;
  readonly source: SourceName;
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  readonly handle: (ctx: VendorContext, params: readonly string[]) => Reply | Promise<Reply>;
  /** Rate limiting applies (default true). */
  readonly limited?: boolean;
  /** Authentication required (default true; false for signed-URL downloads). */
  readonly auth?: boolean;
}

export interface RateLimitedInfo {
  readonly retryAfterSeconds: number;
  readonly limit: number;
  readonly remaining: number;
  readonly resetEpochSeconds: number;
  readonly periodSeconds: number;
  /** Status asked for by a fault (e.g. 403 for GitHub). */
  readonly status?: number;
}

export interface VendorErrors {
  unauthorized(info: RequestInfo, source: SourceName, status: number): Reply;
  rateLimited(info: RequestInfo, source: SourceName, rate: RateLimitedInfo): Reply;
  serverError(info: RequestInfo, source: SourceName, status: number): Reply;
  notFound(info: RequestInfo, source: SourceName): Reply;
}

export interface VendorDef {
  readonly name: string;
  readonly routes: readonly RouteDef[];
  readonly errors: VendorErrors;
  /** Returns the caller's identity, or an error reply for missing/bad credentials. */
  authenticate(info: RequestInfo, route: RouteDef): Identity | Reply;
  /** Headers added to every authenticated reply (e.g. GitHub's x-ratelimit-*). */
  commonHeaders?(ctx: VendorContext): Record<string, string>;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

function isReply(x: Identity | Reply): x is Reply {
  return typeof (x as Reply).status === 'number';
}

function count(state: SharedState, route: string, status: string): void {
  let s = state.stats.get(route);
  if (!s) {
    s = { requests: 0, statuses: {} };
    state.stats.set(route, s);
  }
  s.statuses[status] = (s.statuses[status] ?? 0) + 1;
}

function countRequest(state: SharedState, route: string): void {
  let s = state.stats.get(route);
  if (!s) {
    s = { requests: 0, statuses: {} };
    state.stats.set(route, s);
  }
  s.requests++;
}

export async function startVendorServer(vendor: VendorDef, state: SharedState, host: string): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    handle(vendor, state, req, res, timers).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake ${vendor.name} server error: ${err instanceof Error ? err.message : String(err)}`);
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      }),
  };
}

async function handle(vendor: VendorDef, state: SharedState, req: IncomingMessage, res: ServerResponse, timers: Set<NodeJS.Timeout>): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
  let parsed: unknown;
  if (body) {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  const info: RequestInfo = { req, url, query: url.searchParams, body, json: parsed, requestId: state.nextRequestId(), state };

  let route: RouteDef | undefined;
  let params: string[] = [];
  for (const r of vendor.routes) {
    if (r.method !== method) continue;
    const m = r.path.exec(url.pathname);
    if (m) {
      route = r;
      params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
      break;
    }
  }
  if (!route) {
    const source = vendor.routes[0]?.source ?? 'incidentio';
    const id = `${vendor.name}.unknown`;
    countRequest(state, id);
    const reply = vendor.errors.notFound(info, source);
    count(state, id, String(reply.status));
    writeReply(res, reply);
    return;
  }
  countRequest(state, route.id);

  const auth = route.auth === false ? { key: 'anonymous' } : vendor.authenticate(info, route);
  const identity: Identity = isReply(auth) ? { key: 'unauthenticated' } : auth;
  const effects = state.faults.evaluate({ source: route.source, route: route.id, ...(identity.workspace ? { workspace: identity.workspace } : {}) });
  if (effects.lateUpdate) state.revision = effects.lateUpdate.revision ?? state.revision + 1;

  const send = (reply: Reply, truncate?: FaultRule): void => {
    count(state, route.id, String(reply.status));
    writeReply(res, reply, truncate ? { keepFraction: truncate.keepFraction ?? 0.5, abort: truncate.abort ?? false } : undefined);
  };

  const pre = effects.preempt;
  if (pre) {
    const now = state.now();
    switch (pre.kind) {
      case 'auth':
        send(vendor.errors.unauthorized(info, route.source, pre.status ?? 401));
        return;
      case 'server-error':
        send(vendor.errors.serverError(info, route.source, pre.status ?? 503));
        return;
      case 'rate-limit': {
        const retry = pre.retryAfterSeconds ?? 1;
        send(
          vendor.errors.rateLimited(info, route.source, {
            retryAfterSeconds: retry,
            limit: 100,
            remaining: 0,
            resetEpochSeconds: Math.ceil(now / 1000) + retry,
            periodSeconds: 60,
            ...(pre.status !== undefined ? { status: pre.status } : {}),
          }),
        );
        return;
      }
      case 'timeout':
        count(state, route.id, 'hang');
        if (pre.hangMs !== undefined) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            if (!res.destroyed) void proceed();
          }, pre.hangMs);
          timers.add(timer);
        }
        return;
      default:
        break;
    }
  }
  await proceed();

  async function proceed(): Promise<void> {
    if (!route) return;
    if (isReply(auth)) {
      send(auth);
      return;
    }
    let rate: RateDecision | undefined;
    if (route.limited !== false) {
      rate = state.limiter.take(route.source, identity.key);
      if (rate && !rate.allowed) {
        send(vendor.errors.rateLimited(info, route.source, rate));
        return;
      }
    }
    const ctx: VendorContext = { ...info, source: route.source, route: route.id, identity, effects, ...(rate ? { rate } : {}) };
    const reply = await route.handle(ctx, params);
    const common = vendor.commonHeaders?.(ctx);
    send(common ? { ...reply, headers: { ...common, ...reply.headers } } : reply, effects.truncate);
  }
}
