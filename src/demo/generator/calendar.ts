/** UTC calendar helpers. Days are `YYYY-MM-DD` strings or epoch milliseconds at 00:00Z. */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms of 00:00Z on a `YYYY-MM-DD` day, or NaN when the text is not a valid day. */
export function parseDay(day: string): number {
  const m = DAY_RE.exec(day);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatDay(ms) === day ? ms : Number.NaN;
}

/** `YYYY-MM-DD` of an epoch-ms instant (UTC). */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const dayPrefixes = new Map<number, string>();
const PAD2: readonly string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** ISO-8601 with milliseconds, UTC (`2025-03-04T10:07:00.000Z`); same text as Date#toISOString. */
export function isoTime(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (prefix.length !== 11 || dayPrefixes.size > 20_000) return new Date(t).toISOString();
    dayPrefixes.set(day, prefix);
  }
  let rem = t - day * DAY_MS;
  const h = Math.floor(rem / HOUR_MS);
  rem -= h * HOUR_MS;
  const m = Math.floor(rem / MINUTE_MS);
  rem -= m * MINUTE_MS;
  const s = Math.floor(rem / 1000);
  const milli = rem - s * 1000;
  return `${prefix}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** RFC 3339 without fractional seconds (`2025-03-04T10:07:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekday(ms: number): number {
  return new Date(ms).getUTCDay();
}

export function isWeekend(ms: number): boolean {
  const d = weekday(ms);
  return d === 0 || d === 6;
}

/** Floors an instant to 00:00Z of its day. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * Parses the date/time forms APIs accept in filters: `YYYY-MM-DD`, full ISO-8601, or epoch seconds.
 * Returns NaN when unreadable.
 */
export function parseInstant(text: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return parseDay(text);
  if (/^\d{9,11}$/.test(text)) return Number(text) * 1000;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : Number.NaN;
}
