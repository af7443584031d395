import type { SourceLocation } from '../errors/index.js';
import type { ProjectConfig } from '../config/types.js';

/** A text file of the project, read once. `path` is project-relative with forward slashes. */
export interface ProjectFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly content: string;
  /** sha256 of the content. */
  readonly checksum: string;
}

/** A seed CSV: not read into memory at load time (seeds can be large); checksummed by content. */
export interface SeedFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly checksum: string;
  readonly sizeBytes: number;
}

/**
 * A data test as written in YAML, normalised from every form dbt accepts:
 * `- unique`, `- accepted_values: {values: [...]}`, `- accepted_values: {arguments: {...}, config: {...}}`,
 * `- name: custom_name` + `test_name: ...`, and namespaced names (`dbt_utils.expression_is_true`).
 */
export interface TestDefinition {
  /** The generic test's name, e.g. `unique`, `accepted_values`, `dbt_utils.expression_is_true`. */
  readonly testName: string;
  /** The user's explicit `name:` for this test, if given. */
  readonly customName?: string;
  readonly arguments: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
  readonly description?: string;
  readonly location: SourceLocation;
}

export interface ColumnProperties {
  readonly name: string;
  readonly description: string;
  readonly dataType?: string;
  readonly quote?: boolean;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly tests: readonly TestDefinition[];
  readonly constraints: readonly Readonly<Record<string, unknown>>[];
  readonly location: SourceLocation;
}

/** What a `models:` / `seeds:` / `snapshots:` / `analyses:` entry of a properties YAML says about one node. */
export interface NodeProperties {
  readonly resourceType: 'model' | 'seed' | 'snapshot' | 'analysis';
  readonly name: string;
  readonly description: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Where `config:` starts, for config validation errors. */
  readonly configLocation?: SourceLocation;
  readonly columns: readonly ColumnProperties[];
  readonly tests: readonly TestDefinition[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly docs?: { readonly show: boolean; readonly nodeColor?: string };
  readonly constraints: readonly Readonly<Record<string, unknown>>[];
  /** Snapshots defined in YAML (dbt ≥ 1.9) carry their `relation:` here. */
  readonly relation?: string;
  readonly location: SourceLocation;
  /** The properties file, project-relative (dbt's `patch_path`). */
  readonly file: string;
}

export interface FreshnessRule {
  readonly count: number;
  readonly period: 'minute' | 'hour' | 'day';
}

export interface FreshnessThresholds {
  readonly warnAfter?: FreshnessRule;
  readonly errorAfter?: FreshnessRule;
  readonly filter?: string;
}

export interface SourceTableProperties {
  readonly name: string;
  readonly identifier?: string;
  readonly description: string;
  readonly columns: readonly ColumnProperties[];
  readonly tests: readonly TestDefinition[];
  readonly loadedAtField?: string;
  /** `null` means freshness explicitly switched off for this table. */
  readonly freshness?: FreshnessThresholds | null;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly quoting: Readonly<Record<string, boolean>>;
  readonly external?: Readonly<Record<string, unknown>>;
  readonly location: SourceLocation;
}

export interface SourceProperties {
  readonly name: string;
  readonly description: string;
  readonly database?: string;
  readonly schema?: string;
  readonly loader?: string;
  readonly loadedAtField?: string;
  readonly freshness?: FreshnessThresholds | null;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly quoting: Readonly<Record<string, boolean>>;
  readonly tables: readonly SourceTableProperties[];
  readonly location: SourceLocation;
  readonly file: string;
}

/** One `given:` input of a dbt 1.8 unit test. */
export interface UnitTestInput {
  /** `ref('x')`, `ref('pkg', 'x')`, `source('s', 't')` or `this` as written. */
  readonly input: string;
  readonly format: 'dict' | 'csv' | 'sql';
  /** `dict`: a list of row objects; `csv`/`sql`: the text (inline `rows:` or read from `fixture:`). */
  readonly rows: readonly Readonly<Record<string, unknown>>[] | string;
  readonly fixture?: string;
  readonly location: SourceLocation;
}

export interface UnitTestProperties {
  readonly name: string;
  readonly model: string;
  readonly description: string;
  readonly given: readonly UnitTestInput[];
  readonly expect: Omit<UnitTestInput, 'input'>;
  readonly overrides: {
    readonly macros: Readonly<Record<string, unknown>>;
    readonly vars: Readonly<Record<string, unknown>>;
    readonly envVars: Readonly<Record<string, unknown>>;
  };
  readonly config: Readonly<Record<string, unknown>>;
  readonly location: SourceLocation;
  readonly file: string;
}

export interface MacroProperties {
  readonly name: string;
  readonly description: string;
  readonly arguments: readonly { readonly name: string; readonly type?: string; readonly description: string }[];
  readonly location: SourceLocation;
  readonly file: string;
}

/** Everything one properties YAML file (`sources.yml`, `models/**\/*.yml`) declares. */
export interface PropertiesFile {
  readonly path: string;
  readonly checksum: string;
  readonly nodes: readonly NodeProperties[];
  readonly sources: readonly SourceProperties[];
  readonly unitTests: readonly UnitTestProperties[];
  readonly macros: readonly MacroProperties[];
  /** Top-level keys opp accepts but does not act on yet (exposures, metrics, semantic_models, groups). */
  readonly ignored: readonly string[];
}

/** selectors.yml: named selector definitions, kept as parsed YAML with locations for the graph stage. */
export interface SelectorsFile {
  readonly path: string;
  readonly selectors: readonly {
    readonly name: string;
    readonly description: string;
    readonly default: boolean;
    readonly definition: unknown;
    readonly location: SourceLocation;
  }[];
}

/** The project read from disk: the input of the parse pass. */
export interface ProjectFiles {
  readonly config: ProjectConfig;
  readonly models: readonly ProjectFile[];
  readonly macros: readonly ProjectFile[];
  readonly seeds: readonly SeedFile[];
  /** Singular data tests (`.sql` under test-paths). */
  readonly tests: readonly ProjectFile[];
  readonly snapshots: readonly ProjectFile[];
  readonly analyses: readonly ProjectFile[];
  /** `.md` files holding `{% docs %}` blocks. */
  readonly docs: readonly ProjectFile[];
  readonly properties: readonly PropertiesFile[];
  readonly selectors?: SelectorsFile;
}
