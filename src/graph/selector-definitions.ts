import { SelectionError, type SourceLocation } from '../errors/index.js';
import type { SelectorsFile } from '../project/types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { CriterionProblem, INDIRECT_SELECTION_VALUES, checkMethod, parseSelectorExpression } from './selector-parser.js';
import type { IndirectSelection, SelectionCriteria, SelectionSpec } from './types.js';

/**
 * selectors.yml (dbt's YAML selectors): interprets each selector's `definition` into a SelectionSpec.
 * A definition is a selector string (full CLI grammar), a method mapping (`{method, value, children,
 * parents, children_depth, parents_depth, childrens_parents, indirect_selection, exclude}` or the
 * one-key shorthand `{tag: nightly}`), `{union: [...]}` / `{intersection: [...]}` whose items may
 * include one `{exclude: [...]}`, or a reference to another selector (`{method: selector, value: x}`).
 * References are resolved lazily with cycle detection.
 */
export interface SelectorResolver {
  /** The spec of a named selector (references inside stay `selector:` criteria, already checked). */
  resolve(name: string, from?: { name: string; location: SourceLocation }): SelectionSpec;
  /** The selector marked `default: true`, if any. */
  defaultSelector(): string | undefined;
  readonly names: readonly string[];
}

type Entry = SelectorsFile['selectors'][number];

const METHOD_KEYS = [
  'method',
  'value',
  'children',
  'parents',
  'children_depth',
  'parents_depth',
  'childrens_parents',
  'indirect_selection',
  'exclude',
  'description',
];

export function buildSelectorResolver(file: SelectorsFile | undefined): SelectorResolver {
  const entries = new Map<string, Entry>();
  for (const s of file?.selectors ?? []) entries.set(s.name, s);
  const names = [...entries.keys()];
  const cache = new Map<string, SelectionSpec>();
  const resolving: string[] = [];

  const resolve = (name: string, from?: { name: string; location: SourceLocation }): SelectionSpec => {
    const cached = cache.get(name);
    if (cached) return cached;
    const entry = entries.get(name);
    if (!entry) {
      const suggestion = didYouMean(name, names);
      const where = from ? ` (referenced by selector '${from.name}')` : '';
      throw new SelectionError('selection/unknown-selector', `no selector named '${name}'${where}`, {
        ...(from ? { location: from.location } : {}),
        hint:
          suggestion ||
          (file === undefined || names.length === 0
            ? 'define it in selectors.yml at the project root (selectors: [{name: ..., definition: ...}])'
            : `selectors.yml defines ${names.join(', ')}`),
      });
    }
    const loop = resolving.indexOf(name);
    if (loop >= 0) {
      const cycle = [...resolving.slice(loop), name];
      throw new SelectionError('selection/syntax', `selectors form a cycle: ${cycle.join(' → ')}`, {
        location: (from ?? entry).location,
        hint: `a selector cannot refer to itself, directly or through others; remove one of these references`,
      });
    }
    resolving.push(name);
    try {
      const spec = parseDefinition(entry.definition, entry, true, (ref) => {
        resolve(ref, { name: entry.name, location: entry.location });
      });
      cache.set(name, spec);
      return spec;
    } finally {
      resolving.pop();
    }
  };

  return {
    names,
    resolve,
    defaultSelector() {
      const defaults = (file?.selectors ?? []).filter((s) => s.default);
      if (defaults.length > 1) {
        throw new SelectionError('selection/syntax', `several selectors have default: true (${defaults.map((d) => d.name).join(', ')})`, {
          location: defaults[1]!.location,
          hint: 'keep default: true on one selector only',
        });
      }
      return defaults[0]?.name;
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses one definition; `onRef` is called for every selector it refers to (to resolve and check it). */
export function parseDefinition(
  definition: unknown,
  entry: Pick<Entry, 'name' | 'location'>,
  rootLevel: boolean,
  onRef: (name: string) => void,
): SelectionSpec {
  const fail = (message: string, hint: string): never => {
    throw new SelectionError('selection/syntax', `selector '${entry.name}': ${message}`, { location: entry.location, hint });
  };

  if (typeof definition === 'string') {
    const spec = parseSelectorExpression(definition, { expectExists: false, prefix: `selector '${entry.name}': `, location: entry.location });
    forEachCriteria(spec, (c) => {
      if (c.method === 'selector') onRef(c.value);
    });
    return spec;
  }
  if (!isRecord(definition)) {
    return fail(
      `a definition is a selector string or a mapping, not ${definition === null ? 'null' : Array.isArray(definition) ? 'a list' : typeof definition}`,
      `write e.g. definition: 'tag:nightly', or definition: {union: [...]}`,
    );
  }
  const keys = Object.keys(definition);
  for (const op of ['union', 'intersection'] as const) {
    if (!(op in definition)) continue;
    if (keys.length > 1) {
      fail(
        rootLevel ? `only a single '${op}' key is allowed in a root level definition; found ${keys.join(', ')}` : `'${op}' cannot be combined with ${keys.filter((k) => k !== op).join(', ')}`,
        `nest the other keys as items of the ${op} list`,
      );
    }
    const items = definition[op];
    if (!Array.isArray(items)) return fail(`'${op}' must be a list`, `write ${op}: [ ... ]`);
    const include: SelectionSpec[] = [];
    let exclude: SelectionSpec | undefined;
    for (const item of items) {
      if (isRecord(item) && 'exclude' in item) {
        if (exclude) fail(`only one 'exclude' is allowed in a ${op}`, 'put every exclusion in the same exclude list');
        if (Object.keys(item).length > 1) fail(`'exclude' must stand alone in its list item`, 'write - exclude: [ ... ] as its own item');
        exclude = parseExclusions(item.exclude, entry, onRef, fail);
      } else {
        include.push(parseDefinition(item, entry, false, onRef));
      }
    }
    const group: SelectionSpec = { kind: op, components: include };
    return exclude ? { kind: 'difference', include: group, exclude } : group;
  }
  return parseMethodMapping(definition, entry, onRef, fail);
}

function parseExclusions(
  value: unknown,
  entry: Pick<Entry, 'name' | 'location'>,
  onRef: (name: string) => void,
  fail: (message: string, hint: string) => never,
): SelectionSpec {
  if (!Array.isArray(value)) return fail(`'exclude' must be a list`, 'write exclude: [ ... ]');
  const parts = value.map((v) => parseDefinition(v, entry, false, onRef));
  if (parts.length === 0) return fail(`'exclude' is empty`, 'list what to exclude, or remove the key');
  return parts.length === 1 ? parts[0]! : { kind: 'union', components: parts };
}

function parseMethodMapping(
  definition: Record<string, unknown>,
  entry: Pick<Entry, 'name' | 'location'>,
  onRef: (name: string) => void,
  fail: (message: string, hint: string) => never,
): SelectionSpec {
  const keys = Object.keys(definition);
  let methodText: string;
  let rawValue: unknown;
  let options: Record<string, unknown> = {};
  if (keys.length === 1 && !('method' in definition)) {
    methodText = keys[0]!;
    if (methodText === 'exclude') fail(`'exclude' belongs inside a union or intersection list`, 'write union: [ ..., exclude: [ ... ] ]');
    rawValue = definition[methodText];
  } else if ('method' in definition) {
    if (typeof definition.method !== 'string') return fail(`'method' must be a string`, 'e.g. method: tag');
    methodText = definition.method;
    if (!('value' in definition)) return fail(`method '${methodText}' has no value`, `add value: ..., e.g. {method: ${methodText}, value: ...}`);
    rawValue = definition.value;
    for (const key of keys) {
      if (!METHOD_KEYS.includes(key)) {
        const suggestion = didYouMean(key, METHOD_KEYS);
        fail(`unknown key '${key}'`, suggestion || `a method mapping takes ${METHOD_KEYS.join(', ')}`);
      }
    }
    options = definition;
  } else {
    return fail(`expected one key, or 'method' and 'value' keys, but got ${keys.join(', ') || 'nothing'}`, 'e.g. {method: tag, value: nightly} or {tag: nightly}');
  }

  let value: string;
  if (typeof rawValue === 'string') value = rawValue;
  else if (typeof rawValue === 'number' || typeof rawValue === 'boolean') value = String(rawValue);
  else return fail(`the value of '${methodText}' must be a string`, `e.g. {method: ${methodText}, value: x}`);

  const flag = (key: string): boolean => {
    const v = options[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') fail(`'${key}' must be true or false`, `write ${key}: true`);
    return v as boolean;
  };
  const depth = (key: string): number | undefined => {
    const v = options[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) fail(`'${key}' must be a whole number`, `write ${key}: 1`);
    return v as number;
  };

  let method: SelectionCriteria['method'];
  let methodArgs: string[];
  if (methodText === 'selector') {
    method = 'selector';
    methodArgs = [];
    onRef(value);
  } else {
    try {
      const checked = checkMethod(methodText, value);
      method = checked.method;
      methodArgs = checked.args;
    } catch (err) {
      if (err instanceof CriterionProblem) {
        throw new SelectionError(err.code, `selector '${entry.name}': ${err.message}`, {
          location: entry.location,
          ...(err.hint ? { hint: err.hint } : {}),
        });
      }
      throw err;
    }
  }

  const parentsDepth = depth('parents_depth');
  const childrenDepth = depth('children_depth');
  const parents = flag('parents') || parentsDepth !== undefined;
  const children = flag('children') || childrenDepth !== undefined;
  const childrensParents = flag('childrens_parents');
  if (childrensParents && children) {
    fail(`'childrens_parents' and 'children' cannot be combined`, `childrens_parents already includes every descendant; drop children`);
  }
  let indirectSelection: IndirectSelection | undefined;
  const indirect = options.indirect_selection;
  if (indirect !== undefined && indirect !== null) {
    if (typeof indirect !== 'string' || !(INDIRECT_SELECTION_VALUES as readonly string[]).includes(indirect)) {
      fail(`'indirect_selection' must be one of ${INDIRECT_SELECTION_VALUES.join(', ')}`, didYouMean(String(indirect), INDIRECT_SELECTION_VALUES) || 'e.g. indirect_selection: cautious');
    }
    indirectSelection = indirect as IndirectSelection;
  }

  const criteria: SelectionCriteria = {
    kind: 'criteria',
    raw: `${methodText}:${value}`,
    method,
    methodArgs,
    value,
    implicitMethod: false,
    parents,
    ...(parentsDepth !== undefined ? { parentsDepth } : {}),
    children,
    ...(childrenDepth !== undefined ? { childrenDepth } : {}),
    childrensParents,
    ...(indirectSelection ? { indirectSelection } : {}),
  };
  if ('exclude' in options) {
    return { kind: 'difference', include: criteria, exclude: parseExclusions(options.exclude, entry, onRef, fail) };
  }
  return criteria;
}

export function forEachCriteria(spec: SelectionSpec, fn: (c: SelectionCriteria) => void): void {
  switch (spec.kind) {
    case 'criteria':
      fn(spec);
      return;
    case 'difference':
      forEachCriteria(spec.include, fn);
      forEachCriteria(spec.exclude, fn);
      return;
    default:
      for (const c of spec.components) forEachCriteria(c, fn);
  }
}
