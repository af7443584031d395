import { addDays, toIsoDate } from '../paginate/index.js';
import type { IncrementalSpec } from '../sources/index.js';

/** Why the range starts where it does. */
export type RangeMode = 'full' | 'incremental' | 'since' | 'initial' | 'reference';

export interface ExtractRange {
  /** First day to request (`YYYY-MM-DD`); undefined = no start filter (the API's whole history). */
  readonly start?: string;
  /** Last day to request (inclusive). */
  readonly end: string;
  readonly mode: RangeMode;
}

export interface RangeInput {
  readonly incremental?: IncrementalSpec;
  /** The stored watermark (ISO date or timestamp), if any. */
  readonly watermark?: string;
  /** `--since DATE`: overrides the start. */
  readonly since?: string;
  /** `--full-refresh`: ignore the watermark. */
  readonly fullRefresh?: boolean;
  /** Epoch ms "now". */
  readonly now: number;
}

/**
 * Where an extract starts and ends (pure):
 * - reference streams (no watermark) are pulled in full;
 * - `--since` wins; then `--full-refresh` (initial window, or no filter);
 * - with a watermark: its day minus the re-pull window;
 * - first run: `initialDays` back, or no filter.
 * The start is clamped to the API's earliest day; the end is today plus `endOffsetDays`.
 */
export function planExtractRange(input: RangeInput): ExtractRange {
  const today = toIsoDate(input.now);
  const spec = input.incremental;
  if (!spec) return { end: today, mode: 'reference' };
  const end = addDays(today, spec.endOffsetDays ?? 0);
  const initial = spec.initialDays !== undefined ? addDays(today, -spec.initialDays) : undefined;
  let start: string | undefined;
  let mode: RangeMode;
  if (input.since !== undefined) {
    start = input.since.slice(0, 10);
    mode = 'since';
  } else if (input.fullRefresh) {
    start = initial;
    mode = 'full';
  } else if (input.watermark !== undefined && input.watermark !== '') {
    start = addDays(input.watermark.slice(0, 10), -spec.repullDays);
    mode = 'incremental';
  } else {
    start = initial;
    mode = initial === undefined ? 'full' : 'initial';
  }
  if (start !== undefined && spec.earliest !== undefined && start < spec.earliest) start = spec.earliest;
  return { ...(start !== undefined ? { start } : {}), end, mode };
}

/** The later of two watermarks (same format: ISO strings compare in time order); undefined-safe. */
export function maxWatermark(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || a === '') return b;
  if (b === undefined || b === '') return a;
  return a >= b ? a : b;
}

