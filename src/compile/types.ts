import type { Column, ExecResult, RelationInfo, RelationRef } from '../adapters/index.js';
import type { TargetConfig, NodeConfig } from '../config/types.js';
import type { OppError, SourceLocation } from '../errors/index.js';
import type { Manifest, ManifestNode, RelationName } from '../manifest/index.js';

/** What compile needs from a dialect: relation rendering and identifier quoting (a subset of `Dialect`). */
export interface TemplateDialect {
  relationName(ref: RelationRef): string;
  quoteIdentifier(name: string): string;
}

/** A relation `ref()`/`source()` resolved to. `ephemeral` models become CTEs in the run pass. */
export interface ResolvedRelation extends RelationRef {
  readonly uniqueId?: string;
  readonly ephemeral?: boolean;
}

/**
 * How `ref()` and `source()` resolve in the run pass. The caller provides it (so deferral, state and
 * selection stay outside compile); `buildManifestResolver` is the default over a manifest.
 */
export interface RelationResolver {
  ref(call: { readonly name: string; readonly package?: string; readonly version?: string | number }, from: ManifestNode): ResolvedRelation;
  source(sourceName: string, tableName: string, from: ManifestNode): ResolvedRelation;
}

/** The warehouse access the run pass may need: `run_query`, `adapter.get_relation`, `adapter.get_columns_in_relation`. */
export interface QueryFunctions {
  runQuery(sql: string): Promise<Pick<ExecResult, 'rows' | 'columns'>>;
  getRelation?(ref: RelationRef): Promise<RelationInfo | undefined>;
  getColumns?(ref: RelationRef): Promise<Column[]>;
}

export interface TemplateLog {
  readonly level: 'info' | 'debug' | 'warn';
  readonly message: string;
  readonly nodeId?: string;
  readonly location?: SourceLocation;
}

/** Run-time flags templates can read as `flags.X`. */
export interface TemplateFlags {
  readonly FULL_REFRESH?: boolean;
  /** The command: `run`, `compile`, `build`, ... */
  readonly WHICH?: string;
  readonly [key: string]: unknown;
}

/** Options common to both passes. */
export interface CompileOptions {
  /** `--vars`, overriding project.yml `vars:`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Environment for `env_var()` (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly flags?: TemplateFlags;
  readonly invocationId?: string;
  readonly runStartedAt?: Date;
  /** Relation rendering and quoting; ANSI double quotes when absent. */
  readonly dialect?: TemplateDialect;
}

export interface ParseOptions extends CompileOptions {
  /** Config keys the target's adapter adds (`AdapterFactory.configKeys`), accepted by `config()`. */
  readonly adapterConfigKeys?: readonly string[];
  /**
   * Folder for the parse cache (`partial_parse.json`); default `<rootDir>/<target-path>`. `false` disables
   * the cache.
   */
  readonly cacheDir?: string | false;
  /**
   * Leave writing the parse cache to the caller: `ParseResult.writeCache()` writes it (e.g. once the
   * command's real work is done), keeping serialisation off the parse's critical path.
   */
  readonly deferCacheWrite?: boolean;
}

export interface ParseStats {
  readonly files: number;
  /** Templates read by the static fast path (no Nunjucks). */
  readonly staticTemplates: number;
  /** Templates compiled and rendered by Nunjucks. */
  readonly jinjaTemplates: number;
  /** Files whose parse result came from the cache. */
  readonly cachedFiles: number;
  readonly cache: 'none' | 'cold' | 'partial' | 'hit';
  readonly elapsedMs: number;
}

export interface ParseResult {
  readonly manifest: Manifest;
  /** Non-fatal problems (YAML properties for nodes that do not exist, `exceptions.warn`, ...). */
  readonly warnings: readonly OppError[];
  readonly logs: readonly TemplateLog[];
  readonly stats: ParseStats;
  /** Environment variables the templates read while parsing (their values: `session.env`; caches keep digests). */
  readonly envVarNames: readonly string[];
  /** With `deferCacheWrite`: writes the parse cache (resolves when written; never rejects). */
  readonly writeCache?: () => Promise<void>;
}

/**
 * Values that replace the session's for one render (unit tests' `overrides:`), applied per render without
 * rebuilding the session.
 */
export interface RenderOverrides {
  /** `var()` values, over project vars and `--vars`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** `env_var()` values, over the session's environment; `null` reads as unset. */
  readonly env?: Readonly<Record<string, unknown>>;
  /**
   * Context names (`current_timestamp`, `dbt.current_timestamp`, `invocation_id`, ...) → value: a name
   * that is callable in the context becomes a callable returning the value, any other name becomes the
   * value. Names the context does not have are ignored (as dbt). `dbt.x` also replaces `x`.
   */
  readonly macros?: Readonly<Record<string, unknown>>;
}

/** What the run pass renders with. Build one per node cheaply (`{ ...base, isIncremental }`). */
export interface RunContext {
  readonly manifest: Manifest;
  readonly target: TargetConfig;
  readonly dialect?: TemplateDialect;
  /** Defaults to `buildManifestResolver(manifest, dialect)`. */
  readonly resolver?: RelationResolver;
  /** Decided by the caller: the target exists as a table, the model is incremental, not a full refresh. */
  readonly isIncremental: boolean;
  readonly query?: QueryFunctions;
  /** `--vars`, for a session rebuilt from the manifest (the parse pass's session keeps its own). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** `env_var()`'s environment for these renders (default: the session's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly flags?: TemplateFlags;
  /** Per-render replacements of vars, env vars and context names (unit tests' `overrides:`). */
  readonly overrides?: RenderOverrides;
  /**
   * What `this` renders as for the node rendered (`renderNode`'s node, `renderSql`'s), instead of the
   * node's own relation; ephemeral models injected as CTEs keep their own `this`.
   */
  readonly thisRelation?: RelationRef;
  /** Render `adapter.dispatch`, `adapter.type()` and `target.type` as this adapter type (e.g. `duckdb`). */
  readonly dispatchAs?: string;
}

/** An ephemeral model injected into a compiled node as `__dbt__cte__<name> as (...)`. */
export interface InjectedCte {
  readonly id: string;
  readonly sql: string;
}

/** The run pass's result for one node. */
export interface CompiledNode {
  readonly kind: 'compiled-node';
  readonly uniqueId: string;
  readonly resourceType: ManifestNode['resourceType'];
  /** The SQL to run, with ephemeral CTEs injected. */
  readonly compiledCode: string;
  /** Where the node materialises, and its rendered name (absent for ephemeral models). */
  readonly relation: RelationName;
  readonly relationName?: string;
  readonly config: NodeConfig;
  /** Names of the environment variables the template, or an ephemeral model injected into it, read. */
  readonly envVars: readonly string[];
  /** `log()` / `exceptions.warn()` output of the final render, for the caller to print. */
  readonly logs: readonly TemplateLog[];
  /** Ephemeral models injected, in order. */
  readonly extraCtes: readonly InjectedCte[];
  /** `target/compiled/<project>/<original_file_path>` (project-relative). */
  readonly compiledPath: string;
  /**
   * Present when the render (or an ephemeral model injected) read the warehouse, the clock or the
   * invocation (`RenderFacts.volatile`): the same inputs may compile differently next time.
   */
  readonly volatile?: true;
}
