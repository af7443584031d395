import { randomUUID } from 'node:crypto';
import { runShowTask } from '../../tasks/index.js';
import { renderShowOutput } from '../output/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/** `opp show --select MODEL` / `--inline SQL`: runs the compiled SELECT with a limit and prints a table. */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('show', opts, invocationId);
  try {
    const inline = typeof opts.inline === 'string' ? opts.inline : undefined;
    const limit = typeof opts.limit === 'number' && Number.isFinite(opts.limit) ? opts.limit : 5;
    const shown = await runShowTask({ ...opts, command: 'show', invocationId, limit, ...(inline !== undefined ? { inline } : {}) });
    const format = opts.output === 'json' ? 'json' : 'text';
    out.print(renderShowOutput(shown.rows, shown.columns, { output: format, ...(shown.nodeName ? { nodeName: shown.nodeName } : {}) }));
    return 0;
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
