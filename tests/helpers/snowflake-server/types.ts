/** Public types of the Snowflake-protocol test server. */

export interface TestUser {
  readonly name: string;
  readonly password?: string;
  /** PEM public key (SPKI) for key-pair login (AUTHENTICATOR=SNOWFLAKE_JWT). */
  readonly publicKey?: string;
}

export type FailureEndpoint = 'login' | 'query' | 'result' | 'heartbeat' | 'telemetry' | 'token' | 'abort' | 'session-delete' | 'monitoring' | 'any';

/** An injected fault. Rules are consumed in order; each fires `times` times (default 1). */
export interface FailureRule {
  readonly endpoint?: FailureEndpoint;
  /** For queries: a case-insensitive substring of the SQL text, or a regular expression. */
  readonly sql?: string | RegExp;
  readonly times?: number;
  /** Answer with this Snowflake error (HTTP 200, success:false). */
  readonly error?: { readonly code: string; readonly message?: string; readonly sqlState?: string };
  /** Answer with this HTTP status (e.g. 503 or 429: the driver retries). */
  readonly httpStatus?: number;
  /** Destroy the socket without answering. */
  readonly drop?: boolean;
  /** Wait before handling the request. */
  readonly delayMs?: number;
}

export interface SnowflakeTestServerOptions {
  /** Port to listen on (default 0: any free port). */
  readonly port?: number;
  /** Databases to create, each with a PUBLIC schema (default ['ANALYTICS']). Unquoted names are upper-cased. */
  readonly databases?: readonly string[];
  /** Users; when none are given any user name and password are accepted. */
  readonly users?: readonly TestUser[];
  /** Warehouses known to USE WAREHOUSE and login (default ['COMPUTE_WH']). */
  readonly warehouses?: readonly string[];
  /** Roles known to USE ROLE and login (default ['SYSADMIN', 'ACCOUNTADMIN']; PUBLIC always exists). */
  readonly roles?: readonly string[];
  /** Artificial latency added to every statement (ms). */
  readonly statementDelayMs?: number;
  /** A statement still running after this long is answered with code 333333 and polled (default 45000 ms). */
  readonly longRunningMs?: number;
  /** Injected faults. */
  readonly failures?: readonly FailureRule[];
  /** Account-level session parameter defaults, e.g. { TIMEZONE: 'UTC' } (Snowflake's default is America/Los_Angeles). */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** Wire type of TIMESTAMP WITH TIME ZONE results (default timestamp_ltz). */
  readonly timestamptzAs?: 'timestamp_ltz' | 'timestamp_tz';
  /** CLIENT_STAGE_ARRAY_BINDING_THRESHOLD sent at login (default 65280, as Snowflake). */
  readonly arrayBindingThreshold?: number;
  /** Run the server in this process instead of a child process (debugging). */
  readonly inProcess?: boolean;
}

export type QueryStatus = 'RUNNING' | 'SUCCESS' | 'FAILED_WITH_ERROR' | 'ABORTED';

/** One statement as the server saw it. */
export interface QueryLogEntry {
  readonly queryId: string;
  readonly sessionId: string;
  readonly user: string;
  readonly sqlText: string;
  /** First keyword(s), upper-cased: SELECT, INSERT, CREATE TABLE, USE WAREHOUSE, ALTER SESSION … */
  readonly kind: string;
  readonly status: QueryStatus;
  readonly statementTypeId: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  /** Session state when the statement started. */
  readonly queryTag: string;
  readonly warehouse: string | null;
  readonly role: string;
  readonly database: string | null;
  readonly schema: string | null;
  /** Rows returned (queries) or affected (DML). */
  readonly rowCount: number | null;
  /** Number of bound rows (1 for single binds, N for array binds, 0 without binds). */
  readonly bindRows: number;
  readonly startTime: number;
  readonly durationMs: number | null;
  /** GET /queries/<id>/result requests for this statement (the long-running polling path). */
  readonly resultFetches: number;
}

export interface SnowflakeTestServer {
  /** `http://127.0.0.1:PORT` — pass as `accessUrl` with `account: 'fake'`. */
  readonly url: string;
  readonly port: number;
  readonly account: 'fake';
  /** Connection options for snowflake.createConnection (add username/password or privateKey). */
  connectionOptions(extra?: Record<string, unknown>): Record<string, unknown>;
  /** Statements logged so far, oldest first. */
  queries(): Promise<QueryLogEntry[]>;
  clearQueries(): Promise<void>;
  /** Adds a fault rule (or clears all rules with null). */
  setFailure(rule: FailureRule | null): Promise<void>;
  /** Number of open sessions. */
  sessionCount(): Promise<number>;
  close(): Promise<void>;
}
