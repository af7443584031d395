import type { GraphNode, Manifest, UnitTestNode } from '../../manifest/index.js';
import type { NodeSummary } from '../../run/index.js';

export interface NodeSummaryOptions {
  /** Project-relative compiled path (`target/compiled/<project>/...`), for failure details. */
  readonly compiledPath?: string;
  /** The quoted relation name as the warehouse spells it. */
  readonly relationName?: string;
}

function lastSegment(uniqueId: string): string {
  const i = uniqueId.lastIndexOf('.');
  return i >= 0 ? uniqueId.slice(i + 1) : uniqueId;
}

/** What the reporters need of a manifest node (`runDag`'s `summarize`). */
export function buildNodeSummary(node: GraphNode, opts: NodeSummaryOptions = {}): NodeSummary {
  const base = {
    uniqueId: node.uniqueId,
    resourceType: node.resourceType,
    name: node.name,
    originalFilePath: node.originalFilePath,
    ...(opts.compiledPath ? { compiledPath: opts.compiledPath } : {}),
    ...(opts.relationName ? { relationName: opts.relationName } : {}),
  };
  switch (node.resourceType) {
    case 'source':
      return { ...base, database: node.database, schema: node.schema, alias: node.identifier, sourceName: node.sourceName };
    case 'unit_test':
      return { ...base, model: lastSegment((node as UnitTestNode).model) };
    case 'test': {
      const storeFailures = node.config.store_failures === true;
      return {
        ...base,
        database: node.database,
        schema: node.schema,
        alias: node.alias,
        language: node.language,
        materialized: node.config.materialized,
        ...(storeFailures && opts.relationName ? { storeFailuresRelation: opts.relationName } : {}),
      };
    }
    case 'seed':
      return { ...base, database: node.database, schema: node.schema, alias: node.alias, materialized: node.config.materialized || 'seed' };
    default:
      return { ...base, database: node.database, schema: node.schema, alias: node.alias, language: node.language, materialized: node.config.materialized };
  }
}


export { buildFoundCounts } from '../../run/found-counts.js';
