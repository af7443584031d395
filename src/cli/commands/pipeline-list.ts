import { describeStep, listPipelines } from '../../tasks/index.js';
import { formatError } from '../output/index.js';
import type { CommandOptions } from '../options.js';

/** `opp pipeline list`: each pipeline with its schedule and steps, plain text on stdout. */
export async function run(opts: CommandOptions): Promise<number> {
  try {
    const lines: string[] = [];
    for (const p of listPipelines({ ...opts, command: 'pipeline list' })) {
      lines.push(`${p.name}${p.schedule ? `  (schedule: ${p.schedule})` : ''}`);
      if (p.description) lines.push(`  ${p.description}`);
      p.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${describeStep(s)}`));
    }
    process.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no pipelines in project.yml\n');
    return 0;
  } catch (err) {
    process.stderr.write(`${formatError(err)}\n`);
    return 2;
  }
}
