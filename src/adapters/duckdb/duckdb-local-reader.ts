import type { Adapter } from '../contract.js';

/**
 * An in-memory DuckDB for reading local files (seed CSVs) when the warehouse cannot read them itself
 * (`capabilities.readsLocalFiles` false, e.g. Snowflake): its `dialect.csv` builds the `read_csv`
 * queries and `streamQuery` yields the rows that the warehouse adapter's `bulkLoad` writes. Connected;
 * the caller closes it. Loads the DuckDB driver on first use.
 */
export async function openLocalCsvReader(): Promise<Adapter> {
  const { DuckDBAdapter } = await import('./duckdb-adapter.js');
  const adapter = new DuckDBAdapter({
    name: 'local-csv-reader',
    profileName: 'opp',
    type: 'duckdb',
    database: 'memory',
    schema: 'main',
    threads: 1,
    settings: { path: ':memory:' },
  });
  await adapter.connect();
  return adapter;
}
