import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { scrubSecrets } from '../../errors/index.js';
import type { RunEvent } from '../../run/index.js';
import { stripAnsi } from './paint.js';
import { createEventRenderer, type RenderOptions } from './render-event.js';
import type { Reporter } from './reporter.js';

export interface FileLoggerOptions extends Omit<RenderOptions, 'paint'> {
  /** Usually `<project>/logs/opp.log` (dbt writes `logs/dbt.log`). */
  readonly path: string;
  readonly invocationId: string;
  readonly now?: () => number;
  /** Bytes buffered before an append is issued. Default 64 KiB. */
  readonly bufferBytes?: number;
}

export interface FileLogger extends Reporter {
  /** Appends what is buffered and closes the file. Resolves false if the log could not be written. */
  close(): Promise<boolean>;
}

/** `12:00:00.123000` in UTC, like dbt's debug lines. */
function formatDebugTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`;
}

function threadOf(event: RunEvent): string {
  if (event.kind === 'node-started') return event.threadId;
  if (event.kind === 'node-finished' && event.result.threadId) return event.result.threadId;
  return 'MainThread';
}

/**
 * Writes every event, debug lines included, to the log file in dbt's debug format:
 * `12:00:00.123000 [info ] [Thread-1  ]: 1 of 3 START sql view model ...`. Lines are buffered and
 * appended asynchronously in large chunks; the run never waits for the disk. A log that cannot be
 * written (read-only folder) is dropped silently rather than failing the command.
 */
export function createFileLogger(opts: FileLoggerOptions): FileLogger {
  const render = createEventRenderer(opts);
  const now = opts.now ?? Date.now;
  const limit = opts.bufferBytes ?? 64 * 1024;
  let pending: string[] = [];
  let pendingBytes = 0;
  let stream: WriteStream | undefined;
  let opening: Promise<void> | undefined;
  let failed = false;
  let lastWrite: Promise<void> = Promise.resolve();

  const open = (): Promise<void> =>
    (opening ??= mkdir(dirname(opts.path), { recursive: true }).then(
      () =>
        new Promise<void>((resolve) => {
          const s = createWriteStream(opts.path, { flags: 'a' });
          s.once('open', () => {
            stream = s;
            resolve();
          });
          s.once('error', () => {
            failed = true;
            resolve();
          });
        }),
      () => {
        failed = true;
      },
    ));

  const push = (): void => {
    if (pending.length === 0 || failed) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    const append = (s: WriteStream): Promise<void> => new Promise<void>((resolve) => s.write(text, () => resolve()));
    lastWrite = stream ? append(stream) : open().then(() => (stream && !failed ? append(stream) : undefined));
  };

  const write = (text: string): void => {
    pending.push(text);
    pendingBytes += text.length;
    if (pendingBytes >= limit) push();
  };

  return {
    handle: (event) => {
      if (failed) return;
      const lines = render(event);
      if (lines.length === 0) return;
      const t = now();
      const ts = formatDebugTime(t);
      const thread = ` [${threadOf(event).slice(0, 10).padEnd(10)}]:`;
      if (event.kind === 'invocation-started') {
        const sep = '='.repeat(30);
        write(`\n\n${sep} ${new Date(t).toISOString()} | ${opts.invocationId} ${sep}\n`);
      }
      for (const line of lines) {
        write(`${ts} [${line.level.padEnd(5)}]${thread} ${scrubSecrets(stripAnsi(line.msg))}\n`);
      }
    },
    /** Hands what is buffered to the OS (the file stays open). */
    flush: async () => {
      push();
      await lastWrite;
    },
    close: async () => {
      push();
      await open();
      const s = stream;
      if (!s || failed) return false;
      await new Promise<void>((resolve) => s.end(resolve));
      return !failed;
    },
  };
}
