import { normalizeConfigKeys, type ConfigResourceType } from './config-keys.js';
import type { FolderConfigTree, Hook, NodeConfig } from './types.js';

/**
 * How dbt combines a key set at two levels (dbt_common's MergeBehavior):
 * - `append`: lists accumulate (`tags` as a union keeping first-seen order, hooks and `packages` in order);
 * - `update`: mappings merge key by key, the more specific layer winning per key;
 * - `dictKeyAppend` (`grants`): per privilege the more specific list replaces, unless its key starts
 *   with `+`, which extends the inherited list;
 * - everything else: the more specific layer replaces.
 */
const MERGE_BEHAVIOUR: Readonly<Record<string, 'union' | 'append' | 'update' | 'dictKeyAppend'>> = {
  tags: 'union',
  'pre-hook': 'append',
  'post-hook': 'append',
  packages: 'append',
  meta: 'update',
  quoting: 'update',
  column_types: 'update',
  docs: 'update',
  contract: 'update',
  grants: 'dictKeyAppend',
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function mergeGrants(base: unknown, over: Record<string, unknown>): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (isPlainObject(base)) for (const [k, v] of Object.entries(base)) out[k.replace(/^\+/, '')] = asList(v);
  for (const [rawKey, v] of Object.entries(over)) {
    const extend = rawKey.startsWith('+');
    const key = extend ? rawKey.replace(/^\++/, '') : rawKey;
    out[key] = extend && key in out ? [...out[key]!, ...asList(v)] : asList(v);
  }
  return out;
}

/**
 * Merges config layers, lowest precedence first, with dbt's rules. The layers, as dbt orders them:
 * resource-type defaults < project.yml folder config (outer folder < inner folder, see `folderConfigFor`)
 * < the YAML properties `config:` < the in-file `config()` call. Each layer is normalised first
 * (`normalizeConfigKeys`); hooks get their `index` in the final order. Pure.
 */
export function mergeConfig(layers: readonly Readonly<Record<string, unknown>>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    const normalized = normalizeConfigKeys(layer);
    for (const [key, value] of Object.entries(normalized)) {
      const behaviour = MERGE_BEHAVIOUR[key];
      const current = out[key];
      switch (behaviour) {
        case 'union': {
          if (value === null) break;
          const seen = new Set<unknown>();
          const merged: unknown[] = [];
          for (const t of [...asList(current), ...asList(value)]) {
            if (!seen.has(t)) {
              seen.add(t);
              merged.push(t);
            }
          }
          out[key] = merged;
          break;
        }
        case 'append':
          if (value === null) break;
          out[key] = [...asList(current), ...asList(value)];
          break;
        case 'update':
          if (value === null) break;
          out[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
          break;
        case 'dictKeyAppend':
          if (value === null) break;
          out[key] = isPlainObject(value) ? mergeGrants(current, value) : value;
          break;
        default:
          out[key] = value;
      }
    }
  }
  for (const key of ['pre-hook', 'post-hook'] as const) {
    const hooks = out[key] as Hook[] | undefined;
    if (hooks) out[key] = hooks.map((h, index) => ({ ...h, index }));
  }
  return out;
}

/**
 * The folder-config layers from project.yml that apply to a node, outermost first: the tree's
 * top-level config, then one layer per matching level of `fqn` (`[project, ...folders, name]`: the
 * first level of the tree is the project name, and a level may name the node itself). Levels with no
 * config are skipped. Pure.
 */
export function folderConfigFor(tree: FolderConfigTree, fqn: readonly string[]): Record<string, unknown>[] {
  const layers: Record<string, unknown>[] = [];
  if (Object.keys(tree.config).length > 0) layers.push({ ...tree.config });
  let level: FolderConfigTree | undefined = tree;
  for (const part of fqn) {
    level = Object.prototype.hasOwnProperty.call(level.children, part) ? level.children[part] : undefined;
    if (!level) break;
    if (Object.keys(level.config).length > 0) layers.push({ ...level.config });
  }
  return layers;
}

/** dbt's defaults for a resource type: the lowest layer of every merge. */
export function defaultNodeConfig(resourceType: ConfigResourceType): NodeConfig {
  const base: NodeConfig = {
    enabled: true,
    materialized: 'view',
    tags: [],
    meta: {},
    'pre-hook': [],
    'post-hook': [],
    persist_docs: {},
    quoting: {},
    grants: {},
    docs: { show: true },
    contract: { enforced: false },
    on_schema_change: 'ignore',
  };
  switch (resourceType) {
    case 'model':
    case 'analysis':
      return base;
    case 'seed':
      return { ...base, materialized: 'seed', column_types: {} };
    case 'snapshot':
      return { ...base, materialized: 'snapshot' };
    case 'test':
      return {
        enabled: true,
        materialized: 'test',
        tags: [],
        meta: {},
        'pre-hook': [],
        'post-hook': [],
        severity: 'ERROR',
        warn_if: '!= 0',
        error_if: '!= 0',
        fail_calc: 'count(*)',
      };
    case 'source':
    case 'unit_test':
      return { enabled: true, materialized: resourceType, tags: [], meta: {}, 'pre-hook': [], 'post-hook': [] };
  }
}

/** `defaultNodeConfig(resourceType)` merged with `layers` (lowest precedence first). */
export function buildNodeConfig(resourceType: ConfigResourceType, layers: readonly Readonly<Record<string, unknown>>[]): NodeConfig {
  return mergeConfig([defaultNodeConfig(resourceType), ...layers]) as NodeConfig;
}
