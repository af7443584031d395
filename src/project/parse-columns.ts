import { validateConfigKeys, type ConfigResourceType, type YamlEntry, type YamlNode, type YamlReader } from '../config/index.js';
import { parseTestDefinition } from './parse-test-definition.js';
import type { ColumnProperties, TestDefinition } from './types.js';

export const COLUMN_KEYS = [
  'name',
  'description',
  'data_type',
  'quote',
  'meta',
  'tags',
  'tests',
  'data_tests',
  'constraints',
  'config',
  'docs',
  'granularity',
  'policy_tags',
];

const COLUMN_CONFIG_KEYS = ['meta', 'tags'];
const COLUMN_KEY_SET: ReadonlySet<string> = new Set(COLUMN_KEYS);
const COLUMN_KEY_SET_NO_TESTS: ReadonlySet<string> = new Set(COLUMN_KEYS.filter((k) => k !== 'tests' && k !== 'data_tests'));

/** Shared context of one properties file. */
export interface PropertiesContext {
  readonly r: YamlReader;
  readonly adapterConfigKeys: readonly string[];
}

export function findEntry(entries: readonly YamlEntry[], key: string): YamlEntry | undefined {
  return entries.find((e) => e.key === key);
}

/** `tests:` and `data_tests:` (dbt's new name) of one entry, both read and concatenated. */
export function parseTestLists(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): TestDefinition[] {
  const out: TestDefinition[] = [];
  for (const key of ['data_tests', 'tests']) {
    const e = findEntry(entries, key);
    if (!e) continue;
    for (const item of ctx.r.items(e.value, `'${key}' of ${what}`, e.keyNode) ?? []) {
      const t = parseTestDefinition(ctx.r, item, what, ctx.adapterConfigKeys);
      if (t) out.push(t);
    }
  }
  return out;
}

export function optionalString(ctx: PropertiesContext, entries: readonly YamlEntry[], key: string, what: string): string | undefined {
  const e = findEntry(entries, key);
  return e ? ctx.r.optStr(e.value, `'${key}' of ${what}`, e.keyNode) : undefined;
}

export function description(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): string {
  return optionalString(ctx, entries, 'description', what) ?? '';
}

export function meta(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): Record<string, unknown> {
  const e = findEntry(entries, 'meta');
  return e ? (ctx.r.plainMap(e.value, `'meta' of ${what}`, e.keyNode) ?? {}) : {};
}

export function tags(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): string[] {
  const e = findEntry(entries, 'tags');
  return e ? (ctx.r.strList(e.value, `'tags' of ${what}`, e.keyNode) ?? []) : [];
}

export function constraints(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): Record<string, unknown>[] {
  const e = findEntry(entries, 'constraints');
  if (!e) return [];
  const out: Record<string, unknown>[] = [];
  for (const item of ctx.r.items(e.value, `'constraints' of ${what}`, e.keyNode) ?? []) {
    const c = ctx.r.plainMap(item, `a constraint of ${what}`);
    if (!c) continue;
    if (typeof c.type !== 'string') {
      ctx.r.error('invalid-value', `a constraint of ${what} has no 'type'`, item, "give each constraint a type: not_null, unique, primary_key, foreign_key, check or custom.");
      continue;
    }
    out.push(c);
  }
  return out;
}

/** `name:` of a list entry: required, a string. Reports and returns undefined otherwise. */
export function requiredName(ctx: PropertiesContext, node: YamlNode, entries: readonly YamlEntry[], what: string): string | undefined {
  const e = findEntry(entries, 'name');
  if (!e || ctx.r.isNull(e.value)) {
    ctx.r.error('invalid-value', `${what} has no 'name'`, node, "add 'name:' to the entry (every list item needs its own '- name: ...').");
    return undefined;
  }
  return ctx.r.str(e.value, `'name' of ${what}`, e.keyNode);
}

/**
 * A `config:` mapping as plain data, each key validated for `resourceType` (unknown → project/unknown-key
 * with did-you-mean, at the key).
 */
export function parseConfigBlock(
  ctx: PropertiesContext,
  entry: YamlEntry | undefined,
  resourceType: ConfigResourceType,
  what: string,
): Record<string, unknown> {
  if (!entry) return {};
  const entries = ctx.r.entries(entry.value, `'config' of ${what}`, entry.keyNode);
  if (!entries) return {};
  const config: Record<string, unknown> = {};
  const locs = new Map<string, YamlNode>();
  for (const e of entries) {
    config[e.key] = ctx.r.plain(e.value);
    locs.set(e.key, e.keyNode);
  }
  ctx.r.errors.push(
    ...validateConfigKeys(config, resourceType, (key) => ctx.r.loc(locs.get(key)), ctx.adapterConfigKeys, {
      stage: 'project',
      what: `the config of ${what}`,
    }),
  );
  return config;
}

export function parseDocs(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): { show: boolean; nodeColor?: string } | undefined {
  const e = findEntry(entries, 'docs');
  if (!e) return undefined;
  const docs = ctx.r.entries(e.value, `'docs' of ${what}`, e.keyNode);
  if (!docs) return undefined;
  ctx.r.checkKeys(docs, ['show', 'node_color'], `'docs' of ${what}`);
  const show = findEntry(docs, 'show');
  const color = findEntry(docs, 'node_color');
  const showValue = show ? ctx.r.bool(show.value, `'docs.show' of ${what}`, show.keyNode) : undefined;
  const nodeColor = color ? ctx.r.optStr(color.value, `'docs.node_color' of ${what}`, color.keyNode) : undefined;
  return { show: showValue ?? true, ...(nodeColor !== undefined ? { nodeColor } : {}) };
}

/** `columns:` of a model, seed, snapshot, analysis or source table. */
export function parseColumns(ctx: PropertiesContext, entries: readonly YamlEntry[], owner: string, withTests = true): ColumnProperties[] {
  const e = findEntry(entries, 'columns');
  if (!e) return [];
  const out: ColumnProperties[] = [];
  const seen = new Map<string, YamlNode>();
  for (const item of ctx.r.items(e.value, `'columns' of ${owner}`, e.keyNode) ?? []) {
    const col = ctx.r.entries(item, `a column of ${owner}`);
    if (!col) continue;
    const name = requiredName(ctx, item, col, `a column of ${owner}`);
    if (name === undefined) continue;
    const what = `column '${name}' of ${owner}`;
    ctx.r.checkKeys(col, withTests ? COLUMN_KEY_SET : COLUMN_KEY_SET_NO_TESTS, what);
    const previous = seen.get(name.toLowerCase());
    if (previous) {
      const at = ctx.r.loc(previous);
      ctx.r.error('duplicate-name', `${what} is described twice (first at line ${at.line})`, item, 'merge the two column entries into one.');
    }
    seen.set(name.toLowerCase(), item);
    const quoteEntry = findEntry(col, 'quote');
    const quote = quoteEntry && !ctx.r.isNull(quoteEntry.value) ? ctx.r.bool(quoteEntry.value, `'quote' of ${what}`, quoteEntry.keyNode) : undefined;
    const dataType = optionalString(ctx, col, 'data_type', what);
    // dbt ≥ 1.10 moves column meta and tags under `config:`; both places are read.
    const configEntry = findEntry(col, 'config');
    let configMeta: Record<string, unknown> = {};
    let configTags: string[] = [];
    if (configEntry) {
      const cfg = ctx.r.entries(configEntry.value, `'config' of ${what}`, configEntry.keyNode) ?? [];
      ctx.r.checkKeys(cfg, COLUMN_CONFIG_KEYS, `'config' of ${what}`);
      configMeta = meta(ctx, cfg, what);
      configTags = tags(ctx, cfg, what);
    }
    parseDocs(ctx, col, what);
    out.push({
      name,
      description: description(ctx, col, what),
      ...(dataType !== undefined ? { dataType } : {}),
      ...(quote !== undefined ? { quote } : {}),
      meta: { ...meta(ctx, col, what), ...configMeta },
      tags: [...new Set([...tags(ctx, col, what), ...configTags])],
      tests: withTests ? parseTestLists(ctx, col, what) : [],
      constraints: constraints(ctx, col, what),
      location: ctx.r.loc(item),
    });
  }
  return out;
}
