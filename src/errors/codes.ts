/**
 * The catalogue of stable error codes. Each code is `<stage>/<kebab-case>`; the description says when
 * it is raised. Add new codes here, never inline, so the catalogue stays the single list users can read.
 */
export const ERROR_CODES = {
  // usage: the command line itself
  'usage/bad-flag': 'an unknown or malformed command-line flag or argument',
  'usage/bad-vars': '--vars is not a YAML mapping',
  'usage/no-project': 'no project.yml or dbt_project.yml in the folder or its parents',
  // config: project.yml, profiles.yml, targets
  'config/yaml-syntax': 'project.yml or profiles.yml is not valid YAML',
  'config/unknown-key': 'a key opp does not know (usually a typo)',
  'config/invalid-value': 'a key has a value of the wrong type or outside its allowed set',
  'config/missing-key': 'a required key is absent',
  'config/unknown-profile': 'the profile named by project.yml is not in profiles.yml',
  'config/unknown-target': 'the target asked for is not an output of the profile',
  'config/unknown-adapter': 'a target type with no registered adapter',
  'config/missing-env-var': "env_var('X') with no default and X unset",
  // project: files and YAML properties
  'project/yaml-syntax': 'a YAML file under the project is not valid YAML',
  'project/unknown-key': 'a key in a YAML file opp does not know (usually a typo)',
  'project/invalid-value': 'a YAML value of the wrong type',
  'project/duplicate-name': 'two resources share a name',
  'project/unknown-resource': 'YAML properties name a model, seed or column that does not exist',
  'project/read-failed': 'a project file could not be read',
  'project/unknown-test': 'a YAML test names a generic test that no builtin or project {% test %} macro defines',
  'project/missing-test-argument': 'a YAML test lacks an argument its generic test requires (accepted_values without values)',
  // compile: templates
  'compile/template-syntax': 'a Jinja/Nunjucks syntax error',
  'compile/render-failed': 'a template raised while rendering',
  'compile/undefined-variable': 'a template used a variable or macro that is not defined',
  'compile/undefined-macro': 'a template called a macro that is not defined',
  'compile/unknown-var': "var('x') with no value and no default",
  'compile/compiler-error': 'exceptions.raise_compiler_error() was called',
  'compile/bad-config': 'config() was called with an unknown key or a bad value',
  'compile/duplicate-macro': 'two macros share a name in the same project',
  'compile/unknown-doc': "doc('x') names a docs block that does not exist",
  'compile/unknown-dispatch': 'adapter.dispatch() found no implementation of a macro for the adapter',
  // graph
  'graph/unknown-ref': 'ref() names a model or seed that does not exist',
  'graph/unknown-source': 'source() names a source or table that is not declared',
  'graph/cycle': 'models depend on each other in a cycle',
  'graph/disabled-ref': 'ref() names a disabled model',
  // selection
  'selection/syntax': 'a --select/--exclude expression does not parse',
  'selection/unknown-method': 'method:value with a method opp does not know',
  'selection/unknown-selector': '--selector names a selector not in selectors.yml',
  'selection/state-missing': 'state: selection without a readable --state manifest',
  // database
  'database/connection-failed': 'the warehouse could not be reached or refused the login',
  'database/query-failed': 'a statement failed in the warehouse',
  'database/schema-change': 'on_schema_change=fail and the columns changed',
  // extract
  'extract/http': 'an API call failed after its retries',
  'extract/auth': 'an API refused the credentials',
  'extract/contract': 'records broke the source schema contract',
  'extract/config': 'an extract source is misconfigured',
  // seeds and snapshots
  'seed/malformed-csv': 'a seed CSV does not parse (a ragged row, an unterminated quote, no header)',
  'seed/bad-value': 'a seed value does not fit the type its column_types entry declares',
  'snapshot/invalid-target': 'a snapshot target exists but is not a snapshot table (a view, or no dbt_scd_id / dbt_valid_to column)',
  // run
  'run/interrupted': 'the run was interrupted (Ctrl-C)',
  // internal
  'internal/bug': 'a bug in opp',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
