import { njRuntime } from './nunjucks-internals.js';

/**
 * Python value semantics for templates: truthiness (`[]`, `{}` and `''` are false), `str()` of values as
 * Jinja prints them (`True`, `None`, `['a', 1]`, `{'k': 'v'}`), and the arithmetic operators that Python
 * overloads (`+` on lists, `*` on strings, `%` formatting, datetime ± timedelta).
 */

const SafeString = njRuntime.SafeString as { new (s: string): { val: string } };

/** Objects that print themselves (relations, datetimes, agate tables...) implement this. */
export interface PyPrintable {
  __str__(): string;
}

/** Objects with their own `+` / `-` (datetime, timedelta). */
export interface PyArithmetic {
  __add__?(other: unknown): unknown;
  __radd__?(other: unknown): unknown;
  __sub__?(other: unknown): unknown;
}

/** A Python `set`: an array without duplicates, with `add`/`discard`/`union`. */
export class PySet<T = unknown> extends Array<T> {
  static fromValues<T>(values: Iterable<T> | ArrayLike<T> | undefined | null): PySet<T> {
    const out = new PySet<T>();
    if (values !== undefined && values !== null) {
      const seen = new Set<unknown>();
      for (const v of Array.from(values as Iterable<T>)) {
        if (!seen.has(v)) {
          seen.add(v);
          out.push(v);
        }
      }
    }
    return out;
  }
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export function isSafeString(v: unknown): v is { val: string } {
  return v instanceof SafeString;
}

/** Unwraps Nunjucks' SafeString to a primitive string; leaves everything else alone. */
export function unsafe(v: unknown): unknown {
  return v instanceof SafeString ? (v as { val: string }).val : v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Python truthiness. */
export function truthy(v: unknown): boolean {
  if (!v) return false;
  if (typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof SafeString) return (v as { val: string }).val.length > 0;
  if (isPlainObject(v)) {
    for (const k in v) if (k !== '__keywords') return true;
    return false;
  }
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  const len = (v as { __len__?: () => number }).__len__;
  if (typeof len === 'function') return len.call(v) > 0;
  return true;
}

function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return String(n);
}

/** Python's `repr()` of a string: single quotes unless the string holds one and no double quote. */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += '\\' + quote;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + quote;
}

/** Python's `repr()`, as Jinja shows values nested in lists and dicts. */
export function pyRepr(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'string') return reprString(v);
  if (v instanceof SafeString) return reprString((v as { val: string }).val);
  if (typeof v === 'object' && typeof (v as { __repr__?: unknown }).__repr__ === 'function') {
    return (v as { __repr__: () => string }).__repr__();
  }
  return pyStr(v);
}

/** Python's `str()`, which is what `{{ value }}` prints in Jinja. */
export function pyStr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatNumber(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return '';
    case 'bigint':
      return v.toString();
    case 'function':
      return `<function ${(v as { name?: string }).name ?? ''}>`;
    default:
      break;
  }
  if (v === null) return 'None';
  if (v instanceof SafeString) return (v as { val: string }).val;
  const printable = (v as Partial<PyPrintable>).__str__;
  if (typeof printable === 'function') return printable.call(v);
  if (v instanceof PySet) return v.length === 0 ? 'set()' : `{${v.map(pyRepr).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof Date) return v.toISOString();
  if (isPlainObject(v)) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) if (k !== '__keywords') parts.push(`${reprString(k)}: ${pyRepr(v[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return String(v);
}

function isNumeric(v: unknown): v is number {
  return typeof v === 'number' || typeof v === 'boolean';
}

export function pyAdd(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  a = unsafe(a);
  b = unsafe(b);
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a !== null && typeof a === 'object' && typeof (a as PyArithmetic).__add__ === 'function') {
    return (a as Required<PyArithmetic>).__add__(b);
  }
  if (b !== null && typeof b === 'object' && typeof (b as PyArithmetic).__radd__ === 'function') {
    return (b as Required<PyArithmetic>).__radd__(a);
  }
  if (isNumeric(a) && isNumeric(b)) return Number(a) + Number(b);
  throw new TypeError(`unsupported operand type(s) for +: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

export function pySub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a !== null && typeof a === 'object' && typeof (a as PyArithmetic).__sub__ === 'function') {
    return (a as Required<PyArithmetic>).__sub__(b);
  }
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  throw new TypeError(`unsupported operand type(s) for -: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

export function pyMul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  a = unsafe(a);
  b = unsafe(b);
  if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
  if (typeof b === 'string' && typeof a === 'number') return b.repeat(Math.max(0, a));
  if (Array.isArray(a) && typeof b === 'number') {
    const out: unknown[] = [];
    for (let i = 0; i < b; i++) out.push(...a);
    return out;
  }
  if (isNumeric(a) && isNumeric(b)) return Number(a) * Number(b);
  throw new TypeError(`unsupported operand type(s) for *: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** `%`: modulo on numbers (Python's sign rule), printf-style formatting on strings. */
export function pyMod(a: unknown, b: unknown): unknown {
  a = unsafe(a);
  if (typeof a === 'number' && typeof b === 'number') return ((a % b) + b) % b;
  if (typeof a === 'string') {
    const args = Array.isArray(b) ? [...b] : [b];
    return a.replace(/%([sdirf%])/g, (_m, spec: string) => {
      if (spec === '%') return '%';
      const v = args.shift();
      if (spec === 'd' || spec === 'i') return String(Math.trunc(Number(v)));
      if (spec === 'f') return Number(v).toFixed(6);
      if (spec === 'r') return pyRepr(v);
      return pyStr(v);
    });
  }
  throw new TypeError(`unsupported operand type(s) for %: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** `~`: string concatenation of both sides' `str()`. */
export function pyConcat(a: unknown, b: unknown): string {
  return (typeof a === 'string' ? a : pyStr(a)) + (typeof b === 'string' ? b : pyStr(b));
}

export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof PySet) return 'set';
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v)) return 'dict';
  if (typeof v === 'function') return 'function';
  return (v as object).constructor?.name ?? 'object';
}
