import { DirectedGraph } from 'graphology';
import { GraphError, formatLocation, throwIfAny, type OppError, type SourceLocation } from '../errors/index.js';
import type { GraphNode, Manifest, UnitTestNode } from '../manifest/index.js';
import { findCycles } from './find-cycles.js';
import { StringMinHeap } from './min-heap.js';
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
  const members = new Map<string, GraphNode>();
  for (const [id, source] of Object.entries(manifest.sources)) {
    if (isEnabled(source.config)) members.set(id, source);
  }
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (isEnabled(node.config)) members.set(id, node);
  }
  for (const [id, unit] of Object.entries(manifest.unitTests)) {
    if (isEnabled(unit.config)) members.set(id, unit);
  }

  // Dependencies of every member, checked; tests on disabled nodes drop out.
  const problems: OppError[] = [];
  const parents = new Map<string, string[]>();
  for (const [id, node] of members) {
    const wanted = dependencyIds(node);
    const kept: string[] = [];
    let dropped = false;
    for (const parent of wanted) {
      if (members.has(parent)) {
        if (!kept.includes(parent)) kept.push(parent);
        continue;
      }
      const disabled: GraphNode | undefined = manifest.disabled[parent] ?? disabledElsewhere(manifest, parent);
      if (disabled && (node.resourceType === 'test' || node.resourceType === 'unit_test')) {
        dropped = true;
        break;
      }
      problems.push(missingDependencyError(node, parent, disabled !== undefined, manifest));
    }
    if (dropped) members.delete(id);
    else parents.set(id, kept);
  }
  problems.sort((a, b) => ((a.nodeId ?? '') < (b.nodeId ?? '') ? -1 : (a.nodeId ?? '') > (b.nodeId ?? '') ? 1 : 0));
  throwIfAny(problems);

  // Adjacency, sorted by id. Children are appended in id order, so every children list comes out sorted.
  const ids = [...members.keys()].sort();
  const children = new Map<string, string[]>();
  for (const id of ids) children.set(id, []);
  for (const id of ids) {
    let list = parents.get(id)!;
    if (list.some((p) => !members.has(p))) {
      // A parent dropped above (a test on a disabled node): gone from the graph.
      list = list.filter((p) => members.has(p));
      parents.set(id, list);
    }
    if (list.length > 1) list.sort();
    for (const p of list) children.get(p)!.push(id);
  }

  const order = stableTopologicalSort(ids, parents, children);
  if (order.length < ids.length) {
    const placed = new Set(order);
    const stuck = ids.filter((id) => !placed.has(id));
    const cycles = findCycles(stuck, (id) => children.get(id) ?? EMPTY);
    throwIfAny(cycles.map((cycle) => cycleError(cycle, members)));
  }

  return new ManifestGraph(members, parents, children, order);
}

/** The graphology view of the DAG, built on first use (most commands never need it). */
function buildGraphology(
  order: readonly string[],
  members: ReadonlyMap<string, GraphNode>,
  children: ReadonlyMap<string, readonly string[]>,
): DirectedGraph<GraphNodeAttributes> {
  const graph = new DirectedGraph<GraphNodeAttributes>({ allowSelfLoops: true });
  for (const id of order) graph.addNode(id, { node: members.get(id)! });
  for (const id of order) for (const c of children.get(id)!) graph.addDirectedEdge(id, c);
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

function cycleError(cycle: readonly string[], members: ReadonlyMap<string, GraphNode>): GraphError {
  const nodes = cycle.map((id) => members.get(id)!);
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

/** Kahn's algorithm with a min-heap: the smallest ready id goes first, so the order is deterministic. */
function stableTopologicalSort(
  ids: readonly string[],
  parents: ReadonlyMap<string, readonly string[]>,
  children: ReadonlyMap<string, readonly string[]>,
): string[] {
  const remaining = new Map<string, number>();
  const ready = new StringMinHeap();
  for (const id of ids) {
    const n = parents.get(id)!.length;
    if (n === 0) ready.push(id);
    else remaining.set(id, n);
  }
  const order: string[] = [];
  while (ready.size > 0) {
    const id = ready.pop()!;
    order.push(id);
    for (const child of children.get(id)!) {
      const left = remaining.get(child)! - 1;
      remaining.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  return order;
}

class ManifestGraph implements ProjectGraph {
  private readonly position = new Map<string, number>();
  private graphology: DirectedGraph<GraphNodeAttributes> | undefined;

  constructor(
    private readonly members: ReadonlyMap<string, GraphNode>,
    private readonly parentLists: ReadonlyMap<string, readonly string[]>,
    private readonly childLists: ReadonlyMap<string, readonly string[]>,
    private readonly order: readonly string[],
  ) {
    for (let i = 0; i < order.length; i++) this.position.set(order[i]!, i);
  }

  get graph(): DirectedGraph<GraphNodeAttributes> {
    this.graphology ??= buildGraphology(this.order, this.members, this.childLists);
    return this.graphology;
  }

  get size(): number {
    return this.order.length;
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  node(id: string): GraphNode | undefined {
    return this.members.get(id);
  }

  parents(id: string): readonly string[] {
    return this.parentLists.get(id) ?? EMPTY;
  }

  children(id: string): readonly string[] {
    return this.childLists.get(id) ?? EMPTY;
  }

  ancestors(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, this.parentLists, depth);
  }

  descendants(ids: string | Iterable<string>, depth?: number): Set<string> {
    return this.walk(ids, this.childLists, depth);
  }

  topologicalOrder(): readonly string[] {
    return this.order;
  }

  sortTopologically(ids: Iterable<string>): string[] {
    const n = this.order.length;
    const marks = new Uint8Array(n);
    const positions: number[] = [];
    for (const id of ids) {
      const p = this.position.get(id);
      if (p !== undefined && marks[p] === 0) {
        marks[p] = 1;
        positions.push(p);
      }
    }
    // Few ids: sort their positions; many: one pass over the order.
    if (positions.length * 16 < n) return positions.sort((a, b) => a - b).map((p) => this.order[p]!);
    const out: string[] = [];
    for (let p = 0; p < n; p++) if (marks[p] === 1) out.push(this.order[p]!);
    return out;
  }

  parentsWithin(selection: Iterable<string>): ReadonlyMap<string, readonly string[]> {
    const selected = new Set<string>();
    for (const id of selection) if (this.members.has(id)) selected.add(id);
    // Only ancestors of the selection matter; walk them in topological order so every parent's
    // frontier is known before its children need it.
    const relevant = this.ancestors(selected);
    for (const id of selected) relevant.add(id);
    const frontier = new Map<string, readonly string[]>();
    const result = new Map<string, readonly string[]>();
    for (const id of this.sortTopologically(relevant)) {
      const parents = this.parents(id);
      let reached: readonly string[];
      if (parents.every((p) => selected.has(p))) {
        reached = parents;
      } else {
        const acc = new Set<string>();
        for (const p of parents) {
          if (selected.has(p)) acc.add(p);
          else for (const q of frontier.get(p) ?? EMPTY) acc.add(q);
        }
        reached = [...acc].sort();
      }
      if (selected.has(id)) result.set(id, reached);
      else frontier.set(id, reached);
    }
    return result;
  }

  private walk(ids: string | Iterable<string>, next: ReadonlyMap<string, readonly string[]>, depth?: number): Set<string> {
    const starts = new Set<string>();
    for (const id of typeof ids === 'string' ? [ids] : ids) if (this.members.has(id)) starts.add(id);
    const found = new Set<string>();
    const expanded = new Set<string>(starts);
    let layer = [...starts];
    const limit = depth === undefined ? Infinity : depth;
    for (let level = 0; level < limit && layer.length > 0; level++) {
      const nextLayer: string[] = [];
      for (const id of layer) {
        for (const n of next.get(id) ?? EMPTY) {
          found.add(n);
          if (!expanded.has(n)) {
            expanded.add(n);
            nextLayer.push(n);
          }
        }
      }
      layer = nextLayer;
    }
    return found;
  }
}
