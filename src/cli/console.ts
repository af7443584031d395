import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { findProjectDir } from '../config/index.js';
import { OppError } from '../errors/index.js';
import type { RunEvent } from '../run/index.js';
import { OPP_VERSION } from '../util/version.js';
import type { GlobalOptions } from './options.js';
import {
  combineReporters,
  createBufferedWriter,
  createFileLogger,
  createHumanReporter,
  createJsonReporter,
  shouldUseColors,
  type Reporter,
} from './output/index.js';

/** The console (and logs/opp.log) of one command: every event goes through `emit`. */
export interface CommandConsole {
  readonly emit: (event: RunEvent) => void;
  /** Prints a fatal error (code frame, hint) and returns exit code 2 (or the error's own). */
  fail(err: unknown): number;
  /** Writes a raw line to stdout (compiled SQL, `ls` output), through the same buffer. */
  print(text: string): void;
  flush(): Promise<void>;
  readonly invocationId: string;
}

/**
 * Builds the reporters for a command: dbt-style text or `--log-format json` on stdout (colour only on a
 * TTY without NO_COLOR), plus `logs/opp.log` in the project folder when there is one.
 */
export function openConsole(command: string, opts: GlobalOptions, invocationId: string): CommandConsole {
  const writer = createBufferedWriter(process.stdout);
  let rootDir: string | undefined;
  try {
    rootDir = findProjectDir(opts.projectDir ?? process.cwd());
  } catch {
    rootDir = undefined; // reported later, when the command loads the project
  }
  const readFile = (path: string): string | undefined => {
    try {
      return readFileSync(isAbsolute(path) || !rootDir ? path : join(rootDir, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const reporters: Reporter[] = [];
  reporters.push(
    opts.logFormat === 'json'
      ? createJsonReporter({ writer, invocationId, quiet: opts.quiet, readFile })
      : createHumanReporter({
          writer,
          colors: shouldUseColors({ ...(opts.useColors !== undefined ? { useColors: opts.useColors } : {}), env: process.env, isTTY: process.stdout.isTTY }),
          quiet: opts.quiet,
          readFile,
        }),
  );
  if (rootDir) reporters.push(createFileLogger({ path: join(rootDir, 'logs', 'opp.log'), invocationId, readFile }));
  const reporter = combineReporters(...reporters);
  reporter.handle({ kind: 'invocation-started', version: OPP_VERSION, command });
  return {
    emit: reporter.handle,
    fail(err: unknown): number {
      reporter.handle({ kind: 'error', error: err });
      return err instanceof OppError ? err.exitCode : 2;
    },
    print(text: string): void {
      writer.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    flush: () => reporter.flush(),
    invocationId,
  };
}
