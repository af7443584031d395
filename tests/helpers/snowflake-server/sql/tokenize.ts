/**
 * A lexer for Snowflake SQL. It respects single-quoted strings (with Snowflake's backslash escapes),
 * `$$…$$` bodies, double-quoted identifiers, `--`, `//` and `/* … *\/` comments, so that later passes
 * (upper-casing, rewrites) never touch text inside literals or comments.
 */

export type TokenKind =
  | 'word' // unquoted identifier or keyword: compared and emitted upper-cased
  | 'qid' // "quoted identifier": value is the exact name
  | 'str' // 'string' or $$string$$: value is the decoded text
  | 'num' // numeric literal
  | 'op' // operator or punctuation: , ; . ( ) [ ] :: : => etc.
  | 'ws' // whitespace
  | 'comment'
  | 'var'; // $name session variable or $1 positional column

export interface Token {
  readonly kind: TokenKind;
  /** Source text. */
  readonly text: string;
  /** Decoded value: upper-cased name for words, exact name for qid, content for str. */
  readonly value: string;
  readonly start: number;
}

const THREE_CHAR_OPS = new Set(['!==']);
const TWO_CHAR_OPS = new Set(['::', '||', '<=', '>=', '<>', '!=', '=>', '->', '==', '**', '//']);

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
}
function isWordPart(c: string): boolean {
  return isWordStart(c) || (c >= '0' && c <= '9') || c === '$';
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/** Decodes the body of a Snowflake single-quoted string (between the quotes). */
function decodeSingleQuoted(body: string): string {
  if (!body.includes('\\') && !body.includes("''")) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else if (c === '\\' && i + 1 < body.length) {
      const n = body[++i]!;
      switch (n) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '0':
          out += '\0';
          break;
        default:
          out += n; // \\ \' \" and unknown escapes keep the character
      }
    } else out += c;
  }
  return out;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i]!;
    const start = i;
    // whitespace
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f') {
      while (i < n && /\s/.test(sql[i]!)) i++;
      tokens.push({ kind: 'ws', text: sql.slice(start, i), value: ' ', start });
      continue;
    }
    // comments
    if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '/')) {
      while (i < n && sql[i] !== '\n') i++;
      tokens.push({ kind: 'comment', text: sql.slice(start, i), value: '', start });
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) throw new SqlSyntaxError('unterminated comment', start);
      i = end + 2;
      tokens.push({ kind: 'comment', text: sql.slice(start, i), value: '', start });
      continue;
    }
    // strings
    if (c === "'") {
      i++;
      while (i < n) {
        const d = sql[i]!;
        if (d === '\\') i += 2;
        else if (d === "'") {
          if (sql[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      if (i >= n) throw new SqlSyntaxError("unterminated string literal", start);
      i++;
      tokens.push({ kind: 'str', text: sql.slice(start, i), value: decodeSingleQuoted(sql.slice(start + 1, i - 1)), start });
      continue;
    }
    if (c === '$' && sql[i + 1] === '$') {
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) throw new SqlSyntaxError('unterminated $$ string', start);
      i = end + 2;
      tokens.push({ kind: 'str', text: sql.slice(start, i), value: sql.slice(start + 2, end), start });
      continue;
    }
    if (c === '"') {
      i++;
      let value = '';
      while (i < n) {
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') {
            value += '"';
            i += 2;
          } else break;
        } else value += sql[i++];
      }
      if (i >= n) throw new SqlSyntaxError('unterminated quoted identifier', start);
      i++;
      tokens.push({ kind: 'qid', text: sql.slice(start, i), value, start });
      continue;
    }
    // numbers
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1]) && !isPrimaryEnd(tokens))) {
      while (isDigit(sql[i])) i++;
      if (sql[i] === '.' && isDigit(sql[i + 1])) {
        i++;
        while (isDigit(sql[i])) i++;
      } else if (sql[i] === '.' && !isWordStart(sql[i + 1] ?? ' ')) i++;
      if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1]) || ((sql[i + 1] === '+' || sql[i + 1] === '-') && isDigit(sql[i + 2])))) {
        i += 2;
        while (isDigit(sql[i])) i++;
      }
      if (i < n && isWordStart(sql[i]!)) {
        // identifiers may start with digits in some contexts (e.g. 1day) — treat as word
        while (i < n && isWordPart(sql[i]!)) i++;
        const text = sql.slice(start, i);
        tokens.push({ kind: 'word', text, value: text.toUpperCase(), start });
        continue;
      }
      const text = sql.slice(start, i);
      tokens.push({ kind: 'num', text, value: text, start });
      continue;
    }
    if (isWordStart(c)) {
      while (i < n && isWordPart(sql[i]!)) i++;
      const text = sql.slice(start, i);
      tokens.push({ kind: 'word', text, value: text.toUpperCase(), start });
      continue;
    }
    if (c === '$' && i + 1 < n && isWordPart(sql[i + 1]!)) {
      i++;
      while (i < n && isWordPart(sql[i]!)) i++;
      const text = sql.slice(start, i);
      tokens.push({ kind: 'var', text, value: text.toUpperCase(), start });
      continue;
    }
    const three = sql.slice(i, i + 3);
    if (THREE_CHAR_OPS.has(three)) {
      i += 3;
      tokens.push({ kind: 'op', text: three, value: three, start });
      continue;
    }
    const two = sql.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      i += 2;
      tokens.push({ kind: 'op', text: two, value: two, start });
      continue;
    }
    i++;
    tokens.push({ kind: 'op', text: c, value: c, start });
  }
  return tokens;
}

/** True when the last significant token ends a primary expression (so `.5` after it is not a number). */
function isPrimaryEnd(tokens: Token[]): boolean {
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k]!;
    if (t.kind === 'ws' || t.kind === 'comment') return false;
    return t.kind === 'word' || t.kind === 'qid' || (t.kind === 'op' && (t.value === ')' || t.value === ']'));
  }
  return false;
}

/** Splits a token list on top-level `;` into statements, dropping empty ones. */
export function splitStatements(tokens: readonly Token[]): Token[][] {
  const out: Token[][] = [];
  let cur: Token[] = [];
  for (const t of tokens) {
    if (t.kind === 'op' && t.value === ';') {
      if (cur.some((x) => x.kind !== 'ws' && x.kind !== 'comment')) out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  if (cur.some((x) => x.kind !== 'ws' && x.kind !== 'comment')) out.push(cur);
  return out;
}
