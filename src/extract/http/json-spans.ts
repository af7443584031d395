/**
 * The texts of the elements of one array inside a JSON document, exactly as they appear in it: the
 * extract keeps each record's `_raw` as the text it received (a slice of the page, which V8 shares with
 * the page string instead of copying) instead of serialising the parsed record again.
 *
 * A structural scan only (strings, nesting, member names): the document is assumed to be valid JSON
 * because `JSON.parse` has just accepted it. Anything unexpected returns `undefined`, and the caller
 * serialises the parsed records instead.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function skipWhitespace(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
    i++;
  }
}

/** `i` at an opening quote: the index after the closing one, or -1. */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return -1;
    let b = q - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1; // an even number of backslashes: the quote is not escaped
    from = q + 1;
  }
}

/** `i` at the start of a value: the index after it, or -1. */
function skipValue(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return skipString(text, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        if (i < 0) return -1;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return -1;
  }
  // number, true, false, null
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === 32 || c === 10 || c === 13 || c === 9) break;
    i++;
  }
  return i;
}

/** Where a scan ended and what it found (`undefined`: nothing at the path). */
interface Scan {
  readonly end: number;
  readonly texts: string[] | undefined;
}

const FAILED: Scan = { end: -1, texts: undefined };

/** `i` at `[`: the element texts and the index after the array. */
function scanArray(text: string, i: number): Scan {
  const texts: string[] = [];
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return { end: i + 1, texts };
  for (;;) {
    const end = skipValue(text, i);
    if (end <= i) return FAILED;
    texts.push(text.slice(i, end));
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === COMMA) i = skipWhitespace(text, i + 1);
    else if (c === CLOSE_BRACKET) return { end: i + 1, texts };
    else return FAILED;
  }
}

/** The value at `i` followed along `path` (every character is visited once). */
function scanValue(text: string, i: number, path: readonly string[], depth: number): Scan {
  const c = text.charCodeAt(i);
  if (depth === path.length) {
    if (c === OPEN_BRACKET) return scanArray(text, i);
    const end = skipValue(text, i);
    return end < 0 ? FAILED : { end, texts: undefined };
  }
  if (c !== OPEN_BRACE) {
    const end = skipValue(text, i);
    return end < 0 ? FAILED : { end, texts: undefined };
  }
  const name = path[depth]!;
  let found: string[] | undefined;
  i = skipWhitespace(text, i + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return { end: i + 1, texts: undefined };
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return FAILED;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return FAILED;
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return FAILED;
    i = skipWhitespace(text, i + 1);
    let end: number;
    if (key === name) {
      // A repeated member replaces the earlier one, as in JSON.parse.
      const inner = scanValue(text, i, path, depth + 1);
      end = inner.end;
      found = inner.texts;
    } else end = skipValue(text, i);
    if (end < 0) return FAILED;
    i = skipWhitespace(text, end);
    const next = text.charCodeAt(i);
    if (next === COMMA) i = skipWhitespace(text, i + 1);
    else if (next === CLOSE_BRACE) return { end: i + 1, texts: found };
    else return FAILED;
  }
}

/**
 * The texts of the elements of the array at `path` (member names from the top-level object; an empty
 * path: the document is the array). `undefined` when there is no array there.
 */
export function readArrayElementTexts(text: string, path: readonly string[]): string[] | undefined {
  return scanValue(text, skipWhitespace(text, 0), path, 0).texts;
}
