import { basename } from 'node:path';

/**
 * The catalog name DuckDB gives the database at `path`, i.e. what `current_database()` returns and what
 * relation names must use as their first part: `memory` for `:memory:` (or an empty path), otherwise the
 * file's base name up to its first dot (`warehouse/dev.duckdb` → `dev`, `my.db.v1.duckdb` → `my`, `.hidden.duckdb` → `hidden`).
 * The config loader uses this to fill `TargetConfig.database`.
 */
export function duckdbCatalogName(path: string): string {
  if (path === '' || path === ':memory:') return 'memory';
  // A named in-memory database keeps its whole spelling (measured: `:memory:foo` → `:memory:foo`).
  if (path.startsWith(':memory:')) return path;
  const base = basename(path.replace(/[\\/]+$/, '')).replace(/^\.+/, '');
  const dot = base.indexOf('.');
  return dot >= 0 ? base.slice(0, dot) : base;
}
