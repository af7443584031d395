import { scrubSecrets } from '../../errors/index.js';
import { createPaint, NO_PAINT } from './paint.js';
import { createEventRenderer, type RenderOptions } from './render-event.js';
import { createClockFormatter, type Reporter } from './reporter.js';
import type { OutputWriter } from './writer.js';

export interface HumanReporterOptions extends Omit<RenderOptions, 'paint'> {
  readonly writer: OutputWriter;
  /** Decide with `shouldUseColors`. Default false. */
  readonly colors?: boolean;
  /** Epoch milliseconds; injectable for tests. */
  readonly now?: () => number;
  /** dbt prints console timestamps in UTC. */
  readonly timezone?: 'utc' | 'local';
  /** `--quiet`: only error lines. */
  readonly quiet?: boolean;
  /** Also print debug lines (`Began running node ...`). */
  readonly debug?: boolean;
}

/** dbt's console output: `HH:MM:SS  <message>` for every info-or-higher event. */
export function createHumanReporter(opts: HumanReporterOptions): Reporter {
  const paint = opts.colors ? createPaint(true) : NO_PAINT;
  const render = createEventRenderer({ ...opts, paint });
  const now = opts.now ?? Date.now;
  const clock = createClockFormatter(opts.timezone);
  // dbt starts each coloured line with a reset.
  const prefix = paint.enabled ? '\u001b[0m' : '';
  const { writer } = opts;
  return {
    handle: (event) => {
      const lines = render(event);
      if (lines.length === 0) return;
      let ts: string | undefined;
      for (const line of lines) {
        if (line.level === 'debug' && !opts.debug) continue;
        if (line.raw) {
          writer.write(`${scrubSecrets(line.msg)}\n`);
          continue;
        }
        if (opts.quiet && line.level !== 'error') continue;
        ts ??= clock(now());
        writer.write(`${prefix}${ts}  ${scrubSecrets(line.msg)}\n`);
      }
    },
    flush: () => writer.flush(),
  };
}
