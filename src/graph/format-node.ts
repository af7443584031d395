import type { GraphNode } from '../manifest/index.js';
import type { ListOutput } from './types.js';

/**
 * One line of `opp ls`, as dbt's `ls` prints it:
 * - `selector`: the fqn joined with dots; `source:pkg.source.table` for sources; `unit_test:pkg.name`;
 * - `name`: the search name (`source.table` for sources, `name.v2` for versioned models);
 * - `path`: original_file_path;
 * - `json`: {name, resource_type, package_name, original_file_path, unique_id, alias, config, tags, depends_on}
 *   (source_name for sources), with dbt's snake_case keys.
 */
export function formatNodeForList(node: GraphNode, output: ListOutput): string {
  switch (output) {
    case 'selector':
      if (node.resourceType === 'source') return `source:${node.packageName}.${node.sourceName}.${node.name}`;
      if (node.resourceType === 'unit_test') return `unit_test:${node.packageName}.${node.name}`;
      return node.fqn.join('.');
    case 'name':
      return searchName(node);
    case 'path':
      return node.originalFilePath;
    case 'json':
      return JSON.stringify(listJson(node));
  }
}

function searchName(node: GraphNode): string {
  if (node.resourceType === 'source') return `${node.sourceName}.${node.name}`;
  const version = (node as { version?: string | number | null }).version;
  return version === undefined || version === null ? node.name : `${node.name}.v${version}`;
}

function listJson(node: GraphNode): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    original_file_path: node.originalFilePath,
    unique_id: node.uniqueId,
  };
  if (node.resourceType === 'source') out.source_name = node.sourceName;
  if ('alias' in node) out.alias = node.alias;
  out.config = node.config;
  out.tags = node.tags;
  if (node.resourceType !== 'source') {
    out.depends_on = { macros: node.dependsOn.macros, nodes: node.dependsOn.nodes };
  }
  return out;
}
