import { parseYamlSource, YamlReader, type YamlEntry, type YamlNode } from '../config/index.js';
import type { OppError } from '../errors/index.js';
import { sha256 } from '../util/hash.js';
import {
  constraints,
  description,
  findEntry,
  meta,
  parseColumns,
  parseConfigBlock,
  parseDocs,
  parseTestLists,
  requiredName,
  tags,
  type PropertiesContext,
} from './parse-columns.js';
import { parseSource } from './parse-source-properties.js';
import { parseUnitTest } from './parse-unit-tests.js';
import type { MacroProperties, NodeProperties, PropertiesFile, SourceProperties, UnitTestProperties } from './types.js';

/** Top-level keys opp reads. */
const READ_KEYS = ['version', 'models', 'sources', 'seeds', 'snapshots', 'analyses', 'macros', 'unit_tests'];
/** dbt top-level keys accepted and recorded in `ignored` (not acted on yet). */
export const IGNORED_PROPERTIES_KEYS: readonly string[] = ['exposures', 'metrics', 'semantic_models', 'saved_queries', 'groups'];
const TOP_LEVEL_KEYS = [...READ_KEYS, ...IGNORED_PROPERTIES_KEYS];

const NODE_SECTIONS = {
  models: 'model',
  seeds: 'seed',
  snapshots: 'snapshot',
  analyses: 'analysis',
} as const;

type NodeType = NodeProperties['resourceType'];

const BASE_NODE_KEYS = ['name', 'description', 'config', 'columns', 'docs', 'meta', 'tags'];
const NODE_KEYS: Readonly<Record<NodeType, ReadonlySet<string>>> = {
  model: new Set([...BASE_NODE_KEYS, 'tests', 'data_tests', 'constraints', 'versions', 'latest_version', 'access', 'group', 'deprecation_date', 'time_spine']),
  seed: new Set([...BASE_NODE_KEYS, 'tests', 'data_tests']),
  snapshot: new Set([...BASE_NODE_KEYS, 'tests', 'data_tests', 'relation']),
  analysis: new Set(BASE_NODE_KEYS),
};
const MACRO_KEYS = ['name', 'description', 'docs', 'arguments', 'meta', 'config'];
const MACRO_ARGUMENT_KEYS = ['name', 'type', 'description'];

export interface ParsePropertiesOptions {
  /** Config keys contributed by adapters, accepted in `config:` blocks. */
  readonly adapterConfigKeys?: readonly string[];
}

/**
 * One properties YAML file (`models/**\/*.yml`, `sources.yml`, ...) → PropertiesFile, strictly: every
 * unknown key is `project/unknown-key` (with did-you-mean), every wrong type `project/invalid-value`,
 * malformed YAML `project/yaml-syntax`, each with file, line and column. Test definitions are
 * normalised to TestDefinition; YAML names are converted to camelCase here, once. Pure.
 */
export function parsePropertiesFile(
  text: string,
  path: string,
  opts: ParsePropertiesOptions = {},
): { readonly file: PropertiesFile; readonly errors: OppError[] } {
  const empty: PropertiesFile = { path, checksum: sha256(text), nodes: [], sources: [], unitTests: [], macros: [], ignored: [] };
  const parsed = parseYamlSource(text, path, 'project');
  if (parsed.error) return { file: empty, errors: [parsed.error] };
  const r = new YamlReader(parsed.source, 'project');
  const ctx: PropertiesContext = { r, adapterConfigKeys: opts.adapterConfigKeys ?? [] };
  const top = r.entries(r.root(), path);
  if (!top) return { file: empty, errors: r.errors };
  r.checkKeys(top, TOP_LEVEL_KEYS, path);

  const version = findEntry(top, 'version');
  if (version && !r.isNull(version.value) && r.scalar(version.value) !== 2) {
    r.error('invalid-value', `'version' must be 2, got ${String(r.scalar(version.value) ?? 'a non-number')}`, version.value, "write 'version: 2' or remove the line.");
  }

  const nodes: NodeProperties[] = [];
  for (const [section, resourceType] of Object.entries(NODE_SECTIONS)) {
    const e = findEntry(top, section);
    if (!e) continue;
    for (const item of r.items(e.value, `'${section}'`, e.keyNode) ?? []) {
      const n = parseNode(ctx, item, resourceType, path);
      if (n) nodes.push(n);
    }
  }

  const sources: SourceProperties[] = [];
  for (const item of list(ctx, findEntry(top, 'sources'))) {
    const s = parseSource(ctx, item, path);
    if (s) sources.push(s);
  }
  const unitTests: UnitTestProperties[] = [];
  for (const item of list(ctx, findEntry(top, 'unit_tests'))) {
    const u = parseUnitTest(ctx, item, path);
    if (u) unitTests.push(u);
  }
  const macros: MacroProperties[] = [];
  for (const item of list(ctx, findEntry(top, 'macros'))) {
    const m = parseMacro(ctx, item, path);
    if (m) macros.push(m);
  }
  const ignored = top.filter((e) => IGNORED_PROPERTIES_KEYS.includes(e.key)).map((e) => e.key);
  return { file: { ...empty, nodes, sources, unitTests, macros, ignored }, errors: r.errors };
}

function list(ctx: PropertiesContext, entry: YamlEntry | undefined): YamlNode[] {
  if (!entry) return [];
  return ctx.r.items(entry.value, `'${entry.key}'`, entry.keyNode) ?? [];
}

function parseNode(ctx: PropertiesContext, node: YamlNode, resourceType: NodeType, file: string): NodeProperties | undefined {
  const { r } = ctx;
  const entries = r.entries(node, `a ${resourceType} entry`);
  if (!entries) return undefined;
  const name = requiredName(ctx, node, entries, `a ${resourceType} entry`);
  if (name === undefined) return undefined;
  const what = `${resourceType} '${name}'`;
  r.checkKeys(entries, NODE_KEYS[resourceType], what);
  const configEntry = findEntry(entries, 'config');
  let config = parseConfigBlock(ctx, configEntry, resourceType, what);
  // dbt reads `access:` and `group:` beside `config:` too; `config:` wins.
  for (const key of ['access', 'group'] as const) {
    const e = findEntry(entries, key);
    if (!e || r.isNull(e.value)) continue;
    const v = r.str(e.value, `'${key}' of ${what}`, e.keyNode);
    if (v === undefined) continue;
    if (key === 'access' && !['private', 'protected', 'public'].includes(v)) {
      r.error('invalid-value', `'access' of ${what} must be private, protected or public, got '${v}'`, e.value, 'use private, protected or public.');
      continue;
    }
    if (!(key in config)) config = { ...config, [key]: v };
  }
  // Model versions are accepted (the list is checked) but not acted on yet.
  const versions = findEntry(entries, 'versions');
  if (versions) r.items(versions.value, `'versions' of ${what}`, versions.keyNode);
  let relation: string | undefined;
  const relationEntry = findEntry(entries, 'relation');
  if (relationEntry) relation = r.str(relationEntry.value, `'relation' of ${what}`, relationEntry.keyNode);
  const docs = parseDocs(ctx, entries, what);
  return {
    resourceType,
    name,
    description: description(ctx, entries, what),
    config,
    ...(configEntry ? { configLocation: r.loc(configEntry.keyNode) } : {}),
    columns: parseColumns(ctx, entries, what, resourceType !== 'analysis'),
    tests: resourceType === 'analysis' ? [] : parseTestLists(ctx, entries, what),
    meta: meta(ctx, entries, what),
    tags: tags(ctx, entries, what),
    ...(docs ? { docs } : {}),
    constraints: constraints(ctx, entries, what),
    ...(relation !== undefined ? { relation } : {}),
    location: r.loc(node),
    file,
  };
}

function parseMacro(ctx: PropertiesContext, node: YamlNode, file: string): MacroProperties | undefined {
  const { r } = ctx;
  const entries = r.entries(node, 'a macros entry');
  if (!entries) return undefined;
  const name = requiredName(ctx, node, entries, 'a macros entry');
  if (name === undefined) return undefined;
  const what = `macro '${name}'`;
  r.checkKeys(entries, MACRO_KEYS, what);
  parseDocs(ctx, entries, what);
  meta(ctx, entries, what);
  const configEntry = findEntry(entries, 'config');
  if (configEntry) {
    const cfg = r.entries(configEntry.value, `'config' of ${what}`, configEntry.keyNode) ?? [];
    r.checkKeys(cfg, ['meta', 'docs'], `'config' of ${what}`);
  }
  const args: { name: string; type?: string; description: string }[] = [];
  const argsEntry = findEntry(entries, 'arguments');
  for (const item of argsEntry ? (r.items(argsEntry.value, `'arguments' of ${what}`, argsEntry.keyNode) ?? []) : []) {
    const a = r.entries(item, `an argument of ${what}`);
    if (!a) continue;
    const argName = requiredName(ctx, item, a, `an argument of ${what}`);
    if (argName === undefined) continue;
    r.checkKeys(a, MACRO_ARGUMENT_KEYS, `argument '${argName}' of ${what}`);
    const typeEntry = findEntry(a, 'type');
    const type = typeEntry ? r.optStr(typeEntry.value, `'type' of argument '${argName}'`, typeEntry.keyNode) : undefined;
    args.push({ name: argName, ...(type !== undefined ? { type } : {}), description: description(ctx, a, `argument '${argName}'`) });
  }
  return { name, description: description(ctx, entries, what), arguments: args, location: r.loc(node), file };
}
