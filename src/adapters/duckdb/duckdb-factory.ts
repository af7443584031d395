import { statSync } from 'node:fs';
import type { TargetConfig } from '../../config/types.js';
import type { Adapter, AdapterFactory, WarehouseProbe } from '../contract.js';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { duckdbCatalogName } from './duckdb-catalog-name.js';
import { DuckDBDialect } from './duckdb-dialect.js';

function databasePath(target: TargetConfig): string {
  const raw = target.settings['path'];
  return raw === undefined || raw === null ? ':memory:' : String(raw);
}

function fileStamp(path: string): string {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${st.size}:${st.mtimeMs}:${st.ctimeMs}:${st.ino}` : '-';
}

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
  /**
   * The dialect a connected adapter of this target uses (relations without a database get the file's
   * catalog), without loading the driver: what rendering SQL for the warehouse needs before connecting.
   */
  connectionDialect(target: TargetConfig): DuckDBDialect {
    return new DuckDBDialect(target.database || duckdbCatalogName(databasePath(target)));
  },
  /**
   * The database file's state without opening it (`compile` decides whether it must connect at all, and
   * whether an earlier compile's answers still hold): a stamp of the file and its write-ahead log, and
   * whether no relation can exist (in memory, or no file yet).
   */
  probeWarehouse(target: TargetConfig): WarehouseProbe {
    const path = databasePath(target);
    if (path === '' || path.startsWith(':memory:')) return { stamp: 'memory', empty: true };
    const db = fileStamp(path);
    const wal = fileStamp(`${path}.wal`);
    return { stamp: `${db}|${wal}`, empty: db === '-' && wal === '-' };
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
