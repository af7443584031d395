/**
 * ULID-style identifiers (26 Crockford base-32 characters: 10 for a millisecond timestamp, 16 for the
 * rest). Incident ids put the record's index inside the "random" part, so ids sort like indexes and
 * an id can be turned back into its index without any lookup table.
 */
import { hashInts } from './prng.js';

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DECODE: Record<string, number> = Object.fromEntries([...CROCKFORD].map((c, i) => [c, i]));

/** `value` (a non-negative integer below 2^53) as exactly `width` base-32 characters. */
export function encodeBase32(value: number, width: number): string {
  let out = '';
  let v = Math.floor(value);
  for (let i = 0; i < width; i++) {
    const digit = v % 32;
    out = CROCKFORD[digit] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

/** Inverse of encodeBase32, or -1 when a character is not Crockford base-32. */
export function decodeBase32(text: string): number {
  let v = 0;
  for (const ch of text) {
    const d = DECODE[ch];
    if (d === undefined) return -1;
    v = v * 32 + d;
  }
  return v;
}

/** A ULID from a timestamp and up to four integers hashed into the random part. */
export function ulid(timeMs: number, a: number, b = 0, c = 0, d = 0): string {
  const h1 = hashInts(a, b, c, d, 1);
  const h2 = hashInts(a, b, c, d, 2);
  const h3 = hashInts(a, b, c, d, 3);
  return (
    encodeBase32(Math.max(0, timeMs), 10) +
    encodeBase32(h1 % 1048576, 4) +
    encodeBase32(h2 % 1073741824, 6) +
    encodeBase32(h3 % 1073741824, 6)
  );
}

/** Largest index an indexed ULID can carry (32^10). */
export const MAX_INDEX = 32 ** 10 - 1;

/**
 * A sortable id carrying (namespace, index): `time(10) ns(1) index(10) sub(2) check(3)`.
 * For a fixed namespace, ids compare like (time, index, sub).
 */
export function indexedUlid(timeMs: number, namespace: number, index: number, sub = 0, salt = 0): string {
  const check = hashInts(namespace, index, sub, salt) % 32768;
  return (
    encodeBase32(Math.max(0, timeMs), 10) +
    encodeBase32(namespace % 32, 1) +
    encodeBase32(index, 10) +
    encodeBase32(sub % 1024, 2) +
    encodeBase32(check, 3)
  );
}

export interface IndexedUlidParts {
  readonly timeMs: number;
  readonly namespace: number;
  readonly index: number;
  readonly sub: number;
}

/** Reads an indexedUlid back; undefined when the text does not have the shape. */
export function parseIndexedUlid(id: string): IndexedUlidParts | undefined {
  if (id.length !== 26) return undefined;
  const timeMs = decodeBase32(id.slice(0, 10));
  const namespace = decodeBase32(id.slice(10, 11));
  const index = decodeBase32(id.slice(11, 21));
  const sub = decodeBase32(id.slice(21, 23));
  if (timeMs < 0 || namespace < 0 || index < 0 || sub < 0 || decodeBase32(id.slice(23)) < 0) return undefined;
  return { timeMs, namespace, index, sub };
}
