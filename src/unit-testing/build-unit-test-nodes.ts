import { folderConfigFor, mergeConfig } from '../config/index.js';
import type { FolderConfigTree } from '../config/types.js';
import { ProjectError, type OppError, type SourceLocation } from '../errors/index.js';
import type { Manifest, ModelNode, UnitTestNode } from '../manifest/index.js';
import type { PropertiesFile, UnitTestInput, UnitTestProperties } from '../project/types.js';
import { closestMatch } from '../util/did-you-mean.js';
import { analyzeModelInputs, describeInputs, type RefableNode } from './analyze-inputs.js';
import { parseCsv } from './parse-csv.js';
import { formatInputCall, inputKey, parseInputCall, type InputCall } from './parse-input-call.js';

/**
 * The unit tests of a project (dbt 1.8 `unit_tests:`) as manifest nodes, checked against the models they
 * test. Pure: everything comes in as data.
 *
 * - id `unit_test.<project>.<model>.<name>`; fqn `[project, ...folders of the YAML file, model, name]`
 *   (dbt's); config from project.yml `unit_tests:` merged with the test's own `config:` (`enabled`, `tags`,
 *   `meta`); `dependsOn.nodes` is the model under test only, as in dbt's manifest (the inputs are replaced by
 *   fixtures, so the test does not depend on them being built).
 * - `given` inputs are normalised (`ref('x')`, `ref('pkg', 'x')`, `source('s', 't')`, `this`), csv rows
 *   are parsed into row objects (empty fields NULL, as dbt), and `expect` likewise.
 * - Problems are collected, each a `ProjectError` (exit 2) at the YAML file and line with a hint: unknown
 *   model (did-you-mean), an input that is not valid, unknown or not read by the model (naming the inputs
 *   it does read), an input the model reads with no `given:` item, malformed csv or empty sql rows, and
 *   dbt's incremental rules (a boolean `is_incremental` override, and a `this` input when it is true).
 * - A unit test of a disabled model, or with `enabled: false`, is returned in `disabled`.
 */

export interface BuildUnitTestNodesInput {
  readonly projectName: string;
  readonly properties: readonly PropertiesFile[];
  /** Models, seeds and snapshots by name (enabled ones win over disabled ones of the same name). */
  readonly nodes: Readonly<Record<string, RefableNode>>;
  readonly sources: Manifest['sources'];
  /** project.yml `unit_tests:` folder config. */
  readonly projectUnitTestConfig?: FolderConfigTree;
}

export interface BuildUnitTestNodesResult {
  readonly unitTests: readonly UnitTestNode[];
  readonly disabled: readonly UnitTestNode[];
  readonly errors: readonly OppError[];
}

const EMPTY_TREE: FolderConfigTree = { config: {}, children: {} };

/** `[project, ...folders below the model path, model, test]`, as dbt's `_build_fqn`. */
function buildFqn(projectName: string, file: string, model: string, name: string): string[] {
  const parts = file.split('/');
  return [projectName, ...parts.slice(1, -1), model, name];
}

/** The model's `is_incremental()` calls make dbt require an `is_incremental` override. */
export function callsIsIncremental(model: Pick<ModelNode, 'rawCode'>): boolean {
  return /\bis_incremental\s*\(/.test(model.rawCode);
}

interface Context {
  readonly input: BuildUnitTestNodesInput;
  readonly errors: OppError[];
  readonly sourceKeys: ReadonlySet<string>;
}

function error(ctx: Context, code: 'project/unknown-resource' | 'project/invalid-value', message: string, location: SourceLocation, hint: string, nodeId?: string): void {
  ctx.errors.push(new ProjectError(code, message, { location, hint, ...(nodeId ? { nodeId } : {}) }));
}

/** Rows of a `given:` item or `expect:`, normalised: csv parsed to row objects; empty csv/sql text is an error. */
function normalizeRows<T extends Omit<UnitTestInput, 'input'>>(ctx: Context, fixture: T, what: string, test: UnitTestProperties, id: string): T | undefined {
  if (fixture.format === 'dict') return fixture;
  const text = typeof fixture.rows === 'string' ? fixture.rows : undefined;
  if (text === undefined) return fixture; // already rows (a csv parsed before)
  const source = fixture.fixture !== undefined ? `fixture '${fixture.fixture}'` : 'the inline rows';
  if (text.trim() === '') {
    error(
      ctx,
      'project/invalid-value',
      `${what} of unit test '${test.name}' has format ${fixture.format} but ${source} ${fixture.fixture !== undefined ? 'is empty' : 'are empty'}`,
      fixture.location,
      fixture.format === 'csv' ? 'write a header line and one line per row (rows: [] for no rows, in dict format).' : "write a query such as: select 1 as id, 'a' as name",
      id,
    );
    return undefined;
  }
  if (fixture.format === 'sql') return fixture;
  const parsed = parseCsv(text);
  if (parsed.problem) {
    error(
      ctx,
      'project/invalid-value',
      `${what} of unit test '${test.name}': malformed csv in ${source}: ${parsed.problem.message} (csv line ${parsed.problem.record})`,
      fixture.location,
      'write a header line, then one comma-separated line per row; quote a value holding a comma with "..." .',
      id,
    );
    return undefined;
  }
  return { ...fixture, rows: parsed.csv.rows };
}

function nodeFor(ctx: Context, name: string): RefableNode | undefined {
  return Object.prototype.hasOwnProperty.call(ctx.input.nodes, name) ? ctx.input.nodes[name] : undefined;
}

function buildOne(ctx: Context, file: PropertiesFile, test: UnitTestProperties): { node?: UnitTestNode; disabled?: boolean } {
  const { projectName } = ctx.input;
  const id = `unit_test.${projectName}.${test.model}.${test.name}`;
  const model = nodeFor(ctx, test.model);
  if (!model || model.resourceType !== 'model') {
    const models = Object.values(ctx.input.nodes)
      .filter((n) => n.resourceType === 'model')
      .map((n) => n.name);
    const match = closestMatch(test.model, models);
    const what = model ? `'${test.model}' is a ${model.resourceType}, not a model` : `model '${test.model}' does not exist`;
    error(
      ctx,
      'project/unknown-resource',
      `unit test '${test.name}' tests ${what}`,
      test.location,
      match ? `did you mean 'model: ${match}'?` : 'set model: to the name of a SQL model of this project.',
      id,
    );
    return {};
  }
  const fqn = buildFqn(projectName, file.path, test.model, test.name);
  const config = mergeConfig([{ enabled: true, tags: [], meta: {} }, ...folderConfigFor(ctx.input.projectUnitTestConfig ?? EMPTY_TREE, fqn), test.config]);
  const base = {
    resourceType: 'unit_test' as const,
    uniqueId: id,
    name: test.name,
    packageName: projectName,
    fqn,
    originalFilePath: file.path,
    path: file.path.split('/').slice(1).join('/') || file.path,
    description: test.description,
    meta: (config['meta'] as Record<string, unknown> | undefined) ?? {},
    tags: (config['tags'] as string[] | undefined) ?? [],
    model: model.uniqueId,
    overrides: test.overrides,
    config,
    dependsOn: { nodes: [model.uniqueId], macros: [] },
    location: test.location,
  };
  // dbt: a unit test of a disabled model is disabled too; disabled tests are not checked further.
  if (config['enabled'] === false || model.config.enabled === false) return { node: { ...base, given: test.given, expect: test.expect }, disabled: true };
  const errorsBefore = ctx.errors.length;

  // given: parse and check each input
  const given: UnitTestInput[] = [];
  const givenCalls = new Map<string, { call: InputCall; item: UnitTestInput }>();
  const givenErrorsBefore = ctx.errors.length;
  for (const item of test.given) {
    const call = parseInputCall(item.input);
    if (!call) {
      error(
        ctx,
        'project/invalid-value',
        `unit test '${test.name}' has an input '${item.input}' that is not ref(...), source(...) or this`,
        item.location,
        "write input: ref('model_name'), input: source('source_name', 'table_name'), or input: this.",
        id,
      );
      continue;
    }
    const key = inputKey(call);
    if (givenCalls.has(key)) {
      error(ctx, 'project/invalid-value', `unit test '${test.name}' gives ${formatInputCall(call)} twice`, item.location, 'keep one given: item per input.', id);
      continue;
    }
    if (call.kind === 'ref' && !nodeFor(ctx, call.name)) {
      const match = closestMatch(call.name, [...model.refs.map((r) => r.name), ...Object.keys(ctx.input.nodes)]);
      error(
        ctx,
        'project/unknown-resource',
        `unit test '${test.name}' has an input ${formatInputCall(call)}, but there is no model, seed or snapshot '${call.name}'`,
        item.location,
        match ? `did you mean ref('${match}')?` : 'name a model, seed or snapshot the model under test reads.',
        id,
      );
      continue;
    }
    if (call.kind === 'source' && !ctx.sourceKeys.has(`${call.sourceName}.${call.tableName}`)) {
      const match = closestMatch(`${call.sourceName}.${call.tableName}`, ctx.sourceKeys);
      error(
        ctx,
        'project/unknown-resource',
        `unit test '${test.name}' has an input ${formatInputCall(call)}, but no source declares that table`,
        item.location,
        match ? `did you mean source('${match.split('.')[0]}', '${match.split('.').slice(1).join('.')}')?` : 'declare the table in a sources: block, or fix the name.',
        id,
      );
      continue;
    }
    const rows = normalizeRows(ctx, item, `input ${formatInputCall(call)}`, test, id);
    if (!rows) continue;
    const normalized: UnitTestInput = { ...rows, input: formatInputCall(call) };
    givenCalls.set(key, { call, item: normalized });
    given.push(normalized);
  }

  const givenInvalid = ctx.errors.length > givenErrorsBefore;

  // the model's inputs against the given ones
  const analysis = analyzeModelInputs(model, (name) => nodeFor(ctx, name), new Set(givenCalls.keys()));
  const readable = describeInputs(analysis.needed.values()) || 'none';
  const notGiven = [...analysis.needed.entries()].filter(([k]) => !givenCalls.has(k)).map(([, c]) => formatInputCall(c));
  for (const [key, { call, item }] of givenCalls) {
    if (key === 'this' || analysis.needed.has(key)) continue;
    const match = closestMatch(formatInputCall(call), notGiven);
    error(
      ctx,
      'project/invalid-value',
      `unit test '${test.name}' gives ${formatInputCall(call)}, but model '${model.name}' does not read it (its inputs: ${readable})`,
      item.location,
      match ? `did you mean input: ${match}?` : `remove this given: item, or give one of: ${readable}.`,
      id,
    );
  }
  // A given: item that is itself wrong may be the missing input: report it alone.
  if (analysis.missing.length > 0 && !givenInvalid) {
    const list = describeInputs(analysis.missing);
    const first = formatInputCall(analysis.missing[0]!);
    error(
      ctx,
      'project/invalid-value',
      `unit test '${test.name}' has no given: input for ${list}, which model '${model.name}' reads`,
      test.location,
      `add "- input: ${first}" with its rows under given: (rows: [] for an empty input).`,
      id,
    );
  }

  // dbt's incremental rules
  const override = test.overrides.macros['is_incremental'];
  if (callsIsIncremental(model)) {
    if (typeof override !== 'boolean') {
      error(
        ctx,
        'project/invalid-value',
        `unit test '${test.name}' of model '${model.name}', which calls is_incremental(), needs a boolean override for 'is_incremental'`,
        test.location,
        'add overrides: {macros: {is_incremental: false}} (or true, with an input: this holding the existing rows).',
        id,
      );
    } else if (override && !givenCalls.has('this')) {
      error(
        ctx,
        'project/invalid-value',
        `unit test '${test.name}' of incremental model '${model.name}' overrides is_incremental to true but has no 'this' input`,
        test.location,
        'add "- input: this" under given: with the rows the model already holds (rows: [] for none).',
        id,
      );
    }
  }

  const expect = normalizeRows(ctx, test.expect, "'expect'", test, id);
  if (ctx.errors.length > errorsBefore || !expect) return {};

  return { node: { ...base, given, expect } };
}

export function buildUnitTestNodes(input: BuildUnitTestNodesInput): BuildUnitTestNodesResult {
  const ctx: Context = {
    input,
    errors: [],
    sourceKeys: new Set(Object.values(input.sources).map((s) => `${s.sourceName}.${s.name}`)),
  };
  const unitTests: UnitTestNode[] = [];
  const disabled: UnitTestNode[] = [];
  for (const file of input.properties) {
    for (const test of file.unitTests) {
      const built = buildOne(ctx, file, test);
      if (!built.node) continue;
      (built.disabled ? disabled : unitTests).push(built.node);
    }
  }
  return { unitTests, disabled, errors: ctx.errors };
}
