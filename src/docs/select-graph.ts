/**
 * Which nodes the docs page's lineage graph shows. Both functions are self-contained (no imports, no
 * outer references): the page ships their source text (`fn.toString()`), so the browser runs the code
 * the unit tests exercise.
 */

/** What the selector needs to know about a node (a subset of `DocsNode`). */
export interface SelectableNode {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly pkg: string;
  readonly file?: string;
  readonly tags?: readonly string[];
  readonly source?: { readonly name: string };
}

/**
 * A small subset of dbt's selection grammar, for the graph view: space-separated terms are a union,
 * comma-joined terms an intersection; a term is a name glob (`stg_*`), a unique id, or `method:value`
 * with `tag`, `path` (file prefix or glob), `resource_type` (`type`), `package`, `source` (`src` or
 * `src.table`); graph operators `+x`, `x+`, `2+x`, `x+1`, `@x`. Returns node indexes, ascending.
 * Unknown methods select nothing (the page says so).
 */
export function selectGraphNodes(
  nodes: readonly SelectableNode[],
  parents: readonly (readonly number[])[],
  children: readonly (readonly number[])[],
  expression: string,
): number[] {
  const globToRegExp = (glob: string): RegExp =>
    new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');

  const walk = (start: number[], edges: readonly (readonly number[])[], depth: number): number[] => {
    const seen = new Set<number>(start);
    let frontier = start;
    for (let d = 0; frontier.length > 0 && d < depth; d++) {
      const next: number[] = [];
      for (const v of frontier) {
        for (const w of edges[v]!) {
          if (!seen.has(w)) {
            seen.add(w);
            next.push(w);
          }
        }
      }
      frontier = next;
    }
    return [...seen];
  };

  const matchCore = (core: string): number[] => {
    const out: number[] = [];
    const colon = core.indexOf(':');
    const method = colon > 0 ? core.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? core.slice(colon + 1) : core;
    const re = globToRegExp(value);
    const lower = value.toLowerCase();
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      let hit = false;
      if (method === '') {
        hit = re.test(n.name) || n.id.toLowerCase() === lower;
        if (!hit && value.includes('/') && n.file) {
          const file = n.file.toLowerCase();
          hit = file === lower || file.startsWith(lower.endsWith('/') ? lower : `${lower}/`);
        }
      } else if (method === 'tag') hit = (n.tags ?? []).some((t) => re.test(t));
      else if (method === 'path' || method === 'file') {
        const file = (n.file ?? '').toLowerCase();
        const prefix = lower.replace(/\/+$/, '');
        hit = value.includes('*') ? re.test(n.file ?? '') : file === prefix || file.startsWith(`${prefix}/`);
      } else if (method === 'resource_type' || method === 'type') hit = re.test(n.type);
      else if (method === 'package') hit = re.test(n.pkg);
      else if (method === 'source') {
        if (n.type === 'source' && n.source) {
          const dot = value.indexOf('.');
          hit =
            dot < 0
              ? re.test(n.source.name)
              : globToRegExp(value.slice(0, dot)).test(n.source.name) && globToRegExp(value.slice(dot + 1)).test(n.name);
        }
      }
      if (hit) out.push(i);
    }
    return out;
  };

  const evalTerm = (term: string): number[] => {
    const m = /^(@)?(?:(\d*)\+)?(.+?)(?:\+(\d*))?$/.exec(term);
    if (!m) return [];
    const at = m[1] === '@';
    // An unmatched group is undefined; a bare `+` is unlimited depth.
    const upDepth = m[2] === undefined ? 0 : m[2] ? Number(m[2]) : Infinity;
    const downDepth = m[4] === undefined ? 0 : m[4] ? Number(m[4]) : Infinity;
    const base = matchCore(m[3]!);
    const result = new Set<number>(base);
    if (at) {
      const down = walk(base, children, Infinity);
      for (const v of down) result.add(v);
      for (const v of walk(down, parents, Infinity)) result.add(v);
      return [...result];
    }
    if (upDepth > 0) for (const v of walk(base, parents, upDepth)) result.add(v);
    if (downDepth > 0) for (const v of walk(base, children, downDepth)) result.add(v);
    return [...result];
  };

  const union = new Set<number>();
  for (const part of expression.trim().split(/\s+/)) {
    if (part === '') continue;
    let acc: Set<number> | null = null;
    for (const term of part.split(',')) {
      if (term === '') continue;
      const hits = new Set(evalTerm(term));
      if (acc === null) acc = hits;
      else {
        const kept = new Set<number>();
        for (const v of acc) if (hits.has(v)) kept.add(v);
        acc = kept;
      }
    }
    if (acc) for (const v of acc) union.add(v);
  }
  return [...union].sort((a, b) => a - b);
}

export interface LineageSubset {
  /** Node indexes, ascending. */
  readonly nodes: number[];
  /** How many levels up and down were included (Infinity when all). */
  readonly upDepth: number;
  readonly downDepth: number;
  /** Ancestors + descendants there are in all, before the cap. */
  readonly total: number;
}

/**
 * The node, its ancestors and its descendants, without nodes `skip` rejects (tests): level by level in
 * both directions, stopping before the set would exceed `maxNodes`, so a node in the middle of a
 * 10,000-node project still gets a readable graph.
 */
export function buildLineageSubset(
  parents: readonly (readonly number[])[],
  children: readonly (readonly number[])[],
  start: number,
  maxNodes: number,
  skip?: (i: number) => boolean,
): LineageSubset {
  const levels = (edges: readonly (readonly number[])[]): number[][] => {
    const seen = new Set<number>([start]);
    const out: number[][] = [];
    let frontier = [start];
    while (frontier.length > 0) {
      const next: number[] = [];
      for (const v of frontier) {
        for (const w of edges[v]!) {
          if (seen.has(w) || (skip && skip(w))) continue;
          seen.add(w);
          next.push(w);
        }
      }
      if (next.length > 0) out.push(next);
      frontier = next;
    }
    return out;
  };
  const up = levels(parents);
  const down = levels(children);
  const total = 1 + up.reduce((s, l) => s + l.length, 0) + down.reduce((s, l) => s + l.length, 0);
  const chosen = new Set<number>([start]);
  let u = 0;
  let d = 0;
  // Alternate: one level up, one level down, while the next level fits.
  for (;;) {
    const canUp = u < up.length && chosen.size + up[u]!.length <= maxNodes;
    const canDown = d < down.length && chosen.size + down[d]!.length <= maxNodes;
    if (!canUp && !canDown) break;
    if (canUp && (u <= d || !canDown)) {
      for (const v of up[u]!) chosen.add(v);
      u++;
    } else {
      for (const v of down[d]!) chosen.add(v);
      d++;
    }
  }
  return {
    nodes: [...chosen].sort((a, b) => a - b),
    upDepth: u === up.length ? Infinity : u,
    downDepth: d === down.length ? Infinity : d,
    total,
  };
}
