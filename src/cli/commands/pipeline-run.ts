import { randomUUID } from 'node:crypto';
import { runPipelineTask } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';
import { interruptSignal } from './node-command.js';

/** `opp pipeline run NAME [--full-refresh]`: a pipeline from project.yml, step by step. */
export async function run(opts: CommandOptions, args: readonly string[]): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('pipeline run', opts, invocationId);
  const { signal, dispose } = interruptSignal();
  try {
    const outcome = await runPipelineTask({ ...opts, command: 'pipeline', name: args[0] ?? '', invocationId, onEvent: out.emit, signal });
    return outcome.exitCode;
  } catch (err) {
    return out.fail(err);
  } finally {
    dispose();
    await out.flush();
  }
}
