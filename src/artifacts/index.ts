export {
  buildManifestJson,
  buildNodeJson,
  buildSourceJson,
  buildMacroJson,
  buildDocJson,
  buildParentChildMaps,
  writeManifest,
  MANIFEST_SCHEMA_VERSION,
  DBT_COMPAT_VERSION,
} from './manifest-json.js';
export type { ManifestJsonOptions } from './manifest-json.js';
export { buildRunResultsJson, buildResultJson, writeRunResults, toSnakeCase, RUN_RESULTS_SCHEMA_VERSION } from './run-results-json.js';
export type { RunResultsJsonOptions } from './run-results-json.js';
export { WRITTEN_FILES_INDEX, buildTargetWritePath, createCompiledFileWriter, writeCompiledFile } from './compiled-files.js';
export type { WritableNode, TargetSubdirectory, CompiledFileWriter, CompiledFileWriterOptions } from './compiled-files.js';
export { writeJsonArtifact, serializeArtifact, scrubReplacer } from './write-json.js';
export type { WriteJsonOptions } from './write-json.js';
