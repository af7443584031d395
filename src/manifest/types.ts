import type { SourceLocation } from '../errors/index.js';
import type { NodeConfig } from '../config/types.js';
import type { FreshnessThresholds, TestDefinition, UnitTestInput } from '../project/types.js';

/**
 * The manifest: every resource of the project after the parse pass, with its parse-time dependencies and
 * resolved config. Plain, readonly, serialisable data (records, not Maps), discriminated on
 * `resourceType` (dbt's own vocabulary, matched by the `resource_type:` selector).
 *
 * Ids follow dbt: `model.<project>.<name>`, `seed.<project>.<name>`, `source.<project>.<source>.<table>`,
 * `test.<project>.<test_name>.<hash>`, `macro.<project>.<name>`, `doc.<project>.<name>`,
 * `unit_test.<project>.<model>.<name>`.
 */
export type ResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'analysis' | 'source' | 'unit_test';

export interface ColumnInfo {
  readonly name: string;
  readonly description: string;
  readonly dataType?: string;
  readonly quote?: boolean;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly constraints: readonly Readonly<Record<string, unknown>>[];
}

/** A `ref()` call recorded by the parse pass. */
export interface RefCall {
  readonly name: string;
  readonly package?: string;
  readonly version?: string | number;
  readonly location?: SourceLocation;
}

/** A `source()` call recorded by the parse pass. */
export interface SourceCall {
  readonly sourceName: string;
  readonly tableName: string;
  readonly location?: SourceLocation;
}

export interface DependsOn {
  /** Unique ids of models, seeds, snapshots and sources this node reads. */
  readonly nodes: readonly string[];
  /** Unique ids of the macros its template calls (as far as the parse pass can tell). */
  readonly macros: readonly string[];
}

interface ResourceBase {
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  /** dbt's fully-qualified name: `[project, ...folders, name]`. */
  readonly fqn: readonly string[];
  /** Project-relative path of the defining file. */
  readonly originalFilePath: string;
  /** Path relative to the resource's root folder (e.g. `staging/stg_x.sql` under `models/`). */
  readonly path: string;
  readonly description: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  /** The properties YAML describing this resource, if any (dbt's `patch_path`). */
  readonly patchPath?: string;
}

/** Where a node materialises: resolved by generate_database_name / generate_schema_name / generate_alias_name. */
export interface RelationName {
  readonly database: string;
  readonly schema: string;
  readonly alias: string;
}

interface SqlNodeBase extends ResourceBase, RelationName {
  readonly rawCode: string;
  /** sha256 of the file content. */
  readonly checksum: string;
  readonly language: 'sql';
  readonly config: NodeConfig;
  /** Config exactly as written in the file's `config()` call and YAML, before merging (for state:modified). */
  readonly unrenderedConfig: Readonly<Record<string, unknown>>;
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  readonly dependsOn: DependsOn;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
  readonly docs: { readonly show: boolean; readonly nodeColor?: string };
}

export interface ModelNode extends SqlNodeBase {
  readonly resourceType: 'model';
  readonly constraints: readonly Readonly<Record<string, unknown>>[];
}

export interface SnapshotNode extends SqlNodeBase {
  readonly resourceType: 'snapshot';
}

export interface AnalysisNode extends SqlNodeBase {
  readonly resourceType: 'analysis';
}

export interface SeedNode extends ResourceBase, RelationName {
  readonly resourceType: 'seed';
  readonly checksum: string;
  readonly config: NodeConfig;
  readonly unrenderedConfig: Readonly<Record<string, unknown>>;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
  readonly dependsOn: DependsOn;
  readonly docs: { readonly show: boolean; readonly nodeColor?: string };
  /** Absolute path of the CSV. */
  readonly absolutePath: string;
}

/** Generic tests carry what they were generated from; singular tests have no `testMetadata`. */
export interface TestMetadata {
  /** The generic test's name (`unique`, `accepted_values`, ...). */
  readonly name: string;
  readonly namespace?: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

export interface TestNode extends SqlNodeBase {
  readonly resourceType: 'test';
  readonly testMetadata?: TestMetadata;
  readonly columnName?: string;
  /** The model, seed, snapshot or source the test is attached to. */
  readonly attachedNode?: string;
  readonly definition?: TestDefinition;
}

export interface SourceNode extends ResourceBase {
  readonly resourceType: 'source';
  readonly sourceName: string;
  readonly sourceDescription: string;
  readonly identifier: string;
  readonly database: string;
  readonly schema: string;
  readonly loader: string;
  readonly loadedAtField?: string;
  readonly freshness?: FreshnessThresholds | null;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly quoting: Readonly<Record<string, boolean>>;
  readonly external?: Readonly<Record<string, unknown>>;
  readonly location: SourceLocation;
}

export interface UnitTestNode extends ResourceBase {
  readonly resourceType: 'unit_test';
  /** Unique id of the model under test. */
  readonly model: string;
  readonly given: readonly UnitTestInput[];
  readonly expect: Omit<UnitTestInput, 'input'>;
  readonly overrides: {
    readonly macros: Readonly<Record<string, unknown>>;
    readonly vars: Readonly<Record<string, unknown>>;
    readonly envVars: Readonly<Record<string, unknown>>;
  };
  readonly config: Readonly<Record<string, unknown>>;
  readonly dependsOn: DependsOn;
  readonly location: SourceLocation;
}

export interface MacroNode {
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  readonly originalFilePath: string;
  /** The macro's source text, from `{% macro %}` to `{% endmacro %}`. */
  readonly macroSql: string;
  readonly arguments: readonly string[];
  readonly description: string;
  readonly location: SourceLocation;
  readonly dependsOn: { readonly macros: readonly string[] };
  /** `macro` for `{% macro %}`, `test` for `{% test %}` (generic tests), `materialization` is not supported. */
  readonly kind: 'macro' | 'test';
}

export interface DocBlock {
  readonly uniqueId: string;
  readonly name: string;
  readonly packageName: string;
  readonly originalFilePath: string;
  readonly blockContents: string;
}

/** Nodes the DAG runs. */
export type ExecutableNode = ModelNode | SeedNode | SnapshotNode | TestNode | UnitTestNode | AnalysisNode;
export type ManifestNode = ExecutableNode;
export type GraphNode = ExecutableNode | SourceNode;

export interface Manifest {
  readonly projectName: string;
  /** Models, seeds, snapshots, tests and analyses, by unique id. */
  readonly nodes: Readonly<Record<string, ManifestNode>>;
  readonly sources: Readonly<Record<string, SourceNode>>;
  readonly macros: Readonly<Record<string, MacroNode>>;
  readonly docs: Readonly<Record<string, DocBlock>>;
  readonly unitTests: Readonly<Record<string, UnitTestNode>>;
  /** Disabled resources by unique id (a ref to one is `graph/disabled-ref`, not `unknown-ref`). */
  readonly disabled: Readonly<Record<string, ManifestNode>>;
  /** Parse-time facts the run pass needs again. */
  readonly metadata: {
    readonly projectName: string;
    readonly targetName: string;
    readonly adapterType: string;
    readonly generatedAt: string;
    readonly invocationId: string;
    readonly oppVersion?: string;
  };
}
