import { randomUUID } from 'node:crypto';
import { runCompileTask } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/**
 * `opp compile`: writes target/compiled/; with one selected node prints its SQL as dbt does
 * ("Compiled node 'x' is:"), with `--inline` prints the compiled inline SQL.
 */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('compile', opts, invocationId);
  try {
    const inline = typeof opts.inline === 'string' ? opts.inline : undefined;
    const outcome = await runCompileTask({ ...opts, command: 'compile', invocationId, ...(inline !== undefined ? { inline } : {}) });
    if (outcome.inlineSql !== undefined) {
      out.emit({ kind: 'log', level: 'info', message: `Compiled inline node is:\n${outcome.inlineSql.trim()}` });
      return 0;
    }
    for (const err of outcome.errors) out.fail(err);
    if (outcome.compiled.length === 1 && opts.select.length > 0) {
      const only = outcome.compiled[0]!;
      const name = only.uniqueId.slice(only.uniqueId.lastIndexOf('.') + 1);
      out.emit({ kind: 'log', level: 'info', message: `Compiled node '${name}' is:\n${only.compiledCode.trim()}` });
    }
    out.emit({
      kind: 'log',
      level: 'info',
      message: `Compiled ${outcome.compiled.length} nodes to ${outcome.session.config.targetPath}/compiled in ${outcome.elapsedSeconds.toFixed(2)}s`,
    });
    return outcome.errors.length > 0 ? 1 : 0;
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
