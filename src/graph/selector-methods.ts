import picomatch from 'picomatch';
import type { GraphNode, Manifest, ModelNode, TestNode } from '../manifest/index.js';
import { SelectionError } from '../errors/index.js';
import { fnmatch, hasWildcard } from './fnmatch.js';
import { buildStateChecker, type StateChecker } from './state-compare.js';
import type { MethodName, ProjectGraph, StateCheck, StateManifest } from './types.js';

/** What a method sees: the graph's members, the manifest, and the previous state if given. */
export interface MethodContext {
  readonly graph: ProjectGraph;
  readonly manifest: Manifest;
  readonly state?: StateManifest;
}

/** A selection method: the ids of the graph's members that match `value` (with `args`, for config). */
export type SelectorMethod = (value: string, args: readonly string[], ctx: MethodRuntime) => Set<string>;

/** A MethodContext with per-selection caches. */
export interface MethodRuntime extends MethodContext {
  /** Every member node, in topological order. */
  readonly all: readonly GraphNode[];
  stateChecker(): StateChecker;
}

export function buildMethodRuntime(ctx: MethodContext): MethodRuntime {
  const all = ctx.graph.topologicalOrder().map((id) => ctx.graph.node(id)!);
  let checker: StateChecker | undefined;
  return {
    ...ctx,
    all,
    stateChecker() {
      if (!ctx.state) {
        throw new SelectionError('selection/state-missing', 'state: selection needs the manifest of a previous run', {
          hint: 'pass --state DIR, a folder holding the manifest.json of the run to compare with (e.g. a copy of prod target/)',
        });
      }
      checker ??= buildStateChecker(ctx.manifest, ctx.state);
      return checker;
    },
  };
}

function collect(nodes: readonly GraphNode[], keep: (n: GraphNode) => boolean): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) if (keep(n)) out.add(n.uniqueId);
  return out;
}

const isManifestNode = (n: GraphNode): boolean => n.resourceType !== 'source' && n.resourceType !== 'unit_test';

/** A selector value prepared for fqn matching: its dot-separated parts and where the first wildcard is. */
interface FqnSelector {
  readonly selector: string;
  readonly parts: readonly string[];
  /** Index of the first part with a wildcard, or -1. */
  readonly wildcardAt: number;
  /** The parts from the wildcard on, joined: one glob over the rest of the fqn. */
  readonly rest: string;
}

function prepareFqnSelector(selector: string): FqnSelector {
  const parts = selector.split('.');
  const wildcardAt = parts.findIndex(hasWildcard);
  return { selector, parts, wildcardAt, rest: wildcardAt < 0 ? '' : parts.slice(wildcardAt).join('.') };
}

/** An fqn with dots inside segments split out (dbt flattens `a.b` segments), cached per fqn array. */
const flatCache = new WeakMap<readonly string[], readonly string[]>();
function flatFqn(fqn: readonly string[]): readonly string[] {
  let flat = flatCache.get(fqn);
  if (flat === undefined) {
    flat = fqn.some((segment) => segment.includes('.')) ? fqn.flatMap((segment) => segment.split('.')) : fqn;
    flatCache.set(fqn, flat);
  }
  return flat;
}

/** `flat[from..].join('.')`, cached for from = 0 and 1 (manifest data is immutable). */
const joinedCache = new WeakMap<readonly string[], [string | undefined, string | undefined]>();
function joinedFrom(flat: readonly string[], from: number): string {
  if (from > 1) return flat.slice(from).join('.');
  let entry = joinedCache.get(flat);
  if (entry === undefined) {
    entry = [undefined, undefined];
    joinedCache.set(flat, entry);
  }
  return (entry[from] ??= flat.slice(from).join('.'));
}

/**
 * dbt's is_selected_node over `fqn[start..]`: the leaf equals the selector, or the selector's
 * dot-separated parts match the flattened fqn from its start, the first part with a wildcard matching
 * the rest of the fqn as one glob. Versioned models also match on `name` and `name_v2` / `name.v2`.
 */
function isSelectedNode(fqn: readonly string[], start: number, sel: FqnSelector, versioned: boolean): boolean {
  if (fqn.length - start <= 0) return false;
  if (versioned && fqn.length - start >= 2) {
    if (fqn[fqn.length - 2] === sel.selector) return true;
    if (`${fqn[fqn.length - 2]}_${fqn[fqn.length - 1]}` === sel.parts.slice(-2).join('_')) return true;
  } else if (fqn[fqn.length - 1] === sel.selector) {
    return true;
  }
  const flat = flatFqn(fqn);
  // Dropping the package drops one flattened segment (package names have no dots).
  const offset = start;
  const { parts, wildcardAt } = sel;
  if (flat.length - offset < parts.length) return false;
  const upto = wildcardAt < 0 ? parts.length : wildcardAt;
  for (let i = 0; i < upto; i++) if (flat[offset + i] !== parts[i]) return false;
  if (wildcardAt < 0) return true;
  return fnmatch(joinedFrom(flat, offset + wildcardAt), sel.rest);
}

/** dbt's fqn matching: the full fqn or the fqn without its package. */
export function fqnMatches(fqn: readonly string[], selector: string, version?: string | number | null): boolean {
  const sel = prepareFqnSelector(selector);
  const versioned = version !== undefined && version !== null;
  return isSelectedNode(fqn, 0, sel, versioned) || isSelectedNode(fqn, 1, sel, versioned);
}

/**
 * The fqn method as a predicate built once per selector: dbt's fqn matching, plus (opp) a bare glob
 * on the node name, so `stg_*` selects models named stg_* wherever they live (dbt would need `*.stg_*`).
 */
export function buildNameMatcher(selector: string): (node: GraphNode) => boolean {
  if (selector === '*') return () => true;
  const sel = prepareFqnSelector(selector);
  const leafGlob = sel.wildcardAt === 0 && sel.parts.length === 1;
  return (node) => {
    const version = (node as { version?: string | number | null }).version;
    const versioned = version !== undefined && version !== null;
    return (
      isSelectedNode(node.fqn, 0, sel, versioned) ||
      isSelectedNode(node.fqn, 1, sel, versioned) ||
      (leafGlob && fnmatch(node.name, selector))
    );
  };
}

export function nodeNameMatches(node: GraphNode, selector: string): boolean {
  return buildNameMatcher(selector)(node);
}

function normalizePath(p: string): string {
  let out = p.replace(/\\/g, '/');
  while (out.startsWith('./')) out = out.slice(2);
  while (out.length > 1 && out.endsWith('/')) out = out.slice(0, -1);
  return out;
}

function pathMatcher(selector: string): (p: string) => boolean {
  const pattern = normalizePath(selector);
  if (!hasWildcard(pattern)) return (p) => p === pattern;
  const isMatch = picomatch(pattern, { dot: true });
  return (p) => isMatch(p);
}

/** The file and every folder above it: `models/a/b.sql` → [models/a/b.sql, models/a, models]. */
function withParents(file: string): string[] {
  const out = [file];
  let at = file.lastIndexOf('/');
  while (at > 0) {
    out.push(file.slice(0, at));
    at = file.lastIndexOf('/', at - 1);
  }
  return out;
}

function hasTag(node: GraphNode, pattern: string): boolean {
  for (const t of node.tags) if (fnmatch(t, pattern)) return true;
  const configTags = (node.config as { tags?: unknown }).tags;
  if (Array.isArray(configTags)) {
    for (const t of configTags) if (typeof t === 'string' && fnmatch(t, pattern)) return true;
  } else if (typeof configTags === 'string') {
    return fnmatch(configTags, pattern);
  }
  return false;
}

function configValueMatches(value: unknown, selector: string, caseInsensitive: boolean): boolean {
  if (typeof value === 'string') {
    if (caseInsensitive) return value.toUpperCase() === selector.toUpperCase();
    return value === selector || (hasWildcard(selector) && fnmatch(value, selector));
  }
  if (typeof value === 'boolean') return selector.toLowerCase() === String(value);
  if (typeof value === 'number') return String(value) === selector;
  return false;
}

function compareVersions(a: string | number, b: string | number): number {
  const na = Number(a);
  const nb = Number(b);
  if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** One function per method (the `selector:` method is resolved by select-nodes). */
export const SELECTOR_METHODS: Readonly<Record<Exclude<MethodName, 'selector'>, SelectorMethod>> = {
  fqn: (value, _args, ctx) => {
    const matches = buildNameMatcher(value);
    return collect(ctx.all, (n) => isManifestNode(n) && matches(n));
  },

  tag: (value, _args, ctx) => collect(ctx.all, (n) => hasTag(n, value)),

  path: (value, _args, ctx) => {
    const matches = pathMatcher(value);
    return collect(ctx.all, (n) => {
      if (withParents(normalizePath(n.originalFilePath)).some(matches)) return true;
      const patch = n.patchPath ? normalizePath(n.patchPath.replace(/^[a-z]+:\/\//, '')) : undefined;
      return patch !== undefined && matches(patch);
    });
  },

  file: (value, _args, ctx) =>
    collect(ctx.all, (n) => {
      const base = n.originalFilePath.replace(/\\/g, '/').split('/').pop() ?? '';
      const dot = base.lastIndexOf('.');
      const stem = dot > 0 ? base.slice(0, dot) : base;
      return fnmatch(base, value) || fnmatch(stem, value);
    }),

  source: (value, _args, ctx) => {
    const parts = value.split('.');
    const [pkg, source, table] = parts.length === 1 ? ['*', parts[0]!, '*'] : parts.length === 2 ? ['*', parts[0]!, parts[1]!] : [parts[0]!, parts[1]!, parts[2]!];
    return collect(
      ctx.all,
      (n) => n.resourceType === 'source' && fnmatch(n.packageName, pkg) && fnmatch(n.sourceName, source) && fnmatch(n.name, table),
    );
  },

  config: (value, args, ctx) => {
    const caseInsensitive = args.length === 1 && args[0] === 'severity';
    return collect(ctx.all, (n) => {
      let current: unknown = n.config;
      for (const key of args) {
        if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, key)) return false;
        current = (current as Record<string, unknown>)[key];
      }
      if (Array.isArray(current)) return current.some((v) => configValueMatches(v, value, caseInsensitive));
      return configValueMatches(current, value, caseInsensitive);
    });
  },

  resource_type: (value, _args, ctx) => collect(ctx.all, (n) => n.resourceType === value),

  state: (value, _args, ctx) => {
    const check = ctx.stateChecker();
    return collect(ctx.all, (n) => check(value as StateCheck, n));
  },

  package: (value, _args, ctx) => collect(ctx.all, (n) => fnmatch(n.packageName, value)),

  test_type: (value, _args, ctx) =>
    collect(ctx.all, (n) => {
      if (value === 'unit') return n.resourceType === 'unit_test';
      if (n.resourceType !== 'test') return false;
      const generic = (n as TestNode).testMetadata !== undefined;
      if (value === 'generic' || value === 'schema') return generic;
      if (value === 'singular') return !generic;
      return value === 'data';
    }),

  test_name: (value, _args, ctx) =>
    collect(ctx.all, (n) => {
      if (n.resourceType !== 'test') return false;
      const meta = (n as TestNode).testMetadata;
      if (!meta) return false;
      return fnmatch(meta.name, value) || (meta.namespace !== undefined && fnmatch(`${meta.namespace}.${meta.name}`, value));
    }),

  unit_test: (value, _args, ctx) => {
    const matches = buildNameMatcher(value);
    return collect(ctx.all, (n) => n.resourceType === 'unit_test' && (matches(n) || fnmatch(`${n.packageName}.${n.name}`, value)));
  },

  access: (value, _args, ctx) =>
    collect(ctx.all, (n) => {
      if (n.resourceType !== 'model') return false;
      const access = (n as ModelNode & { access?: string }).access ?? (n.config.access as string | undefined) ?? 'protected';
      return access === value;
    }),

  group: (value, _args, ctx) =>
    collect(ctx.all, (n) => {
      if (!isManifestNode(n)) return false;
      const group = (n as { group?: unknown }).group ?? n.config.group;
      return typeof group === 'string' && fnmatch(group, value);
    }),

  version: (value, _args, ctx) =>
    collect(ctx.all, (n) => {
      if (n.resourceType !== 'model') return false;
      const { version, latestVersion } = n as ModelNode & { version?: string | number | null; latestVersion?: string | number | null };
      if (value === 'none') return version === undefined || version === null;
      if (version === undefined || version === null) return false;
      if (value === 'latest') return latestVersion === undefined || latestVersion === null ? true : compareVersions(version, latestVersion) === 0;
      if (latestVersion === undefined || latestVersion === null) return false;
      const cmp = compareVersions(version, latestVersion);
      return value === 'prerelease' ? cmp > 0 : value === 'old' ? cmp < 0 : false;
    }),
};
