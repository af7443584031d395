import type {
  Capabilities,
  Column,
  Dialect,
  IncrementalStrategy,
  RelationInfo,
  RelationRef,
  Statement,
} from '../adapters/index.js';
import type { NodeConfig } from '../config/types.js';

/**
 * What the warehouse said for the node's main statement. Structurally the runner's `AdapterResponse`
 * (src/run/types.ts), declared here so materialize does not import the runner.
 */
export interface MaterializationResponse {
  /** `CREATE VIEW`, `SELECT 42` (a table build), `MERGE 5`, `INSERT 12`. */
  readonly message?: string;
  readonly code?: string;
  readonly rowsAffected?: number;
  readonly queryId?: string;
}

/** A hook already rendered. A plain string runs inside the model's transaction (dbt's default). */
export type HookInput = string | { readonly sql: string; readonly transaction?: boolean };

/** The node being materialised: what the planners need of a manifest node. */
export interface MaterializationNode {
  readonly uniqueId: string;
  readonly config: NodeConfig;
  /** Where it materialises (`database` may be left to the dialect's default). */
  readonly relation: RelationRef;
  /** The node's description, persisted as the relation comment with `persist_docs: {relation: true}`. */
  readonly description?: string;
  /** The documented columns (YAML), persisted as column comments with `persist_docs: {columns: true}`. */
  readonly columns?: Readonly<Record<string, { readonly name?: string; readonly description?: string }>>;
}

/** Everything a planner needs: plain data, no adapter. */
export interface MaterializationInput {
  readonly node: MaterializationNode;
  /** The compiled SELECT. */
  readonly compiledSql: string;
  /** The relation at `node.relation` now, as the runner found it (undefined: none). */
  readonly existing?: RelationInfo;
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  /** `--full-refresh`. */
  readonly fullRefresh: boolean;
  readonly hooks: { readonly pre: readonly HookInput[]; readonly post: readonly HookInput[] };
  /** Project-relative compiled file, so database errors point into it. */
  readonly compiledPath?: string;
  /** Ctrl-C / --fail-fast: cancels the running statement (the transaction rolls back). */
  readonly signal?: AbortSignal;
  /**
   * The compiled SELECT's columns, in order, when the orchestrator read them (`persist_docs` column
   * comments on a view are part of its CREATE and need every column; see `needsQueryColumns`).
   */
  readonly queryColumns?: readonly Column[];
}

/** Materialisations opp knows. */
export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral'] as const;
export type MaterializationKind = (typeof MATERIALIZATIONS)[number];

/** Columns that differ between the staged rows and the target (dbt's `check_for_schema_changes`). */
export interface SchemaChanges {
  /** In the staged rows, not in the target. */
  readonly added: readonly Column[];
  /** In the target, not in the staged rows. */
  readonly removed: readonly Column[];
  /** In both with another type: the staged (new) type. */
  readonly typeChanged: readonly { readonly name: string; readonly from: string; readonly to: string }[];
}

/** A plan that runs in one go (view, table, ephemeral, and incremental builds that are full builds). */
export interface SinglePhasePlan {
  readonly kind: 'single';
  readonly materialization: MaterializationKind;
  readonly statements: readonly Statement[];
  /** What the relation will be afterwards; undefined for ephemeral. */
  readonly relationKind?: 'view' | 'table';
  /** Relations the plan creates and drops again (temporary, backup), for the relation cache. */
  readonly transient: readonly RelationRef[];
}

/** Phase one of an incremental run on an existing table: stage the new rows. */
export interface IncrementalStagePlan {
  readonly kind: 'incremental-stage';
  readonly materialization: 'incremental';
  readonly statements: readonly Statement[];
  readonly target: RelationRef;
  readonly stage: RelationRef;
  /** The staged rows are a view (dbt-snowflake's default for single-statement strategies) or a table. */
  readonly stageKind?: 'view' | 'table';
  readonly strategy: IncrementalStrategy;
  /** The stage phase opened a transaction that the apply phase commits. */
  readonly openedTransaction: boolean;
  /** Apply needs the staged relation's columns (every on_schema_change but `ignore`). */
  readonly needsStagedColumns: boolean;
}

/** Phase two: reconcile columns, merge/insert, drop the stage, commit. */
export interface IncrementalApplyPlan {
  readonly kind: 'incremental-apply';
  readonly statements: readonly Statement[];
  readonly schemaChanges?: SchemaChanges;
  /** Columns written into the target. */
  readonly columns: readonly string[];
}

export type MaterializationPlan = SinglePhasePlan | IncrementalStagePlan;

export interface MaterializationResult {
  readonly kind: 'materialization-result';
  readonly uniqueId: string;
  readonly materialization: MaterializationKind;
  /** False for ephemeral models: compile inlines them, nothing runs. */
  readonly executed: boolean;
  /** Every statement run, hooks included, in order. */
  readonly statements: readonly Statement[];
  readonly adapterResponse: MaterializationResponse;
  /** The relation the node now is (undefined for ephemeral). */
  readonly relation?: RelationInfo;
  readonly schemaChanges?: SchemaChanges;
}
