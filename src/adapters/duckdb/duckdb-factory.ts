import type { TargetConfig } from '../../config/types.js';
import type { Adapter, AdapterFactory } from '../contract.js';
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
};
