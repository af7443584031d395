/**
 * dbt's builtin generic tests (`test_not_null`, `test_unique`, ...) as Jinja text. The text lives in
 * compile (`src/compile/builtin-test-macros.ts`), which loads it into every compile session as `dbt`
 * package builtins; testing re-exports it for test-node building (required arguments, known names).
 */
export {
  BUILTIN_TEST_MACRO_FILES,
  BUILTIN_TEST_MACROS_SQL,
  BUILTIN_GENERIC_TESTS,
  BUILTIN_TEST_MACRO_NAMES,
  type BuiltinMacroFile,
} from '../compile/index.js';
