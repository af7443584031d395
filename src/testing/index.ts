export {
  buildTestNodes,
  scanSingularTest,
  TEST_AUDIT_SCHEMA,
  type BuildTestNodesInput,
  type BuildTestNodesResult,
  type SingularTestFacts,
  type TestableNode,
} from './build-test-nodes.js';
export {
  BUILTIN_TEST_MACRO_FILES,
  BUILTIN_TEST_MACROS_SQL,
  BUILTIN_GENERIC_TESTS,
  BUILTIN_TEST_MACRO_NAMES,
  type BuiltinMacroFile,
} from './builtin-test-macros.js';
export { buildGenericTestNames, buildGenericTestHash, type GenericTestNames } from './synthesize-test-name.js';
export { buildTestRawCode, buildJinjaString, findRelationCalls } from './render-test-code.js';
export { parseTestMacroSignature, requiredTestArguments, type MacroParameter } from './test-macro-signature.js';
export {
  buildTestSql,
  buildLimitedSql,
  buildTestOutcome,
  buildTestRunConfig,
  buildStoreFailuresAs,
  type TestRunConfig,
  type TestOutcome,
} from './build-test-sql.js';
export { planStoreFailures } from './plan-store-failures.js';
export { executeDataTest, type DataTestExecution } from './execute-data-test.js';
export { pyRepr, pyStr } from './python-text.js';
