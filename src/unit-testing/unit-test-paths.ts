import type { UnitTestNode } from '../manifest/index.js';

/**
 * Where a unit test's compiled SQL goes: `<target-path>/compiled/<project>/<properties file>/<model>/<test>.sql`
 * (project-relative). As compile lays out generic tests, the YAML file that defines the test is the folder;
 * the model's name below it keeps tests of different models apart (unit test names are unique per model
 * only). Pure.
 */
export function buildUnitTestCompiledPath(
  node: Pick<UnitTestNode, 'originalFilePath' | 'name' | 'fqn' | 'model' | 'packageName'>,
  targetPath = 'target',
): string {
  const target = targetPath.replace(/^\.\//, '').replace(/\/+$/, '');
  const model = node.fqn.length >= 2 ? node.fqn[node.fqn.length - 2]! : node.model.slice(node.model.lastIndexOf('.') + 1);
  return `${target}/compiled/${node.packageName}/${node.originalFilePath}/${model}/${node.name}.sql`;
}
