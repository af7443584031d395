import { UsageError } from '../errors/index.js';
import type { PipelineConfig, PipelineStep } from '../config/types.js';
import type { RunEvent } from '../run/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { runExtractTask } from './extract-task.js';
import { runNodeTask } from './node-task.js';
import { openProjectConfig, type SessionOptions } from './project-session.js';

export interface PipelineTaskOptions extends SessionOptions {
  readonly name: string;
  readonly onEvent: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
}

/** `extract: [incident_io]` → `extract incident_io`; `build: "+fct"` → `build --select +fct`. */
export function describeStep(step: PipelineStep): string {
  if (step.command === 'extract') return `extract ${(step.sources ?? []).join(' ') || '(every source)'}`;
  return `${step.command}${step.select ? ` --select ${step.select}` : ''}`;
}

/** The pipelines of the project, by name (for `opp pipeline list`). */
export function listPipelines(opts: SessionOptions): readonly PipelineConfig[] {
  return Object.values(openProjectConfig(opts).config.pipelines);
}

/**
 * `opp pipeline run NAME`: the seed's DAGs as opp pipelines — each step (`extract`, then `build`,
 * `run`, `test`, `seed` with a selector) runs in order, as the CLI command would; the first failing step
 * stops the pipeline. Exit codes as the steps': 1 when a step failed, 2 when the project is wrong.
 */
export async function runPipelineTask(opts: PipelineTaskOptions): Promise<{ exitCode: number; steps: number }> {
  const { config } = openProjectConfig(opts);
  const pipeline = config.pipelines[opts.name];
  if (!pipeline) {
    const names = Object.keys(config.pipelines);
    const suggestion = didYouMean(opts.name, names);
    throw new UsageError('usage/bad-flag', `no pipeline named '${opts.name}' in ${config.file}`, {
      location: { file: config.file },
      hint: suggestion ? `${suggestion} (pipelines: ${names.join(', ')})` : names.length ? `pipelines: ${names.join(', ')}` : "declare one under 'pipelines:' in project.yml",
    });
  }
  let done = 0;
  for (const [i, step] of pipeline.steps.entries()) {
    if (opts.signal?.aborted) return { exitCode: 2, steps: done };
    opts.onEvent({ kind: 'log', level: 'info', message: `Pipeline ${pipeline.name}, step ${i + 1} of ${pipeline.steps.length}: ${describeStep(step)}` });
    let exitCode: number;
    if (step.command === 'extract') {
      exitCode = (await runExtractTask({ ...opts, sources: step.sources ?? [], onEvent: opts.onEvent })).exitCode;
    } else {
      exitCode = (await runNodeTask(step.command, { ...opts, command: step.command, ...(step.select ? { select: [step.select] } : {}), onEvent: opts.onEvent })).exitCode;
    }
    done++;
    if (exitCode !== 0) {
      opts.onEvent({ kind: 'log', level: 'error', message: `Pipeline ${pipeline.name} stopped at step ${i + 1} (${describeStep(step)}): exit ${exitCode}` });
      return { exitCode, steps: done };
    }
  }
  opts.onEvent({ kind: 'log', level: 'info', message: `Pipeline ${pipeline.name} finished: ${done} steps` });
  return { exitCode: 0, steps: done };
}
