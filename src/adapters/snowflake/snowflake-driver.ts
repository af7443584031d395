import type SnowflakeSdk from 'snowflake-sdk';
import type { Column, Row } from '../contract.js';
import { rowConverter, toColumns, type DriverColumn } from './snowflake-values.js';

/**
 * The edge to snowflake-sdk: loading the driver (lazily: only a Snowflake target pays for it), promise
 * wrappers for connect / execute / destroy, and cancellation.
 */

export type Sdk = typeof SnowflakeSdk;
export type SfConnection = SnowflakeSdk.Connection;
export type SfStatement = SnowflakeSdk.RowStatement;
export type SfBinds = SnowflakeSdk.Binds;

let loading: Promise<Sdk> | undefined;

/**
 * Imports snowflake-sdk once. Before it loads: platform detection (the driver probes cloud metadata
 * addresses for its login telemetry) and the post-login connection-shape telemetry are turned off
 * unless the environment says otherwise, and the driver's own log (a `snowflake.log` file in the
 * working folder by default) is off unless `OPP_SNOWFLAKE_LOG_LEVEL` names a level.
 */
export function loadSnowflakeSdk(): Promise<Sdk> {
  loading ??= (async () => {
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
    process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE ??= '1';
    const mod = (await import('snowflake-sdk')) as unknown as { default?: Sdk } & Sdk;
    const sdk = mod.default ?? mod;
    const level = (process.env.OPP_SNOWFLAKE_LOG_LEVEL ?? 'OFF').toUpperCase() as SnowflakeSdk.LogLevel;
    sdk.configure({ logLevel: level, additionalLogToConsole: false } as SnowflakeSdk.ConfigureOptions);
    return sdk;
  })();
  return loading;
}

export function connectAsync(conn: SfConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    conn.connect((err) => (err ? reject(err) : resolve()));
  });
}

export function destroyAsync(conn: SfConnection): Promise<void> {
  return new Promise((resolve) => {
    try {
      conn.destroy(() => resolve());
    } catch {
      resolve();
    }
  });
}

export interface DriverResult {
  readonly rows: Row[];
  readonly columns: Column[];
  readonly rowsAffected?: number;
  readonly queryId?: string;
}

export interface RunOptions {
  readonly binds?: SfBinds;
  readonly maxRows?: number;
  readonly signal?: AbortSignal;
  /** Called with the statement as soon as it is sent (for cancellation on close). */
  readonly onStatement?: (stmt: SfStatement | undefined) => void;
}

/** How long a cancelled statement may take to report back before the caller is released anyway. */
const CANCEL_GRACE_MS = 3000;

/** An abort of the statement (Ctrl-C): distinguishable from Snowflake's own errors. */
export class StatementAborted extends Error {
  readonly code = '000604';
  constructor() {
    super('SQL execution canceled');
    this.name = 'StatementAborted';
  }
}

const STRING_TYPES: SnowflakeSdk.DataType[] = ['Number', 'JSON'];

/**
 * Runs one statement and reads its rows (all, or the first `maxRows` through the row stream). An abort
 * signal cancels it in Snowflake (`statement.cancel`) and rejects at once with `StatementAborted`
 * (within a short grace period for the cancel to be acknowledged).
 */
export function runStatement(conn: SfConnection, sqlText: string, opts: RunOptions = {}): Promise<DriverResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let stmt: SfStatement | undefined;
    let graceTimer: NodeJS.Timeout | undefined;
    const finish = (err: unknown, result?: DriverResult): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (graceTimer) clearTimeout(graceTimer);
      opts.onStatement?.(undefined);
      if (err) reject(err);
      else resolve(result!);
    };
    const onAbort = (): void => {
      try {
        stmt?.cancel(() => undefined);
      } catch {
        // the statement may have finished meanwhile
      }
      graceTimer = setTimeout(() => finish(new StatementAborted()), CANCEL_GRACE_MS);
    };
    const limit = opts.maxRows;
    const streaming = limit !== undefined;
    try {
      stmt = conn.execute({
        sqlText,
        ...(opts.binds ? { binds: opts.binds } : {}),
        fetchAsString: STRING_TYPES,
        rowMode: 'array',
        ...(streaming ? { streamResult: true } : {}),
        complete: (err, statement, rows) => {
          if (err) {
            finish(opts.signal?.aborted ? new StatementAborted() : err);
            return;
          }
          const s = statement as SfStatement;
          const meta = (s.getColumns() ?? []) as unknown as DriverColumn[];
          const columns = toColumns(meta);
          const convert = rowConverter(meta);
          const queryId = s.getQueryId();
          const updated = s.getNumUpdatedRows();
          const base = { columns, ...(queryId ? { queryId } : {}), ...(typeof updated === 'number' && updated >= 0 ? { rowsAffected: updated } : {}) };
          if (!streaming) {
            try {
              finish(undefined, { ...base, rows: ((rows ?? []) as unknown[][]).map(convert) });
            } catch (e) {
              finish(e);
            }
            return;
          }
          const out: Row[] = [];
          const max = Math.max(1, limit);
          if (s.getNumRows() === 0) {
            finish(undefined, { ...base, rows: out });
            return;
          }
          s.streamRows({ start: 0, end: Math.min(max, s.getNumRows()) - 1 })
            .on('data', (row: unknown[]) => {
              try {
                if (out.length < max) out.push(convert(row));
              } catch (e) {
                finish(e);
              }
            })
            .on('error', (e: unknown) => finish(e))
            .on('end', () => finish(undefined, { ...base, rows: out }));
        },
      }) as SfStatement;
    } catch (err) {
      finish(err);
      return;
    }
    opts.onStatement?.(stmt);
    if (opts.signal) {
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

/** Cancels a running statement, ignoring failures (used when the adapter closes). */
export function cancelQuietly(stmt: SfStatement | undefined): void {
  try {
    stmt?.cancel(() => undefined);
  } catch {
    // nothing to cancel
  }
}
