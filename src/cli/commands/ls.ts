import { openProjectSession, selectForTask } from '../../tasks/index.js';
import { formatNodeForList, type ListOutput } from '../../graph/index.js';
import type { ResourceType } from '../../manifest/index.js';
import { formatError } from '../output/index.js';
import type { CommandOptions } from '../options.js';

const LISTABLE: readonly ResourceType[] = ['model', 'seed', 'snapshot', 'test', 'unit_test', 'analysis', 'source'];

/**
 * `opp ls`: the selected nodes, one per line, nothing else on stdout (so it pipes); warnings and errors
 * go to stderr. `--resource-type` narrows, `--output name|path|json|selector` picks the form.
 */
export async function run(opts: CommandOptions): Promise<number> {
  try {
    const session = await openProjectSession({ ...opts, command: 'ls' });
    const { ids, warnings } = await selectForTask(session, LISTABLE, opts);
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
    const output = (opts.output as ListOutput | undefined) ?? 'selector';
    const keys = Array.isArray(opts.outputKeys) ? (opts.outputKeys as string[]) : undefined;
    const { manifest } = session;
    const lines: string[] = [];
    for (const id of ids) {
      const node = manifest.nodes[id] ?? manifest.sources[id] ?? manifest.unitTests[id];
      if (!node) continue;
      let line = formatNodeForList(node, output);
      if (output === 'json' && keys?.length) {
        const full = JSON.parse(line) as Record<string, unknown>;
        line = JSON.stringify(Object.fromEntries(keys.filter((k) => k in full).map((k) => [k, full[k]])));
      }
      lines.push(line);
    }
    // selector output lists each fqn once (a YAML file's tests share none, but seeds and models might)
    const unique = output === 'selector' ? [...new Set(lines)] : lines;
    if (unique.length) process.stdout.write(`${unique.join('\n')}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    return 2;
  }
}
