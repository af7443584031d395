import { createHash } from 'node:crypto';
import { createReadStream, readFile } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectError, type OppError } from '../errors/index.js';
import { sha256 } from '../util/hash.js';
import type { ProjectFile, SeedFile } from './types.js';

/** How many files are read at once. */
export const DEFAULT_READ_CONCURRENCY = 64;

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of `items` in the
 * result. Callbacks rather than a chain of awaits: this is the hot path of loading 10,000 files.
 */
export function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (items.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const out = new Array<R>(items.length);
    let next = 0;
    let done = 0;
    let failed = false;
    const start = (): void => {
      const k = next++;
      fn(items[k]!, k).then(
        (value) => {
          out[k] = value;
          done++;
          if (next < items.length) start();
          else if (done === items.length) resolve(out);
        },
        (err: unknown) => {
          if (!failed) {
            failed = true;
            reject(err);
          }
        },
      );
    };
    for (let i = 0; i < Math.min(Math.max(1, limit), items.length); i++) start();
  });
}

/** A whole file as UTF-8 (callback `fs.readFile`: fewer round trips than `fs/promises`). */
export function readText(absolutePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    readFile(absolutePath, 'utf8', (err, data) => (err ? reject(err) : resolve(data)));
  });
}

function readFailed(path: string, cause: unknown): OppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ProjectError('project/read-failed', `cannot read ${path}: ${reason}`, {
    location: { file: path },
    hint: 'check that the file exists and is readable (a broken symbolic link?).',
    cause,
  });
}

/**
 * Reads project files (project-relative paths) with bounded concurrency, checksumming each. Files that
 * cannot be read become `project/read-failed` errors in `errors` (the rest are still returned).
 */
export async function readProjectTextFiles(
  rootDir: string,
  paths: readonly string[],
  errors: OppError[],
  concurrency = DEFAULT_READ_CONCURRENCY,
): Promise<ProjectFile[]> {
  const results = await mapBounded(paths, concurrency, async (path): Promise<ProjectFile | undefined> => {
    const absolutePath = join(rootDir, path);
    try {
      const content = await readText(absolutePath);
      return { path, absolutePath, content, checksum: sha256(content) };
    } catch (cause) {
      errors.push(readFailed(path, cause));
      return undefined;
    }
  });
  return results.filter((f): f is ProjectFile => f !== undefined);
}

/** sha256 of a file's bytes, streamed (seeds can be large). */
export function hashFile(absolutePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(absolutePath)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Seeds: stat and a streamed checksum, never read into memory. */
export async function readSeedFiles(
  rootDir: string,
  paths: readonly string[],
  errors: OppError[],
  concurrency = DEFAULT_READ_CONCURRENCY,
): Promise<SeedFile[]> {
  const results = await mapBounded(paths, concurrency, async (path): Promise<SeedFile | undefined> => {
    const absolutePath = join(rootDir, path);
    try {
      const [info, checksum] = await Promise.all([stat(absolutePath), hashFile(absolutePath)]);
      return { path, absolutePath, checksum, sizeBytes: info.size };
    } catch (cause) {
      errors.push(readFailed(path, cause));
      return undefined;
    }
  });
  return results.filter((f): f is SeedFile => f !== undefined);
}
