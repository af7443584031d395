import type { NodeSummary } from '../run/index.js';
import type { ProjectSession } from './project-session.js';

/** What the reporters print about a node, without handing them the manifest. */
export function summarizeNode(session: ProjectSession, id: string): NodeSummary {
  const node = session.manifest.nodes[id] ?? session.manifest.unitTests[id] ?? session.manifest.sources[id];
  if (!node) return { uniqueId: id, resourceType: id.slice(0, id.indexOf('.')), name: id.slice(id.lastIndexOf('.') + 1) };
  const base: NodeSummary = { uniqueId: id, resourceType: node.resourceType, name: node.name, originalFilePath: node.originalFilePath };
  if (node.resourceType === 'unit_test') return { ...base, model: node.model.slice(node.model.lastIndexOf('.') + 1) };
  if (node.resourceType === 'source') return { ...base, sourceName: node.sourceName, database: node.database, schema: node.schema, alias: node.identifier };
  const materialized = typeof node.config.materialized === 'string' ? node.config.materialized : undefined;
  return {
    ...base,
    ...(materialized ? { materialized } : {}),
    database: node.database,
    schema: node.schema,
    alias: node.alias,
    relationName: session.dialect.relationName({ database: node.database, schema: node.schema, identifier: node.alias }),
  };
}

