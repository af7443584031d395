import type { LogicalType } from '../../adapters/contract.js';
import type { ColumnSpec, JsonRecord, RecordContext } from '../contract/index.js';
import type { TimeFormat } from '../contract/index.js';
import { pick } from '../paginate/index.js';

/** A typed column read from a dotted path (defaults to its own name). */
export function col(name: string, type: LogicalType, path?: string, opts: { required?: boolean; format?: TimeFormat } = {}): ColumnSpec {
  return { name, type, ...(path !== undefined ? { path } : {}), ...opts };
}

/** A required typed column. */
export function req(name: string, type: LogicalType, path?: string, format?: TimeFormat): ColumnSpec {
  return col(name, type, path, { required: true, ...(format ? { format } : {}) });
}

/** A typed column computed from the record and its context. */
export function computed(
  name: string,
  type: LogicalType,
  value: (record: JsonRecord, ctx: RecordContext) => unknown,
  opts: { required?: boolean; format?: TimeFormat } = {},
): ColumnSpec {
  return { name, type, value, ...opts };
}

/** The fan-out key the request was made for, as a column. */
export function fanOutKey(name: string, type: LogicalType = 'string'): ColumnSpec {
  return computed(name, type, (_r, ctx) => ctx.key, { required: true });
}

/** The records array at a dotted path of a page body; anything else is an empty page. */
export function recordsAt(path: string): (body: unknown) => readonly unknown[] {
  return (body) => {
    const v = pick(body, path);
    return Array.isArray(v) ? v : [];
  };
}

/**
 * Adds two partial records: numbers are summed, objects merged key by key (recursively), anything
 * else keeps the first value. LiteLLM splits one date's metrics and breakdowns across pages.
 */
export function deepSum(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a === undefined || a === null) return b;
  if (b === undefined || b === null) return a;
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = k in out ? deepSum(out[k], v) : v;
    return out;
  }
  return a;
}

/** Fills `{name}` placeholders of a path from settings and the fan-out key (URL-encoded). */
export function fillPath(path: string, values: Readonly<Record<string, string | undefined>>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {${name}} in path ${path}`);
    return encodeURIComponent(v);
  });
}

/** Splits a comma-separated setting into trimmed, non-empty parts. */
export function listSetting(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
