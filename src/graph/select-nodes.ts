import { UsageError } from '../errors/index.js';
import type { Manifest, ResourceType } from '../manifest/index.js';
import type { SelectorsFile } from '../project/types.js';
import { buildSelectorResolver, type SelectorResolver } from './selector-definitions.js';
import { buildMethodRuntime, SELECTOR_METHODS, type MethodRuntime } from './selector-methods.js';
import { parseSelectionArgs, parseSelectorExpression } from './selector-parser.js';
import type {
  IndirectSelection,
  ProjectGraph,
  SelectionCriteria,
  SelectionSpec,
  StateManifest,
} from './types.js';

export interface SelectOptions {
  /** `--select` strings (several flags are a union). */
  readonly select?: readonly string[];
  /** `--exclude` strings, removed after selection. */
  readonly exclude?: readonly string[];
  /** `--selector NAME` from selectors.yml. */
  readonly selector?: string;
  readonly selectors?: SelectorsFile;
  /** The previous manifest, for `state:` methods. */
  readonly state?: StateManifest;
  /** Keep only these types (a command's own types; `ls --resource-type`). Default: everything but sources. */
  readonly resourceTypes?: readonly ResourceType[];
  /** How tests follow their parents (default eager). */
  readonly indirectSelection?: IndirectSelection;
}

export interface SelectionResult {
  /** Unique ids, in topological order. */
  readonly ids: string[];
  /** dbt's "does not match any enabled nodes" warnings, one per user-written term that selected nothing. */
  readonly warnings: string[];
  /** The spec that was evaluated. */
  readonly spec: SelectionSpec;
}

/** The selected unique ids, in topological order (see `selectNodesDetailed`). */
export function selectNodes(graph: ProjectGraph, manifest: Manifest, opts: SelectOptions = {}): string[] {
  return selectNodesDetailed(graph, manifest, opts).ids;
}

/**
 * dbt's node selection: parse `--select`/`--exclude` (or take the `--selector`, or the selectors.yml
 * default when nothing is given), evaluate methods, graph operators and set operations, add tests and
 * unit tests by indirect selection, then keep the requested resource types. Disabled nodes are not in
 * the graph, so never appear.
 */
export function selectNodesDetailed(graph: ProjectGraph, manifest: Manifest, opts: SelectOptions = {}): SelectionResult {
  const resolver = buildSelectorResolver(opts.selectors);
  const spec = selectionSpecFor(opts, resolver);
  const evaluator = new Evaluator(
    buildMethodRuntime({ graph, manifest, ...(opts.state ? { state: opts.state } : {}) }),
    resolver,
    opts.indirectSelection ?? 'eager',
  );
  const { direct } = evaluator.evaluate(spec);
  const types = opts.resourceTypes;
  const kept: string[] = [];
  for (const id of direct) {
    const node = graph.node(id);
    if (!node) continue;
    if (types ? types.includes(node.resourceType) : node.resourceType !== 'source') kept.push(id);
  }
  return { ids: graph.sortTopologically(kept), warnings: [...new Set(evaluator.warnings)], spec };
}

/** Which spec a command line means: --selector, else --select/--exclude, else the default selector, else everything. */
export function selectionSpecFor(opts: SelectOptions, resolver: SelectorResolver = buildSelectorResolver(opts.selectors)): SelectionSpec {
  const select = opts.select ?? [];
  const exclude = opts.exclude ?? [];
  if (opts.selector !== undefined) {
    if (select.length > 0) {
      throw new UsageError('usage/bad-flag', '--select and --selector cannot be used together', {
        hint: 'put the extra terms into the selector definition, or use --select alone',
      });
    }
    const spec = resolver.resolve(opts.selector);
    if (exclude.length === 0) return spec;
    return {
      kind: 'difference',
      include: spec,
      exclude: { kind: 'union', components: exclude.map((e) => parseSelectorExpression(e, { expectExists: false })) },
    };
  }
  if (select.length === 0 && exclude.length === 0) {
    const fallback = resolver.defaultSelector();
    if (fallback !== undefined) return resolver.resolve(fallback);
  }
  return parseSelectionArgs(select, exclude);
}

interface Bundle {
  readonly direct: ReadonlySet<string>;
  readonly indirect: ReadonlySet<string>;
}

const NO_IDS: ReadonlySet<string> = new Set();

class Evaluator {
  readonly warnings: string[] = [];
  private readonly graph: ProjectGraph;

  constructor(
    private readonly runtime: MethodRuntime,
    private readonly resolver: SelectorResolver,
    private readonly mode: IndirectSelection,
  ) {
    this.graph = runtime.graph;
  }

  evaluate(spec: SelectionSpec): Bundle {
    if (spec.kind === 'criteria') return this.criteria(spec);
    const parts = spec.kind === 'difference' ? [spec.include, spec.exclude] : spec.components;
    const bundles = parts.map((p) => this.evaluate(p));
    const combine = spec.kind === 'union' ? union : spec.kind === 'intersection' ? intersection : difference;
    const initialDirect = combine(bundles.map((b) => b.direct));
    // Undecided tests matter only to cautious/buildable reconsideration (eager and empty never look).
    let indirect: ReadonlySet<string> = NO_IDS;
    let direct = initialDirect;
    if (this.mode === 'cautious' || this.mode === 'buildable') {
      indirect = combine(bundles.map((b) => (b.indirect.size === 0 ? b.direct : union([b.direct, b.indirect]))));
      direct = this.incorporate(initialDirect, indirect, this.mode);
    }
    if (spec.kind !== 'difference' && spec.expectExists && direct.size === 0 && spec.raw) {
      this.warnings.push(`The selection criterion '${spec.raw}' does not match any enabled nodes`);
    }
    return { direct, indirect };
  }

  private criteria(spec: SelectionCriteria): Bundle {
    // `selected` is always a fresh set this method may grow.
    const selected =
      spec.method === 'selector'
        ? new Set(this.evaluate(this.resolver.resolve(spec.value)).direct)
        : SELECTOR_METHODS[spec.method](spec.value, spec.methodArgs, this.runtime);
    const collected = spec.childrensParents || spec.parents || spec.children ? new Set(selected) : selected;
    if (spec.childrensParents) {
      const down = this.graph.descendants(collected);
      for (const id of collected) down.add(id);
      for (const id of down) selected.add(id);
      for (const id of this.graph.ancestors(down)) selected.add(id);
    }
    if (spec.parents) for (const id of this.graph.ancestors(collected, spec.parentsDepth)) selected.add(id);
    if (spec.children) for (const id of this.graph.descendants(collected, spec.childrenDepth)) selected.add(id);
    const mode = spec.indirectSelection ?? this.mode;
    if (mode === 'empty') return { direct: selected, indirect: NO_IDS };
    return this.expand(selected, mode);
  }

  /**
   * Adds to `selected` the tests and unit tests whose parents are selected, per mode; the undecided
   * ones are returned as indirect. Tests are never parents, so growing the set does not change a verdict.
   */
  private expand(selected: Set<string>, mode: IndirectSelection): Bundle {
    const base = [...selected];
    const indirect = new Set<string>();
    let buildable: Set<string> | undefined;
    for (const id of base) {
      for (const child of this.graph.testChildren(id)) {
        if (selected.has(child) || indirect.has(child)) continue;
        const parents = this.graph.parents(child);
        if (mode === 'eager' || parents.every((p) => selected.has(p))) {
          selected.add(child);
        } else if (mode === 'buildable' && parents.every((p) => (buildable ??= this.withAncestorsAndSources(base)).has(p))) {
          selected.add(child);
        } else {
          indirect.add(child);
        }
      }
    }
    return { direct: selected, indirect };
  }

  /** After a set operation: cautious/buildable tests left undecided join if their parents now qualify. */
  private incorporate(direct: ReadonlySet<string>, indirect: ReadonlySet<string>, mode: IndirectSelection): ReadonlySet<string> {
    if (indirect === direct) return direct;
    let selected: Set<string> | undefined;
    let pool: ReadonlySet<string> | undefined;
    for (const id of indirect) {
      if (direct.has(id)) continue;
      const type = this.graph.node(id)?.resourceType;
      if (type !== 'test' && type !== 'unit_test') continue;
      pool ??= mode === 'buildable' ? union([direct, this.graph.ancestors(direct)]) : direct;
      if (this.graph.parents(id).every((p) => pool!.has(p))) (selected ??= new Set(direct)).add(id);
    }
    return selected ?? direct;
  }

  private withAncestorsAndSources(selected: Iterable<string>): Set<string> {
    const out = new Set(selected);
    for (const id of this.graph.ancestors(out)) out.add(id);
    for (const node of this.runtime.all) if (node.resourceType === 'source') out.add(node.uniqueId);
    return out;
  }
}

/** Set union; returns an input unchanged when it is the only non-empty one (results are never mutated). */
function union(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  const nonEmpty = sets.filter((s) => s.size > 0);
  if (nonEmpty.length === 0) return NO_IDS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const largest = nonEmpty.reduce((a, b) => (b.size > a.size ? b : a));
  const out = new Set(largest);
  for (const s of nonEmpty) if (s !== largest) for (const id of s) out.add(id);
  return out;
}

function intersection(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  if (sets.length === 0) return NO_IDS;
  if (sets.length === 1) return sets[0]!;
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  const out = new Set<string>();
  for (const id of smallest!) if (rest.every((s) => s.has(id))) out.add(id);
  return out;
}

function difference(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  const [first, ...rest] = sets;
  if (!first) return NO_IDS;
  if (rest.every((s) => s.size === 0)) return first;
  const out = new Set<string>();
  for (const id of first) if (!rest.some((s) => s.has(id))) out.add(id);
  return out;
}
