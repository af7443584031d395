import { isMap, isSeq } from 'yaml';
import { parseYamlSource, YamlReader, type YamlNode } from '../config/index.js';
import type { OppError, SourceLocation } from '../errors/index.js';
import type { SelectorsFile } from './types.js';

const SELECTOR_KEYS = ['name', 'description', 'default', 'definition'];

const locations = new WeakMap<object, SourceLocation>();

/**
 * Where a mapping or list inside a selector `definition` was written. Definitions are kept as plain
 * data (JSON-like, comparable with deep equality); their positions are looked up here by identity.
 */
export function selectorLocationOf(value: unknown): SourceLocation | undefined {
  return typeof value === 'object' && value !== null ? locations.get(value) : undefined;
}

/** Plain data from a YAML node, remembering each mapping's and list's location. */
function plainWithLocations(r: YamlReader, node: YamlNode | null): unknown {
  const n = r.resolve(node);
  if (n === null) return null;
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const e of r.entries(n, 'a selector definition') ?? []) out[e.key] = plainWithLocations(r, e.value);
    locations.set(out, r.loc(n));
    return out;
  }
  if (isSeq(n)) {
    const out = (n.items as YamlNode[]).map((item) => plainWithLocations(r, item));
    locations.set(out, r.loc(n));
    return out;
  }
  return r.plain(n);
}

/**
 * selectors.yml → SelectorsFile (dbt's shape: `selectors: [{name, description?, default?, definition}]`).
 * Definitions stay plain parsed data for the graph stage; `selectorLocationOf` gives their positions.
 * Pure.
 */
export function parseSelectorsFile(text: string, path: string): { readonly file: SelectorsFile; readonly errors: OppError[] } {
  const empty: SelectorsFile = { path, selectors: [] };
  const parsed = parseYamlSource(text, path, 'project');
  if (parsed.error) return { file: empty, errors: [parsed.error] };
  const r = new YamlReader(parsed.source, 'project');
  const top = r.entries(r.root(), path);
  if (!top) return { file: empty, errors: r.errors };
  r.checkKeys(top, ['selectors'], path);
  const list = top.find((e) => e.key === 'selectors');
  const selectors: SelectorsFile['selectors'][number][] = [];
  const seen = new Map<string, SourceLocation>();
  let defaults = 0;
  for (const item of list ? (r.items(list.value, "'selectors'", list.keyNode) ?? []) : []) {
    const entries = r.entries(item, 'a selector');
    if (!entries) continue;
    const nameEntry = entries.find((e) => e.key === 'name');
    if (!nameEntry) {
      r.error('invalid-value', "a selector has no 'name'", item, "add 'name:' to the selector.");
      continue;
    }
    const name = r.str(nameEntry.value, "'name' of a selector", nameEntry.keyNode);
    if (name === undefined) continue;
    const what = `selector '${name}'`;
    r.checkKeys(entries, SELECTOR_KEYS, what);
    const definitionEntry = entries.find((e) => e.key === 'definition');
    if (!definitionEntry || r.isNull(definitionEntry.value)) {
      r.error('invalid-value', `${what} has no 'definition'`, item, "add 'definition:' (a selector string such as 'tag:nightly', or a union/intersection mapping).");
      continue;
    }
    const previous = seen.get(name);
    if (previous) {
      r.error('duplicate-name', `${what} is defined twice (first at line ${previous.line})`, nameEntry.value, 'rename or remove one of them.');
      continue;
    }
    seen.set(name, r.loc(item));
    const descriptionEntry = entries.find((e) => e.key === 'description');
    const defaultEntry = entries.find((e) => e.key === 'default');
    const isDefault = defaultEntry && !r.isNull(defaultEntry.value) ? (r.bool(defaultEntry.value, `'default' of ${what}`, defaultEntry.keyNode) ?? false) : false;
    if (isDefault && ++defaults === 2) {
      r.error('invalid-value', `${what} is a second default selector`, defaultEntry!.value, "only one selector may have 'default: true'.");
    }
    selectors.push({
      name,
      description: (descriptionEntry ? r.optStr(descriptionEntry.value, `'description' of ${what}`, descriptionEntry.keyNode) : undefined) ?? '',
      default: isDefault,
      definition: plainWithLocations(r, definitionEntry.value),
      location: r.loc(item),
    });
  }
  return { file: { path, selectors }, errors: r.errors };
}
