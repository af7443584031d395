/**
 * Finds block tags (`{% macro %}`, `{% docs %}`, `{% snapshot %}`, ...) in template text without parsing
 * the template: skips `{# comments #}`, `{{ expressions }}` (strings included) and `{% raw %}` sections.
 * Used to slice macro and docs bodies and snapshot blocks with exact offsets.
 */

export interface TagMatch {
  /** The tag name (`macro`, `endmacro`, ...). */
  readonly tag: string;
  /** Text between the tag name and the closing `%}`, trimmed. */
  readonly args: string;
  /** Offset of `{%`. */
  readonly start: number;
  /** Offset just past `%}`. */
  readonly end: number;
}

function skipString(src: string, i: number): number {
  const q = src[i];
  i++;
  while (i < src.length && src[i] !== q) {
    if (src[i] === '\\') i++;
    i++;
  }
  return i + 1;
}

/** Offset just past the `close` delimiter, skipping quoted strings; -1 when unterminated. */
function findClose(src: string, i: number, close: string): number {
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = skipString(src, i);
      continue;
    }
    if (src.startsWith(close, i)) return i + close.length;
    i++;
  }
  return -1;
}

export function scanTags(src: string, wanted?: ReadonlySet<string>): TagMatch[] {
  const out: TagMatch[] = [];
  let i = 0;
  let raw = false;
  while (i < src.length) {
    const open = src.indexOf('{', i);
    if (open === -1 || open + 1 >= src.length) break;
    const next = src[open + 1];
    if (next === '#' && !raw) {
      const end = src.indexOf('#}', open + 2);
      if (end === -1) break;
      i = end + 2;
      continue;
    }
    if (next === '{' && !raw) {
      const end = findClose(src, open + 2, '}}');
      if (end === -1) break;
      i = end;
      continue;
    }
    if (next !== '%') {
      i = open + 1;
      continue;
    }
    const end = findClose(src, open + 2, '%}');
    if (end === -1) break;
    let inner = src.slice(open + 2, end - 2);
    if (inner.startsWith('-')) inner = inner.slice(1);
    if (inner.endsWith('-')) inner = inner.slice(0, -1);
    inner = inner.trim();
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*([\s\S]*)$/.exec(inner);
    const tag = m?.[1] ?? '';
    if (raw) {
      if (tag === 'endraw') raw = false;
      i = end;
      continue;
    }
    if (tag === 'raw') raw = true;
    else if (m && (!wanted || wanted.has(tag))) out.push({ tag, args: (m[2] ?? '').trim(), start: open, end });
    i = end;
  }
  return out;
}

export interface Block {
  readonly tag: string;
  /** The tag's first word after its name (the block's name: `{% docs orders %}` → `orders`). */
  readonly name: string;
  readonly args: string;
  /** Offset of the opening `{%`. */
  readonly start: number;
  /** Offset just past the opening tag's `%}` (where the body begins). */
  readonly bodyStart: number;
  /** Offset of the closing tag's `{%`. */
  readonly bodyEnd: number;
  /** Offset just past the closing tag's `%}`. */
  readonly end: number;
}

/** Pairs `{% tag ... %}` with `{% endtag %}` for the given tag names (no nesting of the same tag). */
export function findBlocks(src: string, tags: readonly string[]): { blocks: Block[]; unclosed: TagMatch[] } {
  const wanted = new Set<string>();
  for (const t of tags) {
    wanted.add(t);
    wanted.add(`end${t}`);
  }
  const blocks: Block[] = [];
  const unclosed: TagMatch[] = [];
  let open: TagMatch | undefined;
  for (const m of scanTags(src, wanted)) {
    if (!m.tag.startsWith('end') || !wanted.has(m.tag.slice(3)) || tags.includes(m.tag)) {
      if (open) unclosed.push(open);
      open = m;
      continue;
    }
    if (open && m.tag === `end${open.tag}`) {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(open.args)?.[1] ?? '';
      blocks.push({ tag: open.tag, name, args: open.args, start: open.start, bodyStart: open.end, bodyEnd: m.start, end: m.end });
      open = undefined;
    }
  }
  if (open) unclosed.push(open);
  return { blocks, unclosed };
}
