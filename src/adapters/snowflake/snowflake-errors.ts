import { DatabaseError, positionAt, scrubSecrets, type SourceLocation } from '../../errors/index.js';
import type { ExecOptions } from '../contract.js';

/**
 * snowflake-sdk errors → opp's DatabaseError.
 *
 * A failing statement comes back as `OperationFailedError` with `code` (`002003`), `sqlState` (`42S02`),
 * `data.queryId` and a message such as
 *
 *     SQL compilation error: error line 2 at position 7
 *     invalid identifier 'NOPE'
 *
 * Positions are `line L at position P` (1-based line, 0-based column of the statement): mapped into the
 * compiled SELECT a statement embeds, so the error points into the compiled file. Driver-side failures
 * carry numeric codes (401001 network, 405503 cancelled …) and no SQL state.
 */

/** What opp reads from a driver error. */
export interface SnowflakeErrorParts {
  readonly code?: string;
  readonly sqlState?: string;
  readonly queryId?: string;
  /** The message on one line (Snowflake's `\n` turned into spaces, the position phrase kept). */
  readonly message: string;
  /** 0-based offset of `line L at position P` in the statement, when Snowflake reports one. */
  readonly offset?: number;
}

interface DriverError {
  readonly name?: string;
  readonly code?: unknown;
  readonly sqlState?: unknown;
  readonly message?: unknown;
  readonly data?: { readonly queryId?: unknown; readonly sqlState?: unknown };
  readonly cause?: unknown;
}

function asDriverError(err: unknown): DriverError {
  return typeof err === 'object' && err !== null ? (err as DriverError) : { message: String(err) };
}

/** Offset in `sql` of 1-based `line`, 0-based `position`; undefined when outside the text. */
export function offsetOf(sql: string, line: number, position: number): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = sql.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = sql.indexOf('\n', start);
  const lineLength = (end < 0 ? sql.length : end) - start;
  if (position < 0 || position > lineLength) return undefined;
  return start + position;
}

export function parseSnowflakeError(err: unknown, sql: string): SnowflakeErrorParts {
  const e = asDriverError(err);
  const raw = typeof e.message === 'string' ? e.message : String(e.message ?? err);
  const code = e.code === undefined || e.code === null ? undefined : String(e.code);
  const sqlState = typeof e.sqlState === 'string' ? e.sqlState : typeof e.data?.sqlState === 'string' ? e.data.sqlState : undefined;
  const queryId = typeof e.data?.queryId === 'string' ? e.data.queryId : undefined;
  const m = /line (\d+) at position (\d+)/.exec(raw);
  const offset = m ? offsetOf(sql, Number(m[1]), Number(m[2])) : undefined;
  const message = raw
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  return { message, ...(code ? { code } : {}), ...(sqlState ? { sqlState } : {}), ...(queryId ? { queryId } : {}), ...(offset !== undefined ? { offset } : {}) };
}

/** Driver codes of requests that never reached Snowflake or got no answer (snowflake-sdk's errors.js). */
const NETWORK_CODES = new Set(['401001', '401002', '401003', '401004']);

/** The request failed on the way (connection refused, reset, timed out), not in Snowflake. */
export function isNetworkError(err: unknown): boolean {
  const e = asDriverError(err);
  if (e.name === 'NetworkError' || e.name === 'RequestFailedError') return true;
  return e.code !== undefined && NETWORK_CODES.has(String(e.code));
}

/** Snowflake cancelled the statement (000604) or the driver did (405503/405501). */
export function isCancelled(err: unknown): boolean {
  const code = String(asDriverError(err).code ?? '');
  return code === '000604' || code === '405501' || code === '405503';
}

function hintFor(parts: SnowflakeErrorParts, opts: { readonly statementTimeout?: number }): string {
  switch (parts.code) {
    case '002003':
      return 'Check that the object exists (run its upstream models first), that the name is spelled right, and that the role may read it.';
    case '000904':
      return 'Check the column name at the position shown; unquoted names are upper-cased by Snowflake.';
    case '001003':
      return 'Check the SQL syntax at the position shown.';
    case '000630':
      return opts.statementTimeout
        ? `The statement ran longer than the target's statement_timeout (${opts.statementTimeout} s); raise it, or make the model cheaper.`
        : 'The statement ran longer than the warehouse or account statement timeout; raise STATEMENT_TIMEOUT_IN_SECONDS or make the model cheaper.';
    case '000606':
      return "No warehouse is in use: set 'warehouse' in the target (or snowflake_warehouse on the model) to one the role may use.";
    case '100038':
    case '100035':
    case '100037':
      return 'A value does not fit its target type; cast it explicitly or filter it out.';
    case '100090':
      return "Two staged rows match the same target row; make the model's unique_key unique.";
    case '003001':
    case '003003':
      return 'The role lacks a privilege on the object; grant it, or run with a role that has it.';
    default:
      return parts.code && /^39\d{4}$/.test(parts.code)
        ? 'The session was refused or expired; check the credentials and run again.'
        : 'See the statement in the compiled SQL file and the Snowflake message above.';
  }
}

/**
 * A failing statement → `DatabaseError` (`database/query-failed`; `run/interrupted` when cancelled;
 * `database/connection-failed` when the request never got an answer). The message carries Snowflake's
 * code, SQL state and query id; the location is mapped into `opts.compiledSql` when the statement embeds
 * it, else into the statement itself.
 */
export function toSnowflakeError(err: unknown, sql: string, opts: ExecOptions & { readonly statementTimeout?: number } = {}): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const parts = parseSnowflakeError(err, sql);
  let location: SourceLocation | undefined;
  let where = '';
  if (parts.offset !== undefined) {
    const compiled = opts.compiledSql;
    const at = compiled !== undefined && compiled.length > 0 ? sql.indexOf(compiled) : -1;
    if (at >= 0 && parts.offset >= at && parts.offset <= at + compiled!.length) {
      location = { file: opts.compiledPath ?? '<compiled sql>', ...positionAt(compiled!, parts.offset - at) };
    } else if (compiled === undefined) {
      location = { file: opts.compiledPath ?? '<sql>', ...positionAt(sql, parts.offset) };
    } else {
      const pos = positionAt(sql, parts.offset);
      where = ` (statement line ${pos.line}, column ${pos.column})`;
    }
  }
  const cancelled = isCancelled(err);
  const network = !cancelled && isNetworkError(err);
  const prefix = parts.code && !network ? `${parts.code}${parts.sqlState ? ` (${parts.sqlState})` : ''}: ` : '';
  const suffix = parts.queryId ? ` [query id ${parts.queryId}]` : '';
  const code = cancelled ? 'run/interrupted' : network ? 'database/connection-failed' : 'database/query-failed';
  const hint = cancelled
    ? 'The statement was cancelled; run the command again to redo it.'
    : network
      ? 'The connection to Snowflake was lost; check the network (or the host/port of the target) and run again.'
      : hintFor(parts, opts);
  return new DatabaseError(code, scrubSecrets(`${prefix}${parts.message}${where}${suffix}`), {
    sql,
    cause: err,
    ...(location ? { location } : {}),
    ...(opts.nodeId ? { nodeId: opts.nodeId } : {}),
    ...(opts.compiledPath ? { compiledPath: opts.compiledPath } : {}),
    ...(parts.code ? { vendorCode: parts.code } : {}),
    ...(parts.sqlState ? { sqlState: parts.sqlState } : {}),
    ...(parts.queryId ? { queryId: parts.queryId } : {}),
    hint,
  });
}

/** What the login was asked for, to name it in connection errors. */
export interface LoginTarget {
  readonly targetName: string;
  readonly account: string;
  readonly user: string;
  readonly role?: string;
  readonly warehouse?: string;
  readonly database: string;
  readonly schema: string;
  readonly accessUrl?: string;
  readonly keyPair: boolean;
}

/**
 * A failed login → `database/connection-failed` naming the target and what to check. Never includes a
 * secret (messages pass through `scrubSecrets`; the driver's messages hold none).
 */
export function toSnowflakeConnectionError(err: unknown, login: LoginTarget): DatabaseError {
  const parts = parseSnowflakeError(err, '');
  const where = login.accessUrl ?? `account '${login.account}'`;
  const head = `could not connect to Snowflake (target '${login.targetName}', ${where}, user '${login.user}')`;
  let detail = parts.message;
  let hint: string;
  switch (parts.code) {
    case '390100':
      hint = `Check the target's 'user' and 'password' (or the environment variables they read).`;
      break;
    case '390144':
    case '390143':
    case '394304':
      hint = `Check 'private_key_path' / 'private_key_passphrase': the key must be the PKCS#8 PEM whose public key is set on user '${login.user}' (ALTER USER ... SET RSA_PUBLIC_KEY).`;
      break;
    case '390189':
      hint = `Check the target's 'role' ('${login.role ?? ''}'): it must exist and be granted to user '${login.user}'.`;
      break;
    case '390201': {
      const what = /warehouse/i.test(parts.message) ? 'warehouse' : /schema/i.test(parts.message) ? 'schema' : 'database';
      const value = what === 'warehouse' ? login.warehouse : what === 'schema' ? login.schema : login.database;
      hint = `Check the target's '${what}' ('${value ?? ''}'): it must exist and be usable by role '${login.role ?? 'the default role'}'.`;
      break;
    }
    case '390422':
      hint = 'The account refused this IP address (network policy); connect from an allowed network.';
      break;
    default:
      if (isNetworkError(err)) {
        const cause = asDriverError(err).cause;
        detail = cause instanceof Error ? cause.message : parts.message;
        hint = login.accessUrl
          ? `Check that ${login.accessUrl} is reachable (host/port/protocol of the target).`
          : `Check the target's 'account' ('${login.account}', e.g. myorg-myaccount) and the network connection to <account>.snowflakecomputing.com.`;
      } else {
        hint = `Check the target's account, user and credentials${login.keyPair ? ' (key pair)' : ''}.`;
      }
  }
  const code = parts.code && !isNetworkError(err) ? `${parts.code}: ` : '';
  return new DatabaseError('database/connection-failed', scrubSecrets(`${head}: ${code}${detail}`), {
    cause: err,
    hint,
    ...(parts.code ? { vendorCode: parts.code } : {}),
    ...(parts.sqlState ? { sqlState: parts.sqlState } : {}),
  });
}
