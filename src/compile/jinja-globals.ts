import { createHash } from 'node:crypto';
import { buildDatetimeModule, UTC } from './py-datetime.js';
import { buildReModule } from './py-re.js';
import { parseYamlText, pyJsonDumps, pyYamlDump } from './jinja-json.js';
import { PySet, isPlainObject, truthy, unsafe } from './python-values.js';

/**
 * Context-free globals of dbt's Jinja context: `zip`, `dict`, `range`, `tojson`, `fromjson`, `toyaml`,
 * `fromyaml`, `set`, `set_strict`, `local_md5` and `modules` (`datetime`, `re`, `pytz.utc`).
 */

function splitKwargs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (isPlainObject(last) && last['__keywords']) {
    const kwargs: Record<string, unknown> = {};
    for (const k of Object.keys(last)) if (k !== '__keywords') kwargs[k] = last[k];
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

function iterate(v: unknown): unknown[] {
  const x = unsafe(v);
  if (x === undefined || x === null) return [];
  if (typeof x === 'string') return Array.from(x);
  if (Array.isArray(x)) return x;
  if (isPlainObject(x)) return Object.keys(x).filter((k) => k !== '__keywords');
  if (typeof (x as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(x as Iterable<unknown>);
  throw new TypeError('object is not iterable');
}

export function pyRange(...args: unknown[]): number[] {
  const n = args.map((a) => Number(a));
  const [start, stop, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
  if (step === 0) throw new Error('ValueError: range() arg 3 must not be zero');
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  else for (let i = start; i > stop; i += step) out.push(i);
  if (out.length > 1_000_000) throw new Error('range() too large');
  return out;
}

export function buildModules(): Record<string, unknown> {
  return {
    datetime: buildDatetimeModule(),
    re: buildReModule(),
    pytz: { utc: UTC, UTC, timezone: (name: string) => (String(name).toUpperCase() === 'UTC' ? UTC : UTC) },
  };
}

export function buildPureGlobals(): Record<string, unknown> {
  return {
    zip: (...iterables: unknown[]) => {
      const lists = iterables.map(iterate);
      const len = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
      const out: unknown[][] = [];
      for (let i = 0; i < len; i++) out.push(lists.map((l) => l[i]));
      return out;
    },
    dict: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      const out: Record<string, unknown> = {};
      const first = unsafe(positional[0]);
      if (isPlainObject(first)) {
        for (const k of Object.keys(first)) if (k !== '__keywords') out[k] = first[k];
      } else if (first !== undefined && first !== null) {
        for (const pair of iterate(first)) {
          const p = iterate(pair);
          out[String(p[0])] = p[1];
        }
      }
      return Object.assign(out, kwargs);
    },
    range: pyRange,
    tojson: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      try {
        return pyJsonDumps(positional[0], { sortKeys: truthy(kwargs['sort_keys'] ?? positional[2] ?? false) });
      } catch {
        return kwargs['default'] ?? positional[1] ?? null;
      }
    },
    fromjson: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      try {
        return JSON.parse(String(unsafe(positional[0])));
      } catch {
        return kwargs['default'] ?? positional[1] ?? null;
      }
    },
    toyaml: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      try {
        return pyYamlDump(positional[0], truthy(kwargs['sort_keys'] ?? positional[2] ?? false));
      } catch {
        return kwargs['default'] ?? positional[1] ?? null;
      }
    },
    fromyaml: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      try {
        return parseYamlText(String(unsafe(positional[0])));
      } catch {
        return kwargs['default'] ?? positional[1] ?? null;
      }
    },
    set: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      try {
        return PySet.fromValues(iterate(positional[0]));
      } catch {
        return kwargs['default'] ?? positional[1] ?? null;
      }
    },
    set_strict: (value: unknown) => PySet.fromValues(iterate(value)),
    /** Jinja's `namespace(found=false)`, whose attributes `{% set ns.found = true %}` can change in loops. */
    namespace: (...args: unknown[]) => {
      const { positional, kwargs } = splitKwargs(args);
      const first = unsafe(positional[0]);
      return { ...(isPlainObject(first) ? first : {}), ...kwargs };
    },
    local_md5: (value: unknown) => createHash('md5').update(String(unsafe(value))).digest('hex'),
    modules: buildModules(),
  };
}

export { splitKwargs };
