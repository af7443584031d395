import { isAbsolute, resolve } from 'node:path';
import type { TargetConfig } from '../../config/types.js';
import type { Adapter, AdapterFactory } from '../contract.js';
import { SNOWFLAKE_CONFIG_KEYS } from './snowflake-config-keys.js';
import { SnowflakeDialect } from './snowflake-dialect.js';
import { readSnowflakeSettings, SNOWFLAKE_SECRET_KEYS, SNOWFLAKE_TARGET_KEYS } from './snowflake-settings.js';

function text(target: TargetConfig, key: string): string | undefined {
  const v = target.settings[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * `type: snowflake`. Registered in `registry.ts`; `create` imports the adapter (and with it
 * snowflake-sdk) lazily, so commands on a DuckDB target never load the driver.
 */
export const snowflakeAdapterFactory: AdapterFactory = {
  type: 'snowflake',
  configKeys: SNOWFLAKE_CONFIG_KEYS,
  targetKeys: SNOWFLAKE_TARGET_KEYS,
  secretKeys: SNOWFLAKE_SECRET_KEYS,
  async create(target: TargetConfig): Promise<Adapter> {
    const { SnowflakeAdapter } = await import('./snowflake-adapter.js');
    return new SnowflakeAdapter(target);
  },
  /**
   * Checks the target's settings when the project loads (a bad value is a config error, exit 2, before
   * any connection; a missing password only when connecting, so `ls`/`parse`/compiling need none) and
   * reads a relative `private_key_path` from the project folder.
   */
  prepareTarget(target: TargetConfig, project: { readonly rootDir: string }): TargetConfig {
    const keyPath = text(target, 'private_key_path');
    const prepared =
      keyPath && !isAbsolute(keyPath) ? { ...target, settings: { ...target.settings, private_key_path: resolve(project.rootDir, keyPath) } } : target;
    readSnowflakeSettings(prepared, { requireCredentials: false }); // credentials are checked when connecting
    return prepared;
  },
  createDialect(target: TargetConfig): SnowflakeDialect {
    const warehouse = text(target, 'warehouse');
    const queryTag = text(target, 'query_tag');
    return new SnowflakeDialect({
      ...(target.database ? { database: target.database } : {}),
      ...(warehouse ? { warehouse } : {}),
      ...(queryTag ? { queryTag } : {}),
    });
  },
};
