export type * from './types.js';
export { loadProjectFiles, type LoadProjectFilesOptions } from './load-project-files.js';
export { discoverFiles, type DiscoveredFiles } from './discover-files.js';
export { readProjectTextFiles, readSeedFiles, hashFile, mapBounded, DEFAULT_READ_CONCURRENCY } from './read-files.js';
export { parsePropertiesFile, IGNORED_PROPERTIES_KEYS, type ParsePropertiesOptions } from './parse-properties.js';
export { parseTestDefinition } from './parse-test-definition.js';
export { parseSelectorsFile, selectorLocationOf } from './parse-selectors.js';
export { buildDuplicateNameErrors, findSnapshotBlocks } from './check-duplicates.js';
export {
  listProjectFiles,
  stampProjectFiles,
  packStamps,
  projectFilesUnchanged,
  stampPath,
  sameStamp,
  isRacy,
  hashFileSync,
  type FileStamp,
  type StampedFile,
  type ProjectStamps,
  type PackedStamps,
} from './stamp-files.js';
