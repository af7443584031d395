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
  /** Files written at once. Default 64. */
  readonly concurrency?: number;
}

/** Batches many compiled-SQL writes: each folder is created once, writes run `concurrency` at a time. */
export interface CompiledFileWriter {
  /** Queues a file (content is secret-scrubbed). Errors surface from `flush`. */
  write(filePath: string, content: string): void;
  /** Queues `<targetPath>/<subdirectory>/<package>/<path>`; returns that path. */
  writeNode(targetPath: string, node: WritableNode, sql: string, subdirectory?: TargetSubdirectory): string;
  /** Waits for every queued write; rejects with the first failure. */
  flush(): Promise<void>;
  /** Files written so far. */
  readonly written: number;
}

export function createCompiledFileWriter(opts: CompiledFileWriterOptions = {}): CompiledFileWriter {
  const limit = Math.max(1, opts.concurrency ?? 64);
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
        .then(() => writeFile(job.path, scrubSecrets(job.content)))
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
      queue.push({ path: filePath, content });
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
