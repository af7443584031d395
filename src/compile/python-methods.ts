import { PySet, isPlainObject, pyRepr, pyStr, unsafe } from './python-values.js';

/**
 * Python's methods on `str`, `list` and `dict`, looked up by the template runtime's `memberLookup` (as
 * Nunjucks' own jinja-compat does) instead of being added to JavaScript's prototypes.
 */

function stripChars(chars: unknown): string | undefined {
  return chars === undefined || chars === null ? undefined : String(unsafe(chars));
}

function lstrip(s: string, chars?: string): string {
  if (chars === undefined) return s.replace(/^\s+/, '');
  let i = 0;
  while (i < s.length && chars.includes(s[i]!)) i++;
  return s.slice(i);
}

function rstrip(s: string, chars?: string): string {
  if (chars === undefined) return s.replace(/\s+$/, '');
  let i = s.length;
  while (i > 0 && chars.includes(s[i - 1]!)) i--;
  return s.slice(0, i);
}

function pySplit(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const parts = s.trim().split(/\s+/).filter((p) => p !== '');
    if (max < 0 || parts.length <= max + 1) return parts;
    // Re-split keeping the remainder intact.
    const out: string[] = [];
    let rest = s.replace(/^\s+/, '');
    for (let i = 0; i < max; i++) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    out.push(rest);
    return out;
  }
  const sepStr = String(unsafe(sep));
  if (sepStr === '') throw new Error('ValueError: empty separator');
  const parts = s.split(sepStr);
  if (max < 0 || parts.length <= max + 1) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(sepStr)];
}

function pyFormat(s: string, args: unknown[]): string {
  const last = args[args.length - 1];
  const kwargs = isPlainObject(last) && last['__keywords'] ? (args.pop() as Record<string, unknown>) : {};
  let auto = 0;
  return s.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const [nameAndAttr = '', spec] = (field ?? '').split(':', 2);
    const conv = nameAndAttr.match(/!([rs])$/);
    const name = conv ? nameAndAttr.slice(0, -2) : nameAndAttr;
    let value: unknown;
    if (name === '') value = args[auto++];
    else if (/^\d+$/.test(name)) value = args[Number(name)];
    else value = kwargs[name];
    let text = conv?.[1] === 'r' ? pyRepr(value) : pyStr(value);
    if (spec) text = applyFormatSpec(value, text, spec);
    return text;
  });
}

function applyFormatSpec(value: unknown, text: string, spec: string): string {
  const m = /^(?:(.)?([<>^]))?(0)?(\d+)?(?:\.(\d+))?([sdf%])?$/.exec(spec);
  if (!m) return text;
  const [, fill = ' ', align, zero, width, precision, type] = m;
  let out = text;
  if (type === 'f' && typeof value === 'number') out = value.toFixed(precision ? Number(precision) : 6);
  else if (type === '%' && typeof value === 'number') out = (value * 100).toFixed(precision ? Number(precision) : 6) + '%';
  else if (type === 'd' && typeof value === 'number') out = String(Math.trunc(value));
  else if (precision && typeof value === 'string') out = out.slice(0, Number(precision));
  const w = width ? Number(width) : 0;
  if (out.length < w) {
    const pad = w - out.length;
    const f = zero ? '0' : fill;
    const a = align ?? (typeof value === 'number' ? '>' : '<');
    if (a === '<') out = out + f.repeat(pad);
    else if (a === '>') out = f.repeat(pad) + out;
    else out = f.repeat(Math.floor(pad / 2)) + out + f.repeat(Math.ceil(pad / 2));
  }
  return out;
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[^a-zA-Z0-9])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

function pyIndex(s: string, sub: unknown, start?: unknown, end?: unknown): number {
  const hay = end === undefined || end === null ? s : s.slice(0, Number(end));
  return hay.indexOf(String(unsafe(sub)), start === undefined || start === null ? 0 : Number(start));
}

function countOccurrences(s: string, sub: string): number {
  if (sub === '') return s.length + 1;
  let n = 0;
  let i = s.indexOf(sub);
  while (i !== -1) {
    n++;
    i = s.indexOf(sub, i + sub.length);
  }
  return n;
}

function prefixMatch(s: string, arg: unknown, fn: (p: string) => boolean): boolean {
  const a = unsafe(arg);
  if (Array.isArray(a)) return a.some((p) => fn(String(unsafe(p))));
  void s;
  return fn(String(a));
}

export const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  strip: (s, chars) => lstrip(rstrip(s, stripChars(chars)), stripChars(chars)),
  lstrip: (s, chars) => lstrip(s, stripChars(chars)),
  rstrip: (s, chars) => rstrip(s, stripChars(chars)),
  split: (s, sep, maxsplit) => pySplit(s, sep, maxsplit),
  rsplit: (s, sep, maxsplit) => {
    if (maxsplit === undefined || maxsplit === null || Number(maxsplit) < 0) return pySplit(s, sep);
    const sepStr = sep === undefined || sep === null ? ' ' : String(unsafe(sep));
    const parts = s.split(sepStr);
    const max = Number(maxsplit);
    if (parts.length <= max + 1) return parts;
    return [parts.slice(0, parts.length - max).join(sepStr), ...parts.slice(parts.length - max)];
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((_l, i, arr) => i < arr.length - 1 || arr[i] !== ''),
  replace: (s, old, replacement, count) => {
    const o = String(unsafe(old));
    const r = String(unsafe(replacement));
    if (count === undefined || count === null || Number(count) < 0) return s.split(o).join(r);
    let out = s;
    let from = 0;
    for (let i = 0; i < Number(count); i++) {
      const at = out.indexOf(o, from);
      if (at === -1) break;
      out = out.slice(0, at) + r + out.slice(at + o.length);
      from = at + r.length;
    }
    return out;
  },
  startswith: (s, prefix) => prefixMatch(s, prefix, (p) => s.startsWith(p)),
  endswith: (s, suffix) => prefixMatch(s, suffix, (p) => s.endsWith(p)),
  format: (s, ...args) => pyFormat(s, args),
  join: (s, items) => Array.from((unsafe(items) ?? []) as Iterable<unknown>, (v) => pyStr(v)).join(s),
  title: (s) => titleCase(s),
  capitalize: (s) => (s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1).toLowerCase()),
  count: (s, sub) => countOccurrences(s, String(unsafe(sub))),
  find: (s, sub, start, end) => pyIndex(s, sub, start, end),
  rfind: (s, sub) => s.lastIndexOf(String(unsafe(sub))),
  index: (s, sub, start, end) => {
    const i = pyIndex(s, sub, start, end);
    if (i === -1) throw new Error('ValueError: substring not found');
    return i;
  },
  isdigit: (s) => s.length > 0 && /^[0-9]+$/.test(s),
  isnumeric: (s) => s.length > 0 && /^[0-9]+$/.test(s),
  isalpha: (s) => s.length > 0 && /^[a-zA-Z]+$/.test(s),
  isalnum: (s) => s.length > 0 && /^[a-zA-Z0-9]+$/.test(s),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isspace: (s) => s.length > 0 && /^\s+$/.test(s),
  zfill: (s, width) => s.padStart(Number(width), '0'),
  ljust: (s, width, fill) => s.padEnd(Number(width), fill === undefined ? ' ' : String(fill)),
  rjust: (s, width, fill) => s.padStart(Number(width), fill === undefined ? ' ' : String(fill)),
  center: (s, width) => {
    const pad = Math.max(0, Number(width) - s.length);
    return ' '.repeat(Math.floor(pad / 2)) + s + ' '.repeat(Math.ceil(pad / 2));
  },
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  partition: (s, sep) => {
    const p = String(unsafe(sep));
    const i = s.indexOf(p);
    return i === -1 ? [s, '', ''] : [s.slice(0, i), p, s.slice(i + p.length)];
  },
  removeprefix: (s, p) => (s.startsWith(String(p)) ? s.slice(String(p).length) : s),
  removesuffix: (s, p) => (String(p) !== '' && s.endsWith(String(p)) ? s.slice(0, -String(p).length) : s),
  encode: (s) => s,
  decode: (s) => s,
};

function findIndex(list: unknown[], value: unknown): number {
  const v = unsafe(value);
  for (let i = 0; i < list.length; i++) if (unsafe(list[i]) === v) return i;
  return -1;
}

export const LIST_METHODS: Record<string, (l: unknown[], ...args: unknown[]) => unknown> = {
  append: (l, v) => {
    l.push(v);
    return null;
  },
  extend: (l, items) => {
    for (const v of Array.from((unsafe(items) ?? []) as Iterable<unknown>)) l.push(v);
    return null;
  },
  insert: (l, index, v) => {
    let i = Number(index);
    if (i < 0) i = Math.max(0, l.length + i);
    l.splice(i, 0, v);
    return null;
  },
  pop: (l, index) => {
    if (l.length === 0) throw new Error('IndexError: pop from empty list');
    if (index === undefined || index === null) return l.pop();
    let i = Number(index);
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) throw new Error('IndexError: pop index out of range');
    return l.splice(i, 1)[0];
  },
  index: (l, v) => {
    const i = findIndex(l, v);
    if (i === -1) throw new Error(`ValueError: ${pyRepr(v)} is not in list`);
    return i;
  },
  remove: (l, v) => {
    const i = findIndex(l, v);
    if (i === -1) throw new Error('ValueError: list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  count: (l, v) => l.filter((x) => unsafe(x) === unsafe(v)).length,
  copy: (l) => (l instanceof PySet ? PySet.fromValues(l) : [...l]),
  clear: (l) => {
    l.length = 0;
    return null;
  },
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l) => {
    l.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return null;
  },
};

/** `set` methods on top of the list ones. */
export const SET_METHODS: Record<string, (l: PySet, ...args: unknown[]) => unknown> = {
  add: (l, v) => {
    if (findIndex(l, v) === -1) l.push(v);
    return null;
  },
  discard: (l, v) => {
    const i = findIndex(l, v);
    if (i !== -1) l.splice(i, 1);
    return null;
  },
  union: (l, ...others) => PySet.fromValues([...l, ...others.flatMap((o) => Array.from(o as Iterable<unknown>))]),
  intersection: (l, other) => PySet.fromValues(l.filter((v) => findIndex(Array.from(other as Iterable<unknown>), v) !== -1)),
  difference: (l, other) => PySet.fromValues(l.filter((v) => findIndex(Array.from(other as Iterable<unknown>), v) === -1)),
  issubset: (l, other) => l.every((v) => findIndex(Array.from(other as Iterable<unknown>), v) !== -1),
  update: (l, other) => {
    for (const v of Array.from(other as Iterable<unknown>)) if (findIndex(l, v) === -1) l.push(v);
    return null;
  },
};

function ownKeys(d: Record<string, unknown>): string[] {
  return Object.keys(d).filter((k) => k !== '__keywords');
}

export const DICT_METHODS: Record<string, (d: Record<string, unknown>, ...args: unknown[]) => unknown> = {
  items: (d) => ownKeys(d).map((k) => [k, d[k]]),
  keys: (d) => ownKeys(d),
  values: (d) => ownKeys(d).map((k) => d[k]),
  get: (d, key, def) => {
    const k = String(unsafe(key));
    return Object.prototype.hasOwnProperty.call(d, k) && d[k] !== undefined ? d[k] : def === undefined ? null : def;
  },
  update: (d, other, ...rest) => {
    const src = unsafe(other);
    if (Array.isArray(src)) for (const pair of src) d[String((pair as unknown[])[0])] = (pair as unknown[])[1];
    else if (src && typeof src === 'object') for (const k of ownKeys(src as Record<string, unknown>)) d[k] = (src as Record<string, unknown>)[k];
    for (const r of rest) if (r && typeof r === 'object') for (const k of ownKeys(r as Record<string, unknown>)) d[k] = (r as Record<string, unknown>)[k];
    return null;
  },
  pop: (d, key, ...def) => {
    const k = String(unsafe(key));
    if (Object.prototype.hasOwnProperty.call(d, k)) {
      const v = d[k];
      delete d[k];
      return v;
    }
    if (def.length > 0) return def[0];
    throw new Error(`KeyError: ${pyRepr(k)}`);
  },
  setdefault: (d, key, def) => {
    const k = String(unsafe(key));
    if (!Object.prototype.hasOwnProperty.call(d, k)) d[k] = def === undefined ? null : def;
    return d[k];
  },
  copy: (d) => {
    const out: Record<string, unknown> = {};
    for (const k of ownKeys(d)) out[k] = d[k];
    return out;
  },
  has_key: (d, key) => Object.prototype.hasOwnProperty.call(d, String(key)),
  clear: (d) => {
    for (const k of Object.keys(d)) delete d[k];
    return null;
  },
};

