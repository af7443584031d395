import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { scrubSecrets } from '../errors/index.js';

/** What locating a compiled file needs of a node. */
export interface WritableNode {
  readonly packageName: string;
  /** Path relative to the resource folder (`staging/stg_x.sql`; a generic test's own `not_null_x_id.sql`). */
  readonly path: string;
  /** Project-relative defining file (`models/staging/stg_x.sql`, `models/schema.yml`). */
  readonly originalFilePath: string;
}

/** Where the compiled-file writer remembers what it wrote, inside the target folder. */
export const WRITTEN_FILES_INDEX = 'written_files.json';

export type TargetSubdirectory = 'compiled' | 'run';

/**
 * dbt's `get_target_write_path`: `<target>/<compiled|run>/<package>/<original_file_path>`, or, when
 * several nodes come from one file (generic tests in `schema.yml`), `<original_file_path>/<path>`.
 * Pass a project-relative `targetPath` (`target`) for the path shown to people, an absolute one to write.
 */
export function buildTargetWritePath(targetPath: string, subdirectory: TargetSubdirectory, node: WritableNode): string {
  const own = basename(node.path) === basename(node.originalFilePath) ? node.originalFilePath : `${node.originalFilePath}/${node.path}`;
  const base = targetPath.endsWith('/') ? targetPath.slice(0, -1) : targetPath;
  return `${base}/${subdirectory}/${node.packageName}/${own}`;
}

export interface CompiledFileWriterOptions {
  /** Files written at once. Default 8: writes share libuv's thread pool with the DuckDB driver. */
  readonly concurrency?: number;
  /**
   * A JSON file remembering a digest of each file written. A file whose content is unchanged since the
   * last run (and still exists) is not rewritten: most runs of a project rewrite the same thousands of
   * compiled and run files, and those writes cost more than the statements of a view.
   */
  readonly indexPath?: string;
}

/** Batches many compiled-SQL writes: each folder is created once, writes run `concurrency` at a time. */
export interface CompiledFileWriter {
  /** Queues a file (content is secret-scrubbed). Errors surface from `flush`. */
  write(filePath: string, content: string): void;
  /** Queues `<targetPath>/<subdirectory>/<package>/<path>`; returns that path. */
  writeNode(targetPath: string, node: WritableNode, sql: string, subdirectory?: TargetSubdirectory): string;
  /** Waits for every queued write; rejects with the first failure. */
  flush(): Promise<void>;
  /** Files written so far (unchanged files skipped are not counted). */
  readonly written: number;
}

function readIndex(path: string | undefined): Map<string, string> {
  if (!path) return new Map();
  try {
    return new Map(Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>));
  } catch {
    return new Map();
  }
}

function digest(content: string): string {
  return createHash('sha1').update(content).digest('base64');
}

export function createCompiledFileWriter(opts: CompiledFileWriterOptions = {}): CompiledFileWriter {
  const limit = Math.max(1, opts.concurrency ?? 8);
  const previous = readIndex(opts.indexPath);
  const current = new Map<string, string>();
  const folders = new Map<string, Promise<unknown>>();
  let queue: { path: string; content: string }[] = [];
  let head = 0; // FIFO without shift(): a later write of the same path is issued later
  let active = 0;
  let written = 0;
  let firstError: unknown;
  let idle: (() => void) | undefined;
  let idlePromise: Promise<void> | undefined;

  const ensureFolder = (dir: string): Promise<unknown> => {
    let p = folders.get(dir);
    if (!p) {
      p = mkdir(dir, { recursive: true });
      folders.set(dir, p);
    }
    return p;
  };

  const next = (): void => {
    while (active < limit && head < queue.length) {
      const job = queue[head++]!;
      if (head === queue.length) {
        queue = [];
        head = 0;
      }
      active++;
      ensureFolder(dirname(job.path))
        .then(() => writeFile(job.path, job.content))
        .then(
          () => {
            written++;
          },
          (err: unknown) => {
            firstError ??= err;
          },
        )
        .finally(() => {
          active--;
          if (head < queue.length) next();
          else if (active === 0 && idle) {
            const resolve = idle;
            idle = undefined;
            idlePromise = undefined;
            resolve();
          }
        });
    }
  };

  return {
    write(filePath, content) {
      const scrubbed = scrubSecrets(content);
      if (opts.indexPath) {
        const hash = digest(scrubbed);
        current.set(filePath, hash);
        if (previous.get(filePath) === hash && existsSync(filePath)) return;
      }
      queue.push({ path: filePath, content: scrubbed });
      next();
    },
    writeNode(targetPath, node, sql, subdirectory = 'compiled') {
      const path = buildTargetWritePath(targetPath, subdirectory, node);
      this.write(path, sql);
      return path;
    },
    async flush() {
      if (active > 0 || head < queue.length) {
        idlePromise ??= new Promise<void>((resolve) => (idle = resolve));
        await idlePromise;
      }
      if (firstError !== undefined) {
        const err = firstError;
        firstError = undefined;
        throw err;
      }
      if (opts.indexPath && current.size > 0) {
        for (const [path, hash] of current) previous.set(path, hash);
        await mkdir(dirname(opts.indexPath), { recursive: true });
        await writeFile(opts.indexPath, JSON.stringify(Object.fromEntries(previous)));
        current.clear();
      }
    },
    get written() {
      return written;
    },
  };
}

/** Writes one compiled (or run) SQL file and returns its path. For many files use `createCompiledFileWriter`. */
export async function writeCompiledFile(targetPath: string, node: WritableNode, sql: string, subdirectory: TargetSubdirectory = 'compiled'): Promise<string> {
  const path = buildTargetWritePath(targetPath, subdirectory, node);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, scrubSecrets(sql));
  return path;
}
