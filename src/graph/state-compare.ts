import type { GraphNode, Manifest, SourceNode, UnitTestNode } from '../manifest/index.js';
import type { StateCheck, StateManifest, StateNode, StateSource, StateUnitTest } from './types.js';

/**
 * Pure comparisons behind `state:` selection (dbt's StateSelectorMethod): the current manifest's node
 * against the same unique id in the previous manifest. What each check compares is listed in README.md.
 */

/** Config keys that never make a node `modified.configs` (dbt's CompareBehavior.Exclude fields). */
export const CONFIG_KEYS_NOT_COMPARED: readonly string[] = ['tags', 'group', 'database', 'schema', 'alias'];
const RELATION_KEYS = ['database', 'schema', 'alias'] as const;

export type StateChecker = (check: StateCheck, node: GraphNode) => boolean;

/** Builds a checker with its caches (modified macros, computed once). */
export function buildStateChecker(manifest: Manifest, state: StateManifest): StateChecker {
  let modifiedMacros: Set<string> | undefined;
  const macroVerdict = new Map<string, boolean>();

  const macrosModified = (node: GraphNode): boolean => {
    if (node.resourceType === 'source') return false;
    if (modifiedMacros === undefined) modifiedMacros = findModifiedMacros(manifest, state);
    if (modifiedMacros.size === 0) return false;
    const changed = modifiedMacros;
    // Depth-first through macro → macro dependencies, memoised per macro.
    const upstreamChanged = (macroId: string, visiting: Set<string>): boolean => {
      const known = macroVerdict.get(macroId);
      if (known !== undefined) return known;
      if (changed.has(macroId)) {
        macroVerdict.set(macroId, true);
        return true;
      }
      if (visiting.has(macroId)) return false;
      visiting.add(macroId);
      let result = false;
      for (const dep of manifest.macros[macroId]?.dependsOn.macros ?? []) {
        if (upstreamChanged(dep, visiting)) {
          result = true;
          break;
        }
      }
      visiting.delete(macroId);
      macroVerdict.set(macroId, result);
      return result;
    };
    return node.dependsOn.macros.some((m) => upstreamChanged(m, new Set()));
  };

  return (check, node) => {
    if (node.resourceType === 'source') return checkSource(check, node, state.sources[node.uniqueId]);
    if (node.resourceType === 'unit_test') return checkUnitTest(check, node, state.unitTests[node.uniqueId], macrosModified);
    const old = state.nodes[node.uniqueId];
    switch (check) {
      case 'new':
        return old === undefined;
      case 'old':
        return old !== undefined;
      case 'modified':
        return !sameContents(node, old) || macrosModified(node);
      case 'unmodified':
        return sameContents(node, old) && !macrosModified(node);
      case 'modified.body':
        return old === undefined || !sameBody(node, old);
      case 'modified.configs':
        return old === undefined || !sameConfig(node, old);
      case 'modified.relation':
        return old === undefined || !sameRelation(node, old);
      case 'modified.persisted_descriptions':
        return old === undefined || !samePersistedDescriptions(node, old);
      case 'modified.macros':
        return macrosModified(node);
      case 'modified.contract':
        return old === undefined || !sameContract(node, old);
    }
  };
}

type ComparedNode = Exclude<GraphNode, SourceNode | UnitTestNode>;

function sameContents(node: ComparedNode, old: StateNode | undefined): boolean {
  if (old === undefined) return false;
  return (
    sameBody(node, old) &&
    sameConfig(node, old) &&
    samePersistedDescriptions(node, old) &&
    sameFqn(node.fqn, old.fqn) &&
    sameRelation(node, old) &&
    sameContract(node, old)
  );
}

/** File checksum when both sides have one, else the raw code. */
export function sameBody(node: ComparedNode, old: StateNode): boolean {
  if (node.checksum && old.checksum) return node.checksum === old.checksum;
  const raw = 'rawCode' in node ? node.rawCode : undefined;
  return raw === old.rawCode;
}

/** unrendered_config when the old manifest has it (as dbt), else the rendered config; both less CONFIG_KEYS_NOT_COMPARED. */
export function sameConfig(node: ComparedNode, old: StateNode): boolean {
  if (old.unrenderedConfig !== undefined) {
    return sameKeys(plain(node.unrenderedConfig), plain(old.unrenderedConfig), CONFIG_KEYS_NOT_COMPARED);
  }
  return sameKeys(plain(node.config), plain(old.config), CONFIG_KEYS_NOT_COMPARED);
}

/**
 * The configured database/schema/alias (unrendered config when recorded, else config), never the
 * resolved names: those depend on the target, and a prod manifest would make every dev node modified.
 */
export function sameRelation(node: ComparedNode, old: StateNode): boolean {
  const mine = plain(old.unrenderedConfig !== undefined ? node.unrenderedConfig : node.config);
  const theirs = plain(old.unrenderedConfig ?? old.config);
  return RELATION_KEYS.every((k) => deepEqual(mine[k] ?? null, theirs[k] ?? null));
}

/** Descriptions matter only where persist_docs writes them to the warehouse (the current node's config). */
export function samePersistedDescriptions(node: ComparedNode, old: StateNode): boolean {
  const persist = node.config.persist_docs;
  if (persist?.relation && (node.description ?? '') !== (old.description ?? '')) return false;
  if (persist?.columns) {
    const mine: Record<string, string> = {};
    for (const [name, col] of Object.entries(node.columns ?? {})) mine[name] = col.description ?? '';
    const theirs: Record<string, string> = {};
    for (const [name, col] of Object.entries(old.columns)) theirs[name] = col.description ?? '';
    if (!deepEqual(mine, theirs)) return false;
  }
  return true;
}

/** Models only: whether the contract is enforced, and when it is, column names, data types and constraints. */
export function sameContract(node: ComparedNode, old: StateNode): boolean {
  if (node.resourceType !== 'model') return true;
  const enforced = node.config.contract?.enforced === true;
  const wasEnforced = old.contractEnforced === true;
  if (!enforced && !wasEnforced) return true;
  if (enforced !== wasEnforced) return false;
  const shape = (cols: Record<string, { dataType?: string | null | undefined; constraints?: readonly unknown[] }>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, col] of Object.entries(cols)) {
      out[name.toLowerCase()] = { type: (col.dataType ?? '').trim().toLowerCase(), constraints: plain(col.constraints ?? []) };
    }
    return out;
  };
  return deepEqual(shape(node.columns), shape(old.columns)) && deepEqual(plain(node.constraints ?? []), plain(old.constraints));
}

function sameFqn(mine: readonly string[], theirs: readonly string[] | undefined): boolean {
  return theirs === undefined || deepEqual(mine, theirs);
}

/**
 * A source's config as written, without the defaults a manifest.json fills in (`enabled: true`,
 * `materialized: source`, empty hooks), so a source read from YAML and one read back from an artifact
 * compare alike.
 */
function sourceConfig(config: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(plain(config ?? {}) as Record<string, unknown>)) {
    if ((k === 'enabled' && v === true) || (k === 'materialized' && v === 'source')) continue;
    out[k] = v;
  }
  return out;
}

/** Quoting with its unset (null) entries dropped. */
function quotingJson(q: Readonly<Record<string, unknown>> | undefined | null): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plain(q ?? {}) as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined));
}

/** Freshness as JSON; a freshness block with no threshold and no filter (what artifacts write by default) is none. */
function normalizeFreshness(f: unknown): unknown {
  const j = plain(f ?? null) as { warn_after?: { count?: unknown }; error_after?: { count?: unknown }; filter?: unknown } | null;
  if (j === null) return null;
  const unset = (r: { count?: unknown } | undefined) => r === undefined || r === null || r.count === null || r.count === undefined;
  return unset(j.warn_after) && unset(j.error_after) && (j.filter === null || j.filter === undefined) ? null : j;
}

function checkSource(check: StateCheck, node: SourceNode, old: StateSource | undefined): boolean {
  const same = (): boolean =>
    old !== undefined &&
    (node.database ?? null) === (old.database ?? null) &&
    (node.schema ?? null) === (old.schema ?? null) &&
    (node.identifier ?? null) === (old.identifier ?? null) &&
    sameFqn(node.fqn, old.fqn) &&
    sameKeys(sourceConfig(node.config), sourceConfig(old.config), CONFIG_KEYS_NOT_COMPARED) &&
    deepEqual(quotingJson(node.quoting), quotingJson(old.quoting)) &&
    deepEqual(normalizeFreshness(freshnessJson(node.freshness)), normalizeFreshness(old.freshness)) &&
    (node.loadedAtField ?? null) === (old.loadedAtField ?? null) &&
    deepEqual(plain(node.external ?? null), plain(old.external ?? null));
  switch (check) {
    case 'new':
      return old === undefined;
    case 'old':
      return old !== undefined;
    case 'modified':
      return !same();
    case 'unmodified':
      return same();
    case 'modified.configs':
      return old === undefined || !sameKeys(sourceConfig(node.config), sourceConfig(old.config), CONFIG_KEYS_NOT_COMPARED);
    case 'modified.relation':
      return (
        old === undefined ||
        (node.database ?? null) !== (old.database ?? null) ||
        (node.schema ?? null) !== (old.schema ?? null) ||
        (node.identifier ?? null) !== (old.identifier ?? null)
      );
    default:
      // dbt sources have no body, persisted descriptions, macros or contract to compare.
      return false;
  }
}

/** The v12 JSON form of a source's freshness, so both sides compare alike. */
function freshnessJson(f: SourceNode['freshness']): unknown {
  if (f === undefined || f === null) return null;
  const rule = (r: { count: number; period: string } | undefined): unknown => (r ? { count: r.count, period: r.period } : null);
  return plain({ warn_after: rule(f.warnAfter), error_after: rule(f.errorAfter), filter: f.filter ?? null });
}

function checkUnitTest(
  check: StateCheck,
  node: UnitTestNode,
  old: StateUnitTest | undefined,
  macrosModified: (n: GraphNode) => boolean,
): boolean {
  const sameDefinition = (): boolean => old !== undefined && unitTestFingerprint(node) === old.fingerprint;
  const sameCfg = (): boolean => old !== undefined && sameKeys(plain(node.config), plain(old.config), CONFIG_KEYS_NOT_COMPARED);
  switch (check) {
    case 'new':
      return old === undefined;
    case 'old':
      return old !== undefined;
    case 'modified':
      return !(sameDefinition() && sameCfg()) || macrosModified(node);
    case 'unmodified':
      return sameDefinition() && sameCfg() && !macrosModified(node);
    case 'modified.body':
      return !sameDefinition();
    case 'modified.configs':
      return !sameCfg();
    case 'modified.macros':
      return macrosModified(node);
    default:
      return old === undefined;
  }
}

/** Canonical JSON of what a unit test checks: its inputs, expected rows and overrides (v12 key names). */
export function unitTestFingerprint(unit: {
  readonly given: readonly { readonly input: string; readonly format?: string; readonly rows?: unknown; readonly fixture?: string | null }[];
  readonly expect: { readonly format?: string; readonly rows?: unknown; readonly fixture?: string | null };
  readonly overrides?: unknown;
}): string {
  const input = (g: { format?: string; rows?: unknown; fixture?: string | null }): Record<string, unknown> => ({
    format: g.format ?? 'dict',
    rows: g.rows ?? null,
    fixture: g.fixture ?? null,
  });
  const o = (unit.overrides ?? {}) as Record<string, unknown>;
  const overrides = {
    macros: o.macros ?? {},
    vars: o.vars ?? {},
    env_vars: o.env_vars ?? o.envVars ?? {},
  };
  return stableStringify({
    given: unit.given.map((g) => ({ input: g.input, ...input(g) })),
    expect: input(unit.expect),
    overrides,
  });
}

/** Current macros whose text changed, new macros, and macros that disappeared. */
function findModifiedMacros(manifest: Manifest, state: StateManifest): Set<string> {
  const out = new Set<string>();
  for (const [id, macro] of Object.entries(manifest.macros)) {
    const old = state.macros[id];
    if (old === undefined || old.macroSql !== macro.macroSql) out.add(id);
  }
  for (const id of Object.keys(state.macros)) if (!(id in manifest.macros)) out.add(id);
  return out;
}

/**
 * dbt's compare_key over the union of keys, skipping `excluded`. A key absent on one side is a change
 * unless the other side holds an empty value (null, [], {}): writers differ in which defaults they spell out.
 */
function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>, excluded: readonly string[]): boolean {
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (excluded.includes(key)) continue;
    if (!(key in a)) {
      if (!isEmptyValue(b[key])) return false;
    } else if (!(key in b)) {
      if (!isEmptyValue(a[key])) return false;
    } else if (!deepEqual(a[key], b[key])) {
      return false;
    }
  }
  return true;
}

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v).length === 0;
}

/** A JSON round trip: drops undefined, so in-memory values compare like the ones read from disk. */
function plain<T>(value: T): T {
  if (value === undefined) return {} as T;
  return JSON.parse(JSON.stringify(value)) as T;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => k in bo && deepEqual(ao[k], bo[k]));
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}
