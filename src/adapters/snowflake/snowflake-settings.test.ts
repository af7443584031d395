import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../config/types.js';
import { ConfigError } from '../../errors/index.js';
import { readSnowflakeSettings } from './snowflake-settings.js';

function target(settings: Record<string, unknown>): TargetConfig {
  return { name: 'prod', profileName: 'opp', type: 'snowflake', database: 'OPP', schema: 'PUBLIC', threads: 4, settings: { account: 'org-acct', user: 'opp', ...settings } };
}

describe('readSnowflakeSettings', () => {
  it('reads password auth with dbt-snowflake defaults', () => {
    const s = readSnowflakeSettings(target({ password: 'pw', warehouse: 'ETL', role: 'R', query_tag: 'opp' }));
    expect(s.auth).toEqual({ kind: 'password', password: 'pw' });
    expect(s).toMatchObject({ warehouse: 'ETL', role: 'R', queryTag: 'opp', connectRetries: 1, connectTimeout: 10, clientSessionKeepAlive: false });
    expect(s.accessUrl).toBeUndefined();
  });

  it('takes key-pair auth from private_key_path (authenticator snowflake_jwt implied), resolving relative paths', () => {
    const s = readSnowflakeSettings(target({ private_key_path: 'keys/rsa_key.p8', private_key_passphrase: 'pp' }));
    expect(s.auth.kind).toBe('key-pair');
    expect(s.auth.kind === 'key-pair' && s.auth.privateKeyPath).toMatch(/\/keys\/rsa_key\.p8$/);
    expect(s.auth.kind === 'key-pair' && s.auth.passphrase).toBe('pp');
    expect(() => readSnowflakeSettings(target({ authenticator: 'snowflake_jwt' }))).toThrow(/private_key_path/);
  });

  it('builds the endpoint of a test server from host/port/protocol', () => {
    expect(readSnowflakeSettings(target({ password: 'x', host: '127.0.0.1', port: 4321, protocol: 'http' })).accessUrl).toBe('http://127.0.0.1:4321');
    expect(() => readSnowflakeSettings(target({ password: 'x', port: 1 }))).toThrow(/need 'host'/);
  });

  it('rejects missing credentials and bad values with a hint', () => {
    const err = (() => {
      try {
        readSnowflakeSettings(target({}));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).hint).toMatch(/password/);
    expect(() => readSnowflakeSettings(target({ password: 'x', statement_timeout: 'soon' }))).toThrow(/statement_timeout/);
  });
});
