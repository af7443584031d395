export type * from './types.js';
export { findProjectDir, projectFileIn, PROJECT_FILE_NAMES } from './find-project-dir.js';
export { readProjectConfig, type ReadProjectConfigOptions } from './read-project-config.js';
export {
  parseProjectConfig,
  normalizeProjectPath,
  IGNORED_PROJECT_KEYS,
  type ParseProjectConfigOptions,
} from './parse-project-config.js';
export { parseFolderConfigTree, EMPTY_FOLDER_CONFIG_TREE } from './folder-config-tree.js';
export {
  CONFIG_KEYS,
  SNOWFLAKE_CONFIG_KEYS,
  TEST_CONFIG_KEYS,
  knownConfigKeys,
  isConfigKey,
  validateConfigKeys,
  checkConfigValue,
  normalizeConfigKeys,
  normalizeHooks,
  type ConfigResourceType,
  type ConfigValueKind,
  type ConfigKeySpec,
  type ConfigStage,
  type ValidateConfigOptions,
} from './config-keys.js';
export { mergeConfig, folderConfigFor, defaultNodeConfig, buildNodeConfig } from './merge-config.js';
export {
  resolveTarget,
  findProfilesFile,
  defaultTarget,
  BUILTIN_TARGET_KEYS,
  DEFAULT_TARGET_NAME,
  DEFAULT_DUCKDB_FILE,
  type AdapterTargetKeys,
  type ResolveTargetOptions,
  type ProfilesSource,
} from './resolve-target.js';
export { renderEnvVars, isTemplated, type EnvRenderResult } from './render-env-vars.js';
export { parseVarsFlag, resolveVars } from './vars.js';
export {
  parseYamlSource,
  makeError,
  describeNode,
  YamlReader,
  type YamlSource,
  type YamlStage,
  type YamlEntry,
  type YamlNode,
} from './yaml-source.js';
