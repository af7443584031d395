/** Small helpers shared by the per-tool usage builders. */
import { DAY_MS, formatDay } from './calendar.js';
import type { GeneratorContext } from './context.js';
import { hashInts } from './prng.js';

const HEX = '0123456789abcdef';
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A deterministic lowercase hex string of `length` characters. */
export function hexId(length: number, a: number, b = 0, c = 0): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    let h = hashInts(a, b, c, i, 0x4e7);
    for (let k = 0; k < 8 && out.length < length; k++) {
      out += HEX[h & 15];
      h >>>= 4;
    }
  }
  return out;
}

/** A deterministic base-62 string. */
export function base62Id(length: number, a: number, b = 0, c = 0): string {
  let out = '';
  for (let i = 0; i < length; i++) out += B62[hashInts(a, b, c, i, 0xb62) % 62];
  return out;
}

/** A UUID-shaped deterministic id. */
export function uuidId(a: number, b = 0, c = 0): string {
  const h = hexId(32, a, b, c);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function dayMsOf(ctx: GeneratorContext, day: number): number {
  return ctx.startMs + day * DAY_MS;
}

export function dayStringOf(ctx: GeneratorContext, day: number): string {
  return formatDay(dayMsOf(ctx, day));
}

/** Rounds a counter after applying a revision factor. */
export function scaled(value: number, factor: number): number {
  return factor === 1 ? value : Math.round(value * factor);
}

export function round(value: number, digits: number): number {
  const p = 10 ** digits;
  return Math.round(value * p) / p;
}

/** Code-unit order (stable across locales, unlike localeCompare, and much faster). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
