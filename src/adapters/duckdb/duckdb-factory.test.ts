import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../../config/types.js';
import { duckdbAdapterFactory } from './duckdb-factory.js';

const target = (settings: Record<string, unknown>, extra: Partial<TargetConfig> = {}): TargetConfig => ({
  name: 'dev',
  profileName: 'p',
  type: 'duckdb',
  database: '',
  schema: '',
  threads: 1,
  settings,
  ...extra,
});

describe('duckdbAdapterFactory.prepareTarget', () => {
  it('resolves a relative path against the project and names the database as DuckDB names the catalog', () => {
    // DuckDB names the catalog after the file name up to its first dot: `my-db.v1.duckdb` → `my-db`
    const t = duckdbAdapterFactory.prepareTarget!(target({ path: 'data/my-db.v1.duckdb' }), { rootDir: '/p' });
    expect(t.settings.path).toBe('/p/data/my-db.v1.duckdb');
    expect(t.database).toBe('my-db');
    expect(t.schema).toBe('main');
  });

  it('keeps an explicit database and schema, and an in-memory path', () => {
    const t = duckdbAdapterFactory.prepareTarget!(target({ path: ':memory:' }, { database: 'x', schema: 'y' }), { rootDir: '/p' });
    expect(t).toMatchObject({ database: 'x', schema: 'y', settings: { path: ':memory:' } });
    expect(duckdbAdapterFactory.prepareTarget!(target({}), { rootDir: '/p' }).database).toBe('memory');
  });

  it('refuses a path that is not a string', () => {
    expect(() => duckdbAdapterFactory.prepareTarget!(target({ path: 42 }), { rootDir: '/p' })).toThrow(/must be a file path/);
  });
});
