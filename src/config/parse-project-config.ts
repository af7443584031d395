import type { OppError } from '../errors/index.js';
import { EMPTY_FOLDER_CONFIG_TREE, parseFolderConfigTree } from './folder-config-tree.js';
import type { FolderConfigTree, PipelineConfig, PipelineStep, ProjectConfig } from './types.js';
import { isTemplated, renderEnvVars } from './render-env-vars.js';
import { parseYamlSource, YamlReader, type YamlEntry, type YamlNode } from './yaml-source.js';
import type { ConfigResourceType } from './config-keys.js';

/** Keys opp reads from project.yml / dbt_project.yml. */
const PROJECT_KEYS = [
  'name',
  'version',
  'config-version',
  'profile',
  'model-paths',
  'macro-paths',
  'seed-paths',
  'test-paths',
  'snapshot-paths',
  'analysis-paths',
  'docs-paths',
  'target-path',
  'clean-targets',
  'vars',
  'models',
  'seeds',
  'snapshots',
  'data_tests',
  'tests',
  'sources',
  'unit_tests',
  'on-run-start',
  'on-run-end',
  'dispatch',
  'quoting',
  'flags',
  'pipelines',
] as const;

/**
 * dbt keys opp accepts and does not act on (yet): a dbt project that sets them still loads.
 */
export const IGNORED_PROJECT_KEYS: readonly string[] = [
  'require-dbt-version',
  'packages-install-path',
  'log-path',
  'asset-paths',
  'query-comment',
  'restrict-access',
  'exposures',
  'metrics',
  'semantic-models',
  'saved-queries',
];

const ALL_PROJECT_KEYS: ReadonlySet<string> = new Set<string>([...PROJECT_KEYS, ...IGNORED_PROJECT_KEYS]);

const TREE_KEYS: Readonly<Record<string, ConfigResourceType>> = {
  models: 'model',
  seeds: 'seed',
  snapshots: 'snapshot',
  data_tests: 'test',
  tests: 'test',
  sources: 'source',
  unit_tests: 'unit_test',
};

const PROJECT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PIPELINE_KEYS = ['schedule', 'description', 'steps'];
const STEP_COMMANDS: readonly PipelineStep['command'][] = ['extract', 'build', 'run', 'test', 'seed'];

export interface ParseProjectConfigOptions {
  /** Absolute path of the project folder. */
  readonly rootDir: string;
  /** Project-relative name of the file: `project.yml` or `dbt_project.yml`. */
  readonly file: string;
  /** Config keys contributed by adapters, accepted in folder configs. */
  readonly adapterConfigKeys?: readonly string[];
  /**
   * Environment for `{{ env_var('X') }}` in the top-level string settings (name, profile, version, paths),
   * which, as dbt, are rendered when the project is read. Config trees, hooks and vars are rendered later,
   * by the compile stage. Default `process.env`.
   */
  readonly env?: NodeJS.ProcessEnv;
}

/** Normalises a project path setting: forward slashes, no `./` prefix, no trailing slash. */
export function normalizeProjectPath(p: string): string {
  let out = p.replace(/\\/g, '/').replace(/\/+$/, '');
  while (out.startsWith('./')) out = out.slice(2);
  return out === '' ? '.' : out;
}

/**
 * project.yml text → ProjectConfig, with every problem found (unknown keys with did-you-mean, wrong
 * types, YAML syntax). Pure: the caller reads the file. `config` is undefined only when the YAML
 * itself does not parse or is not a mapping.
 */
export function parseProjectConfig(
  text: string,
  opts: ParseProjectConfigOptions,
): { readonly config?: ProjectConfig; readonly errors: OppError[] } {
  const parsed = parseYamlSource(text, opts.file, 'config');
  if (parsed.error) return { errors: [parsed.error] };
  const r = new YamlReader(parsed.source, 'config');
  const root = r.root();
  const entries = r.entries(root, opts.file);
  if (!entries) return { errors: r.errors };
  r.checkKeys(entries, ALL_PROJECT_KEYS, opts.file);
  const get = (key: string): YamlEntry | undefined => entries.find((e) => e.key === key);
  const env = opts.env ?? process.env;
  /** Renders env_var() in a top-level string setting, reporting a missing variable at its node. */
  const render = (text: string, node: YamlNode | null, key: string): string => {
    if (!isTemplated(text)) return text;
    const result = renderEnvVars(text, env);
    if (result.ok) return result.value;
    if (result.missingVar !== undefined) {
      r.error('missing-env-var', `'${key}' in ${opts.file} uses environment variable '${result.missingVar}', which is not set`, node, `set ${result.missingVar}, or give a default: {{ env_var('${result.missingVar}', 'value') }}.`);
    } else {
      r.error('invalid-value', `'${key}' in ${opts.file}: ${result.message}`, node, "only env_var('NAME', 'default') can be used in project.yml settings.");
    }
    return text;
  };
  const extraKeys = opts.adapterConfigKeys ?? [];

  let name = '';
  const nameEntry = get('name');
  if (!nameEntry) {
    r.errorAt('missing-key', `${opts.file} has no 'name'`, { file: opts.file, line: 1, column: 1 }, "add a line 'name: my_project' (letters, digits and underscores).");
  } else {
    name = render(r.str(nameEntry.value, "'name'", nameEntry.keyNode) ?? '', nameEntry.value, 'name');
    if (name && !PROJECT_NAME.test(name)) {
      r.error('invalid-value', `project name '${name}' is not a valid identifier`, nameEntry.value, 'use letters, digits and underscores, not starting with a digit.');
    }
  }

  const str = (key: string, fallback: string): string => {
    const e = get(key);
    if (!e || r.isNull(e.value)) return fallback;
    const text = r.str(e.value, `'${key}'`, e.keyNode);
    return text === undefined ? fallback : render(text, e.value, key);
  };
  const paths = (key: string, fallback: readonly string[]): readonly string[] => {
    const e = get(key);
    if (!e || r.isNull(e.value)) return fallback;
    const list = r.strList(e.value, `'${key}'`, e.keyNode);
    return list ? [...new Set(list.map((p) => normalizeProjectPath(render(p, e.value, key))))] : fallback;
  };
  const hooks = (key: string): readonly string[] => {
    const e = get(key);
    if (!e) return [];
    return r.strList(e.value, `'${key}'`, e.keyNode) ?? [];
  };

  const versionEntry = get('version');
  const versionText = versionEntry && !r.isNull(versionEntry.value) ? r.str(versionEntry.value, "'version'", versionEntry.keyNode) : undefined;
  const version = versionText === undefined ? undefined : render(versionText, versionEntry!.value, 'version');

  const cv = get('config-version');
  if (cv && !r.isNull(cv.value) && r.scalar(cv.value) !== 2) {
    r.error('invalid-value', `'config-version' must be 2, got ${String(r.scalar(cv.value))}`, cv.value, "set 'config-version: 2' or remove the line.");
  }

  const modelPaths = paths('model-paths', ['models']);

  const trees: Partial<Record<string, FolderConfigTree>> = {};
  for (const [key, resourceType] of Object.entries(TREE_KEYS)) {
    const e = get(key);
    if (e) trees[key] = parseFolderConfigTree(r, e.value, resourceType, key, extraKeys, e.keyNode);
  }
  const testsEntry = get('tests');
  if (testsEntry && get('data_tests')) {
    r.error('invalid-value', `${opts.file} sets both 'tests' and 'data_tests'`, testsEntry.keyNode, "move the 'tests:' config under 'data_tests:' ('tests' is dbt's old name).");
  }

  const varsEntry = get('vars');
  const vars = varsEntry ? (r.plainMap(varsEntry.value, "'vars'", varsEntry.keyNode) ?? {}) : {};

  const flagsEntry = get('flags');
  const flags = flagsEntry ? r.plainMap(flagsEntry.value, "'flags'", flagsEntry.keyNode) : undefined;

  const quoting = parseQuoting(r, get('quoting'));
  const dispatch = parseDispatch(r, get('dispatch'));
  const pipelines = parsePipelines(r, get('pipelines'));

  const config: ProjectConfig = {
    name,
    ...(version !== undefined ? { version } : {}),
    profile: str('profile', name),
    rootDir: opts.rootDir,
    file: opts.file,
    modelPaths,
    macroPaths: paths('macro-paths', ['macros']),
    seedPaths: paths('seed-paths', ['seeds']),
    testPaths: paths('test-paths', ['tests']),
    snapshotPaths: paths('snapshot-paths', ['snapshots']),
    analysisPaths: paths('analysis-paths', ['analyses']),
    docsPaths: paths('docs-paths', modelPaths),
    targetPath: normalizeProjectPath(str('target-path', 'target')),
    cleanTargets: paths('clean-targets', ['target']),
    vars,
    models: trees.models ?? EMPTY_FOLDER_CONFIG_TREE,
    seeds: trees.seeds ?? EMPTY_FOLDER_CONFIG_TREE,
    snapshots: trees.snapshots ?? EMPTY_FOLDER_CONFIG_TREE,
    dataTests: trees.data_tests ?? trees.tests ?? EMPTY_FOLDER_CONFIG_TREE,
    sources: trees.sources ?? EMPTY_FOLDER_CONFIG_TREE,
    unitTests: trees.unit_tests ?? EMPTY_FOLDER_CONFIG_TREE,
    onRunStart: hooks('on-run-start'),
    onRunEnd: hooks('on-run-end'),
    dispatch,
    pipelines,
    quoting,
    ...(flags !== undefined ? { flags } : {}),
  };
  return { config, errors: r.errors };
}

function parseQuoting(r: YamlReader, entry: YamlEntry | undefined): Readonly<Record<string, boolean>> {
  if (!entry) return {};
  const entries = r.entries(entry.value, "'quoting'", entry.keyNode);
  if (!entries) return {};
  r.checkKeys(entries, ['database', 'schema', 'identifier', 'snowflake_ignore_case'], "'quoting'");
  const out: Record<string, boolean> = {};
  for (const e of entries) {
    const b = r.bool(e.value, `'quoting.${e.key}'`, e.keyNode);
    if (b !== undefined) out[e.key] = b;
  }
  return out;
}

function parseDispatch(r: YamlReader, entry: YamlEntry | undefined): ProjectConfig['dispatch'] {
  if (!entry) return [];
  const items = r.items(entry.value, "'dispatch'", entry.keyNode);
  if (!items) return [];
  const out: { macroNamespace: string; searchOrder: readonly string[] }[] = [];
  for (const item of items) {
    const entries = r.entries(item, 'a dispatch entry');
    if (!entries) continue;
    r.checkKeys(entries, ['macro_namespace', 'search_order'], 'a dispatch entry');
    const ns = entries.find((e) => e.key === 'macro_namespace');
    const order = entries.find((e) => e.key === 'search_order');
    if (!ns || !order) {
      r.error('missing-key', "a dispatch entry needs 'macro_namespace' and 'search_order'", item, "write '- macro_namespace: dbt_utils' with 'search_order: [my_project, dbt_utils]'.");
      continue;
    }
    const macroNamespace = r.str(ns.value, "'macro_namespace'", ns.keyNode);
    const searchOrder = r.strList(order.value, "'search_order'", order.keyNode);
    if (macroNamespace !== undefined && searchOrder !== undefined) out.push({ macroNamespace, searchOrder });
  }
  return out;
}

function parsePipelines(r: YamlReader, entry: YamlEntry | undefined): Readonly<Record<string, PipelineConfig>> {
  if (!entry) return {};
  const entries = r.entries(entry.value, "'pipelines'", entry.keyNode);
  if (!entries) return {};
  const out: Record<string, PipelineConfig> = {};
  for (const p of entries) {
    const what = `pipeline '${p.key}'`;
    const keys = r.entries(p.value, what, p.keyNode);
    if (!keys) continue;
    r.checkKeys(keys, PIPELINE_KEYS, what);
    const schedule = keys.find((k) => k.key === 'schedule');
    const description = keys.find((k) => k.key === 'description');
    const stepsEntry = keys.find((k) => k.key === 'steps');
    if (!stepsEntry) {
      r.error('missing-key', `${what} has no 'steps'`, p.keyNode, "add 'steps:' with items such as '- extract: [incident_io]' or '- build: \"tag:daily\"'.");
      continue;
    }
    const steps: PipelineStep[] = [];
    for (const stepNode of r.items(stepsEntry.value, `'steps' of ${what}`, stepsEntry.keyNode) ?? []) {
      const step = parseStep(r, stepNode, what);
      if (step) steps.push(step);
    }
    const scheduleText = schedule ? r.optStr(schedule.value, `'schedule' of ${what}`, schedule.keyNode) : undefined;
    const descriptionText = description ? r.optStr(description.value, `'description' of ${what}`, description.keyNode) : undefined;
    out[p.key] = {
      name: p.key,
      ...(scheduleText !== undefined ? { schedule: scheduleText } : {}),
      ...(descriptionText !== undefined ? { description: descriptionText } : {}),
      steps,
      location: r.loc(p.keyNode),
    };
  }
  return out;
}

function parseStep(r: YamlReader, node: YamlNode, what: string): PipelineStep | undefined {
  const entries = r.entries(node, `a step of ${what}`);
  if (!entries) return undefined;
  if (entries.length !== 1) {
    r.error('invalid-value', `a step of ${what} must have exactly one of ${STEP_COMMANDS.join(', ')}`, node, "write each step as its own list item, e.g. '- build: \"tag:daily\"'.");
    return undefined;
  }
  r.checkKeys(entries, STEP_COMMANDS, `a step of ${what}`);
  const e = entries[0]!;
  const command = e.key as PipelineStep['command'];
  if (!STEP_COMMANDS.includes(command)) return undefined;
  if (command === 'extract') {
    const sources = r.strList(e.value, `'extract' in ${what}`, e.keyNode);
    return sources ? { command, sources } : undefined;
  }
  if (r.isNull(e.value)) return { command };
  const select = r.str(e.value, `'${command}' in ${what} (a selector)`, e.keyNode);
  return select === undefined ? undefined : { command, select };
}
