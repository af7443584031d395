import { randomUUID } from 'node:crypto';
import { runNodeTask, type NodeTaskName } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/** Ctrl-C aborts the run: running nodes are cancelled, the rest skipped, artifacts still written. */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130); // a second Ctrl-C: stop now
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}

/** `opp run|build|test|seed|snapshot`: one DAG task, dbt's output, dbt's exit codes. */
export async function runNodeCommand(task: NodeTaskName, opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole(task, opts, invocationId);
  const { signal, dispose } = interruptSignal();
  try {
    const outcome = await runNodeTask(task, { ...opts, command: task, invocationId, onEvent: out.emit, signal });
    return outcome.exitCode;
  } catch (err) {
    return out.fail(err);
  } finally {
    dispose();
    await out.flush();
  }
}
