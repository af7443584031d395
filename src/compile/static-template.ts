import { readIdentifier, readLiteral, readString, skipWs } from './jinja-literal.js';

/**
 * The static fast path. Most model files are plain SQL plus a handful of `{{ ref('x') }}`, `{{ source('a',
 * 'b') }}` and `{{ config(materialized='table') }}`. Compiling those with Nunjucks costs ~0.3 ms each; this
 * scanner reads them in microseconds instead, and the run pass renders them by substitution.
 *
 * Accepted: plain text; `{# comments #}`; and expressions `{{ ref('m') }}`, `{{ ref('pkg', 'm') }}`,
 * `{{ ref('m', v=2) }}`, `{{ source('s', 't') }}`, `{{ config(k=<literal>, ...) }}`, `{{ config({...}) }}`,
 * `{{ var('x') }}`, `{{ var('x', <literal>) }}`, `{{ this }}`, `{{ target.<attr> }}`, `{{ is_incremental() }}`
 * — literals being strings, numbers, booleans, none, and lists/dicts of literals; a trailing comma is
 * accepted wherever Jinja2 accepts one (`config(a=1,)`, `[1, 2,]`, `{'a': 1,}`). Whitespace control
 * (`{{-`, `-}}`, `{#-`, `-#}`) is applied exactly as Nunjucks' lexer and parser do. Anything else (any
 * `{% tag %}`, filters, other names) returns `undefined`: the template goes to Nunjucks.
 */

export type StaticExpr =
  | { readonly op: 'ref'; readonly name: string; readonly package?: string; readonly version?: string | number }
  | { readonly op: 'source'; readonly source: string; readonly table: string }
  | { readonly op: 'config'; readonly config: Readonly<Record<string, unknown>> }
  | { readonly op: 'var'; readonly name: string; readonly hasDefault: boolean; readonly default?: unknown }
  | { readonly op: 'this' }
  | { readonly op: 'target'; readonly attr: string }
  | { readonly op: 'is_incremental' };

export interface StaticPart {
  readonly expr: StaticExpr;
  /** 1-based line and column of the expression's first name (`ref` in `{{ ref('x') }}`). */
  readonly line: number;
  readonly column: number;
}

/** Text pieces and expressions, in order. */
export interface StaticTemplate {
  readonly parts: readonly (string | StaticPart)[];
}

const WS_CHARS = ' \n\t\r\u00a0';

function readKwargs(src: string, pos: number, allowed: ReadonlySet<string> | undefined): { kwargs: Record<string, unknown>; end: number } | undefined {
  const kwargs: Record<string, unknown> = {};
  let i = pos;
  for (;;) {
    const id = readIdentifier(src, i);
    if (!id) return undefined;
    if (allowed && !allowed.has(id.name)) return undefined;
    i = skipWs(src, id.end);
    if (src[i] !== '=' || src[i + 1] === '=') return undefined;
    i = skipWs(src, i + 1);
    const lit = readLiteral(src, i);
    if (!lit) return undefined;
    if (id.name === '__keywords' || id.name === '__proto__' || Object.prototype.hasOwnProperty.call(kwargs, id.name)) return undefined;
    kwargs[id.name] = lit.value;
    i = skipWs(src, lit.end);
    if (src[i] === ',') {
      i = skipWs(src, i + 1);
      if (src[i] === ')') return { kwargs, end: i + 1 }; // trailing comma, as Jinja2
      continue;
    }
    if (src[i] === ')') return { kwargs, end: i + 1 };
    return undefined;
  }
}

function readStringArgs(src: string, pos: number, max: number): { args: string[]; end: number; kwargsAt?: number } | undefined {
  const args: string[] = [];
  let i = skipWs(src, pos);
  for (;;) {
    const s = readString(src, i);
    if (!s) {
      // Not a string: maybe keyword arguments start here.
      if (args.length > 0 && readIdentifier(src, i)) return { args, end: i, kwargsAt: i };
      return undefined;
    }
    args.push(s.value as string);
    if (args.length > max) return undefined;
    i = skipWs(src, s.end);
    if (src[i] === ',') {
      i = skipWs(src, i + 1);
      if (src[i] === ')') return { args, end: i + 1 }; // trailing comma, as Jinja2
      continue;
    }
    if (src[i] === ')') return { args, end: i + 1 };
    return undefined;
  }
}

const REF_KWARGS = new Set(['v', 'version']);

/** After a call's last argument: `)` or `, )` (a trailing comma, as Jinja2). Returns the offset after `)`. */
function closeCall(src: string, pos: number): number | undefined {
  let j = skipWs(src, pos);
  if (src[j] === ',') j = skipWs(src, j + 1);
  return src[j] === ')' ? j + 1 : undefined;
}

/** Parses the inside of `{{ ... }}` starting at `pos`; returns the expression and the offset after it. */
function parseExpression(src: string, pos: number): { expr: StaticExpr; end: number } | undefined {
  const id = readIdentifier(src, pos);
  if (!id) return undefined;
  let i = id.end;
  switch (id.name) {
    case 'this':
      return { expr: { op: 'this' }, end: i };
    case 'target': {
      if (src[i] !== '.') return undefined;
      const a = readIdentifier(src, i + 1);
      if (!a) return undefined;
      return { expr: { op: 'target', attr: a.name }, end: a.end };
    }
    default:
      break;
  }
  i = skipWs(src, i);
  if (src[i] !== '(') return undefined;
  i = skipWs(src, i + 1);
  switch (id.name) {
    case 'is_incremental':
      return src[i] === ')' ? { expr: { op: 'is_incremental' }, end: i + 1 } : undefined;
    case 'ref': {
      const r = readStringArgs(src, i, 2);
      if (!r || r.args.length < 1) return undefined;
      let version: string | number | undefined;
      let end = r.end;
      if (r.kwargsAt !== undefined) {
        const kw = readKwargs(src, r.kwargsAt, REF_KWARGS);
        if (!kw) return undefined;
        const v = kw.kwargs['v'] ?? kw.kwargs['version'];
        if (typeof v !== 'string' && typeof v !== 'number') return undefined;
        if (kw.kwargs['v'] !== undefined && kw.kwargs['version'] !== undefined) return undefined;
        version = v;
        end = kw.end;
      }
      const [a, b] = r.args;
      const expr: StaticExpr =
        r.args.length === 2
          ? { op: 'ref', package: a!, name: b!, ...(version !== undefined ? { version } : {}) }
          : { op: 'ref', name: a!, ...(version !== undefined ? { version } : {}) };
      return { expr, end };
    }
    case 'source': {
      const r = readStringArgs(src, i, 2);
      if (!r || r.args.length !== 2 || r.kwargsAt !== undefined) return undefined;
      return { expr: { op: 'source', source: r.args[0]!, table: r.args[1]! }, end: r.end };
    }
    case 'var': {
      const name = readString(src, i);
      if (!name) return undefined;
      let j = skipWs(src, name.end);
      if (src[j] === ')') return { expr: { op: 'var', name: name.value as string, hasDefault: false }, end: j + 1 };
      if (src[j] !== ',') return undefined;
      j = skipWs(src, j + 1);
      if (src[j] === ')') return { expr: { op: 'var', name: name.value as string, hasDefault: false }, end: j + 1 };
      const def = readLiteral(src, j);
      if (!def) return undefined;
      const end = closeCall(src, def.end);
      if (end === undefined) return undefined;
      return { expr: { op: 'var', name: name.value as string, hasDefault: true, default: def.value }, end };
    }
    case 'config': {
      if (src[i] === ')') return { expr: { op: 'config', config: {} }, end: i + 1 };
      if (src[i] === '{') {
        const d = readLiteral(src, i);
        if (!d) return undefined;
        const j = closeCall(src, d.end);
        if (j === undefined) return undefined;
        return { expr: { op: 'config', config: d.value as Record<string, unknown> }, end: j };
      }
      const kw = readKwargs(src, i, undefined);
      if (!kw) return undefined;
      return { expr: { op: 'config', config: kw.kwargs }, end: kw.end };
    }
    default:
      return undefined;
  }
}

const LEADING_WS = /^\s*/;
const TRAILING_WS = /\s*$/;

/**
 * Scans a template. Returns `undefined` when it is not entirely made of the constructs above (including
 * text Nunjucks would reject, such as a stray `#}`).
 */
export function scanStaticTemplate(src: string): StaticTemplate | undefined {
  const parts: (string | StaticPart)[] = [];
  let pos = 0;
  let dropLeading = false;
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  const advanceLines = (to: number): void => {
    for (let k = src.indexOf('\n', counted); k !== -1 && k < to; k = src.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    counted = to;
  };
  const len = src.length;
  while (pos <= len) {
    // Find the next tag start: `{{`, `{%` or `{#`.
    let tag = -1;
    let search = pos;
    for (;;) {
      const b = src.indexOf('{', search);
      if (b === -1 || b + 1 >= len) break;
      const c = src.charCodeAt(b + 1);
      if (c === 123 /* { */ || c === 37 /* % */ || c === 35 /* # */) {
        tag = b;
        break;
      }
      search = b + 1;
    }
    const textEnd = tag === -1 ? len : tag;
    let text = src.slice(pos, textEnd);
    if (text.includes('#}')) return undefined;
    if (dropLeading && text.length) text = text.replace(LEADING_WS, '');
    if (tag === -1) {
      if (text) parts.push(text);
      break;
    }
    const kind = src.charCodeAt(tag + 1);
    if (kind === 37) return undefined; // {% ... %}: control flow goes to Nunjucks.
    if (kind === 35) {
      // {# comment #}: runs to the first `#}`.
      const close = src.indexOf('#}', tag + 2);
      if (close === -1) return undefined;
      const end = close + 2;
      const comment = src.slice(tag, end);
      if (comment.charAt(2) === '-' && text.length) text = text.replace(TRAILING_WS, '');
      if (text) parts.push(text);
      dropLeading = comment.charAt(comment.length - 3) === '-';
      pos = end;
      continue;
    }
    // {{ expression }}
    const trimBefore = src.charAt(tag + 2) === '-';
    if (trimBefore && text.length) text = text.replace(TRAILING_WS, '');
    if (text) parts.push(text);
    let i = tag + (trimBefore ? 3 : 2);
    while (i < len && WS_CHARS.includes(src[i]!)) i++;
    const exprStart = i;
    const parsed = parseExpression(src, i);
    if (!parsed) return undefined;
    i = parsed.end;
    while (i < len && WS_CHARS.includes(src[i]!)) i++;
    let trimAfter = false;
    if (src.startsWith('-}}', i)) {
      trimAfter = true;
      i += 3;
    } else if (src.startsWith('}}', i)) {
      i += 2;
    } else return undefined;
    advanceLines(exprStart);
    parts.push({ expr: parsed.expr, line, column: exprStart - lineStart + 1 });
    dropLeading = trimAfter;
    pos = i;
  }
  return { parts };
}

/** True when the text has no template syntax at all (the common `select ...` file). */
export function isPlainText(src: string): boolean {
  return !/\{[{%#]/.test(src) && !src.includes('#}');
}
