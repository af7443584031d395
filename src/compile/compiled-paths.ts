import type { ManifestNode } from '../manifest/index.js';

/**
 * Where compiled and run SQL are written, as dbt lays them out:
 * `<target-path>/compiled/<project>/<original_file_path>` and `<target-path>/run/<project>/<original_file_path>`.
 * A generic test (one YAML file, many tests) gets `<original_file_path>/<test name>.sql`; a snapshot
 * file with several blocks gets `<original_file_path>/<snapshot name>.sql` when the file holds more than
 * the one named after it. Paths are project-relative with forward slashes.
 */
function nodeFilePath(node: Pick<ManifestNode, 'originalFilePath' | 'name' | 'resourceType'> & { testMetadata?: unknown }): string {
  const original = node.originalFilePath;
  if (node.resourceType === 'test' && node.testMetadata !== undefined) return `${original}/${node.name}.sql`;
  if (node.resourceType === 'snapshot') {
    const base = original.slice(original.lastIndexOf('/') + 1).replace(/\.sql$/, '');
    if (base !== node.name) return `${original}/${node.name}.sql`;
  }
  return original;
}

function trimSlashes(p: string): string {
  return p.replace(/^\.\//, '').replace(/\/+$/, '');
}

export function buildCompiledPath(node: Pick<ManifestNode, 'originalFilePath' | 'name' | 'resourceType'>, projectName: string, targetPath = 'target'): string {
  return `${trimSlashes(targetPath)}/compiled/${projectName}/${nodeFilePath(node)}`;
}

export function buildRunPath(node: Pick<ManifestNode, 'originalFilePath' | 'name' | 'resourceType'>, projectName: string, targetPath = 'target'): string {
  return `${trimSlashes(targetPath)}/run/${projectName}/${nodeFilePath(node)}`;
}
