import { randomUUID } from 'node:crypto';
import { runDocsGenerateTask } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/** `opp docs generate [--no-compile] [--empty-catalog]`. */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('docs generate', opts, invocationId);
  try {
    await runDocsGenerateTask({ ...opts, command: 'docs generate', invocationId, onEvent: out.emit, compile: opts.compile !== false, emptyCatalog: opts.emptyCatalog === true });
    return 0;
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
