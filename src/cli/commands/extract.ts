import { randomUUID } from 'node:crypto';
import type { ExtractEvent } from '../../extract/index.js';
import { runExtractTask } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';
import { interruptSignal } from './node-command.js';

/**
 * A one-line live status on a terminal (stderr, rewritten in place at most every 250 ms): sources done,
 * pages, records, retries and rate-limit waits. Nothing when output is piped or JSON.
 */
function progressLine(enabled: boolean): { onProgress: (e: ExtractEvent) => void; clear: () => void } {
  if (!enabled) return { onProgress: () => undefined, clear: () => undefined };
  let pages = 0;
  let records = 0;
  let retries = 0;
  let waits = 0;
  let done = 0;
  let total = 0;
  let last = 0;
  const draw = () => {
    process.stderr.write(`\r\u001b[2K  ${done}/${total} sources · ${pages} pages · ${records} records · ${retries} retries · ${waits} rate-limit waits`);
  };
  return {
    onProgress(e) {
      if (e.type === 'run-start') total = e.total;
      else if (e.type === 'page') {
        pages++;
        records += e.records;
      } else if (e.type === 'retry') {
        retries++;
        if (e.rateLimited) waits++;
      } else if (e.type === 'source-end') done++;
      const now = Date.now();
      if (now - last > 250) {
        last = now;
        draw();
      }
    },
    clear: () => process.stderr.write('\r\u001b[2K'),
  };
}

/** `opp extract [--source NAME...] [--since DATE] [--full-refresh]`. */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('extract', opts, invocationId);
  const { signal, dispose } = interruptSignal();
  const progress = progressLine(process.stderr.isTTY === true && opts.logFormat !== 'json' && !opts.quiet);
  try {
    const sources = Array.isArray(opts.source) ? (opts.source as string[]) : [];
    const since = typeof opts.since === 'string' ? opts.since : undefined;
    const outcome = await runExtractTask({
      ...opts,
      command: 'extract',
      invocationId,
      sources,
      ...(since ? { since } : {}),
      onEvent: out.emit,
      onProgress: progress.onProgress,
      signal,
    });
    return outcome.exitCode;
  } catch (err) {
    return out.fail(err);
  } finally {
    progress.clear();
    dispose();
    await out.flush();
  }
}
