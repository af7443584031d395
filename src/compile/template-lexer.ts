import { decodePythonEscape } from './jinja-literal.js';
import { nunjucks } from './nunjucks-internals.js';

/**
 * A drop-in replacement for Nunjucks' tokenizer, producing the same tokens (types, values and 0-based
 * positions) as Nunjucks 3.2.4's lexer with default tags, but scanning with `indexOf` and slices instead
 * of one character at a time — Nunjucks' lexer dominates its compile time and garbage. String literals
 * use Python's escapes (see `decodePythonEscape`). Nunjucks' parser drives it unchanged.
 */

const L = nunjucks.lexer as unknown as Record<string, string>;
const T = {
  STRING: L['TOKEN_STRING']!,
  WHITESPACE: L['TOKEN_WHITESPACE']!,
  DATA: L['TOKEN_DATA']!,
  BLOCK_START: L['TOKEN_BLOCK_START']!,
  BLOCK_END: L['TOKEN_BLOCK_END']!,
  VARIABLE_START: L['TOKEN_VARIABLE_START']!,
  VARIABLE_END: L['TOKEN_VARIABLE_END']!,
  COMMENT: L['TOKEN_COMMENT']!,
  LEFT_PAREN: L['TOKEN_LEFT_PAREN']!,
  RIGHT_PAREN: L['TOKEN_RIGHT_PAREN']!,
  LEFT_BRACKET: L['TOKEN_LEFT_BRACKET']!,
  RIGHT_BRACKET: L['TOKEN_RIGHT_BRACKET']!,
  LEFT_CURLY: L['TOKEN_LEFT_CURLY']!,
  RIGHT_CURLY: L['TOKEN_RIGHT_CURLY']!,
  OPERATOR: L['TOKEN_OPERATOR']!,
  COMMA: L['TOKEN_COMMA']!,
  COLON: L['TOKEN_COLON']!,
  TILDE: L['TOKEN_TILDE']!,
  PIPE: L['TOKEN_PIPE']!,
  INT: L['TOKEN_INT']!,
  FLOAT: L['TOKEN_FLOAT']!,
  BOOLEAN: L['TOKEN_BOOLEAN']!,
  NONE: L['TOKEN_NONE']!,
  SYMBOL: L['TOKEN_SYMBOL']!,
  REGEX: L['TOKEN_REGEX']!,
};

export interface Token {
  type: string;
  value: unknown;
  lineno: number;
  colno: number;
}

const DELIMS = '()[]{}%*-+~/#,:|.<>=!';
const COMPLEX_OPS = new Set(['==', '===', '!=', '!==', '<=', '>=', '//', '**']);
const DELIM_TYPES: Record<string, string> = {
  '(': T.LEFT_PAREN,
  ')': T.RIGHT_PAREN,
  '[': T.LEFT_BRACKET,
  ']': T.RIGHT_BRACKET,
  '{': T.LEFT_CURLY,
  '}': T.RIGHT_CURLY,
  ',': T.COMMA,
  ':': T.COLON,
  '~': T.TILDE,
  '|': T.PIPE,
};
const INT_RE = /^[-+]?[0-9]+$/;

function isWs(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0';
}

export class FastTokenizer {
  readonly str: string;
  index = 0;
  readonly len: number;
  lineno = 0;
  colno = 0;
  in_code = false;
  readonly tags = { BLOCK_START: '{%', BLOCK_END: '%}', VARIABLE_START: '{{', VARIABLE_END: '}}', COMMENT_START: '{#', COMMENT_END: '#}' };
  readonly trimBlocks = false;
  readonly lstripBlocks = false;

  constructor(str: string) {
    this.str = str;
    this.len = str.length;
  }

  /** Moves to `to`, keeping line and column. */
  private advanceTo(to: number): void {
    const s = this.str;
    let nl = s.indexOf('\n', this.index);
    if (nl === -1 || nl >= to) {
      this.colno += to - this.index;
    } else {
      let last = nl;
      while (nl !== -1 && nl < to) {
        this.lineno++;
        last = nl;
        nl = s.indexOf('\n', nl + 1);
      }
      this.colno = to - last - 1;
    }
    this.index = to;
  }

  private tok(type: string, value: unknown, lineno: number, colno: number): Token {
    return { type, value, lineno, colno };
  }

  nextToken(): Token | null {
    const lineno = this.lineno;
    const colno = this.colno;
    const s = this.str;
    const i = this.index;
    if (i >= this.len) return null;
    if (this.in_code) {
      const cur = s[i]!;
      if (cur === '"' || cur === "'") return this.tok(T.STRING, this.parseString(cur), lineno, colno);
      if (isWs(cur)) {
        let j = i + 1;
        while (j < this.len && isWs(s[j]!)) j++;
        this.advanceTo(j);
        return this.tok(T.WHITESPACE, s.slice(i, j), lineno, colno);
      }
      if (s.startsWith('%}', i) || s.startsWith('-%}', i)) {
        const v = cur === '-' ? '-%}' : '%}';
        this.advanceTo(i + v.length);
        this.in_code = false;
        return this.tok(T.BLOCK_END, v, lineno, colno);
      }
      if (s.startsWith('}}', i) || s.startsWith('-}}', i)) {
        const v = cur === '-' ? '-}}' : '}}';
        this.advanceTo(i + v.length);
        this.in_code = false;
        return this.tok(T.VARIABLE_END, v, lineno, colno);
      }
      if (cur === 'r' && s[i + 1] === '/') return this.parseRegex(lineno, colno);
      if (DELIMS.includes(cur)) {
        let op = cur;
        const two = s.slice(i, i + 2);
        if (COMPLEX_OPS.has(two)) {
          op = two;
          const three = s.slice(i, i + 3);
          if (COMPLEX_OPS.has(three)) op = three;
        }
        this.advanceTo(i + op.length);
        return this.tok(DELIM_TYPES[op] ?? T.OPERATOR, op, lineno, colno);
      }
      let j = i;
      while (j < this.len && !isWs(s[j]!) && !DELIMS.includes(s[j]!)) j++;
      const word = s.slice(i, j);
      this.advanceTo(j);
      if (INT_RE.test(word)) {
        if (s[j] === '.') {
          let k = j + 1;
          while (k < this.len && s[k]! >= '0' && s[k]! <= '9') k++;
          const dec = s.slice(j + 1, k);
          this.advanceTo(k);
          return this.tok(T.FLOAT, `${word}.${dec}`, lineno, colno);
        }
        return this.tok(T.INT, word, lineno, colno);
      }
      if (word === 'true' || word === 'false') return this.tok(T.BOOLEAN, word, lineno, colno);
      if (word === 'none' || word === 'null') return this.tok(T.NONE, word, lineno, colno);
      if (word) return this.tok(T.SYMBOL, word, lineno, colno);
      throw new Error(`Unexpected value while parsing: ${word}`);
    }
    // Text mode.
    if (s.startsWith('{%', i)) {
      const v = s[i + 2] === '-' ? '{%-' : '{%';
      this.advanceTo(i + v.length);
      this.in_code = true;
      return this.tok(T.BLOCK_START, v, lineno, colno);
    }
    if (s.startsWith('{{', i)) {
      const v = s[i + 2] === '-' ? '{{-' : '{{';
      this.advanceTo(i + v.length);
      this.in_code = true;
      return this.tok(T.VARIABLE_START, v, lineno, colno);
    }
    if (s.startsWith('{#', i)) {
      const end = s.indexOf('#}', i + 2);
      if (end === -1) {
        this.advanceTo(this.len);
        throw new Error('expected end of comment, got end of file');
      }
      this.advanceTo(end + 2);
      return this.tok(T.COMMENT, s.slice(i, end + 2), lineno, colno);
    }
    // Data runs to the next tag start; a `#}` before it is an error, as in Nunjucks.
    let j = i;
    for (;;) {
      const b = s.indexOf('{', j);
      const h = s.indexOf('#}', j);
      if (h !== -1 && (b === -1 || h < b)) {
        this.advanceTo(h);
        throw new Error('unexpected end of comment');
      }
      if (b === -1) {
        j = this.len;
        break;
      }
      const n = s[b + 1];
      if (n === '%' || n === '{' || n === '#') {
        j = b;
        break;
      }
      j = b + 1;
    }
    this.advanceTo(j);
    return this.tok(T.DATA, s.slice(i, j), lineno, colno);
  }

  private parseString(delimiter: string): string {
    const s = this.str;
    let i = this.index + 1;
    let out = '';
    let runStart = i;
    while (i < this.len && s[i] !== delimiter) {
      if (s[i] === '\\') {
        out += s.slice(runStart, i);
        const next = s[i + 1] ?? '';
        i += 2;
        out += decodePythonEscape(
          next,
          () => s.slice(i, i + 4),
          (n) => {
            i += n;
          },
        );
        runStart = i;
      } else i++;
    }
    out += s.slice(runStart, Math.min(i, this.len));
    this.advanceTo(Math.min(i + 1, this.len));
    return out;
  }

  private parseRegex(lineno: number, colno: number): Token {
    const s = this.str;
    let i = this.index + 2;
    let body = '';
    while (i < this.len) {
      if (s[i] === '/' && s[i - 1] !== '\\') {
        i++;
        break;
      }
      body += s[i];
      i++;
    }
    let flags = '';
    while (i < this.len && 'gimy'.includes(s[i]!)) flags += s[i++];
    this.advanceTo(i);
    return this.tok(T.REGEX, { body, flags }, lineno, colno);
  }

  // Used by Nunjucks' parser for {% raw %} and by its filter-statement parsing.
  currentStr(): string {
    return this.str.slice(this.index);
  }

  _extractRegex(regex: RegExp): RegExpMatchArray | null {
    const m = this.currentStr().match(regex);
    if (!m) return null;
    this.advanceTo(this.index + m[0].length);
    return m;
  }

  backN(n: number): void {
    const to = Math.max(0, this.index - n);
    const before = this.str.slice(0, to);
    const lastNl = before.lastIndexOf('\n');
    let lines = 0;
    for (let k = before.indexOf('\n'); k !== -1; k = before.indexOf('\n', k + 1)) lines++;
    this.index = to;
    this.lineno = lines;
    this.colno = to - lastNl - 1;
  }

  isFinished(): boolean {
    return this.index >= this.len;
  }
}
