import { scrubSecrets } from '../../errors/index.js';
import type { RunEvent } from '../../run/index.js';
import { createEventRenderer, type RenderOptions } from './render-event.js';
import type { Reporter } from './reporter.js';
import type { OutputWriter } from './writer.js';

export interface JsonReporterOptions extends Omit<RenderOptions, 'paint'> {
  readonly writer: OutputWriter;
  readonly invocationId: string;
  readonly now?: () => number;
  readonly pid?: number;
  readonly debug?: boolean;
  readonly quiet?: boolean;
}

/** Every string in a JSON value goes through scrubSecrets (before escaping, so quotes in secrets match). */
function scrubReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? scrubSecrets(value) : value;
}

function threadOf(event: RunEvent): string {
  if (event.kind === 'node-started') return event.threadId;
  if (event.kind === 'node-finished' && event.result.threadId) return event.result.threadId;
  return 'MainThread';
}

/**
 * `--log-format json`: one object per line, dbt's shape:
 * `{"info": {"name", "code", "msg", "level", "invocation_id", "ts", "pid", "thread", ...}, "data": {...}}`.
 * Blank formatting lines are left out.
 */
export function createJsonReporter(opts: JsonReporterOptions): Reporter {
  const render = createEventRenderer(opts);
  const now = opts.now ?? Date.now;
  const pid = opts.pid ?? process.pid;
  return {
    handle: (event) => {
      const lines = render(event);
      if (lines.length === 0) return;
      const ts = new Date(now()).toISOString();
      const thread = threadOf(event);
      for (const line of lines) {
        if (line.name === 'Formatting') continue;
        if (line.level === 'debug' && !opts.debug) continue;
        if (opts.quiet && line.level !== 'error') continue;
        const obj = {
          info: {
            name: line.name,
            code: line.code ?? '',
            msg: line.msg,
            level: line.level,
            invocation_id: opts.invocationId,
            pid,
            thread,
            ts,
            category: '',
            extra: {},
          },
          data: line.data ? line.data() : {},
        };
        opts.writer.write(`${JSON.stringify(obj, scrubReplacer)}\n`);
      }
    },
    flush: () => opts.writer.flush(),
  };
}
