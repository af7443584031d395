import type { YamlEntry, YamlNode } from '../config/index.js';
import {
  description,
  findEntry,
  meta,
  optionalString,
  parseColumns,
  parseConfigBlock,
  parseTestLists,
  requiredName,
  tags,
  type PropertiesContext,
} from './parse-columns.js';
import type { FreshnessRule, FreshnessThresholds, SourceProperties, SourceTableProperties } from './types.js';

export const SOURCE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'database',
  'schema',
  'loader',
  'loaded_at_field',
  'loaded_at_query',
  'freshness',
  'quoting',
  'tables',
  'meta',
  'tags',
  'config',
]);

export const SOURCE_TABLE_KEYS: ReadonlySet<string> = new Set([
  'name',
  'identifier',
  'description',
  'columns',
  'tests',
  'data_tests',
  'loaded_at_field',
  'loaded_at_query',
  'freshness',
  'meta',
  'tags',
  'config',
  'quoting',
  'external',
  'docs',
]);

const PERIODS = ['minute', 'hour', 'day'] as const;

function parseRule(ctx: PropertiesContext, entry: YamlEntry, what: string): FreshnessRule | undefined {
  if (ctx.r.isNull(entry.value)) return undefined;
  const entries = ctx.r.entries(entry.value, `'${entry.key}' of ${what}`, entry.keyNode);
  if (!entries) return undefined;
  ctx.r.checkKeys(entries, ['count', 'period'], `'${entry.key}' of ${what}`);
  const count = findEntry(entries, 'count');
  const period = findEntry(entries, 'period');
  if (!count || !period) {
    ctx.r.error('invalid-value', `'${entry.key}' of ${what} needs both 'count' and 'period'`, entry.keyNode, `write '${entry.key}: {count: 12, period: hour}'.`);
    return undefined;
  }
  const n = ctx.r.int(count.value, `'${entry.key}.count' of ${what}`, count.keyNode);
  const p = ctx.r.str(period.value, `'${entry.key}.period' of ${what}`, period.keyNode);
  if (p !== undefined && !(PERIODS as readonly string[]).includes(p)) {
    ctx.r.error('invalid-value', `'${entry.key}.period' of ${what} must be minute, hour or day, got '${p}'`, period.value, 'use minute, hour or day.');
    return undefined;
  }
  if (n === undefined || p === undefined) return undefined;
  return { count: n, period: p as FreshnessRule['period'] };
}

/** `freshness:`: undefined when absent, `null` when explicitly switched off. */
export function parseFreshness(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): FreshnessThresholds | null | undefined {
  const e = findEntry(entries, 'freshness');
  if (!e) return undefined;
  if (ctx.r.isNull(e.value)) return null;
  const f = ctx.r.entries(e.value, `'freshness' of ${what}`, e.keyNode);
  if (!f) return undefined;
  ctx.r.checkKeys(f, ['warn_after', 'error_after', 'filter'], `'freshness' of ${what}`);
  const warn = findEntry(f, 'warn_after');
  const error = findEntry(f, 'error_after');
  const warnAfter = warn ? parseRule(ctx, warn, what) : undefined;
  const errorAfter = error ? parseRule(ctx, error, what) : undefined;
  const filter = optionalString(ctx, f, 'filter', `'freshness' of ${what}`);
  return {
    ...(warnAfter ? { warnAfter } : {}),
    ...(errorAfter ? { errorAfter } : {}),
    ...(filter !== undefined ? { filter } : {}),
  };
}

export function parseQuoting(ctx: PropertiesContext, entries: readonly YamlEntry[], what: string): Record<string, boolean> {
  const e = findEntry(entries, 'quoting');
  if (!e) return {};
  const q = ctx.r.entries(e.value, `'quoting' of ${what}`, e.keyNode);
  if (!q) return {};
  ctx.r.checkKeys(q, ['database', 'schema', 'identifier', 'column'], `'quoting' of ${what}`);
  const out: Record<string, boolean> = {};
  for (const x of q) {
    if (ctx.r.isNull(x.value)) continue;
    const b = ctx.r.bool(x.value, `'quoting.${x.key}' of ${what}`, x.keyNode);
    if (b !== undefined) out[x.key] = b;
  }
  return out;
}

/** `loaded_at_query` has no field of its own: it travels in `config`, where dbt ≥ 1.10 also accepts it. */
function withLoadedAtQuery(ctx: PropertiesContext, entries: readonly YamlEntry[], config: Record<string, unknown>, what: string): Record<string, unknown> {
  const q = optionalString(ctx, entries, 'loaded_at_query', what);
  return q === undefined ? config : { loaded_at_query: q, ...config };
}

function parseTable(ctx: PropertiesContext, node: YamlNode, sourceName: string): SourceTableProperties | undefined {
  const entries = ctx.r.entries(node, `a table of source '${sourceName}'`);
  if (!entries) return undefined;
  const name = requiredName(ctx, node, entries, `a table of source '${sourceName}'`);
  if (name === undefined) return undefined;
  const what = `table '${name}' of source '${sourceName}'`;
  ctx.r.checkKeys(entries, SOURCE_TABLE_KEYS, what);
  const identifier = optionalString(ctx, entries, 'identifier', what);
  const loadedAtField = optionalString(ctx, entries, 'loaded_at_field', what);
  const freshness = parseFreshness(ctx, entries, what);
  const externalEntry = findEntry(entries, 'external');
  const external = externalEntry ? ctx.r.plainMap(externalEntry.value, `'external' of ${what}`, externalEntry.keyNode) : undefined;
  const config = parseConfigBlock(ctx, findEntry(entries, 'config'), 'source', what);
  return {
    name,
    ...(identifier !== undefined ? { identifier } : {}),
    description: description(ctx, entries, what),
    columns: parseColumns(ctx, entries, what),
    tests: parseTestLists(ctx, entries, what),
    ...(loadedAtField !== undefined ? { loadedAtField } : {}),
    ...(freshness !== undefined ? { freshness } : {}),
    meta: meta(ctx, entries, what),
    tags: tags(ctx, entries, what),
    config: withLoadedAtQuery(ctx, entries, config, what),
    quoting: parseQuoting(ctx, entries, what),
    ...(external ? { external } : {}),
    location: ctx.r.loc(node),
  };
}

/** One entry of `sources:`. */
export function parseSource(ctx: PropertiesContext, node: YamlNode, file: string): SourceProperties | undefined {
  const entries = ctx.r.entries(node, 'a sources entry');
  if (!entries) return undefined;
  const name = requiredName(ctx, node, entries, 'a sources entry');
  if (name === undefined) return undefined;
  const what = `source '${name}'`;
  ctx.r.checkKeys(entries, SOURCE_KEYS, what);
  const tablesEntry = findEntry(entries, 'tables');
  const tables: SourceTableProperties[] = [];
  const seen = new Map<string, YamlNode>();
  for (const item of tablesEntry ? (ctx.r.items(tablesEntry.value, `'tables' of ${what}`, tablesEntry.keyNode) ?? []) : []) {
    const t = parseTable(ctx, item, name);
    if (!t) continue;
    const previous = seen.get(t.name);
    if (previous) {
      ctx.r.error('duplicate-name', `table '${t.name}' is declared twice in ${what} (first at line ${ctx.r.loc(previous).line})`, item, 'remove one of the two entries.');
      continue;
    }
    seen.set(t.name, item);
    tables.push(t);
  }
  const database = optionalString(ctx, entries, 'database', what);
  const schema = optionalString(ctx, entries, 'schema', what);
  const loader = optionalString(ctx, entries, 'loader', what);
  const loadedAtField = optionalString(ctx, entries, 'loaded_at_field', what);
  const freshness = parseFreshness(ctx, entries, what);
  const config = parseConfigBlock(ctx, findEntry(entries, 'config'), 'source', what);
  return {
    name,
    description: description(ctx, entries, what),
    ...(database !== undefined ? { database } : {}),
    ...(schema !== undefined ? { schema } : {}),
    ...(loader !== undefined ? { loader } : {}),
    ...(loadedAtField !== undefined ? { loadedAtField } : {}),
    ...(freshness !== undefined ? { freshness } : {}),
    meta: meta(ctx, entries, what),
    tags: tags(ctx, entries, what),
    config: withLoadedAtQuery(ctx, entries, config, what),
    quoting: parseQuoting(ctx, entries, what),
    tables,
    location: ctx.r.loc(node),
    file,
  };
}
