import type { DirectedGraph } from 'graphology';
import type { GraphNode, ResourceType } from '../manifest/index.js';

/** dbt's four indirect-selection modes: which tests (and unit tests) follow their selected parents. */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

/** Selection methods opp understands (`method:value`). `selector` refers to a selectors.yml entry. */
export type MethodName =
  | 'fqn'
  | 'tag'
  | 'path'
  | 'file'
  | 'source'
  | 'config'
  | 'resource_type'
  | 'state'
  | 'package'
  | 'test_type'
  | 'test_name'
  | 'unit_test'
  | 'access'
  | 'group'
  | 'version'
  | 'selector';

/** One criterion: `@`/`n+` prefix, `method:value` (or a bare name/path), `+n` suffix. */
export interface SelectionCriteria {
  readonly kind: 'criteria';
  /** The term as written, e.g. `+tag:nightly+2`. */
  readonly raw: string;
  readonly method: MethodName;
  /** Keys after the method: `config.meta.owner` → `['meta', 'owner']`. */
  readonly methodArgs: readonly string[];
  readonly value: string;
  /** True when no `method:` was written and the method was inferred from the value (fqn, path or file). */
  readonly implicitMethod: boolean;
  readonly parents: boolean;
  readonly parentsDepth?: number;
  readonly children: boolean;
  readonly childrenDepth?: number;
  /** `@x`: x, its descendants, and every ancestor of those. */
  readonly childrensParents: boolean;
  /** Overrides the command's indirect selection for this criterion (YAML selectors only). */
  readonly indirectSelection?: IndirectSelection;
  /** Character offset of the term within `expression` (CLI strings only). */
  readonly offset?: number;
  /** The whole selector string the term came from. */
  readonly expression?: string;
}

export interface SelectionUnion {
  readonly kind: 'union';
  readonly components: readonly SelectionSpec[];
  readonly raw?: string;
  /** Warn when this part selects nothing (a term the user wrote, not a default). */
  readonly expectExists?: boolean;
}

export interface SelectionIntersection {
  readonly kind: 'intersection';
  readonly components: readonly SelectionSpec[];
  readonly raw?: string;
  readonly expectExists?: boolean;
}

/** `include` minus `exclude` (dbt's SelectionDifference with two components). */
export interface SelectionDifference {
  readonly kind: 'difference';
  readonly include: SelectionSpec;
  readonly exclude: SelectionSpec;
  readonly raw?: string;
}

/** The parsed form of `--select/--exclude` or a selectors.yml definition: set operations over criteria. */
export type SelectionSpec = SelectionCriteria | SelectionUnion | SelectionIntersection | SelectionDifference;

/** Attributes stored on each graphology node. */
export interface GraphNodeAttributes {
  readonly node: GraphNode;
}

/**
 * The project DAG: every enabled node, source and unit test, edges parent → child. Built once by
 * `buildGraph`; every helper is read-only. Lists are sorted by unique id so output is deterministic.
 */
export interface ProjectGraph {
  /** The underlying graphology graph (read it, do not mutate it). */
  readonly graph: DirectedGraph<GraphNodeAttributes>;
  readonly size: number;
  has(id: string): boolean;
  node(id: string): GraphNode | undefined;
  /** Direct parents (sorted by unique id). */
  parents(id: string): readonly string[];
  /** Direct children (sorted by unique id). */
  children(id: string): readonly string[];
  /**
   * Ancestors of one node or a set, up to `depth` generations (all when omitted). A start node is
   * included only if it is itself an ancestor of another start node.
   */
  ancestors(ids: string | Iterable<string>, depth?: number): Set<string>;
  /** Descendants of one node or a set, up to `depth` generations (all when omitted). */
  descendants(ids: string | Iterable<string>, depth?: number): Set<string>;
  /** The tests and unit tests among a node's children (sorted): what indirect selection adds. */
  testChildren(id: string): readonly string[];
  /** Every node in a topological order, ties broken by unique id (deterministic). */
  topologicalOrder(): readonly string[];
  /** The given ids (unknown ids dropped, duplicates removed) in the graph's topological order. */
  sortTopologically(ids: Iterable<string>): string[];
  /**
   * For each node of `selection`, the selected nodes it must wait for: its nearest selected
   * ancestors, looking through unselected nodes (dbt keeps transitive edges across unselected nodes).
   */
  parentsWithin(selection: Iterable<string>): ReadonlyMap<string, readonly string[]>;
}

/** A node of the previous manifest (`--state`), reduced to what state comparison reads. */
export interface StateNode {
  readonly uniqueId: string;
  readonly resourceType: string;
  readonly checksum?: string;
  readonly rawCode?: string;
  readonly fqn?: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  /** Absent in manifests that did not record it; comparison then falls back to `config`. */
  readonly unrenderedConfig?: Readonly<Record<string, unknown>>;
  readonly database?: string | null;
  readonly schema?: string | null;
  readonly alias?: string | null;
  readonly description: string;
  readonly columns: Readonly<Record<string, StateColumn>>;
  readonly dependsOnMacros: readonly string[];
  readonly contractEnforced?: boolean;
  readonly constraints: readonly unknown[];
}

export interface StateColumn {
  readonly description: string;
  readonly dataType?: string | null;
  readonly constraints: readonly unknown[];
}

export interface StateSource {
  readonly uniqueId: string;
  readonly fqn?: readonly string[];
  readonly database?: string | null;
  readonly schema?: string | null;
  readonly identifier?: string | null;
  readonly config: Readonly<Record<string, unknown>>;
  readonly quoting: Readonly<Record<string, unknown>>;
  readonly freshness?: unknown;
  readonly loadedAtField?: string | null;
  readonly external?: unknown;
}

export interface StateUnitTest {
  readonly uniqueId: string;
  readonly fqn?: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  /** Canonical JSON of given/expect/overrides, compared as a whole. */
  readonly fingerprint: string;
}

/** The previous run's manifest.json, read by `readStateManifest`. */
export interface StateManifest {
  /** The file read. */
  readonly file: string;
  readonly nodes: Readonly<Record<string, StateNode>>;
  readonly sources: Readonly<Record<string, StateSource>>;
  readonly unitTests: Readonly<Record<string, StateUnitTest>>;
  readonly macros: Readonly<Record<string, { readonly macroSql: string }>>;
}

export type StateCheck =
  | 'new'
  | 'old'
  | 'modified'
  | 'unmodified'
  | 'modified.body'
  | 'modified.configs'
  | 'modified.relation'
  | 'modified.persisted_descriptions'
  | 'modified.macros'
  | 'modified.contract';

export type ListOutput = 'name' | 'path' | 'json' | 'selector';

export type { ResourceType };
