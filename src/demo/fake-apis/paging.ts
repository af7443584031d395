/** Paging helpers shared by the fake servers: opaque cursors, fault effects on pages, a tiny LRU. */
import { base64url, fromBase64url } from './http-kit.js';

/** Encodes cursor state as an opaque token (vendors' tokens are opaque; clients must not parse them). */
export function encodeCursor(state: Record<string, string | number>): string {
  return base64url(JSON.stringify(state));
}

export function decodeCursor(token: string): Record<string, unknown> | undefined {
  const text = fromBase64url(token);
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Re-ordered-page fault: a fixed, non-identity permutation (odd positions reversed, then even ones). */
export function reorder<T>(items: readonly T[]): T[] {
  if (items.length < 2) return [...items];
  const odd: T[] = [];
  const even: T[] = [];
  items.forEach((x, i) => (i % 2 ? odd : even).push(x));
  return [...odd.reverse(), ...even];
}

/**
 * Offset window for an offset/page/cursor-position paginator. The duplicate-page fault widens the
 * window backwards by one page, so the previous page's records arrive again.
 */
export function pageWindow(offset: number, size: number, total: number, duplicate: boolean): { from: number; to: number; next: number } {
  const to = Math.min(total, offset + size);
  const from = duplicate ? Math.max(0, offset - size) : offset;
  return { from, to, next: to };
}

export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const first = this.map.keys().next();
      if (!first.done) this.map.delete(first.value);
    }
  }

  getOrCreate(key: K, make: () => V): V {
    let v = this.get(key);
    if (v === undefined) {
      v = make();
      this.set(key, v);
    }
    return v;
  }
}
