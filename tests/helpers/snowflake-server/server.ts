/**
 * The HTTP side: Snowflake's REST endpoints on node:http (login, query-request with 333333 polling,
 * result, abort, monitoring, heartbeat, telemetry, token renewal, session delete), tokens, the query
 * registry and log, timeouts, cancellation and injected faults.
 */
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Engine, type Binding } from './engine.js';
import { errors, fromDuckError, SfError } from './errors.js';
import type { Session, RunControl } from './session.js';
import type { Outcome } from './statements.js';
import type { FailureEndpoint, FailureRule, QueryLogEntry, QueryStatus, SnowflakeTestServer, SnowflakeTestServerOptions } from './types.js';
import { column, type WireResult } from './wire.js';

interface QueryRecord {
  readonly id: string;
  readonly requestId: string | null;
  readonly session: Session;
  readonly sqlText: string;
  status: QueryStatus;
  readonly ctl: RunControl;
  readonly done: Promise<void>;
  response: unknown;
  readonly log: MutableLog;
}

type MutableLog = { -readonly [K in keyof QueryLogEntry]: QueryLogEntry[K] };

const SESSION_VALIDITY = 3600;
const MASTER_VALIDITY = 14400;

function kindOf(sql: string): string {
  const words = sql
    .replace(/\/\*[\s\S]*?\*\/|--[^\n]*|\/\/[^\n]*/g, ' ')
    .trim()
    .split(/[\s(;]+/)
    .slice(0, 4)
    .map((w) => w.toUpperCase());
  const [a = '', b = '', c = '', d = ''] = words;
  if (a === 'CREATE' || a === 'DROP' || a === 'ALTER') {
    const rest = [b, c, d].filter((w) => !['OR', 'REPLACE', 'TRANSIENT', 'TEMPORARY', 'TEMP', 'SECURE', 'IF', 'NOT', 'EXISTS', 'LOCAL', 'GLOBAL', 'RECURSIVE'].includes(w));
    return `${a} ${rest[0] ?? ''}`.trim();
  }
  if (a === 'USE' && ['WAREHOUSE', 'ROLE', 'DATABASE', 'SCHEMA'].includes(b)) return `USE ${b}`;
  if (a === 'SHOW' && b === 'TERSE') return `SHOW ${c}`;
  if (a === 'SHOW' || a === 'DESCRIBE' || a === 'DESC' || a === 'COMMENT' || a === 'TRUNCATE') return `${a === 'DESC' ? 'DESCRIBE' : a} ${b}`.trim();
  return a;
}

function abortableSleep(ms: number, ctl: RunControl): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0) return resolve();
    const started = Date.now();
    const tick = () => {
      if (ctl.aborted || Date.now() - started >= ms) resolve();
      else setTimeout(tick, Math.min(20, ms - (Date.now() - started)));
    };
    setTimeout(tick, Math.min(20, ms));
  });
}

function b64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Verifies a key-pair login JWT (RS256) against the user's registered public key. */
export function verifyJwt(token: string, account: string, user: string, publicKeyPem: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [h, p, s] = parts as [string, string, string];
  let header: { alg?: string };
  let payload: { iss?: string; sub?: string; exp?: number };
  try {
    header = JSON.parse(b64url(h).toString('utf8'));
    payload = JSON.parse(b64url(p).toString('utf8'));
  } catch {
    return false;
  }
  if (header.alg !== 'RS256') return false;
  const key = createPublicKey(publicKeyPem);
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, b64url(s))) return false;
  const fingerprint = 'SHA256:' + createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('base64');
  const who = `${account.toUpperCase()}.${user.toUpperCase()}`;
  if (payload.sub !== who || payload.iss !== `${who}.${fingerprint}`) return false;
  const exp = payload.exp ?? 0;
  const expMs = exp > 1e12 ? exp : exp * 1000;
  return expMs > Date.now();
}

export async function startInProcessServer(opts: SnowflakeTestServerOptions = {}): Promise<SnowflakeTestServer> {
  const engine = await Engine.create({
    databases: opts.databases ?? ['ANALYTICS'],
    warehouses: opts.warehouses ?? ['COMPUTE_WH'],
    roles: opts.roles ?? ['SYSADMIN', 'ACCOUNTADMIN'],
    users: opts.users ?? [],
    parameters: opts.parameters ?? {},
    timestamptzAs: opts.timestamptzAs ?? 'timestamp_ltz',
  });
  const openUsers = (opts.users ?? []).length === 0;
  const longRunningMs = opts.longRunningMs ?? 45_000;
  const statementDelayMs = opts.statementDelayMs ?? 0;
  const failures: (FailureRule & { left: number })[] = (opts.failures ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
  const sessionsByToken = new Map<string, Session>();
  const sessionsByMaster = new Map<string, Session>();
  const tokensOf = new Map<Session, { token: string; master: string }>();
  const queries = new Map<string, QueryRecord>();
  const byRequestId = new Map<string, QueryRecord>();
  const log: MutableLog[] = [];

  function takeFailure(endpoint: FailureEndpoint, sql?: string): FailureRule | undefined {
    for (const f of failures) {
      if (f.left <= 0) continue;
      if (f.endpoint && f.endpoint !== 'any' && f.endpoint !== endpoint) continue;
      if (!f.endpoint && endpoint !== 'query') continue;
      if (f.sql !== undefined) {
        if (sql === undefined) continue;
        if (f.sql instanceof RegExp ? !f.sql.test(sql) : !sql.toLowerCase().includes(f.sql.toLowerCase())) continue;
      }
      f.left--;
      return f;
    }
    return undefined;
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }
  const okBody = (data: unknown) => ({ success: true, code: null, message: null, data });
  const errBody = (e: SfError, queryId?: string) => ({
    success: false,
    code: e.code,
    message: e.message,
    headers: null,
    data: { errorCode: e.code, sqlState: e.sqlState, queryId: queryId ?? null, internalError: false, age: 0, type: 'COMPILATION' },
  });

  /** Applies an injected fault; returns true when the request was answered (or dropped). */
  async function fault(res: ServerResponse, endpoint: FailureEndpoint, sql?: string): Promise<boolean> {
    const f = takeFailure(endpoint, sql);
    if (!f) return false;
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.drop) {
      res.socket?.destroy();
      return true;
    }
    if (f.httpStatus) {
      send(res, f.httpStatus, { success: false, code: String(f.httpStatus), message: 'injected failure', data: null });
      return true;
    }
    if (f.error) {
      const e = new SfError(f.error.code, f.error.sqlState ?? '', f.error.message ?? `Injected error ${f.error.code}`);
      send(res, 200, errBody(e));
      return true;
    }
    return false;
  }

  function auth(req: IncomingMessage, master = false): Session | undefined {
    const m = /Snowflake Token="([^"]*)"/.exec(req.headers.authorization ?? '');
    if (!m) return undefined;
    return (master ? sessionsByMaster : sessionsByToken).get(m[1]!);
  }

  function issueTokens(s: Session): { token: string; master: string } {
    const old = tokensOf.get(s);
    if (old) {
      sessionsByToken.delete(old.token);
      sessionsByMaster.delete(old.master);
    }
    const t = { token: 'ST-' + randomBytes(16).toString('hex'), master: 'MT-' + randomBytes(16).toString('hex') };
    tokensOf.set(s, t);
    sessionsByToken.set(t.token, s);
    sessionsByMaster.set(t.master, s);
    return t;
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let buf = Buffer.concat(chunks);
    if (buf.length === 0) return {};
    if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
    return JSON.parse(buf.toString('utf8'));
  }

  // ───────────── login ─────────────
  async function login(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = (await readBody(req)) as { data?: Record<string, unknown> };
    const d = body.data ?? {};
    const user = String(d.LOGIN_NAME ?? '');
    const authenticator = String(d.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
    const fail = (code: string, message: string) =>
      send(res, 200, { success: false, code, message, headers: null, data: { nextAction: 'RETRY_LOGIN', authnMethod: authenticator === 'SNOWFLAKE_JWT' ? 'KEYPAIR' : 'USERNAME_PASSWORD', signInOptions: {} } });
    if (!openUsers) {
      const spec = engine.catalog.users.get(user.toUpperCase()) ?? engine.catalog.users.get(user);
      if (authenticator === 'SNOWFLAKE_JWT') {
        const token = String(d.TOKEN ?? '');
        if (!spec?.publicKey || !verifyJwt(token, String(d.ACCOUNT_NAME ?? 'fake'), user, spec.publicKey)) return fail('390144', 'JWT token is invalid.');
      } else if (!spec || spec.password === undefined || spec.password !== d.PASSWORD) {
        return fail('390100', 'Incorrect username or password was specified.');
      }
    }
    let session: Session;
    try {
      session = await engine.openSession({
        user,
        database: url.searchParams.get('databaseName') ?? undefined,
        schema: url.searchParams.get('schemaName') ?? undefined,
        warehouse: url.searchParams.get('warehouse') ?? undefined,
        role: url.searchParams.get('roleName') ?? undefined,
        sessionParameters: d.SESSION_PARAMETERS as Record<string, unknown> | undefined,
      });
    } catch (e) {
      const err = e instanceof SfError ? e : fromDuckError(e);
      return send(res, 200, { success: false, code: err.code, message: err.message, headers: null, data: { nextAction: 'RETRY_LOGIN', sqlState: err.sqlState } });
    }
    const t = issueTokens(session);
    const parameters = [
      ...session.responseParameters(),
      { name: 'CLIENT_STAGE_ARRAY_BINDING_THRESHOLD', value: opts.arrayBindingThreshold ?? 65280 },
      { name: 'CLIENT_SESSION_KEEP_ALIVE', value: session.param('CLIENT_SESSION_KEEP_ALIVE') },
      { name: 'CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY', value: 3600 },
      { name: 'QUERY_CONTEXT_CACHE_SIZE', value: 5 },
    ];
    send(
      res,
      200,
      okBody({
        masterToken: t.master,
        token: t.token,
        validityInSeconds: SESSION_VALIDITY,
        masterValidityInSeconds: MASTER_VALIDITY,
        displayUserName: session.user,
        serverVersion: '9.0.0',
        firstLogin: false,
        remMeToken: null,
        remMeValidityInSeconds: 0,
        healthCheckInterval: 45,
        newClientForUpgrade: null,
        sessionId: Number(session.sessionId),
        parameters,
        sessionInfo: { databaseName: session.database, schemaName: session.schema, warehouseName: session.warehouse, roleName: session.role },
        idToken: null,
        idTokenValidityInSeconds: 0,
        responseData: null,
        mfaToken: null,
        mfaTokenValidityInSeconds: 0,
      }),
    );
  }

  // ───────────── queries ─────────────
  function successBody(rec: QueryRecord, outcome: Outcome, childIds?: string[]): unknown {
    const s = rec.session;
    const result: WireResult = childIds ? { columns: [column('multiple statement execution', 'text')], rows: [['Multiple statements executed successfully.']] } : outcome.result;
    return okBody({
      parameters: s.responseParameters(),
      rowtype: result.columns,
      rowset: result.rows,
      total: result.rows.length,
      returned: result.rows.length,
      queryId: rec.id,
      databaseProvider: null,
      finalDatabaseName: s.database,
      finalSchemaName: s.schema,
      finalWarehouseName: s.warehouse,
      finalRoleName: s.role,
      numberOfBinds: 0,
      arrayBindSupported: false,
      statementTypeId: childIds ? 0x1000 : outcome.statementTypeId,
      version: 1,
      sendResultTime: Date.now(),
      queryResultFormat: 'json',
      ...(childIds ? { resultIds: childIds.join(','), resultTypes: childIds.map(() => '4096').join(',') } : {}),
    });
  }

  function startQuery(session: Session, body: Record<string, unknown>, requestId: string | null): QueryRecord {
    const id = randomUUID();
    const sqlText = String(body.sqlText ?? '');
    const bindings = body.bindings as Record<string, Binding> | undefined;
    const params = (body.parameters ?? {}) as Record<string, unknown>;
    const bindRows = bindings ? Object.values(bindings).reduce((m, b) => Math.max(m, Array.isArray(b.value) ? b.value.length : 1), 0) : 0;
    const ctl: RunControl = { aborted: null, timeoutSeconds: 0, conn: session.conn };
    const entry: MutableLog = {
      queryId: id,
      sessionId: session.sessionId,
      user: session.user,
      sqlText,
      kind: kindOf(sqlText),
      status: 'RUNNING',
      statementTypeId: null,
      errorCode: null,
      errorMessage: null,
      queryTag: session.queryTag,
      warehouse: session.warehouse,
      role: session.role,
      database: session.database,
      schema: session.schema,
      rowCount: null,
      bindRows,
      startTime: Date.now(),
      durationMs: null,
      resultFetches: 0,
    };
    log.push(entry);
    const rec: QueryRecord = {
      id,
      requestId,
      session,
      sqlText,
      status: 'RUNNING',
      ctl,
      response: undefined,
      log: entry,
      done: session.exclusive(async () => {
        session.runningQueryId = id;
        // session state as of the start of execution (after earlier statements of the session)
        Object.assign(entry, { queryTag: session.queryTag, warehouse: session.warehouse, role: session.role, database: session.database, schema: session.schema });
        const timeout = Number(params.STATEMENT_TIMEOUT_IN_SECONDS ?? session.param('STATEMENT_TIMEOUT_IN_SECONDS'));
        let timer: NodeJS.Timeout | undefined;
        if (timeout > 0 && timeout < 172800) {
          ctl.timeoutSeconds = timeout;
          timer = setTimeout(() => {
            if (ctl.aborted) return;
            ctl.aborted = 'timeout';
            session.conn.interrupt();
          }, timeout * 1000);
        }
        try {
          if (statementDelayMs > 0) await abortableSleep(statementDelayMs, ctl);
          const outcomes = await engine.execute(session, sqlText, bindings, ctl, params, (ms) => abortableSleep(ms, ctl), body.describeOnly === true);
          if (ctl.aborted) throw ctl.aborted === 'cancel' ? errors.cancelled() : errors.timeout(ctl.timeoutSeconds);
          session.remember(id, outcomes[outcomes.length - 1]!.result);
          let childIds: string[] | undefined;
          if (outcomes.length > 1) {
            childIds = outcomes.map((o) => {
              const cid = randomUUID();
              const child: QueryRecord = { id: cid, requestId: null, session, sqlText, status: 'SUCCESS', ctl, done: Promise.resolve(), response: undefined, log: entry };
              child.response = successBody(child, o);
              queries.set(cid, child);
              return cid;
            });
          }
          const outcome = outcomes[outcomes.length - 1]!;
          rec.response = successBody(rec, outcome, childIds);
          rec.status = 'SUCCESS';
          entry.statementTypeId = outcome.statementTypeId;
          entry.rowCount =
            outcome.statementTypeId >= 0x3000 && outcome.statementTypeId < 0x4000
              ? outcome.result.rows[0]?.reduce((sum, v) => sum + Number(v ?? 0), 0) ?? 0
              : outcome.result.rows.length;
        } catch (e) {
          let err = e instanceof SfError ? e : fromDuckError(e);
          if (ctl.aborted === 'timeout') err = errors.timeout(ctl.timeoutSeconds);
          else if (ctl.aborted === 'cancel') err = errors.cancelled();
          rec.response = errBody(err, id);
          rec.status = ctl.aborted ? 'ABORTED' : 'FAILED_WITH_ERROR';
          entry.errorCode = err.code;
          entry.errorMessage = err.message;
          session.remember(id, null);
        } finally {
          session.runningQueryId = null;
          if (timer) clearTimeout(timer);
          entry.status = rec.status;
          entry.durationMs = Date.now() - entry.startTime;
        }
      }),
    };
    queries.set(id, rec);
    if (requestId) byRequestId.set(requestId, rec);
    prune();
    return rec;
  }

  async function answerWhenDone(res: ServerResponse, rec: QueryRecord): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      rec.done.then(() => true),
      new Promise<boolean>((r) => {
        timer = setTimeout(() => r(false), longRunningMs);
      }),
    ]);
    if (timer) clearTimeout(timer);
    if (finished) return send(res, 200, rec.response);
    send(res, 200, {
      success: true,
      code: '333333',
      message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
      data: { queryId: rec.id, getResultUrl: `/queries/${rec.id}/result`, queryAbortsAfterSecs: 300, progressDesc: null },
    });
  }

  async function queryRequest(req: IncomingMessage, res: ServerResponse, url: URL, session: Session): Promise<void> {
    const body = (await readBody(req)) as Record<string, unknown>;
    if (await fault(res, 'query', String(body.sqlText ?? ''))) return;
    if (body.bindStage) return send(res, 200, errBody(errors.unsupported('stage array binding'), undefined));
    const rec = startQuery(session, body, url.searchParams.get('requestId'));
    if (body.asyncExec === true) {
      return send(res, 200, {
        success: true,
        code: '333334',
        message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
        data: { queryId: rec.id, getResultUrl: `/queries/${rec.id}/result`, queryAbortsAfterSecs: 300, progressDesc: null },
      });
    }
    await answerWhenDone(res, rec);
  }

  function abort(rec: QueryRecord | undefined): void {
    if (!rec || rec.status !== 'RUNNING' || rec.ctl.aborted) return;
    rec.ctl.aborted = 'cancel';
    if (rec.session.runningQueryId === rec.id) rec.session.conn.interrupt();
  }

  /** Keeps the registry bounded: finished statements beyond the last 1000 are forgotten. */
  function prune(): void {
    if (queries.size <= 1000) return;
    for (const [id, rec] of queries) {
      if (queries.size <= 800) break;
      if (rec.status === 'RUNNING') continue;
      queries.delete(id);
      if (rec.requestId) byRequestId.delete(rec.requestId);
    }
  }

  // ───────────── routing ─────────────
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/session/v1/login-request') {
      if (await fault(res, 'login')) return;
      return login(req, res, url);
    }
    if (method === 'POST' && path === '/session/token-request') {
      if (await fault(res, 'token')) return;
      const s = auth(req, true);
      await readBody(req);
      if (!s || s.closed) return send(res, 200, { success: false, code: '390114', message: 'Authentication token has expired.  The user must authenticate again.', data: null });
      const t = issueTokens(s);
      return send(res, 200, okBody({ sessionToken: t.token, validityInSecondsST: SESSION_VALIDITY, masterToken: t.master, validityInSecondsMT: MASTER_VALIDITY, sessionId: Number(s.sessionId) }));
    }
    if (path === '/monitoring/queries' || path.startsWith('/monitoring/queries/')) {
      if (await fault(res, 'monitoring')) return;
    }
    const session = auth(req);
    if (!session || session.closed) {
      await readBody(req).catch(() => undefined);
      return send(res, 401, { success: false, code: '390104', message: 'Invalid session token.', data: null });
    }
    if (method === 'POST' && path === '/queries/v1/query-request') return queryRequest(req, res, url, session);
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/queries\/([^/]+)\/result$/.exec(path))) {
      if (await fault(res, 'result')) return;
      const rec = queries.get(m[1]!);
      if (!rec) return send(res, 200, errBody(new SfError('000709', '02000', `Statement ${m[1]} not found`)));
      rec.log.resultFetches++;
      return answerWhenDone(res, rec);
    }
    if (method === 'POST' && path !== '/queries/v1/abort-request' && (m = /^\/queries\/([^/]+)\/abort-request$/.exec(path))) {
      await readBody(req);
      if (await fault(res, 'abort')) return;
      abort(queries.get(m[1]!));
      return send(res, 200, okBody(null));
    }
    if (method === 'POST' && path === '/queries/v1/abort-request') {
      const body = (await readBody(req)) as { requestId?: string };
      if (await fault(res, 'abort')) return;
      abort(body.requestId ? byRequestId.get(body.requestId) : undefined);
      return send(res, 200, okBody(null));
    }
    if (method === 'GET' && (m = /^\/monitoring\/queries\/([^/]+)$/.exec(path))) {
      const rec = queries.get(m[1]!);
      if (!rec) return send(res, 200, okBody({ queries: [] }));
      const body = rec.response as { data?: { sqlState?: string }; message?: string; code?: string } | undefined;
      return send(
        res,
        200,
        okBody({
          queries: [
            {
              id: rec.id,
              status: rec.status,
              state: rec.status === 'SUCCESS' ? 'SUCCEEDED' : rec.status === 'RUNNING' ? 'RUNNING' : 'FAILED',
              sqlText: rec.sqlText,
              startTime: rec.log.startTime,
              endTime: rec.log.durationMs === null ? 0 : rec.log.startTime + rec.log.durationMs,
              totalDuration: rec.log.durationMs ?? Date.now() - rec.log.startTime,
              errorCode: rec.status === 'SUCCESS' || rec.status === 'RUNNING' ? null : body?.code,
              errorMessage: rec.status === 'SUCCESS' || rec.status === 'RUNNING' ? null : body?.message,
              sessionId: Number(rec.session.sessionId),
              warehouseName: rec.log.warehouse,
              databaseName: rec.log.database,
              schemaName: rec.log.schema,
            },
          ],
        }),
      );
    }
    if (method === 'POST' && path === '/session/heartbeat') {
      await readBody(req);
      if (await fault(res, 'heartbeat')) return;
      return send(res, 200, okBody(null));
    }
    if (method === 'POST' && path === '/telemetry/send') {
      await readBody(req);
      if (await fault(res, 'telemetry')) return;
      return send(res, 200, okBody(null));
    }
    if (method === 'POST' && path === '/session' && url.searchParams.get('delete') === 'true') {
      await readBody(req);
      if (await fault(res, 'session-delete')) return;
      const t = tokensOf.get(session);
      if (t) {
        sessionsByToken.delete(t.token);
        sessionsByMaster.delete(t.master);
        tokensOf.delete(session);
      }
      await engine.closeSession(session);
      return send(res, 200, okBody(null));
    }
    await readBody(req).catch(() => undefined);
    send(res, 404, { success: false, code: '404', message: `unknown endpoint ${method} ${path}`, data: null });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { success: false, code: '000603', message: e instanceof Error ? e.message : String(e), data: null });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed = false;
  return {
    url,
    port,
    account: 'fake',
    connectionOptions: (extra = {}) => ({ accessUrl: url, account: 'fake', ...extra }),
    queries: async () => log.map((e) => ({ ...e })),
    clearQueries: async () => {
      log.length = 0;
    },
    setFailure: async (rule) => {
      if (rule === null) failures.length = 0;
      else failures.push({ ...rule, left: rule.times ?? 1 });
    },
    sessionCount: async () => tokensOf.size,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const rec of queries.values()) abort(rec);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      for (const s of [...tokensOf.keys()]) await engine.closeSession(s).catch(() => undefined);
      await engine.close();
    },
  };
}
