/**
 * A token tree: parentheses and brackets become nested groups, whitespace and comments are dropped.
 * Statement handlers and the expression translator work on these significant nodes.
 */
import { SqlSyntaxError, type Token } from './tokenize.js';

export interface Group {
  readonly kind: 'group';
  readonly open: '(' | '[';
  readonly items: Node[];
  readonly start: number;
  /** Offset just past the closing bracket. */
  readonly end: number;
}
export type Node = Token | Group;

export function isGroup(n: Node | undefined): n is Group {
  return n !== undefined && n.kind === 'group';
}
export function isParen(n: Node | undefined): n is Group {
  return n !== undefined && n.kind === 'group' && n.open === '(';
}
export function isWord(n: Node | undefined, ...values: string[]): boolean {
  return n !== undefined && n.kind === 'word' && (values.length === 0 || values.includes(n.value));
}
export function isOp(n: Node | undefined, ...values: string[]): boolean {
  return n !== undefined && n.kind === 'op' && (values.length === 0 || values.includes(n.value));
}
export function isIdent(n: Node | undefined): n is Token {
  return n !== undefined && (n.kind === 'word' || n.kind === 'qid');
}

export function buildTree(tokens: readonly Token[]): Node[] {
  const root: Node[] = [];
  const stack: { items: Node[]; open: '(' | '['; start: number }[] = [];

  let cur = root;
  for (const t of tokens) {
    if (t.kind === 'ws' || t.kind === 'comment') continue;
    if (t.kind === 'op' && (t.value === '(' || t.value === '[')) {
      const frame = { items: [] as Node[], open: t.value as '(' | '[', start: t.start };
      stack.push(frame);
      cur = frame.items;
      continue;
    }
    if (t.kind === 'op' && (t.value === ')' || t.value === ']')) {
      const frame = stack.pop();
      const want = t.value === ')' ? '(' : '[';
      if (!frame || frame.open !== want) throw new SqlSyntaxError(`unexpected '${t.value}'`, t.start);
      const g: Group = { kind: 'group', open: frame.open, items: frame.items, start: frame.start, end: t.start + 1 };
      cur = stack.length ? stack[stack.length - 1]!.items : root;
      cur.push(g);
      continue;
    }
    cur.push(t);
  }
  if (stack.length) throw new SqlSyntaxError(`unexpected end of input: missing ')'`, stack[stack.length - 1]!.start);
  return root;
}

/** Splits nodes on top-level commas. An empty list gives no parts. */
export function splitCommas(nodes: readonly Node[]): Node[][] {
  if (nodes.length === 0) return [];
  const parts: Node[][] = [[]];
  for (const n of nodes) {
    if (isOp(n, ',')) parts.push([]);
    else parts[parts.length - 1]!.push(n);
  }
  return parts;
}

export function nodeStart(n: Node): number {
  return n.start;
}
export function nodeEnd(n: Node): number {
  return n.kind === 'group' ? n.end : n.start + n.text.length;
}

/** Index of the first top-level word with one of the values, from `from`. */
export function findWord(nodes: readonly Node[], from: number, ...values: string[]): number {
  for (let i = from; i < nodes.length; i++) if (isWord(nodes[i], ...values)) return i;
  return -1;
}

/** Plain rendering of nodes, without translation (used for error messages and names). */
export function plainText(nodes: readonly Node[]): string {
  let out = '';
  let prev: Node | undefined;
  for (const n of nodes) {
    const text = n.kind === 'group' ? n.open + plainText(n.items) + (n.open === '(' ? ')' : ']') : n.text;
    if (prev && needsSpace(prev, n)) out += ' ';
    out += text;
    prev = n;
  }
  return out;
}

/** Whether a space is needed between two rendered nodes. */
export function needsSpace(prev: Node, next: Node): boolean {
  if (isOp(prev, '.') || isOp(next, '.') || isOp(next, ',') || isOp(prev, '::') || isOp(next, '::')) return false;
  if (next.kind === 'group' && (prev.kind === 'word' || prev.kind === 'qid') && next.open === '[') return false;
  return true;
}
