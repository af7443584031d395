import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { calledNames } from './macro-loader.js';
import { generateTemplateCode } from './template-compiler.js';
import { TemplateEnvironment } from './template-environment.js';

/**
 * Compiling Nunjucks templates (parse + code generation) is the costliest step of the parse pass, and it
 * needs nothing from the project but the text, so a large project shares it with one worker thread: the
 * worker starts on a first batch while the main thread reads the static templates, then both take chunks
 * until none are left. Small projects, machines with one core, and runs from TypeScript sources (tests)
 * compile on the main thread. A template that fails to compile in the worker is recompiled on the main
 * thread, which produces its located error.
 */

export interface CompileJob {
  readonly index: number;
  readonly text: string;
  readonly file: string;
}

export type CompileJobResult =
  | { readonly index: number; readonly code: string; readonly called: readonly string[] }
  | { readonly index: number; readonly failed: true };

/** Below this many templates the worker's start-up costs more than it saves. */
export const WORKER_THRESHOLD = 150;
const CHUNK = 20;

let workerEnv: TemplateEnvironment | undefined;

/** Parses and generates code for each job; failures are reported, not thrown. */
export function compileJinjaChunk(jobs: readonly CompileJob[], templates?: TemplateEnvironment): CompileJobResult[] {
  const env = templates ?? (workerEnv ??= new TemplateEnvironment());
  return jobs.map((job) => {
    try {
      const parsed = env.parse(job.text, job.file);
      return { index: job.index, code: generateTemplateCode(parsed.ast, job.file), called: [...calledNames(parsed.ast)] };
    } catch {
      return { index: job.index, failed: true as const };
    }
  });
}

function workerUrl(): URL | undefined {
  const url = new URL('./jinja-compile-worker.js', import.meta.url);
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A worker started early (before the templates are known), or undefined when it would not pay. */
export class JinjaCompilePool {
  private readonly worker: Worker;
  private readonly ready: Promise<boolean>;
  private failed = false;
  /** Jobs the worker compiled (the rest ran on the main thread). */
  workerJobs = 0;

  private constructor(worker: Worker) {
    this.worker = worker;
    this.ready = new Promise((resolve) => {
      const onMessage = (m: { ready?: boolean }): void => {
        if (m && m.ready) {
          worker.off('message', onMessage);
          resolve(true);
        }
      };
      worker.on('message', onMessage);
      worker.once('error', () => {
        this.failed = true;
        resolve(false);
      });
    });
  }

  /**
   * Starts a worker when `expectedTemplates` is large enough and a second core exists (`OPP_COMPILE_WORKERS=0`
   * turns it off). `workerUrl` overrides the worker script (tests).
   */
  static start(expectedTemplates: number, opts: { workerUrl?: URL; threshold?: number } = {}): JinjaCompilePool | undefined {
    if (expectedTemplates < (opts.threshold ?? WORKER_THRESHOLD) || availableParallelism() < 2 || process.env['OPP_COMPILE_WORKERS'] === '0') return undefined;
    const url = opts.workerUrl ?? workerUrl();
    if (!url) return undefined;
    try {
      const worker = new Worker(url);
      worker.unref();
      return new JinjaCompilePool(worker);
    } catch {
      return undefined;
    }
  }

  /**
   * Compiles every job, sharing them with the worker. `mainWork` runs on the main thread while the worker
   * starts on its first batch. Results are indexed by job index.
   */
  async compileAll(jobs: readonly CompileJob[], templates: TemplateEnvironment, mainWork: () => void): Promise<CompileJobResult[]> {
    const results: CompileJobResult[] = new Array(jobs.length);
    const store = (rs: readonly CompileJobResult[]): void => {
      for (const r of rs) results[r.index] = r;
    };
    // Jobs are taken from the front by the worker and from the back by the main thread.
    let front = 0;
    let back = jobs.length;
    let inFlight: Promise<void> | undefined;
    let nextId = 0;
    const sendNext = (size: number): void => {
      if (this.failed || front >= back) {
        inFlight = undefined;
        return;
      }
      const chunk = jobs.slice(front, Math.min(back, front + size));
      front += chunk.length;
      const id = nextId++;
      inFlight = new Promise<void>((resolve) => {
        const onMessage = (m: { id?: number; results?: CompileJobResult[] }): void => {
          if (m.id !== id) return;
          this.worker.off('message', onMessage);
          this.worker.off('error', onError);
          this.workerJobs += m.results?.length ?? 0;
          store(m.results ?? []);
          resolve();
          sendNext(CHUNK);
        };
        const onError = (): void => {
          this.failed = true;
          this.worker.off('message', onMessage);
          // Give the chunk back to the main thread.
          for (const j of chunk) results[j.index] = { index: j.index, failed: true };
          resolve();
        };
        this.worker.on('message', onMessage);
        this.worker.once('error', onError);
        this.worker.postMessage({ id, jobs: chunk });
      });
    };
    // A first batch sized for the main thread's own work, then chunks on demand.
    sendNext(Math.ceil(jobs.length * 0.6));
    mainWork();
    while (front < back) {
      const chunk = jobs.slice(Math.max(front, back - CHUNK), back);
      back -= chunk.length;
      store(compileJinjaChunk(chunk, templates));
      // Let the worker's finished chunk be collected and its next one sent.
      await new Promise<void>((r) => setImmediate(r));
    }
    while (inFlight) await inFlight;
    if (!(await this.ready)) this.failed = true;
    for (let i = 0; i < jobs.length; i++) {
      if (!results[i]) store(compileJinjaChunk([jobs[i]!], templates));
    }
    return results;
  }

  close(): void {
    this.worker.postMessage('exit');
    void this.worker.terminate();
  }
}

/** Compiles every job on the main thread (after `mainWork`). */
export function compileAllInline(jobs: readonly CompileJob[], templates: TemplateEnvironment, mainWork: () => void): CompileJobResult[] {
  mainWork();
  return compileJinjaChunk(jobs, templates);
}
