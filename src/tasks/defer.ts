import type { Adapter } from '../adapters/index.js';
import { buildManifestResolver, type RelationResolver, type ResolvedRelation } from '../compile/index.js';
import type { StateManifest } from '../graph/index.js';
import type { Manifest } from '../manifest/index.js';

/**
 * dbt's `--defer --state DIR`: a ref to a model that is not selected and does not exist in the target
 * resolves to where the `--state` manifest says it was built (usually production), so a developer can
 * run one changed model without building its parents in their sandbox. Existence is read from the
 * adapter's relation cache (one query per schema), before the run, so the resolver stays synchronous.
 */
export async function buildDeferringResolver(
  manifest: Manifest,
  selected: readonly string[],
  state: StateManifest,
  adapter: Adapter,
): Promise<{ resolver: RelationResolver; deferred: ReadonlyMap<string, ResolvedRelation> }> {
  const chosen = new Set(selected);
  const deferred = new Map<string, ResolvedRelation>();
  const candidates = new Set<string>();
  for (const id of selected) {
    const node = manifest.nodes[id];
    if (!node) continue;
    for (const parent of node.dependsOn.nodes) if (!chosen.has(parent) && manifest.nodes[parent]) candidates.add(parent);
  }
  for (const id of candidates) {
    const node = manifest.nodes[id]!;
    if (node.resourceType !== 'model' && node.resourceType !== 'seed' && node.resourceType !== 'snapshot') continue;
    if (node.config.materialized === 'ephemeral') continue;
    const previous = state.nodes[id];
    if (!previous?.schema || !previous.alias) continue;
    const exists = await adapter.getRelation({ database: node.database, schema: node.schema, identifier: node.alias });
    if (exists) continue;
    deferred.set(id, { ...(previous.database ? { database: previous.database } : {}), schema: previous.schema, identifier: previous.alias, uniqueId: id });
  }
  const base = buildManifestResolver(manifest);
  const resolver: RelationResolver = {
    ref(call, from) {
      const r = base.ref(call, from);
      return (r.uniqueId && deferred.get(r.uniqueId)) || r;
    },
    source: (s, t, from) => base.source(s, t, from),
  };
  return { resolver, deferred };
}
