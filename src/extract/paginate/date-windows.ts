/** Calendar helpers on UTC days (`YYYY-MM-DD`) and the date-window planner. */

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an epoch-ms instant, in UTC. */
export function toIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch ms of the UTC midnight starting `YYYY-MM-DD` (or of any ISO timestamp, truncated to its day). */
export function parseIsoDate(date: string): number {
  const ms = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: '${date}'`);
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

export function addDays(date: string, days: number): string {
  return toIsoDate(parseIsoDate(date) + days * DAY_MS);
}

/** One request window: whole UTC days, `start` and `end` inclusive. */
export interface DateWindow {
  readonly start: string;
  readonly end: string;
  /** Epoch ms of `start` 00:00 UTC. */
  readonly startMs: number;
  /** Epoch ms of the day after `end`, 00:00 UTC (exclusive bound). */
  readonly endExclusiveMs: number;
}

export function buildWindow(start: string, end: string): DateWindow {
  return { start, end, startMs: parseIsoDate(start), endExclusiveMs: parseIsoDate(end) + DAY_MS };
}

/**
 * Splits the inclusive day range [start, end] into consecutive windows of at most `sizeDays` days
 * (1 = one call per day; 30 = Cursor's limit). Empty when start is after end. A generator: a year of
 * days is never built as one list.
 */
export function* planDateWindows(start: string, end: string, sizeDays: number): Generator<DateWindow> {
  if (!Number.isInteger(sizeDays) || sizeDays < 1) throw new RangeError(`window size must be a positive whole number of days, got ${sizeDays}`);
  const endMs = parseIsoDate(end);
  for (let s = parseIsoDate(start); s <= endMs; s += sizeDays * DAY_MS) {
    const e = Math.min(s + (sizeDays - 1) * DAY_MS, endMs);
    yield { start: toIsoDate(s), end: toIsoDate(e), startMs: s, endExclusiveMs: e + DAY_MS };
  }
}
