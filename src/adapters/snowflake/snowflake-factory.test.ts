import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../config/types.js';
import { ConfigError } from '../../errors/index.js';
import { snowflakeAdapterFactory } from './snowflake-factory.js';

function target(settings: Record<string, unknown>): TargetConfig {
  return { name: 'prod', profileName: 'opp', type: 'snowflake', database: 'OPP', schema: 'PUBLIC', threads: 4, settings: { account: 'a', user: 'u', ...settings } };
}

describe('snowflakeAdapterFactory', () => {
  it('checks the settings when the project loads and reads a relative key path from the project folder', () => {
    const prepared = snowflakeAdapterFactory.prepareTarget!(target({ private_key_path: 'keys/k.p8' }), { rootDir: '/projects/opp' });
    expect(prepared.settings['private_key_path']).toBe('/projects/opp/keys/k.p8');
    expect(snowflakeAdapterFactory.prepareTarget!(target({ private_key_path: '/abs/k.p8' }), { rootDir: '/x' }).settings['private_key_path']).toBe('/abs/k.p8');
    expect(() => snowflakeAdapterFactory.prepareTarget!(target({ password: 'p', statement_timeout: 'soon' }), { rootDir: '/x' })).toThrow(ConfigError);
    // a missing password fails when connecting, not when listing or compiling
    expect(snowflakeAdapterFactory.prepareTarget!(target({}), { rootDir: '/x' }).settings).toEqual({ account: 'a', user: 'u' });
  });

  it('builds the dialect without the driver, knowing the target warehouse and query tag', () => {
    const dialect = snowflakeAdapterFactory.createDialect(target({ password: 'p', warehouse: 'ETL', query_tag: 'opp' }));
    expect(dialect.relationName({ schema: 'marts', identifier: 'orders' })).toBe('OPP.marts.orders');
    expect(dialect.nodeSession!({ snowflake_warehouse: 'BIG' }).after.map((s) => s.sql)).toEqual(['use warehouse ETL']);
    expect(snowflakeAdapterFactory.secretKeys).toContain('private_key_passphrase');
    expect(snowflakeAdapterFactory.configKeys).toContain('snowflake_warehouse');
  });
});
