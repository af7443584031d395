import { DirectedGraph } from 'graphology';
import { GraphError, formatLocation, throwIfAny, type OppError, type SourceLocation } from '../errors/index.js';
import type { GraphNode, Manifest, UnitTestNode } from '../manifest/index.js';
import { findCycles } from './find-cycles.js';
import { IntMinHeap } from './min-heap.js';
import type { GraphNodeAttributes, ProjectGraph } from './types.js';

const EMPTY: readonly string[] = Object.freeze([]);

/**
 * Builds the project DAG from a manifest: every enabled node (models, seeds, snapshots, tests,
 * analyses), every enabled source and unit test; edges parent → child from `dependsOn.nodes` (a unit
 * test is a child of the model it tests). Throws GraphError `graph/cycle` naming every node of each
 * cycle with its ref() call sites, `graph/unknown-ref` / `graph/disabled-ref` for dependencies that
 * are not in the graph (all problems collected, thrown once). Tests whose parent is disabled are left
 * out, as dbt disables them.
 */
export function buildGraph(manifest: Manifest): ProjectGraph {
  // Enabled members, sorted: index order is unique-id order, so sorting indices sorts by id.
  let ids: string[] = [];
  for (const collection of [manifest.sources, manifest.nodes, manifest.unitTests] as const) {
    for (const id of Object.keys(collection)) {
      if (isEnabled((collection as Readonly<Record<string, GraphNode>>)[id]!.config)) ids.push(id);
    }
  }
  ids.sort();
  let index = indexOf(ids);
  let nodes = ids.map((id) => lookup(manifest, id)!);
  let deps = nodes.map(dependencyIds);

  // Check every dependency; tests on disabled nodes drop out, anything else missing is an error.
  const problems: OppError[] = [];
  const dropped = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    const node = nodes[i]!;
    for (const parent of deps[i]!) {
      if (index.has(parent)) continue;
      const disabled: GraphNode | undefined = manifest.disabled[parent] ?? disabledElsewhere(manifest, parent);
      if (disabled && (node.resourceType === 'test' || node.resourceType === 'unit_test')) {
        dropped.add(i);
        break;
      }
      problems.push(missingDependencyError(node, parent, disabled !== undefined, manifest));
    }
  }
  throwIfAny(problems);
  if (dropped.size > 0) {
    // Tests are never parents, so removing them changes no other node's dependencies.
    const keep = (_: unknown, i: number): boolean => !dropped.has(i);
    ids = ids.filter(keep);
    nodes = nodes.filter(keep);
    deps = deps.filter(keep);
    index = indexOf(ids);
  }

  const n = ids.length;
  const parentIdx = buildParentLists(deps, index);
  const childIdx = invert(parentIdx);

  const order = stableTopologicalSort(parentIdx, childIdx);
  if (order.length < n) {
    const placed = new Uint8Array(n);
    for (const i of order) placed[i] = 1;
    const stuck = ids.filter((_, i) => placed[i] === 0);
    const kids = (id: string): readonly string[] => Array.from(childIdx.of(index.get(id)!), (c) => ids[c]!);
    const byId = (id: string): GraphNode => nodes[index.get(id)!]!;
    throwIfAny(findCycles(stuck, kids).map((cycle) => cycleError(cycle, byId)));
  }

  return new ManifestGraph(ids, index, nodes, parentIdx, childIdx, order);
}

function indexOf(ids: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) index.set(ids[i]!, i);
  return index;
}

/**
 * Adjacency lists in compressed form: the neighbours of node i are `targets[start[i] .. start[i+1])`,
 * sorted ascending (= by unique id). Four typed arrays instead of one small array per node.
 */
class Adjacency {
  constructor(
    readonly start: Int32Array,
    readonly targets: Int32Array,
  ) {}

  get length(): number {
    return this.start.length - 1;
  }

  count(i: number): number {
    return this.start[i + 1]! - this.start[i]!;
  }

  of(i: number): Int32Array {
    return this.targets.subarray(this.start[i]!, this.start[i + 1]!);
  }
}

function buildParentLists(deps: readonly (readonly string[])[], index: ReadonlyMap<string, number>): Adjacency {
  const n = deps.length;
  const start = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) total += deps[i]!.length;
  const targets = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    start[i] = at;
    const from = at;
    for (const parent of deps[i]!) {
      const p = index.get(parent);
      if (p === undefined) continue; // a dropped test: never a real parent
      let j = at;
      while (j > from && targets[j - 1]! > p) j--; // insertion sort, lists are tiny
      if (j > from && targets[j - 1] === p) continue; // duplicate
      targets.copyWithin(j + 1, j, at);
      targets[j] = p;
      at++;
    }
  }
  start[n] = at;
  return new Adjacency(start, targets.subarray(0, at));
}

/** The reverse lists; filled in ascending source order, so each list comes out sorted. */
function invert(adj: Adjacency): Adjacency {
  const n = adj.length;
  const start = new Int32Array(n + 1);
  for (const t of adj.targets) start[t + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const targets = new Int32Array(adj.targets.length);
  for (let i = 0; i < n; i++) {
    for (let k = adj.start[i]!; k < adj.start[i + 1]!; k++) targets[fill[adj.targets[k]!]!++] = i;
  }
  return new Adjacency(start, targets);
}

function lookup(manifest: Manifest, id: string): GraphNode | undefined {
  return manifest.nodes[id] ?? manifest.sources[id] ?? manifest.unitTests[id];
}

/** The graphology view of the DAG, built on first use (most commands never need it). */
function buildGraphology(
  ids: readonly string[],
  nodes: readonly GraphNode[],
  children: Adjacency,
  order: Int32Array,
): DirectedGraph<GraphNodeAttributes> {
  const graph = new DirectedGraph<GraphNodeAttributes>({ allowSelfLoops: true });
  for (const i of order) graph.addNode(ids[i]!, { node: nodes[i]! });
  for (const i of order) for (const c of children.of(i)) graph.addDirectedEdge(ids[i]!, ids[c]!);
  return graph;
}

function isEnabled(config: Readonly<Record<string, unknown>> | undefined): boolean {
  return config?.enabled !== false;
}

function dependencyIds(node: GraphNode): readonly string[] {
  if (node.resourceType === 'source') return EMPTY;
  if (node.resourceType === 'unit_test') {
    const unit = node as UnitTestNode;
    return unit.dependsOn.nodes.includes(unit.model) ? unit.dependsOn.nodes : [unit.model, ...unit.dependsOn.nodes];
  }
  return node.dependsOn.nodes;
}

function disabledElsewhere(manifest: Manifest, id: string): GraphNode | undefined {
  const node = manifest.nodes[id];
  if (node && !isEnabled(node.config)) return node;
  const source = manifest.sources[id];
  if (source && !isEnabled(source.config)) return source;
  return undefined;
}

function lastSegment(id: string): string {
  const parts = id.split('.');
  return parts[0] === 'source' ? parts.slice(2).join('.') : parts[parts.length - 1] ?? id;
}

/** Where `child` refers to `parent`: its ref() or source() call, if the parse pass recorded it. */
function callSite(child: GraphNode, parentId: string, parentName: string): SourceLocation | undefined {
  if (!('refs' in child)) return undefined;
  if (parentId.startsWith('source.')) {
    const [, , sourceName, ...table] = parentId.split('.');
    const tableName = table.join('.');
    return child.sources.find((s) => s.sourceName === sourceName && s.tableName === tableName)?.location;
  }
  return child.refs.find((r) => r.name === parentName)?.location;
}

function missingDependencyError(node: GraphNode, parent: string, disabled: boolean, manifest: Manifest): GraphError {
  const name = manifest.disabled[parent]?.name ?? lastSegment(parent);
  const location = callSite(node, parent, name) ?? nodeLocation(node);
  const what = parent.startsWith('source.') ? `source '${name}'` : `'${name}'`;
  if (disabled) {
    return new GraphError('graph/disabled-ref', `${node.resourceType} '${node.name}' depends on ${what}, which is disabled`, {
      ...(location ? { location } : {}),
      nodeId: node.uniqueId,
      hint: `enable '${name}' (config enabled: true) or remove the reference from '${node.name}'`,
    });
  }
  return new GraphError('graph/unknown-ref', `${node.resourceType} '${node.name}' depends on ${what} (${parent}), which is not in the project`, {
    ...(location ? { location } : {}),
    nodeId: node.uniqueId,
    hint: `check the spelling of '${name}', or add the missing model, seed or source`,
  });
}

function nodeLocation(node: GraphNode): SourceLocation | undefined {
  if ('location' in node && node.location) return node.location;
  return node.originalFilePath ? { file: node.originalFilePath } : undefined;
}

function cycleError(cycle: readonly string[], byId: (id: string) => GraphNode): GraphError {
  const nodes = cycle.map(byId);
  const allModels = nodes.every((n) => n.resourceType === 'model');
  const label = (n: GraphNode): string => (allModels ? n.name : `${n.resourceType} ${n.name}`);
  const sites: string[] = [];
  let firstLocation: SourceLocation | undefined;
  for (let i = 1; i < nodes.length; i++) {
    const parent = nodes[i - 1]!;
    const child = nodes[i]!;
    const loc = callSite(child, parent.uniqueId, parent.name);
    if (loc && !firstLocation) firstLocation = loc;
    const where = loc ? formatLocation(loc) : child.originalFilePath;
    sites.push(`  ${child.name} refs ${parent.name} at ${where}`);
  }
  const message = `${allModels ? 'models' : 'nodes'} form a cycle: ${nodes.map(label).join(' → ')}\n${sites.join('\n')}`;
  const location = firstLocation ?? nodeLocation(nodes[1] ?? nodes[0]!);
  return new GraphError('graph/cycle', message, {
    ...(location ? { location } : {}),
    nodeId: nodes[0]!.uniqueId,
    hint: 'remove one of these ref() calls, or move the shared logic into a new model that both can ref',
  });
}

/** Kahn's algorithm with a min-heap of indices (= unique-id order): the smallest ready id goes first. */
function stableTopologicalSort(parents: Adjacency, children: Adjacency): Int32Array {
  const n = parents.length;
  const remaining = new Int32Array(n);
  const ready = new IntMinHeap(n);
  for (let i = 0; i < n; i++) {
    remaining[i] = parents.count(i);
    if (remaining[i] === 0) ready.push(i);
  }
  const order = new Int32Array(n);
  let placed = 0;
  const { start, targets } = children;
  while (ready.size > 0) {
    const i = ready.pop();
    order[placed++] = i;
    for (let k = start[i]!; k < start[i + 1]!; k++) {
      const c = targets[k]!;
      if (--remaining[c]! === 0) ready.push(c);
    }
  }
  return placed === n ? order : order.subarray(0, placed);
}

class ManifestGraph implements ProjectGraph {
  /** Position of each index in the topological order. */
  private readonly position: Int32Array;
  private readonly orderIds: readonly string[];
  private readonly parentIds: (readonly string[] | undefined)[];
  private readonly childIds: (readonly string[] | undefined)[];
  private readonly testChildIds: (readonly string[] | undefined)[];
  private graphology: DirectedGraph<GraphNodeAttributes> | undefined;

  constructor(
    private readonly ids: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
    private readonly nodes: readonly GraphNode[],
    private readonly parentIdx: Adjacency,
    private readonly childIdx: Adjacency,
    private readonly order: Int32Array,
  ) {
    const n = ids.length;
    this.position = new Int32Array(n);
    const orderIds = new Array<string>(n);
    for (let p = 0; p < n; p++) {
      this.position[order[p]!] = p;
      orderIds[p] = ids[order[p]!]!;
    }
    this.orderIds = orderIds;
    this.parentIds = new Array<readonly string[] | undefined>(n);
    this.childIds = new Array<readonly string[] | undefined>(n);
    this.testChildIds = new Array<readonly string[] | undefined>(n);
  }

  get graph(): DirectedGraph<GraphNodeAttributes> {
    this.graphology ??= buildGraphology(this.ids, this.nodes, this.childIdx, this.order);
    return this.graphology;
  }

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  node(id: string): GraphNode | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.nodes[i];
  }

  parents(id: string): readonly string[] {
    const i = this.index.get(id);
    if (i === undefined) return EMPTY;
    return (this.parentIds[i] ??= Array.from(this.parentIdx.of(i), (p) => this.ids[p]!));
  }

  children(id: string): readonly string[] {
    const i = this.index.get(id);
    if (i === undefined) return EMPTY;
    return (this.childIds[i] ??= Array.from(this.childIdx.of(i), (c) => this.ids[c]!));
  }

  testChildren(id: string): readonly string[] {
    const i = this.index.get(id);
    if (i === undefined) return EMPTY;
    let out = this.testChildIds[i];
    if (out === undefined) {
      const list: string[] = [];
      for (const c of this.childIdx.of(i)) {
        const type = this.nodes[c]!.resourceType;
        if (type === 'test' || type === 'unit_test') list.push(this.ids[c]!);
      }
      out = list.length === 0 ? EMPTY : list;
      this.testChildIds[i] = out;
    }
    return out;
  }

  ancestors(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, this.parentIdx, depth);
  }

  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, this.childIdx, depth);
  }

  topologicalOrder(): readonly string[] {
    return this.orderIds;
  }

  sortTopologically(ids: Iterable<string>): string[] {
    const n = this.ids.length;
    const marks = new Uint8Array(n);
    const positions: number[] = [];
    for (const id of ids) {
      const i = this.index.get(id);
      if (i === undefined) continue;
      const p = this.position[i]!;
      if (marks[p] === 0) {
        marks[p] = 1;
        positions.push(p);
      }
    }
    // Few ids: sort their positions; many: one pass over the order.
    if (positions.length * 16 < n) return positions.sort((a, b) => a - b).map((p) => this.orderIds[p]!);
    const out: string[] = [];
    for (let p = 0; p < n; p++) if (marks[p] === 1) out.push(this.orderIds[p]!);
    return out;
  }

  parentsWithin(selection: Iterable<string>): ReadonlyMap<string, readonly string[]> {
    const n = this.ids.length;
    const selected = new Uint8Array(n);
    const starts: number[] = [];
    for (const id of selection) {
      const i = this.index.get(id);
      if (i !== undefined && selected[i] === 0) {
        selected[i] = 1;
        starts.push(i);
      }
    }
    // Only the selection and its ancestors matter; visit them in topological order so every
    // unselected parent's frontier (its nearest selected ancestors) is known before it is needed.
    const relevant = new Uint8Array(n);
    const stack = [...starts];
    for (const i of starts) relevant[i] = 1;
    while (stack.length > 0) {
      for (const p of this.parentIdx.of(stack.pop()!)) {
        if (relevant[p] === 0) {
          relevant[p] = 1;
          stack.push(p);
        }
      }
    }
    const frontier: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(n);
    const result = new Map<string, readonly string[]>();
    for (let pos = 0; pos < n; pos++) {
      const i = this.order[pos]!;
      if (relevant[i] === 0) continue;
      const parents = this.parentIdx.of(i);
      let reached: readonly number[];
      if (parents.every((p) => selected[p] === 1)) {
        reached = Array.from(parents);
      } else {
        const acc = new Set<number>();
        for (const p of parents) {
          if (selected[p] === 1) acc.add(p);
          else for (const q of frontier[p] ?? []) acc.add(q);
        }
        reached = [...acc].sort((a, b) => a - b);
      }
      if (selected[i] === 1) result.set(this.ids[i]!, reached.map((r) => this.ids[r]!));
      else frontier[i] = reached;
    }
    return result;
  }

  private walk(ids: string | Iterable<string>, next: Adjacency, depth?: number): Set<string> {
    const n = this.ids.length;
    // 1: a start not yet reached from another start; 2: reached (in the result).
    const state = new Uint8Array(n);
    let layer: number[] = [];
    for (const id of typeof ids === 'string' ? [ids] : ids) {
      const i = this.index.get(id);
      if (i !== undefined && state[i] === 0) {
        state[i] = 1;
        layer.push(i);
      }
    }
    const found = new Set<string>();
    const limit = depth === undefined ? Infinity : depth;
    for (let level = 0; level < limit && layer.length > 0; level++) {
      const nextLayer: number[] = [];
      for (const i of layer) {
        for (let k = next.start[i]!; k < next.start[i + 1]!; k++) {
          const j = next.targets[k]!;
          const st = state[j]!;
          if (st === 2) continue;
          state[j] = 2;
          found.add(this.ids[j]!);
          // A start is already expanded from level 0.
          if (st === 0) nextLayer.push(j);
        }
      }
      layer = nextLayer;
    }
    return found;
  }
}
