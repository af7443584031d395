/** parseDemoArgs: `npm run demo -- [--scale N] [--days N] [--engineers N] ...` → DemoOptions. */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors/index.js';

export interface DemoOptions {
  /** Multiplies engineers and incidents per day (benchmarks); default 1. */
  readonly scale: number;
  readonly days: number;
  readonly engineers: number;
  readonly incidentsPerDay: number;
  /** Last complete day of data (default: yesterday, UTC). */
  readonly endDate: string;
  /** The opp project to run (default: the repository root). */
  readonly projectDir: string | undefined;
  readonly target: string | undefined;
  /** Keep the existing warehouse file instead of starting from an empty one. */
  readonly keepDb: boolean;
  /** After the first build: advance the sample APIs a day, extract and build incrementally, then full-refresh, and report the ratio. */
  readonly bench: boolean;
  /** Benchmarks: multiply the extracted RAW rows this many times in SQL before building (1 = off). */
  readonly amplify: number;
  readonly help: boolean;
}

export const DEMO_USAGE = `Usage: npm run demo [-- options]

Starts the sample vendor APIs on 127.0.0.1 with generated data, runs the real CLI (opp extract, then
opp build) against the embedded DuckDB warehouse, and prints a summary.

Options:
  --scale N              multiply engineers and incidents per day by N (default 1: 300 engineers, 6 incidents/day)
  --days N               days of history (default 90)
  --engineers N          engineers (default 300 x scale)
  --incidents-per-day N  incidents per day in companya (default 6 x scale; companyb 0.6x, companyc 0.4x)
  --end-date YYYY-MM-DD  last complete day of data (default yesterday, UTC)
  --project-dir DIR      the opp project to build (default: this repository)
  --target NAME          profile target (default: the profile's default, 'local')
  --keep-db              keep the existing warehouse file (default: start from an empty one)
  --bench                then simulate a day of late updates, time an incremental build and a full refresh
  --amplify K            benchmarks: copy the extracted RAW rows K times in SQL (distinct ids and emails)
                         before building, to time the models at millions of rows
  -h, --help             this text`;

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function positiveNumber(flag: string, text: string | undefined, fallback: number, integer: boolean): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UsageError('usage/bad-flag', `--${flag} must be a positive ${integer ? 'whole ' : ''}number, got '${text}'`, { hint: `pass e.g. --${flag} 2.` });
  }
  return n;
}

export function parseDemoArgs(argv: readonly string[]): DemoOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        scale: { type: 'string' },
        days: { type: 'string' },
        engineers: { type: 'string' },
        'incidents-per-day': { type: 'string' },
        'end-date': { type: 'string' },
        'project-dir': { type: 'string' },
        target: { type: 'string' },
        'keep-db': { type: 'boolean' },
        bench: { type: 'boolean' },
        amplify: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError('usage/bad-flag', (err as Error).message, { hint: 'run `npm run demo -- --help` for the options.' });
  }
  const scale = positiveNumber('scale', values['scale'] as string | undefined, 1, false);
  const endDate = (values['end-date'] as string | undefined) ?? yesterday();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) {
    throw new UsageError('usage/bad-flag', `--end-date must be YYYY-MM-DD, got '${endDate}'`, { hint: 'pass a day such as 2026-03-31.' });
  }
  return {
    scale,
    days: positiveNumber('days', values['days'] as string | undefined, 90, true),
    engineers: positiveNumber('engineers', values['engineers'] as string | undefined, Math.round(300 * scale), true),
    incidentsPerDay: positiveNumber('incidents-per-day', values['incidents-per-day'] as string | undefined, 6 * scale, false),
    endDate,
    projectDir: values['project-dir'] as string | undefined,
    target: values['target'] as string | undefined,
    keepDb: values['keep-db'] === true,
    bench: values['bench'] === true,
    amplify: positiveNumber('amplify', values['amplify'] as string | undefined, 1, true),
    help: values['help'] === true,
  };
}
