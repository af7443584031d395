import { isAbsolute, resolve } from 'node:path';
import type { TargetConfig } from '../../config/types.js';
import { ConfigError, registerSecret } from '../../errors/index.js';

/** How the session logs in. */
export type SnowflakeAuth =
  | { readonly kind: 'password'; readonly password: string }
  | { readonly kind: 'key-pair'; readonly privateKey?: string; readonly privateKeyPath?: string; readonly passphrase?: string }
  | { readonly kind: 'oauth'; readonly token: string }
  | { readonly kind: 'other'; readonly authenticator: string; readonly password?: string };

/** A `type: snowflake` target's settings (profiles.yml keys beside `type`), validated. */
export interface SnowflakeSettings {
  readonly account: string;
  readonly user: string;
  readonly auth: SnowflakeAuth;
  readonly role?: string;
  readonly warehouse?: string;
  readonly database: string;
  readonly schema: string;
  readonly queryTag?: string;
  readonly clientSessionKeepAlive: boolean;
  /** Login retries on transient network errors (dbt-snowflake's `connect_retries`, default 1). */
  readonly connectRetries: number;
  /** Seconds `connect()` may take, login retries included (dbt-snowflake's `connect_timeout`, default 10). */
  readonly connectTimeout: number;
  /** Seconds a statement may run before Snowflake cancels it (`STATEMENT_TIMEOUT_IN_SECONDS`); undefined: the account's. */
  readonly statementTimeout?: number;
  /** `http(s)://host:port` for a non-standard endpoint (the loopback test server, a private link). */
  readonly accessUrl?: string;
  readonly insecureMode: boolean;
}

/** Target keys this adapter reads (validated by config/resolve-target.ts). */
export const SNOWFLAKE_TARGET_KEYS: readonly string[] = [
  'account',
  'user',
  'password',
  'private_key',
  'private_key_path',
  'private_key_passphrase',
  'token',
  'authenticator',
  'oauth_client_id',
  'oauth_client_secret',
  'role',
  'warehouse',
  'database',
  'schema',
  'query_tag',
  'client_session_keep_alive',
  'connect_retries',
  'connect_timeout',
  'statement_timeout',
  'retry_on_database_errors',
  'retry_all',
  'reuse_connections',
  'insecure_mode',
  'host',
  'port',
  'protocol',
];

export const SNOWFLAKE_SECRET_KEYS: readonly string[] = ['password', 'private_key_passphrase', 'private_key', 'token', 'oauth_client_secret'];

function invalid(target: TargetConfig, key: string, message: string, hint: string): ConfigError {
  return new ConfigError('config/invalid-value', `target '${target.name}': '${key}' ${message}`, { hint });
}

function text(target: TargetConfig, key: string): string | undefined {
  const v = target.settings[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw invalid(target, key, 'must be a string', `Write ${key}: <value> (it may use {{ env_var('...') }}).`);
}

function whole(target: TargetConfig, key: string, fallback: number | undefined, min: number): number | undefined {
  const v = target.settings[key];
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < min) throw invalid(target, key, `must be a whole number of at least ${min}, got ${JSON.stringify(v)}`, `Write ${key}: ${Math.max(min, 1)}, for example.`);
  return n;
}

function flag(target: TargetConfig, key: string, fallback: boolean): boolean {
  const v = target.settings[key];
  if (v === undefined || v === null || v === '') return fallback;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw invalid(target, key, `must be true or false, got ${JSON.stringify(v)}`, `Write ${key}: true (or false).`);
}

/** `private_key_path` as an absolute path (the factory's prepareTarget resolves it against the project; else the working folder). */
function keyPath(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

function readAuth(target: TargetConfig, requireCredentials: boolean): SnowflakeAuth {
  const authenticator = text(target, 'authenticator')?.toLowerCase();
  const password = text(target, 'password');
  const privateKey = text(target, 'private_key');
  const privateKeyPath = text(target, 'private_key_path');
  const passphrase = text(target, 'private_key_passphrase');
  const token = text(target, 'token');
  for (const secret of [password, privateKey, passphrase, token, text(target, 'oauth_client_secret')]) registerSecret(secret);
  if (authenticator === 'oauth') {
    if (!token) throw new ConfigError('config/missing-key', `target '${target.name}': authenticator oauth needs 'token'`, { hint: "Add token: \"{{ env_var('SNOWFLAKE_TOKEN') }}\"." });
    return { kind: 'oauth', token };
  }
  if (authenticator === 'snowflake_jwt' || ((authenticator === undefined || authenticator === 'snowflake') && (privateKey || privateKeyPath) && !password)) {
    if (!privateKey && !privateKeyPath) {
      throw new ConfigError('config/missing-key', `target '${target.name}': authenticator snowflake_jwt needs 'private_key_path' (or 'private_key')`, {
        hint: 'Point private_key_path at the PKCS#8 PEM file of the key registered with ALTER USER ... SET RSA_PUBLIC_KEY.',
      });
    }
    return {
      kind: 'key-pair',
      ...(privateKey ? { privateKey } : {}),
      ...(privateKeyPath ? { privateKeyPath: keyPath(privateKeyPath) } : {}),
      ...(passphrase ? { passphrase } : {}),
    };
  }
  if (authenticator !== undefined && authenticator !== 'snowflake') return { kind: 'other', authenticator: authenticator.toUpperCase(), ...(password ? { password } : {}) };
  if (password === undefined) {
    if (!requireCredentials) return { kind: 'password', password: '' };
    throw new ConfigError('config/missing-key', `target '${target.name}': a Snowflake target needs 'password' or 'private_key_path'`, {
      hint: "Add password: \"{{ env_var('SNOWFLAKE_PASSWORD') }}\", or key-pair auth with private_key_path (and private_key_passphrase).",
    });
  }
  return { kind: 'password', password };
}

function readAccessUrl(target: TargetConfig): string | undefined {
  const host = text(target, 'host');
  const port = whole(target, 'port', undefined, 1);
  const protocol = text(target, 'protocol')?.toLowerCase();
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
    throw invalid(target, 'protocol', `must be http or https, got '${protocol}'`, 'Write protocol: https (http only for a local test server).');
  }
  if (!host && port === undefined && protocol === undefined) return undefined;
  if (!host) throw new ConfigError('config/missing-key', `target '${target.name}': 'port'/'protocol' need 'host'`, { hint: 'Add host: <name> (e.g. 127.0.0.1 for the test server).' });
  const scheme = protocol ?? 'https';
  return `${scheme}://${host}${port !== undefined ? `:${port}` : ''}`;
}

/**
 * Reads and validates a Snowflake target; secrets are registered for scrubbing as they are read.
 * `requireCredentials: false` (checking a target that only compiles, lists or parses) lets a missing
 * password pass; connecting needs one.
 */
export function readSnowflakeSettings(target: TargetConfig, opts: { readonly requireCredentials?: boolean } = {}): SnowflakeSettings {
  const account = text(target, 'account');
  const user = text(target, 'user');
  if (!account) throw new ConfigError('config/missing-key', `target '${target.name}': a Snowflake target needs 'account'`, { hint: 'Add account: <orgname>-<account_name> (or the account locator).' });
  if (!user) throw new ConfigError('config/missing-key', `target '${target.name}': a Snowflake target needs 'user'`, { hint: "Add user: \"{{ env_var('SNOWFLAKE_USER') }}\"." });
  if (!target.database) throw new ConfigError('config/missing-key', `target '${target.name}': a Snowflake target needs 'database'`, { hint: 'Add database: <name>.' });
  if (!target.schema) throw new ConfigError('config/missing-key', `target '${target.name}': a Snowflake target needs 'schema'`, { hint: 'Add schema: <name>.' });
  const auth = readAuth(target, opts.requireCredentials !== false);
  const role = text(target, 'role');
  const warehouse = text(target, 'warehouse');
  const queryTag = text(target, 'query_tag');
  const statementTimeout = whole(target, 'statement_timeout', undefined, 0);
  const accessUrl = readAccessUrl(target);
  return {
    account,
    user,
    auth,
    ...(role ? { role } : {}),
    ...(warehouse ? { warehouse } : {}),
    database: target.database,
    schema: target.schema,
    ...(queryTag ? { queryTag } : {}),
    clientSessionKeepAlive: flag(target, 'client_session_keep_alive', false),
    connectRetries: whole(target, 'connect_retries', 1, 0)!,
    connectTimeout: whole(target, 'connect_timeout', 10, 1)!,
    ...(statementTimeout !== undefined && statementTimeout > 0 ? { statementTimeout } : {}),
    ...(accessUrl ? { accessUrl } : {}),
    insecureMode: flag(target, 'insecure_mode', false),
  };
}
