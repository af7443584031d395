/**
 * A Snowflake session: identity, current database/schema/warehouse/role, session parameters, and the
 * DuckDB connection its statements run on (one at a time, so that USE, transactions and interrupts are
 * per session).
 */
import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { errors, SfError } from './errors.js';
import { quoteIdent, quoteString, type SessionView } from './sql/translate.js';
import type { WireResult } from './wire.js';

export const DEFAULT_PARAMETERS: Readonly<Record<string, string | number | boolean>> = {
  TIMEZONE: 'America/Los_Angeles',
  TIMESTAMP_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM',
  TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD HH24:MI:SS.FF3',
  TIMESTAMP_LTZ_OUTPUT_FORMAT: '',
  TIMESTAMP_TZ_OUTPUT_FORMAT: '',
  DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
  TIME_OUTPUT_FORMAT: 'HH24:MI:SS',
  BINARY_OUTPUT_FORMAT: 'HEX',
  CLIENT_TIMESTAMP_TYPE_MAPPING: 'TIMESTAMP_LTZ',
  TIMESTAMP_TYPE_MAPPING: 'TIMESTAMP_NTZ',
  QUERY_TAG: '',
  STATEMENT_TIMEOUT_IN_SECONDS: 172800,
  MULTI_STATEMENT_COUNT: 1,
  AUTOCOMMIT: true,
  JS_TREAT_INTEGER_AS_BIGINT: false,
  CLIENT_SESSION_KEEP_ALIVE: false,
};

/** Parameters echoed in every query response: the driver formats dates from these. */
export const RESPONSE_PARAMETERS = [
  'TIMEZONE',
  'TIMESTAMP_OUTPUT_FORMAT',
  'TIMESTAMP_NTZ_OUTPUT_FORMAT',
  'TIMESTAMP_LTZ_OUTPUT_FORMAT',
  'TIMESTAMP_TZ_OUTPUT_FORMAT',
  'DATE_OUTPUT_FORMAT',
  'TIME_OUTPUT_FORMAT',
  'BINARY_OUTPUT_FORMAT',
  'CLIENT_TIMESTAMP_TYPE_MAPPING',
  'JS_TREAT_INTEGER_AS_BIGINT',
] as const;

/** Abort state of the statement a session is running. */
export interface RunControl {
  aborted: null | 'cancel' | 'timeout';
  timeoutSeconds: number;
  conn: DuckDBConnection | null;
}

export function checkAborted(ctl: RunControl | undefined | null): void {
  if (ctl?.aborted) throw ctl.aborted === 'cancel' ? errors.cancelled() : errors.timeout(ctl.timeoutSeconds);
}

let nextSessionId = 1_000_000_000_001n;

export class Session implements SessionView {
  readonly sessionId: string = String(nextSessionId++);
  database: string | null = null;
  schema: string | null = null;
  warehouse: string | null = null;
  role: string;
  readonly params = new Map<string, string | number | boolean>();
  inTransaction = false;
  lastQueryId: string | null = null;
  /** The statement currently executing on the connection (cancel/timeout interrupt only that one). */
  runningQueryId: string | null = null;
  /** Ids of this session's finished statements, oldest first (LAST_QUERY_ID(-n)). */
  readonly queryHistory: string[] = [];
  /** Recent results by query id, for RESULT_SCAN. */
  readonly recentResults = new Map<string, WireResult>();

  /** Records a finished statement (and its result when it succeeded). */
  remember(queryId: string, result: WireResult | null): void {
    this.lastQueryId = queryId;
    this.queryHistory.push(queryId);
    if (this.queryHistory.length > 100) this.queryHistory.shift();
    if (result) {
      this.recentResults.set(queryId, result);
      if (this.recentResults.size > 20) this.recentResults.delete(this.recentResults.keys().next().value as string);
    }
  }

  /** LAST_QUERY_ID(n): -1 (default) is the latest, 1 the first of the session. */
  queryIdAt(n: number): string | null {
    const h = this.queryHistory;
    const i = n < 0 ? h.length + n : n - 1;
    return h[i] ?? null;
  }
  closed = false;
  /** Serialises statements on the DuckDB connection. */
  private tail: Promise<unknown> = Promise.resolve();
  private appliedUse = '';
  private appliedTz = '';
  /** Objects created TEMPORARY in this session: dropped when it closes. */
  readonly temporaryObjects: { db: string; schema: string; name: string; kind: 'TABLE' | 'VIEW' }[] = [];
  /** Session variables (SET x = …). */
  readonly variables = new Map<string, string>();

  constructor(
    readonly user: string,
    role: string,
    readonly account: string,
    readonly conn: DuckDBConnection,
    readonly defaults: Readonly<Record<string, string | number | boolean>>,
  ) {
    this.role = role;
  }

  param(name: string): string | number | boolean {
    return this.params.get(name) ?? this.defaults[name] ?? DEFAULT_PARAMETERS[name] ?? '';
  }

  get queryTag(): string {
    return String(this.param('QUERY_TAG'));
  }

  get timezone(): string {
    return String(this.param('TIMEZONE'));
  }

  responseParameters(): { name: string; value: string | number | boolean }[] {
    return RESPONSE_PARAMETERS.map((name) => ({ name, value: this.param(name) }));
  }

  /** Runs fn with exclusive use of the connection. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn, fn);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** Runs one DuckDB statement on this session's connection, honouring cancel/timeout. */
  async run(sql: string, ctl?: RunControl): Promise<DuckDBResultReader> {
    checkAborted(ctl);
    await this.sync();
    try {
      const r = await this.conn.runAndReadAll(sql);
      checkAborted(ctl);
      return r;
    } catch (e) {
      checkAborted(ctl);
      throw e;
    }
  }

  /** Makes the DuckDB connection's current catalog/schema and time zone match the session. */
  async sync(): Promise<void> {
    const use = this.database ? `${quoteIdent(this.database)}.${quoteIdent(this.schema && this.schema !== 'INFORMATION_SCHEMA' ? this.schema : 'main')}` : `"_NO_DATABASE".main`;
    if (use !== this.appliedUse) {
      try {
        await this.conn.run(`USE ${use}`);
      } catch {
        // the current schema (or database) was dropped meanwhile: Snowflake keeps the name, lookups fail
        await this.conn.run(`USE "_NO_DATABASE".main`);
      }
      this.appliedUse = use;
    }
    const tz = this.timezone;
    if (tz !== this.appliedTz) {
      await this.conn.run(`SET TimeZone = ${quoteString(tz)}`);
      this.appliedTz = tz;
    }
  }

  /** Forgets the applied USE (after the current schema was dropped or renamed). */
  invalidateUse(): void {
    this.appliedUse = '';
  }

  async setTimezone(tz: string): Promise<void> {
    try {
      await this.conn.run(`SET TimeZone = ${quoteString(tz)}`);
    } catch {
      throw new SfError('002151', '22023', `Invalid value [${tz}] for parameter 'TIMEZONE'`);
    }
    this.params.set('TIMEZONE', tz);
    this.appliedTz = tz;
  }
}
