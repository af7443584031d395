export type * from './types.js';
export { parseProject } from './parse-project.js';
export { renderNode, renderSql, buildManifestResolver, type RenderedText, type RenderNodeOptions, type EphemeralCache } from './render-node.js';
export { renderCompiled, type RenderOutcome, type BatchContext } from './render-batch.js';
export { buildCompiledPath, buildRunPath } from './compiled-paths.js';
export { injectCtes, buildCteSql } from './ephemeral-ctes.js';
export { scanStaticTemplate, isPlainText, type StaticTemplate, type StaticExpr } from './static-template.js';
export { Relation, ansiRelationName } from './relation.js';
export { AgateTable } from './agate-table.js';
export { PARSE_CACHE_FILE, CODE_CACHE_FILE, FACTS_CACHE_FILE, digestEnvValue } from './parse-cache.js';
export {
  BUILTIN_TEST_MACRO_FILES,
  BUILTIN_TEST_MACROS_SQL,
  BUILTIN_GENERIC_TESTS,
  BUILTIN_TEST_MACRO_NAMES,
  type BuiltinMacroFile,
} from './builtin-test-macros.js';
