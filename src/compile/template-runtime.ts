import { CompileError, OppError, type SourceLocation } from '../errors/index.js';
import { closestMatch } from '../util/did-you-mean.js';
import { njRuntime, type NjRuntime } from './nunjucks-internals.js';
import { DICT_METHODS, LIST_METHODS, SET_METHODS, STRING_METHODS } from './python-methods.js';
import {
  PySet,
  isPlainObject,
  pyAdd,
  pyConcat,
  pyMod,
  pyMul,
  pyStr,
  pySub,
  pyTypeName,
  truthy,
  unsafe,
} from './python-values.js';

/**
 * The runtime object opp's compiled templates run against (see `template-compiler.ts`). It is Nunjucks'
 * runtime with Python/Jinja semantics layered on top — method lookup on str/list/dict, Python truthiness
 * and operators, `return()` from macros, strict undefined checks with did-you-mean — and with every error
 * located in the template (or macro file) where it happened.
 */

/** Thrown by `return(value)`; the enclosing macro call evaluates to `value`. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

/**
 * Control-flow signals that must travel through templates untouched (not located, not wrapped): the
 * run pass uses one to stop a render that needs a query result it does not have yet.
 */
export class RenderSignal {}

/** The place of the call being made right now: builtins such as `ref()` read it to record locations. */
export interface CallSite {
  file: string;
  line: number;
  column: number;
}

export const currentCall: CallSite = { file: '', line: 0, column: 0 };

const SafeString = njRuntime.SafeString;

interface Frameish {
  variables: Record<string, unknown>;
  parent?: Frameish;
  lookup(name: string): unknown;
}

interface Contextish {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}

function namesInScope(frame: Frameish | undefined, context: Contextish | undefined): Set<string> {
  const names = new Set<string>();
  for (let f = frame; f; f = f.parent) for (const k of Object.keys(f.variables)) names.add(k);
  if (context) {
    for (let o: object | null = context.ctx; o; o = Object.getPrototypeOf(o)) for (const k of Object.keys(o)) names.add(k);
    for (const k of Object.keys(context.env.globals)) names.add(k);
  }
  return names;
}

function loc(file: string, line0: number, col0: number): SourceLocation {
  return { file, line: line0 + 1, column: col0 + 1 };
}

/** `'foo' is undefined` as a CompileError with did-you-mean from the names in scope. */
export function undefinedError(
  name: string,
  kind: 'output' | 'call',
  where: SourceLocation,
  frame?: Frameish,
  context?: Contextish,
): CompileError {
  const root = /^[A-Za-z_][A-Za-z0-9_]*/.exec(name)?.[0] ?? name;
  const isAttribute = root !== name;
  let hint: string | undefined;
  if (!isAttribute) {
    const match = closestMatch(root, namesInScope(frame, context));
    if (match !== undefined && match !== root) hint = `did you mean '${match}'?`;
  }
  if (hint === undefined) {
    hint =
      kind === 'call'
        ? isAttribute
          ? `check the attribute name: '${name}' is not a method of that object`
          : `define a macro '${root}' under macro-paths, or check the spelling`
        : `define '${root}' (with {% set %}, a macro argument or a var) or test it with '${root} is defined'`;
  }
  const message =
    kind === 'call'
      ? `'${name}' is undefined: it cannot be called (no macro or function of that name)`
      : `'${name}' is undefined`;
  return new CompileError('compile/undefined-variable', message, { location: where, hint });
}

function relocate(err: OppError, where: SourceLocation): OppError {
  const Ctor = err.constructor as new (code: OppError['code'], message: string, opts: object) => OppError;
  try {
    return new Ctor(err.code, err.message, {
      location: where,
      ...(err.hint ? { hint: err.hint } : {}),
      ...(err.nodeId ? { nodeId: err.nodeId } : {}),
      ...(err.cause !== undefined ? { cause: err.cause } : {}),
    });
  } catch {
    return err;
  }
}

/**
 * Turns anything thrown inside a template into a located OppError (innermost location wins);
 * control-flow signals pass through.
 */
export function locateError(e: unknown, file: string, lineno: number, colno: number): unknown {
  if (e instanceof MacroReturn || e instanceof RenderSignal) return e;
  if (e instanceof OppError) return e.location ? e : relocate(e, loc(file, lineno, colno));
  const err = e as { lineno?: number; colno?: number; message?: string; cause?: unknown };
  const message = String(err?.message ?? e);
  const original = err?.cause instanceof Error ? err.cause : e;
  if (original instanceof MacroReturn || original instanceof RenderSignal) return original;
  if (original instanceof OppError) return locateError(original, file, lineno, colno);
  return new CompileError('compile/render-failed', cleanMessage(message), {
    location: loc(file, lineno, colno),
    hint: 'fix the template expression at this line',
    cause: original,
  });
}

function cleanMessage(message: string): string {
  return message.replace(/^\(.*?\)\s*(\[Line \d+, Column \d+\])?\s*/s, '').replace(/^Error:\s*/, '');
}

// ---------------------------------------------------------------------------------------------------
// member lookup with Python methods

function bindMethod(table: Record<string, (self: never, ...args: unknown[]) => unknown>, name: string, self: unknown) {
  const fn = table[name]!;
  return (...args: unknown[]) => fn(self as never, ...args);
}

function normaliseIndex(len: number, i: number): number {
  return i < 0 ? len + i : i;
}

function sliceLookup(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  const target = unsafe(obj);
  const isString = typeof target === 'string';
  const seq: unknown[] = isString ? Array.from(target) : Array.isArray(target) ? target : [];
  const st = step === null || step === undefined ? 1 : Number(step);
  const len = seq.length;
  let from = start === null || start === undefined ? (st < 0 ? len - 1 : 0) : Number(start);
  let to = stop === null || stop === undefined ? (st < 0 ? -len - 1 : len) : Number(stop);
  if (from < 0) from = Math.max(st < 0 ? -1 : 0, len + from);
  if (to < 0) to = Math.max(-1, len + to);
  from = Math.min(from, st < 0 ? len - 1 : len);
  to = Math.min(to, len);
  const out: unknown[] = [];
  if (st > 0) for (let i = from; i < to; i += st) out.push(seq[i]);
  else if (st < 0) for (let i = from; i > to; i += st) out.push(seq[i]);
  return isString ? out.join('') : out;
}

export function memberLookup(obj: unknown, val: unknown, stop?: unknown, step?: unknown): unknown {
  // eslint-disable-next-line prefer-rest-params
  if (arguments.length === 4) return sliceLookup(obj, val, stop, step);
  if (obj === undefined || obj === null) return undefined;
  const t = typeof obj;
  if (t === 'string' || obj instanceof SafeString) {
    const s = t === 'string' ? (obj as string) : (obj as { val: string }).val;
    if (typeof val === 'number') return s[normaliseIndex(s.length, val)];
    if (typeof val === 'string' && Object.prototype.hasOwnProperty.call(STRING_METHODS, val)) return bindMethod(STRING_METHODS, val, s);
    return undefined;
  }
  if (t !== 'object' && t !== 'function') return undefined;
  if (Array.isArray(obj)) {
    if (typeof val === 'number') return obj[normaliseIndex(obj.length, val)];
    if (typeof val === 'string') {
      if (Object.prototype.hasOwnProperty.call(obj, val)) return (obj as unknown as Record<string, unknown>)[val];
      if (obj instanceof PySet && Object.prototype.hasOwnProperty.call(SET_METHODS, val)) return bindMethod(SET_METHODS, val, obj);
      if (Object.prototype.hasOwnProperty.call(LIST_METHODS, val)) return bindMethod(LIST_METHODS, val, obj);
      if (/^-?\d+$/.test(val)) return obj[normaliseIndex(obj.length, Number(val))];
    }
    return (obj as unknown as Record<string, unknown>)[val as string];
  }
  const o = obj as Record<string, unknown>;
  const key = val as string;
  if (isPlainObject(o)) {
    if (Object.prototype.hasOwnProperty.call(o, key)) return o[key];
    if (Object.prototype.hasOwnProperty.call(DICT_METHODS, key)) return bindMethod(DICT_METHODS, key, o);
    return undefined;
  }
  const v = o[key];
  if (typeof v === 'function' && !Object.prototype.hasOwnProperty.call(o, key)) {
    return (...args: unknown[]) => (v as (...a: unknown[]) => unknown).apply(o, args);
  }
  if (v === undefined && typeof (o as { __getitem__?: unknown }).__getitem__ === 'function') {
    return (o as { __getitem__: (k: unknown) => unknown }).__getitem__(val);
  }
  return v;
}

export function inOperator(key: unknown, container: unknown): boolean {
  const c = unsafe(container);
  const k = unsafe(key);
  if (typeof c === 'string') return c.includes(String(k));
  if (Array.isArray(c)) {
    for (const item of c) if (unsafe(item) === k) return true;
    return false;
  }
  if (c instanceof Set || c instanceof Map) return c.has(k);
  if (c !== null && typeof c === 'object') {
    const contains = (c as { __contains__?: (k: unknown) => boolean }).__contains__;
    if (typeof contains === 'function') return contains.call(c, k);
    return Object.prototype.hasOwnProperty.call(c, String(k));
  }
  throw new TypeError(`argument of type '${pyTypeName(c)}' is not iterable`);
}

// ---------------------------------------------------------------------------------------------------
// calls, output, macros

const TRUE_FALSE_NONE: Record<string, unknown> = { True: true, False: false, None: null };

export function contextOrFrameLookup(context: Contextish, frame: Frameish, name: string): unknown {
  const v = frame.lookup(name);
  if (v !== undefined) return v;
  const c = context.ctx[name];
  if (c !== undefined) return c;
  const g = context.env.globals[name];
  if (g !== undefined) return g;
  return TRUE_FALSE_NONE[name];
}

export function callWrap(
  fn: unknown,
  name: string,
  context: Contextish,
  args: unknown[],
  file: string,
  line0: number,
  col0: number,
  frame?: Frameish,
): unknown {
  if (typeof fn !== 'function') {
    if (fn === undefined) throw undefinedError(name, 'call', loc(file, line0, col0), frame, context);
    throw new CompileError('compile/render-failed', `'${name}' is not callable (it is ${pyTypeName(fn)})`, {
      location: loc(file, line0, col0),
      hint: `'${name}' holds a value, not a macro or function`,
    });
  }
  currentCall.file = file;
  currentCall.line = line0 + 1;
  currentCall.column = col0 + 1;
  try {
    return (fn as (...a: unknown[]) => unknown).apply(context, args);
  } catch (e) {
    throw locateError(e, file, line0, col0);
  }
}

/** `{{ expr }}`: an undefined value is an error (Jinja's StrictUndefined); everything else prints as Python does. */
export function out(value: unknown, file: string, line0: number, col0: number, name: string, frame?: Frameish, context?: Contextish): string {
  if (typeof value === 'string') return value;
  if (value === undefined) throw undefinedError(name || 'expression', 'output', loc(file, line0, col0), frame, context);
  return pyStr(value);
}

export function makeMacro(argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const macro = njRuntime.makeMacro(argNames, kwargNames, func) as (...args: unknown[]) => unknown;
  return function oppMacro(this: unknown, ...args: unknown[]): unknown {
    try {
      const r = macro.apply(this, args);
      return r instanceof SafeString ? (r as { val: string }).val : r;
    } catch (e) {
      if (e instanceof MacroReturn) return e.value;
      throw e;
    }
  };
}

function handleError(e: unknown, lineno: number, colno: number, file: string): unknown {
  return locateError(e, file, lineno, colno);
}

/** Position-carrying temporary for `and`/`or`, which return one of their operands. */
let orAndTemp: unknown;

export const oppRuntime: Omit<NjRuntime, 'callWrap' | 'handleError'> & Record<string, unknown> = {
  ...njRuntime,
  memberLookup,
  inOperator,
  contextOrFrameLookup,
  callWrap,
  makeMacro,
  handleError,
  out,
  truthy,
  pyAdd,
  pySub,
  pyMul,
  pyMod,
  pyConcat,
  locateError,
  /** `{% for k in some_dict %}` iterates keys, as in Jinja. */
  fromIterator(arr: unknown): unknown {
    if (isPlainObject(arr)) return Object.keys(arr).filter((k) => k !== '__keywords');
    return njRuntime.fromIterator(arr);
  },
  setAttr(obj: unknown, key: unknown, value: unknown): void {
    if (obj === null || typeof obj !== 'object') throw new TypeError(`cannot set attribute '${String(key)}' on ${pyTypeName(obj)}`);
    (obj as Record<string, unknown>)[String(key)] = value;
  },
  setTemp(v: unknown): unknown {
    orAndTemp = v;
    return v;
  },
  getTemp(): unknown {
    return orAndTemp;
  },
};
