import { resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * One DuckDB instance per database file per process. Opening the same file twice in one process gives
 * two independent instances writing one file (DuckDB's README warns against it), so adapters share an
 * instance per absolute path and the last one to close it closes it. `:memory:` is never shared.
 */
interface Entry {
  readonly instance: Promise<DuckDBInstance>;
  refs: number;
}

const entries = new Map<string, Entry>();

export function isInMemoryPath(path: string): boolean {
  return path === '' || path === ':memory:' || path.startsWith(':memory:');
}

export async function openInstance(path: string, options: Record<string, string>): Promise<{ instance: DuckDBInstance; release: () => void }> {
  if (isInMemoryPath(path)) {
    const instance = await DuckDBInstance.create(path || ':memory:', options);
    return { instance, release: () => instance.closeSync() };
  }
  const key = resolve(path);
  let entry = entries.get(key);
  if (!entry) {
    const created: Entry = { instance: DuckDBInstance.create(key, options), refs: 0 };
    entries.set(key, created);
    created.instance.catch(() => {
      if (entries.get(key) === created) entries.delete(key);
    });
    entry = created;
  }
  entry.refs++;
  let instance: DuckDBInstance;
  try {
    instance = await entry.instance;
  } catch (err) {
    entry.refs--;
    throw err;
  }
  const held = entry;
  let released = false;
  return {
    instance,
    release: () => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs === 0 && entries.get(key) === held) {
        entries.delete(key);
        instance.closeSync();
      }
    },
  };
}
