import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { runFreshnessTask } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';
import { interruptSignal } from './node-command.js';

/** `opp source freshness`: dbt's freshness check; writes target/sources.json (or `--output`). */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('source freshness', opts, invocationId);
  const { signal, dispose } = interruptSignal();
  try {
    const output = typeof opts.output === 'string' ? resolve(opts.output) : undefined;
    const outcome = await runFreshnessTask({ ...opts, command: 'source freshness', invocationId, onEvent: out.emit, signal, ...(output ? { output } : {}) });
    return outcome.exitCode;
  } catch (err) {
    return out.fail(err);
  } finally {
    dispose();
    await out.flush();
  }
}
