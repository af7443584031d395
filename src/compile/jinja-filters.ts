import { parseLiteral } from './jinja-literal.js';
import { pyJsonDumps } from './jinja-json.js';
import { memberLookup, inOperator } from './template-runtime.js';
import { PySet, isPlainObject, isSafeString, pyMod, pyStr, truthy, unsafe } from './python-values.js';

/**
 * Filters and tests dbt projects use on top of Nunjucks' own: dbt's native-value filters (`as_bool`,
 * `as_number`, `as_text`, `as_native`), Jinja's `tojson`, `map`, `select`/`reject`, `selectattr` with a
 * test, `unique`, `items`, `min`/`max`, and Python-flavoured `join`, `list`, `string`, `trim`, `format`.
 */

type Filter = (this: unknown, value: unknown, ...args: unknown[]) => unknown;
type Test = (this: unknown, value: unknown, ...args: unknown[]) => boolean;
interface FilterHost {
  getFilter(name: string): Filter;
  getTest(name: string): Test;
}

function kwargsOf(args: unknown[]): Record<string, unknown> {
  const last = args[args.length - 1];
  if (isPlainObject(last) && last['__keywords']) {
    args.pop();
    return last;
  }
  return {};
}

function iter(value: unknown): unknown[] {
  const v = unsafe(value);
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return Array.from(v);
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return Object.keys(v).filter((k) => k !== '__keywords');
  if (typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(v as Iterable<unknown>);
  return [];
}

function attr(item: unknown, path: unknown): unknown {
  let cur = item;
  for (const part of String(path).split('.')) {
    cur = memberLookup(cur, /^\d+$/.test(part) ? Number(part) : part);
    if (cur === undefined) return undefined;
  }
  return cur;
}

function nativeText(value: unknown): string {
  return pyStr(unsafe(value));
}

export function buildFilters(host: FilterHost): Record<string, Filter> {
  const runTest = (ctx: unknown, name: string, value: unknown, args: unknown[]): boolean =>
    host.getTest(name).call(ctx, value, ...args) === true;

  const selectLike = (keep: boolean, byAttr: boolean) =>
    function (this: unknown, value: unknown, ...rest: unknown[]): unknown[] {
      const args = [...rest];
      kwargsOf(args);
      const attribute = byAttr ? args.shift() : undefined;
      const testName = args.shift();
      return iter(value).filter((item) => {
        const subject = byAttr ? attr(item, attribute) : item;
        const ok = testName === undefined ? truthy(subject) : runTest(this, String(testName), subject, args);
        return ok === keep;
      });
    };

  return {
    tojson(value, indent) {
      return pyJsonDumps(value, { sortKeys: true, htmlSafe: true, indent: typeof indent === 'number' ? indent : null });
    },
    as_bool(value) {
      const v = unsafe(value);
      if (typeof v === 'boolean') return v;
      const lit = parseLiteral(nativeText(v));
      if (lit && typeof lit.value === 'boolean') return lit.value;
      throw new Error(`as_bool: could not convert ${JSON.stringify(nativeText(v))} to a boolean`);
    },
    as_number(value) {
      const v = unsafe(value);
      if (typeof v === 'number') return v;
      const lit = parseLiteral(nativeText(v));
      if (lit && typeof lit.value === 'number') return lit.value;
      throw new Error(`as_number: could not convert ${JSON.stringify(nativeText(v))} to a number`);
    },
    as_text(value) {
      return nativeText(value);
    },
    as_native(value) {
      const v = unsafe(value);
      if (typeof v !== 'string') return v;
      const lit = parseLiteral(v);
      return lit ? lit.value : v;
    },
    string(value) {
      return pyStr(unsafe(value));
    },
    join(value, sep = '', attribute) {
      const items = iter(value).map((x) => (attribute === undefined || attribute === null ? x : attr(x, attribute)));
      return items.map((x) => pyStr(unsafe(x))).join(pyStr(unsafe(sep)));
    },
    list(value) {
      return iter(value).slice();
    },
    trim(value, chars) {
      const s = pyStr(unsafe(value));
      if (chars === undefined || chars === null) return s.trim();
      const set = String(chars);
      let a = 0;
      let b = s.length;
      while (a < b && set.includes(s[a]!)) a++;
      while (b > a && set.includes(s[b - 1]!)) b--;
      return s.slice(a, b);
    },
    format(value, ...args) {
      return pyMod(pyStr(unsafe(value)), args.length === 1 ? args[0] : args);
    },
    items(value) {
      const v = unsafe(value);
      if (!isPlainObject(v)) return [];
      return Object.keys(v)
        .filter((k) => k !== '__keywords')
        .map((k) => [k, v[k]]);
    },
    map(this: unknown, value: unknown, ...rest: unknown[]) {
      const args = [...rest];
      const kw = kwargsOf(args);
      const items = iter(value);
      if (kw['attribute'] !== undefined) {
        return items.map((x) => {
          const a = attr(x, kw['attribute']);
          return a === undefined ? (kw['default'] ?? undefined) : a;
        });
      }
      const name = args.shift();
      if (name === undefined) return items.slice();
      const f = host.getFilter(String(name));
      return items.map((x) => f.call(this, x, ...args));
    },
    select: selectLike(true, false),
    reject: selectLike(false, false),
    selectattr: selectLike(true, true),
    rejectattr: selectLike(false, true),
    unique(value, ...rest) {
      const args = [...rest];
      const kw = kwargsOf(args);
      const caseSensitive = truthy(kw['case_sensitive'] ?? args[0] ?? false);
      const attribute = kw['attribute'] ?? args[1];
      const seen = new Set<unknown>();
      const out: unknown[] = [];
      for (const item of iter(value)) {
        let key = unsafe(attribute === undefined || attribute === null ? item : attr(item, attribute));
        if (!caseSensitive && typeof key === 'string') key = key.toLowerCase();
        if (!seen.has(key)) {
          seen.add(key);
          out.push(item);
        }
      }
      return out;
    },
    min(value, ...rest) {
      const args = [...rest];
      const kw = kwargsOf(args);
      const items = iter(value);
      if (items.length === 0) return undefined;
      const key = (x: unknown) => unsafe(kw['attribute'] === undefined ? x : attr(x, kw['attribute'])) as number;
      return items.reduce((a, b) => (key(b) < key(a) ? b : a));
    },
    max(value, ...rest) {
      const args = [...rest];
      const kw = kwargsOf(args);
      const items = iter(value);
      if (items.length === 0) return undefined;
      const key = (x: unknown) => unsafe(kw['attribute'] === undefined ? x : attr(x, kw['attribute'])) as number;
      return items.reduce((a, b) => (key(b) > key(a) ? b : a));
    },
    bool(value) {
      return truthy(unsafe(value));
    },
  };
}

export function buildTests(): Record<string, Test> {
  const isString = (v: unknown): boolean => typeof v === 'string' || isSafeString(v);
  return {
    none: (v) => v === null,
    None: (v) => v === null,
    defined: (v) => v !== undefined,
    undefined: (v) => v === undefined,
    string: isString,
    number: (v) => typeof v === 'number',
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    float: (v) => typeof v === 'number' && !Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    true: (v) => v === true,
    false: (v) => v === false,
    mapping: (v) => isPlainObject(v),
    iterable: (v) =>
      isString(v) || Array.isArray(v) || isPlainObject(v) || (v !== null && typeof v === 'object' && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function'),
    sequence: (v) => isString(v) || Array.isArray(v) || isPlainObject(v),
    callable: (v) => typeof v === 'function',
    in: (v, container) => inOperator(v, container),
    set: (v) => v instanceof PySet,
    list: (v) => Array.isArray(v) && !(v instanceof PySet),
  };
}
