import type { Manifest } from '../manifest/index.js';

/**
 * The `Found ...` counts in dbt's order: node types as they first appear in the manifest, then sources,
 * macros and unit tests (dbt's `_generate_stats`). Pass the result as `counts` on `run-started`/`found`.
 */
export function buildFoundCounts(manifest: Pick<Manifest, 'nodes' | 'sources' | 'macros' | 'unitTests'>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const node of Object.values(manifest.nodes)) counts[node.resourceType] = (counts[node.resourceType] ?? 0) + 1;
  const sources = Object.keys(manifest.sources).length;
  if (sources) counts.source = sources;
  const macros = Object.keys(manifest.macros).length;
  if (macros) counts.macro = macros;
  const unitTests = Object.keys(manifest.unitTests).length;
  if (unitTests) counts.unit_test = unitTests;
  return counts;
}
