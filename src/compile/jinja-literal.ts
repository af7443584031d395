/**
 * A reader for Jinja/Python literals — strings, numbers, booleans, none, lists and dicts of literals —
 * used by the static fast path (`config(materialized='table', tags=['a'])`) and by `as_native`.
 * String escapes are Python's (see `decodePythonEscape`), exactly as opp's template lexer decodes them, so
 * a literal read here has the value the full renderer would give it.
 */

export interface LiteralResult {
  readonly value: unknown;
  /** Offset just past the literal. */
  readonly end: number;
}

const WS = ' \n\t\r\u00a0';

export function skipWs(src: string, pos: number): number {
  while (pos < src.length && WS.includes(src[pos]!)) pos++;
  return pos;
}

export function readString(src: string, pos: number): LiteralResult | undefined {
  const quote = src[pos];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = src.indexOf(quote, pos + 1);
  if (close === -1) return undefined;
  const body = src.slice(pos + 1, close);
  // The common case: no escapes before the closing quote.
  if (!body.includes('\\')) return { value: body, end: close + 1 };
  let i = pos + 1;
  let out = '';
  while (i < src.length && src[i] !== quote) {
    const c = src[i]!;
    if (c === '\\') {
      i++;
      const e = src[i];
      if (e === undefined) return undefined;
      i++;
      out += decodePythonEscape(
        e,
        () => src.slice(i, i + 4),
        (n) => {
          i += n;
        },
      );
    } else {
      out += c;
      i++;
    }
  }
  if (i >= src.length) return undefined;
  return { value: out, end: i + 1 };
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?[0-9]+(\.[0-9]+)?(?![0-9A-Za-z_.])/y;

export function readIdentifier(src: string, pos: number): { name: string; end: number } | undefined {
  IDENT.lastIndex = pos;
  const m = IDENT.exec(src);
  return m ? { name: m[0], end: pos + m[0].length } : undefined;
}

/**
 * Reads one literal at `pos` (no leading whitespace). `pythonOnly` accepts `True/False/None` only in their
 * Python spelling; otherwise both Jinja spellings (`true`, `True`, `none`, `None`) are accepted.
 */
export function readLiteral(src: string, pos: number, depth = 0): LiteralResult | undefined {
  if (depth > 20) return undefined;
  const c = src[pos];
  if (c === undefined) return undefined;
  if (c === '"' || c === "'") return readString(src, pos);
  if (c === '-' || (c >= '0' && c <= '9')) {
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(src);
    if (!m) return undefined;
    return { value: m[1] ? parseFloat(m[0]) : parseInt(m[0], 10), end: pos + m[0].length };
  }
  if (c === '[') return readList(src, pos, depth);
  if (c === '{') return readDict(src, pos, depth);
  const id = readIdentifier(src, pos);
  if (!id) return undefined;
  switch (id.name) {
    case 'true':
    case 'True':
      return { value: true, end: id.end };
    case 'false':
    case 'False':
      return { value: false, end: id.end };
    case 'none':
    case 'None':
    case 'null':
      return { value: null, end: id.end };
    default:
      return undefined;
  }
}

function readList(src: string, pos: number, depth: number): LiteralResult | undefined {
  const out: unknown[] = [];
  let i = skipWs(src, pos + 1);
  if (src[i] === ']') return { value: out, end: i + 1 };
  for (;;) {
    const item = readLiteral(src, i, depth + 1);
    if (!item) return undefined;
    out.push(item.value);
    i = skipWs(src, item.end);
    if (src[i] === ',') {
      i = skipWs(src, i + 1);
      if (src[i] === ']') return { value: out, end: i + 1 }; // trailing comma, as Jinja2 and Python
      continue;
    }
    if (src[i] === ']') return { value: out, end: i + 1 };
    return undefined;
  }
}

function readDict(src: string, pos: number, depth: number): LiteralResult | undefined {
  const out: Record<string, unknown> = {};
  let i = skipWs(src, pos + 1);
  if (src[i] === '}') return src[i + 1] === '}' ? undefined : { value: out, end: i + 1 };
  for (;;) {
    // Keys must be string literals: Nunjucks turns a bare `{a: 1}` key into the string 'a', which Jinja
    // would read as a variable, so those are left to the full renderer.
    const key = readString(src, i);
    if (!key) return undefined;
    i = skipWs(src, key.end);
    if (src[i] !== ':') return undefined;
    i = skipWs(src, i + 1);
    const value = readLiteral(src, i, depth + 1);
    if (!value) return undefined;
    if (key.value === '__keywords' || key.value === '__proto__') return undefined;
    out[key.value as string] = value.value;
    i = skipWs(src, value.end);
    if (src[i] === ',') {
      i = skipWs(src, i + 1);
      // A trailing comma, as Jinja2 and Python (the `}}` rule below applies here too).
      if (src[i] === '}') return src[i + 1] === '}' ? undefined : { value: out, end: i + 1 };
      continue;
    }
    // Nunjucks' lexer reads `}}` as the end of the expression even inside a dict literal.
    if (src[i] === '}') return src[i + 1] === '}' ? undefined : { value: out, end: i + 1 };
    return undefined;
  }
}

/** Python's `ast.literal_eval` for the literal subset, or undefined when `text` is not one literal. */
export function parseLiteral(text: string): { value: unknown } | undefined {
  const start = skipWs(text, 0);
  const r = readLiteral(text, start);
  if (!r) return undefined;
  return skipWs(text, r.end) === text.length ? { value: r.value } : undefined;
}

/**
 * Python's string-literal escapes (Jinja decodes with `unicode-escape`): `\n \t \r \\ \' \"`, `\xHH`,
 * `\uHHHH`, octal; an unknown escape such as `\d` keeps its backslash (Nunjucks would drop it, which
 * breaks regular expressions like `'\d+'`).
 */
export function decodePythonEscape(next: string, rest: () => string, take: (n: number) => void): string {
  switch (next) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case '\\':
    case "'":
    case '"':
      return next;
    case 'a':
      return '\x07';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '\n':
      return '';
    case 'x': {
      const hex = /^[0-9a-fA-F]{2}/.exec(rest());
      if (!hex) return '\\x';
      take(2);
      return String.fromCharCode(parseInt(hex[0], 16));
    }
    case 'u': {
      const hex = /^[0-9a-fA-F]{4}/.exec(rest());
      if (!hex) return '\\u';
      take(4);
      return String.fromCharCode(parseInt(hex[0], 16));
    }
    default: {
      if (next >= '0' && next <= '7') {
        const oct = /^[0-7]{0,2}/.exec(rest())![0];
        take(oct.length);
        return String.fromCharCode(parseInt(next + oct, 8));
      }
      return '\\' + next;
    }
  }
}

