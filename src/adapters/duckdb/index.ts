// The DuckDB adapter class loads the native driver (a 70 MB library): import it from here only where a
// connection is really made. `src/adapters/index.ts` stays light (factory, dialect, capabilities).
export { DuckDBAdapter, readDuckDBSettings, type DuckDBSettings } from './duckdb-adapter.js';
