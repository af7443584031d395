import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Opens a DuckDB file for a moment: runs `sql` and returns the rows of the last statement as JSON-safe
 * objects. For test set-up and assertions only; closes before returning so the CLI can open the file.
 */
export async function queryDuckDB(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
