import { calledNames } from './macro-loader.js';
import { generateTemplateCode } from './template-compiler.js';
import type { TemplateEnvironment } from './template-environment.js';

/**
 * Compiling Nunjucks templates (parse + code generation) for the parse pass, in one batch. A template that
 * fails to compile is reported, not thrown: the caller recompiles it for its located error.
 *
 * (Sharing this work with a worker thread was measured on the 2-core target machine and did not pay: the
 * worker's own start-up and cold JIT cost more than the compilation it takes over — see the stage's report.)
 */

export interface CompileJob {
  readonly index: number;
  readonly text: string;
  readonly file: string;
}

export type CompileJobResult =
  | { readonly index: number; readonly code: string; readonly called: readonly string[] }
  | { readonly index: number; readonly failed: true };

export function compileJinjaChunk(jobs: readonly CompileJob[], templates: TemplateEnvironment): CompileJobResult[] {
  return jobs.map((job) => {
    try {
      const parsed = templates.parse(job.text, job.file);
      return { index: job.index, code: generateTemplateCode(parsed.ast, job.file), called: [...calledNames(parsed.ast)] };
    } catch {
      return { index: job.index, failed: true as const };
    }
  });
}
