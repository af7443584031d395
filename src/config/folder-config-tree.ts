import { isMap } from 'yaml';
import { CONFIG_KEYS, validateConfigKeys, type ConfigResourceType } from './config-keys.js';
import type { FolderConfigTree } from './types.js';
import type { YamlEntry, YamlNode, YamlReader } from './yaml-source.js';

export const EMPTY_FOLDER_CONFIG_TREE: FolderConfigTree = Object.freeze({
  config: Object.freeze({}),
  children: Object.freeze({}),
});

/**
 * Reads a folder config tree (`models:`, `seeds:`, ... of project.yml). As dbt: keys starting with `+`
 * are config; a key without `+` whose value is not a mapping is config too; a key whose value is a
 * mapping (or empty) is a sub-folder (at the first level: the project name, or a package's). Config keys
 * are checked against the catalogue for `resourceType`; problems go to `reader.errors`.
 */
export function parseFolderConfigTree(
  reader: YamlReader,
  node: YamlNode | null,
  resourceType: ConfigResourceType,
  path: string,
  extraKeys: readonly string[] = [],
  keyNode?: YamlNode,
): FolderConfigTree {
  const parentKey = keyNode ? String(reader.scalar(keyNode)) : undefined;
  const entries = reader.entries(node, path);
  if (!entries) return EMPTY_FOLDER_CONFIG_TREE;
  const config: Record<string, unknown> = {};
  const keyNodes = new Map<string, YamlEntry>();
  const children: Record<string, FolderConfigTree> = {};
  for (const entry of entries) {
    const { key, value } = entry;
    if (key.startsWith('+')) {
      const bare = key.slice(1).trim();
      config[bare] = reader.plain(value);
      keyNodes.set(bare, entry);
      continue;
    }
    const isFolder = value === null || isMap(value) || reader.isNull(value);
    if (isFolder) {
      children[key] = parseFolderConfigTree(reader, value, resourceType, `${path}.${key}`, extraKeys, entry.keyNode);
      continue;
    }
    config[key] = reader.plain(value);
    keyNodes.set(key, entry);
  }
  const errors = validateConfigKeys(
    config,
    resourceType,
    (key) => {
      const entry = keyNodes.get(key);
      return entry ? reader.loc(entry.keyNode) : reader.loc(node);
    },
    extraKeys,
    { stage: 'config', what: `${path} (${resourceType.replace('_', ' ')} config)` },
  );
  // `docs: {show: false}` without `+` is read (as by dbt) as a sub-folder named `docs`: say so.
  const parentIsMappingConfig = parentKey !== undefined && CONFIG_KEYS[parentKey]?.kind === 'mapping';
  for (const err of errors) {
    if (parentIsMappingConfig && err.code === 'config/unknown-key') {
      reader.errorAt(
        'unknown-key',
        `${err.message}; '${parentKey}' without '+' is read as a sub-folder`,
        err.location ?? reader.loc(node),
        `to set the '${parentKey}' config, write '+${parentKey}:'.`,
      );
    } else {
      reader.errors.push(err);
    }
  }
  // Where the folder is named (its key), so messages point at `staging:`.
  const location = keyNode ? reader.loc(keyNode) : node ? reader.loc(node) : undefined;
  return { config, children, ...(location ? { location } : {}) };
}
