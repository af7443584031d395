import type { CommandOptions } from '../options.js';
import { runNodeCommand } from './node-command.js';

export function run(opts: CommandOptions): Promise<number> {
  return runNodeCommand('test', opts);
}
