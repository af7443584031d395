import { formatError } from './output/index.js';

/** Last resort for an error thrown outside any command's console (exit 2). */
export function reportFatalError(err: unknown): number {
  process.stderr.write(`${formatError(err)}\n`);
  return 2;
}
