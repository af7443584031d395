import {
  CompileError,
  ConfigError,
  ProjectError,
  type ErrorCode,
  type OppError,
  type SourceLocation,
} from '../errors/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { Hook } from './types.js';

/** The resource types that take configuration (dbt's names, as in `resource_type:` selectors). */
export type ConfigResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'source' | 'unit_test' | 'analysis';

/**
 * The shape a config value must have. Strings holding `{{ ... }}` are always accepted: dbt renders
 * config values, so `+enabled: "{{ target.name == 'prod' }}"` is valid and checked after rendering.
 */
export type ConfigValueKind =
  | 'boolean'
  | 'string'
  /** a string or a list of strings */
  | 'strings'
  | 'mapping'
  /** a SQL string, a `{sql, transaction}` mapping, or a list of those */
  | 'hooks'
  | 'integer'
  | 'any'
  | { readonly oneOf: readonly string[]; readonly caseInsensitive?: boolean };

export interface ConfigKeySpec {
  readonly kind: ConfigValueKind;
  readonly resourceTypes: readonly ConfigResourceType[];
}

const NODE: readonly ConfigResourceType[] = ['model', 'seed', 'snapshot', 'analysis'];
const NODE_AND_TEST: readonly ConfigResourceType[] = [...NODE, 'test'];
const ALL: readonly ConfigResourceType[] = [...NODE_AND_TEST, 'source', 'unit_test'];
const MODEL: readonly ConfigResourceType[] = ['model', 'analysis'];
const MODEL_AND_SNAPSHOT: readonly ConfigResourceType[] = ['model', 'analysis', 'snapshot'];
const SNAPSHOT: readonly ConfigResourceType[] = ['snapshot'];
const SEED: readonly ConfigResourceType[] = ['seed'];
const TEST: readonly ConfigResourceType[] = ['test'];

const spec = (kind: ConfigValueKind, resourceTypes: readonly ConfigResourceType[]): ConfigKeySpec => ({
  kind,
  resourceTypes,
});

/**
 * Every config key of dbt core that opp knows, with the resource types it applies to and the shape of
 * its value. Adapter keys come on top (see `SNOWFLAKE_CONFIG_KEYS` and `adapterConfigKeys`).
 */
export const CONFIG_KEYS: Readonly<Record<string, ConfigKeySpec>> = {
  // every resource
  enabled: spec('boolean', ALL),
  tags: spec('strings', ALL),
  meta: spec('mapping', ALL),
  // nodes and tests
  schema: spec('string', NODE_AND_TEST),
  database: spec('string', NODE_AND_TEST),
  alias: spec('string', NODE_AND_TEST),
  group: spec('string', NODE_AND_TEST),
  materialized: spec('string', NODE_AND_TEST),
  sql_header: spec('string', NODE_AND_TEST),
  'pre-hook': spec('hooks', NODE),
  pre_hook: spec('hooks', NODE),
  'post-hook': spec('hooks', NODE),
  post_hook: spec('hooks', NODE),
  persist_docs: spec('mapping', NODE),
  docs: spec('mapping', NODE),
  grants: spec('mapping', NODE),
  quoting: spec('mapping', [...NODE, 'source']),
  full_refresh: spec('boolean', NODE),
  event_time: spec('string', [...NODE, 'source']),
  // models
  unique_key: spec('strings', MODEL_AND_SNAPSHOT),
  incremental_strategy: spec('string', MODEL),
  incremental_predicates: spec('strings', MODEL),
  on_schema_change: spec({ oneOf: ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] }, MODEL),
  on_configuration_change: spec({ oneOf: ['apply', 'continue', 'fail'] }, MODEL),
  contract: spec('mapping', MODEL),
  access: spec({ oneOf: ['private', 'protected', 'public'] }, MODEL),
  batch_size: spec({ oneOf: ['hour', 'day', 'month', 'year'] }, MODEL),
  lookback: spec('integer', MODEL),
  begin: spec('any', MODEL),
  concurrent_batches: spec('boolean', MODEL),
  merge_update_columns: spec('strings', MODEL),
  merge_exclude_columns: spec('strings', MODEL),
  packages: spec('strings', MODEL),
  freshness: spec('mapping', ['model', 'source']),
  // seeds
  column_types: spec('mapping', SEED),
  delimiter: spec('string', SEED),
  quote_columns: spec('boolean', SEED),
  // snapshots
  strategy: spec({ oneOf: ['timestamp', 'check'] }, SNAPSHOT),
  updated_at: spec('string', SNAPSHOT),
  check_cols: spec('strings', SNAPSHOT),
  hard_deletes: spec({ oneOf: ['ignore', 'invalidate', 'new_record'] }, SNAPSHOT),
  invalidate_hard_deletes: spec('boolean', SNAPSHOT),
  snapshot_meta_column_names: spec('mapping', SNAPSHOT),
  dbt_valid_to_current: spec('string', SNAPSHOT),
  target_schema: spec('string', SNAPSHOT),
  target_database: spec('string', SNAPSHOT),
  // data tests
  severity: spec({ oneOf: ['warn', 'error'], caseInsensitive: true }, TEST),
  warn_if: spec('string', TEST),
  error_if: spec('string', TEST),
  where: spec('string', TEST),
  limit: spec('integer', TEST),
  fail_calc: spec('string', TEST),
  store_failures: spec('boolean', TEST),
  store_failures_as: spec({ oneOf: ['table', 'view', 'ephemeral'] }, TEST),
  // sources
  loaded_at_field: spec('string', ['source']),
  loaded_at_query: spec('string', ['source']),
};

/**
 * dbt-snowflake's model keys. Always accepted, so a project written for Snowflake validates while it
 * runs on DuckDB; the Snowflake adapter acts on them, the DuckDB adapter ignores them.
 */
export const SNOWFLAKE_CONFIG_KEYS: readonly string[] = [
  'transient',
  'cluster_by',
  'partition_by',
  'automatic_clustering',
  'secure',
  'copy_grants',
  'copy_tags',
  'snowflake_warehouse',
  'snowflake_initialization_warehouse',
  'refresh_warehouse',
  'query_tag',
  'tmp_relation_type',
  'target_lag',
  'refresh_mode',
  'initialize',
  'scheduler',
  'row_access_policy',
  'table_tag',
  'immutable_where',
  'table_format',
  'external_volume',
  'base_location_root',
  'base_location_subpath',
  'iceberg_version',
];

/** The test-config keys: in a YAML test definition these go to `config`, everything else to `arguments`. */
export const TEST_CONFIG_KEYS: readonly string[] = [
  'severity',
  'where',
  'limit',
  'warn_if',
  'error_if',
  'fail_calc',
  'store_failures',
  'store_failures_as',
  'enabled',
  'tags',
  'meta',
  'alias',
  'schema',
  'database',
];

/** Resource types that adapter keys (and the default Snowflake keys) apply to. */
const ADAPTER_KEY_TYPES: ReadonlySet<ConfigResourceType> = new Set(['model', 'seed', 'snapshot', 'analysis', 'test']);

const keyCache = new Map<string, ReadonlySet<string>>();

/** Every key valid for `resourceType`: dbt's, the default Snowflake keys, and `extraKeys`. */
export function knownConfigKeys(resourceType: ConfigResourceType, extraKeys: readonly string[] = []): ReadonlySet<string> {
  const cacheKey = `${resourceType}\0${extraKeys.join('\0')}`;
  const cached = keyCache.get(cacheKey);
  if (cached) return cached;
  const keys = new Set<string>();
  for (const [key, s] of Object.entries(CONFIG_KEYS)) if (s.resourceTypes.includes(resourceType)) keys.add(key);
  if (ADAPTER_KEY_TYPES.has(resourceType)) {
    for (const key of SNOWFLAKE_CONFIG_KEYS) keys.add(key);
    for (const key of extraKeys) keys.add(key);
  }
  if (keyCache.size > 64) keyCache.clear();
  keyCache.set(cacheKey, keys);
  return keys;
}

/** True when `key` is a config key of `resourceType` (used to tell `materialized: view` from a sub-folder). */
export function isConfigKey(key: string, resourceType: ConfigResourceType, extraKeys?: readonly string[]): boolean {
  return knownConfigKeys(resourceType, extraKeys).has(key);
}

export type ConfigStage = 'config' | 'project' | 'compile';

export interface ValidateConfigOptions {
  /**
   * Which error class and codes to raise: `config` (project.yml: ConfigError `config/unknown-key`),
   * `project` (properties YAML: ProjectError `project/unknown-key`) or `compile` (an in-file `config()`
   * call: CompileError `compile/bad-config`). Default `config`.
   */
  readonly stage?: ConfigStage;
  /** Words for the message: "model config", "folder config for models.my_project.staging". */
  readonly what?: string;
}

/**
 * Checks every key of a config mapping (without `+` prefixes) against the catalogue for `resourceType`
 * and checks the shape of known values. `location` is where the mapping is, or a function giving the
 * location of each key. Returns the problems; never throws.
 */
export function validateConfigKeys(
  config: Readonly<Record<string, unknown>>,
  resourceType: ConfigResourceType,
  location: SourceLocation | ((key: string) => SourceLocation | undefined) | undefined,
  extraKeys: readonly string[] = [],
  options: ValidateConfigOptions = {},
): OppError[] {
  const stage = options.stage ?? 'config';
  const what = options.what ?? `${resourceType.replace('_', ' ')} config`;
  const known = knownConfigKeys(resourceType, extraKeys);
  const errors: OppError[] = [];
  for (const [key, value] of Object.entries(config)) {
    const loc = typeof location === 'function' ? location(key) : location;
    if (!known.has(key)) {
      const suggestion = didYouMean(key, known);
      const elsewhere = Object.prototype.hasOwnProperty.call(CONFIG_KEYS, key)
        ? `'${key}' is a config of ${CONFIG_KEYS[key]!.resourceTypes.join(', ')}, not of a ${resourceType.replace('_', ' ')}`
        : undefined;
      errors.push(
        configError(
          stage,
          'unknown-key',
          `unknown config key '${key}' in ${what}${elsewhere ? ` (${elsewhere})` : ''}`,
          loc,
          suggestion || (elsewhere ? `remove '${key}' here.` : `remove '${key}', or check the spelling against dbt's config names.`),
        ),
      );
      continue;
    }
    const s = CONFIG_KEYS[key];
    if (!s) continue; // adapter keys: the adapter validates values
    const problem = checkConfigValue(s.kind, value);
    if (problem) {
      errors.push(
        configError(stage, 'invalid-value', `config '${key}' in ${what} must be ${problem}, got ${describeValue(value)}`, loc, `set '${key}' to ${problem}.`),
      );
    }
  }
  return errors;
}

function configError(stage: ConfigStage, suffix: 'unknown-key' | 'invalid-value', message: string, location: SourceLocation | undefined, hint: string): OppError {
  const opts = { ...(location ? { location } : {}), hint };
  if (stage === 'compile') return new CompileError('compile/bad-config', message, opts);
  const code = `${stage}/${suffix}` as ErrorCode;
  return stage === 'config' ? new ConfigError(code, message, opts) : new ProjectError(code, message, opts);
}

function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Undefined when `value` fits `kind`, else what was expected ("true or false"). */
export function checkConfigValue(kind: ConfigValueKind, value: unknown): string | undefined {
  if (value === null || value === undefined || isTemplated(value)) return undefined;
  if (typeof kind === 'object') {
    const ok =
      typeof value === 'string' &&
      (kind.caseInsensitive ? kind.oneOf.includes(value.toLowerCase()) : kind.oneOf.includes(value));
    return ok ? undefined : `one of ${kind.oneOf.map((v) => `'${v}'`).join(', ')}`;
  }
  switch (kind) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'strings':
      return typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
        ? undefined
        : 'a string or a list of strings';
    case 'mapping':
      return isPlainObject(value) ? undefined : 'a mapping';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'a whole number';
    case 'hooks': {
      const ok = (h: unknown): boolean => typeof h === 'string' || (isPlainObject(h) && typeof h.sql === 'string');
      return ok(value) || (Array.isArray(value) && value.every(ok))
        ? undefined
        : 'a SQL string, a {sql, transaction} mapping, or a list of those';
    }
    case 'any':
      return undefined;
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isPlainObject(value)) return 'a mapping';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

const KEY_ALIASES: Readonly<Record<string, string>> = {
  pre_hook: 'pre-hook',
  post_hook: 'post-hook',
};

/** Hooks in any form dbt accepts → `Hook[]` (`transaction` defaults to true). */
export function normalizeHooks(value: unknown): Hook[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: Hook[] = [];
  for (const h of list) {
    if (typeof h === 'string') out.push({ sql: h, transaction: true });
    else if (isPlainObject(h) && typeof h.sql === 'string') {
      out.push({
        sql: h.sql,
        transaction: typeof h.transaction === 'boolean' ? h.transaction : true,
        ...(typeof h.index === 'number' ? { index: h.index } : {}),
      });
    }
  }
  return out;
}

/**
 * One config layer in opp's canonical form: `pre_hook`/`post_hook` → `pre-hook`/`post-hook`, hooks as
 * `Hook[]`, `tags: x` → `['x']`, a leading `+` dropped. Other keys and values are kept as written.
 */
export function normalizeConfigKeys(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const bare = rawKey.startsWith('+') ? rawKey.slice(1).trim() : rawKey;
    const key = KEY_ALIASES[bare] ?? bare;
    if (key === 'pre-hook' || key === 'post-hook') {
      const hooks = normalizeHooks(value);
      out[key] = key in out ? [...(out[key] as Hook[]), ...hooks] : hooks;
    } else if (key === 'tags') {
      out[key] = typeof value === 'string' ? [value] : value === null ? [] : value;
    } else {
      out[key] = value;
    }
  }
  return out;
}
