import type { TargetConfig } from '../../config/types.js';
import type { AdapterFactory } from '../contract.js';
import { DuckDBAdapter } from './duckdb-adapter.js';

/** Registered statically in `registry.ts`: DuckDB is opp's default, embedded warehouse. */
export const duckdbAdapterFactory: AdapterFactory = {
  type: 'duckdb',
  configKeys: [],
  targetKeys: ['path', 'extensions', 'settings'],
  secretKeys: [],
  create(target: TargetConfig): DuckDBAdapter {
    return new DuckDBAdapter(target);
  },
};
