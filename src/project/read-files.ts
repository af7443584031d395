import { createHash } from 'node:crypto';
import { close, createReadStream, open, read } from 'node:fs';
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

const FIRST_CHUNK = 16 * 1024;
const NEXT_CHUNK = 64 * 1024;

/**
 * A whole file as UTF-8, with as few thread-pool round trips as possible: open, read into a 16 KB
 * buffer (enough for nearly every SQL or YAML file), read on only if it filled, then close without
 * waiting. Measured on 10,000 small files: about a third less CPU than `fs.readFile`, which also
 * fstat()s each file and re-enters JavaScript more often.
 */
export function readText(absolutePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    open(absolutePath, 'r', (openErr, fd) => {
      if (openErr) {
        reject(openErr);
        return;
      }
      const chunks: Buffer[] = [];
      let total = 0;
      const step = (size: number): void => {
        const buf = Buffer.allocUnsafe(size);
        read(fd, buf, 0, size, null, (readErr, n) => {
          if (readErr) {
            close(fd, () => undefined);
            reject(readErr);
            return;
          }
          if (n > 0) {
            chunks.push(n === size ? buf : buf.subarray(0, n));
            total += n;
          }
          if (n === size) {
            step(NEXT_CHUNK);
            return;
          }
          close(fd, () => undefined);
          resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)).toString('utf8'));
        });
      };
      step(FIRST_CHUNK);
    });
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
