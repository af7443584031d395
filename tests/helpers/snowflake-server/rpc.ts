/** Messages between the test process and the server's child process; RegExp-safe option encoding. */
import type { FailureRule, SnowflakeTestServerOptions } from './types.js';

export interface RpcRequest {
  readonly id: number;
  readonly method: 'queries' | 'clearQueries' | 'setFailure' | 'sessionCount' | 'close';
  readonly args: unknown[];
}

export interface RpcResponse {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

type Encoded = { $regex: string; flags: string };

function encodeSql(sql: FailureRule['sql']): unknown {
  return sql instanceof RegExp ? { $regex: sql.source, flags: sql.flags } : sql;
}

export function encodeFailure(f: FailureRule): unknown {
  return { ...f, sql: encodeSql(f.sql) };
}

export function encodeOptions(o: SnowflakeTestServerOptions): unknown {
  return { ...o, failures: o.failures?.map(encodeFailure) };
}

export function reviveOptions(raw: unknown): SnowflakeTestServerOptions {
  const o = raw as SnowflakeTestServerOptions & { failures?: (FailureRule & { sql?: unknown })[] };
  return {
    ...o,
    failures: o.failures?.map((f) => {
      const s = f.sql as Encoded | string | undefined;
      return { ...f, sql: s && typeof s === 'object' && '$regex' in s ? new RegExp(s.$regex, s.flags) : (s as string | undefined) };
    }),
  };
}
