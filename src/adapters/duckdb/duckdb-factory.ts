import type { TargetConfig } from '../../config/types.js';
import type { Adapter, AdapterFactory } from '../contract.js';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { duckdbCatalogName } from './duckdb-catalog-name.js';
import { DuckDBDialect } from './duckdb-dialect.js';

/** Registered statically in `registry.ts`: DuckDB is opp's default, embedded warehouse. */
export const duckdbAdapterFactory: AdapterFactory = {
  type: 'duckdb',
  configKeys: [],
  targetKeys: ['path', 'extensions', 'settings'],
  secretKeys: [],
  /** Loads the native driver only here, so commands that need no connection (ls, parse) never pay for it. */
  async create(target: TargetConfig): Promise<Adapter> {
    const { DuckDBAdapter } = await import('./duckdb-adapter.js');
    return new DuckDBAdapter(target);
  },
  createDialect(): DuckDBDialect {
    return new DuckDBDialect();
  },
  prepareTarget(target: TargetConfig, project: { readonly rootDir: string }): TargetConfig {
    const raw = target.settings['path'];
    if (raw !== undefined && (typeof raw !== 'string' || raw === '')) {
      throw new ConfigError('config/invalid-value', `'path' of target '${target.name}' must be a file path or ':memory:'`, {
        ...(target.profilesFile ? { location: { file: target.profilesFile } } : {}),
        hint: "write 'path: dev.duckdb' or 'path: \":memory:\"'.",
      });
    }
    const path = typeof raw === 'string' ? raw : ':memory:';
    const resolved = path.startsWith(':memory:') || isAbsolute(path) ? path : resolve(project.rootDir, path);
    return {
      ...target,
      database: target.database || duckdbCatalogName(resolved),
      schema: target.schema || 'main',
      settings: { ...target.settings, path: resolved },
    };
  },
};
