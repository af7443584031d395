import type { SourceLocation } from '../errors/index.js';

/** A pre-hook or post-hook as dbt records it in the manifest. */
export interface Hook {
  readonly sql: string;
  readonly transaction: boolean;
  readonly index?: number;
}

export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

/**
 * A node's resolved configuration. Unlike the rest of opp's TypeScript, config objects keep dbt's
 * snake_case key names: they are user data, written verbatim to manifest.json and matched by
 * `config.<key>:` selectors, and adapters add keys of their own (`cluster_by`, `snowflake_warehouse`,
 * `transient`, ...). `src/config/config-keys.ts` lists every key opp knows, for validation.
 */
export interface NodeConfig {
  enabled: boolean;
  materialized: string;
  schema?: string | null;
  database?: string | null;
  alias?: string | null;
  tags: string[];
  meta: Record<string, unknown>;
  'pre-hook': Hook[];
  'post-hook': Hook[];
  unique_key?: string | string[] | null;
  incremental_strategy?: string | null;
  incremental_predicates?: string[] | null;
  on_schema_change?: OnSchemaChange;
  full_refresh?: boolean | null;
  persist_docs?: { relation?: boolean; columns?: boolean };
  docs?: { show: boolean; node_color?: string | null };
  grants?: Record<string, string[]>;
  quoting?: Record<string, boolean>;
  contract?: { enforced: boolean };
  /** Test configs (issue 3) and adapter-specific keys. */
  [key: string]: unknown;
}

/**
 * Folder-level configuration from project.yml (`models:`, `seeds:`, ...): a tree whose `+key` entries
 * are config and whose other keys are sub-folders (or, at the first level, the project name).
 * Kept with locations so unknown keys can be reported where they are.
 */
export interface FolderConfigTree {
  readonly config: Readonly<Record<string, unknown>>;
  readonly children: Readonly<Record<string, FolderConfigTree>>;
  readonly location?: SourceLocation;
}

export interface PipelineStep {
  /** `extract` runs extract sources; `build`/`run`/`test` run node commands with a selector. */
  readonly command: 'extract' | 'build' | 'run' | 'test' | 'seed';
  readonly select?: string;
  readonly sources?: readonly string[];
}

export interface PipelineConfig {
  readonly name: string;
  readonly schedule?: string;
  readonly description?: string;
  readonly steps: readonly PipelineStep[];
  readonly location?: SourceLocation;
}

/** project.yml (or dbt_project.yml), validated, with camelCase names and defaults filled in. */
export interface ProjectConfig {
  readonly name: string;
  readonly version?: string;
  readonly profile: string;
  /** Absolute path of the project folder. */
  readonly rootDir: string;
  /** Project-relative path of the file read: `project.yml` or `dbt_project.yml`. */
  readonly file: string;
  readonly modelPaths: readonly string[];
  readonly macroPaths: readonly string[];
  readonly seedPaths: readonly string[];
  readonly testPaths: readonly string[];
  readonly snapshotPaths: readonly string[];
  readonly analysisPaths: readonly string[];
  readonly docsPaths: readonly string[];
  readonly targetPath: string;
  readonly cleanTargets: readonly string[];
  readonly vars: Readonly<Record<string, unknown>>;
  readonly models: FolderConfigTree;
  readonly seeds: FolderConfigTree;
  readonly snapshots: FolderConfigTree;
  readonly dataTests: FolderConfigTree;
  readonly sources: FolderConfigTree;
  readonly unitTests: FolderConfigTree;
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  readonly dispatch: readonly { macroNamespace: string; searchOrder: readonly string[] }[];
  readonly pipelines: Readonly<Record<string, PipelineConfig>>;
  /** project.yml `quoting:` (database/schema/identifier). */
  readonly quoting: Readonly<Record<string, boolean>>;
  /** project.yml `flags:` (dbt's behaviour flags), kept as written. */
  readonly flags?: Readonly<Record<string, unknown>>;
}

/**
 * One output of a profile: the warehouse opp talks to. `settings` holds the adapter-specific keys
 * (`path` for DuckDB; `account`, `user`, `password`, ... for Snowflake) after `env_var()` interpolation.
 * Secret values are registered with `registerSecret` as they are read.
 */
export interface TargetConfig {
  readonly name: string;
  readonly profileName: string;
  readonly type: string;
  readonly database: string;
  readonly schema: string;
  readonly threads: number;
  readonly settings: Readonly<Record<string, unknown>>;
  /** Where the profile came from, or undefined for the built-in embedded-DuckDB default. */
  readonly profilesFile?: string;
}
