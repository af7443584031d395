import { describe, expect, it } from 'vitest';
import { duckdbCatalogName } from './duckdb-catalog-name.js';

describe('duckdbCatalogName (as measured on DuckDB 1.5.6)', () => {
  it('is memory for an in-memory database', () => {
    expect(duckdbCatalogName(':memory:')).toBe('memory');
    expect(duckdbCatalogName('')).toBe('memory');
    expect(duckdbCatalogName(':memory:foo')).toBe(':memory:foo');
  });
  it('is the base name up to the first dot', () => {
    expect(duckdbCatalogName('warehouse/dev.duckdb')).toBe('dev');
    expect(duckdbCatalogName('/tmp/my-db.v1.duckdb')).toBe('my-db');
    expect(duckdbCatalogName('/tmp/.hidden.duckdb')).toBe('hidden');
    expect(duckdbCatalogName('/tmp/noext')).toBe('noext');
    expect(duckdbCatalogName('/tmp/Dev DB.duckdb')).toBe('Dev DB');
  });
});
