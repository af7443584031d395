import type { Manifest } from '../manifest/index.js';

export interface SchedulingPlan {
  /** The nodes in an order that respects `parents`. */
  readonly order: string[];
  readonly parents: ReadonlyMap<string, readonly string[]>;
}

/**
 * `opp build`'s extra edges on top of the graph's (dbt's build semantics):
 * - a model's unit tests run before it: each selected unit test becomes a parent of its model (and needs
 *   no parent of its own — it runs on fixture rows, not on built parents);
 * - a failing data test stops what depends on the tested node: each selected test becomes a parent of
 *   the selected non-test children of the node it is attached to.
 * The order is then re-sorted topologically, keeping the original order among ready nodes. Pure.
 */
export function buildSchedulingPlan(
  order: readonly string[],
  graphParents: ReadonlyMap<string, readonly string[]>,
  manifest: Pick<Manifest, 'nodes' | 'unitTests'>,
): SchedulingPlan {
  const selected = new Set(order);
  const parents = new Map<string, string[]>();
  for (const id of order) parents.set(id, [...(graphParents.get(id) ?? [])]);

  const childrenOf = new Map<string, string[]>();
  for (const id of order) {
    for (const p of parents.get(id)!) {
      let list = childrenOf.get(p);
      if (!list) childrenOf.set(p, (list = []));
      list.push(id);
    }
  }
  const isTest = (id: string) => {
    const n = manifest.nodes[id] ?? manifest.unitTests[id];
    return n?.resourceType === 'test' || n?.resourceType === 'unit_test';
  };

  for (const id of order) {
    const unit = manifest.unitTests[id];
    if (unit) {
      parents.set(id, []);
      if (selected.has(unit.model)) parents.get(unit.model)!.push(id);
      continue;
    }
    const test = manifest.nodes[id];
    if (test?.resourceType !== 'test') continue;
    // The node a test is attached to (dbt's attached_node): a relationships test also depends on the
    // referenced model, but only the tested model's children wait for it. A singular test on one node
    // counts as attached to it; one reading several nodes blocks nothing (dbt's build does the same).
    const attached = test.attachedNode ?? (test.dependsOn.nodes.length === 1 ? test.dependsOn.nodes[0] : undefined);
    for (const tested of attached ? [attached] : []) {
      for (const child of childrenOf.get(tested) ?? []) {
        if (child !== id && !isTest(child)) parents.get(child)!.push(id);
      }
    }
  }
  for (const [id, list] of parents) parents.set(id, [...new Set(list)]);
  return { order: sortKeepingOrder(order, parents), parents };
}

/** Kahn's algorithm choosing, among ready nodes, the one earliest in `order`. Throws on a cycle. */
function sortKeepingOrder(order: readonly string[], parents: ReadonlyMap<string, readonly string[]>): string[] {
  const position = new Map(order.map((id, i) => [id, i]));
  const pending = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const id of order) {
    const ps = (parents.get(id) ?? []).filter((p) => position.has(p));
    pending.set(id, ps.length);
    for (const p of ps) {
      let list = children.get(p);
      if (!list) children.set(p, (list = []));
      list.push(id);
    }
  }
  const ready: number[] = [];
  const push = (i: number) => {
    ready.push(i);
    let k = ready.length - 1;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (ready[up]! <= ready[k]!) break;
      [ready[up], ready[k]] = [ready[k]!, ready[up]!];
      k = up;
    }
  };
  const pop = (): number => {
    const top = ready[0]!;
    const last = ready.pop()!;
    if (ready.length > 0) {
      ready[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < ready.length && ready[l]! < ready[m]!) m = l;
        if (r < ready.length && ready[r]! < ready[m]!) m = r;
        if (m === k) break;
        [ready[m], ready[k]] = [ready[k]!, ready[m]!];
        k = m;
      }
    }
    return top;
  };
  for (const id of order) if (pending.get(id) === 0) push(position.get(id)!);
  const out: string[] = [];
  while (ready.length > 0) {
    const id = order[pop()]!;
    out.push(id);
    for (const c of children.get(id) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) push(position.get(c)!);
    }
  }
  if (out.length !== order.length) throw new Error('opp build: the scheduling edges form a cycle (a bug in opp)');
  return out;
}
