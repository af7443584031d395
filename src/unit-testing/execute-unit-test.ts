import { readFile } from 'node:fs/promises';
import { quoteIdentifierAnsi, stripTrailingSemicolon, type ExecResult, type RelationRef } from '../adapters/index.js';
import {
  buildCteSql,
  injectCtes,
  renderNode,
  renderSql,
  type QueryFunctions,
  type RelationResolver,
  type RunContext,
  type TemplateDialect,
  type TemplateFlags,
} from '../compile/index.js';
import type { TargetConfig } from '../config/types.js';
import { CompileError, DatabaseError, InternalError, OppError, ProjectError, toOppError } from '../errors/index.js';
import type { Manifest, ManifestNode, ModelNode, SeedNode, SourceNode, UnitTestNode } from '../manifest/index.js';
import type { NodeResult, TimingInfo } from '../run/types.js';
import { closestMatch } from '../util/did-you-mean.js';
import { analyzeModelInputs, type RefableNode } from './analyze-inputs.js';
import { buildRowsSql, rowValue } from './build-fixture-sql.js';
import { compareUnitTestRows, type ComparedTable } from './compare-rows.js';
import { parseCsv } from './parse-csv.js';
import { formatInputCall, inputKey, type InputCall } from './parse-input-call.js';
import { buildSeedFixture, planGivenFixtures, type Fixture } from './plan-fixtures.js';
import type { UnitTestEngine } from './unit-test-engine.js';
import { buildUnitTestCompiledPath } from './unit-test-paths.js';
import { NodeTimer } from '../util/node-timer.js';

/** What executing a unit test needs besides the node. */
export interface UnitTestExecution {
  /** The run's in-memory DuckDB (`openUnitTestEngine`). */
  readonly engine: UnitTestEngine;
  readonly manifest: Manifest;
  /** The project's target: its name, schema and database are what templates see; `type` is rendered as `duckdb` (`dispatchAs`). */
  readonly target: TargetConfig;
  /** Project vars merged with `--vars` (used when the manifest has no compile session yet). */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Environment for `env_var()` (used when the manifest has no compile session yet; default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly flags?: TemplateFlags;
  /** Queues compiled SQL files (`CompiledFileWriter` of src/artifacts fits); none written when absent. */
  readonly files?: { write(filePath: string, content: string): void };
  /** Absolute project folder: compiled paths are relative to it. */
  readonly rootDir: string;
  /** project.yml `target-path` (project-relative). */
  readonly targetPath: string;
}


interface ManifestIndex {
  readonly byName: Map<string, RefableNode>;
  readonly sources: Map<string, SourceNode>;
}

const indexes = new WeakMap<Manifest, ManifestIndex>();

function indexOf(manifest: Manifest): ManifestIndex {
  let idx = indexes.get(manifest);
  if (idx) return idx;
  const byName = new Map<string, RefableNode>();
  for (const n of Object.values(manifest.nodes)) {
    if (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') if (!byName.has(n.name)) byName.set(n.name, n);
  }
  const sources = new Map<string, SourceNode>();
  for (const s of Object.values(manifest.sources)) sources.set(`${s.sourceName}.${s.name}`, s);
  idx = { byName, sources };
  indexes.set(manifest, idx);
  return idx;
}

/** Fixture CTEs render as their bare name; anything else as DuckDB names it. */
function fixtureDialect(engine: UnitTestEngine): TemplateDialect {
  const duck = engine.dialect;
  return {
    quoteIdentifier: (name) => duck.quoteIdentifier(name),
    relationName: (ref) => (ref.schema === '' && !ref.database ? quoteIdentifierAnsi(ref.identifier) : duck.relationName(ref)),
  };
}

/** `overrides.macros` without `is_incremental`, which the run context's `isIncremental` carries. */
function contextOverrides(macros: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  if (!Object.prototype.hasOwnProperty.call(macros, 'is_incremental')) return macros;
  const { is_incremental: _ignored, ...rest } = macros;
  return rest;
}

function missingInput(node: UnitTestNode, call: InputCall, model: ModelNode): CompileError {
  return new CompileError('compile/render-failed', `unit test '${node.name}' has no given: input for ${formatInputCall(call)}, which model '${model.name}' reads here`, {
    hint: `add "- input: ${formatInputCall(call)}" with its rows under given: (rows: [] for an empty input).`,
    nodeId: node.uniqueId,
  });
}

function ctesFor(sql: string, fixtures: readonly Fixture[], rendered: ReadonlyMap<string, string>): string {
  const used = fixtures.filter((f) => sql.includes(f.cteName));
  if (used.length === 0) return sql;
  return injectCtes(sql, used.map((f) => ({ id: f.cteName, sql: buildCteSql(f.cteName, rendered.get(f.key) ?? f.sql) })));
}

/** Actual rows: every column, with the engine's type names. */
function toTable(res: ExecResult, columns: readonly { name: string; index: number }[]): ComparedTable {
  return {
    columns: columns.map((c) => c.name),
    types: columns.map((c) => res.columns[c.index]?.dataType ?? ''),
    rows: res.rows.map((row) => columns.map((c) => row[res.columns[c.index]!.name] ?? null)),
  };
}

function keysOf(rows: readonly Readonly<Record<string, unknown>>[]): string[] {
  const seen = new Map<string, string>();
  for (const r of rows) for (const k of Object.keys(r)) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  return [...seen.values()];
}

function errorResult(node: UnitTestNode, threadId: string, timer: NodeTimer, err: unknown, compiled?: { code: string; path: string }): NodeResult {
  const error: OppError = toOppError(err);
  return {
    kind: 'node-result',
    uniqueId: node.uniqueId,
    status: 'error',
    message: error.message,
    executionTime: timer.elapsed,
    timing: timer.timing,
    adapterResponse: {},
    failures: null,
    threadId,
    error,
    ...(compiled ? { compiledCode: compiled.code, compiledPath: compiled.path } : {}),
  };
}

/** A DuckDB binder error on a column the fixtures lack: say where fixture columns come from. */
function withFixtureHint(err: unknown, node: UnitTestNode): unknown {
  if (!(err instanceof DatabaseError)) return err;
  const m = /Referenced column "?([^"\s]+)"? not found/i.exec(err.message);
  if (!m) return err;
  return new DatabaseError(err.code, err.message, {
    ...(err.location ? { location: err.location } : {}),
    nodeId: node.uniqueId,
    cause: err,
    ...(err.sql !== undefined ? { sql: err.sql } : {}),
    ...(err.compiledPath !== undefined ? { compiledPath: err.compiledPath } : {}),
    ...(err.vendorCode !== undefined ? { vendorCode: err.vendorCode } : {}),
    hint: `a fixture only has the columns its rows give and the input's YAML columns declare: add '${m[1]}' to the rows of the input that should hold it (or declare it under the input's columns:).`,
  });
}

async function seedFixtureSql(engine: UnitTestEngine, seed: SeedNode): Promise<string> {
  const key = `${seed.uniqueId}@${seed.checksum}`;
  let pending = engine.seedFixtures.get(key);
  if (!pending) {
    pending = readFile(seed.absolutePath, 'utf8').then((text) => buildSeedFixture(seed, text));
    engine.seedFixtures.set(key, pending);
    pending.catch(() => engine.seedFixtures.delete(key));
  }
  return pending;
}

/**
 * Runs one dbt 1.8 unit test on the engine's in-memory DuckDB: the model is rendered by the run pass with
 * `ref()`/`source()`/`this` resolved to fixture CTEs (`__dbt__cte__<name>`), `is_incremental()` and the
 * vars, env vars and macros of `overrides:`; the fixtures are injected as CTEs (so the compiled SQL, written
 * to `target/compiled/`, runs on its own); the result is compared with `expect` as dbt does. `pass`, `fail`
 * (failures 1, the diff in the message) or `error` (a render, SQL or definition problem, with the compiled
 * path). Never throws.
 */
export async function executeUnitTest(node: UnitTestNode, threadId: string, ctx: UnitTestExecution): Promise<NodeResult> {
  const timer = new NodeTimer();
  const { engine, manifest } = ctx;
  let compiled: { code: string; path: string } | undefined;
  try {
    const model = manifest.nodes[node.model] as ManifestNode | undefined;
    if (!model || model.resourceType !== 'model') {
      throw new InternalError('internal/bug', `unit test '${node.name}' tests ${node.model}, which is not a model of the manifest`, { nodeId: node.uniqueId });
    }
    const idx = indexOf(manifest);
    const lookup = {
      node: (name: string) => idx.byName.get(name),
      source: (s: string, t: string) => idx.sources.get(`${s}.${t}`),
    };
    const fixtures = planGivenFixtures(node, model, lookup);
    const byKey = new Map(fixtures.map((f) => [f.key, f]));
    const analysis = analyzeModelInputs(model, lookup.node, new Set(byKey.keys()));
    for (const seed of analysis.seeds) {
      const call: InputCall = { kind: 'ref', name: seed.name };
      const f: Fixture = { key: inputKey(call), call, cteName: `__dbt__cte__${seed.name}`, sql: await seedFixtureSql(engine, seed), needsRender: false };
      fixtures.push(f);
      byKey.set(f.key, f);
    }
    const cteNames = new Set(fixtures.map((f) => f.cteName));
    const thisFixture = byKey.get('this');
    const resolver: RelationResolver = {
      ref(call) {
        const f = byKey.get(`ref:${call.name}`);
        if (f) return { schema: '', identifier: f.cteName };
        const target = idx.byName.get(call.name);
        if (target?.resourceType === 'model' && target.config.materialized === 'ephemeral') {
          return { database: target.database, schema: target.schema, identifier: target.alias, uniqueId: target.uniqueId, ephemeral: true };
        }
        throw missingInput(node, { kind: 'ref', name: call.name }, model);
      },
      source(sourceName, tableName) {
        const f = byKey.get(`source:${sourceName}.${tableName}`);
        if (f) return { schema: '', identifier: f.cteName };
        throw missingInput(node, { kind: 'source', sourceName, tableName }, model);
      },
    };
    const rendered = new Map<string, string>();
    const isFixture = (ref: RelationRef): boolean => ref.schema === '' && !ref.database && cteNames.has(ref.identifier);
    const query: QueryFunctions = {
      runQuery: (sql) => engine.execute(ctesFor(stripTrailingSemicolon(sql), fixtures, rendered), { nodeId: node.uniqueId }),
      getRelation: async (ref) => (isFixture(ref) ? { schema: '', identifier: ref.identifier, kind: 'view' } : undefined),
      getColumns: async (ref) => {
        const f = fixtures.find((x) => x.cteName === ref.identifier);
        if (!f || !isFixture(ref)) return [];
        const res = await engine.execute(`select * from (\n${rendered.get(f.key) ?? f.sql}\n) limit 0`, { nodeId: node.uniqueId });
        return res.columns;
      },
    };

    // The run's compile session renders the model; the test's overrides, `this` and DuckDB's dispatch apply
    // to its renders only (compile's per-render hooks), so tests share the session and run side by side.
    const rc: RunContext = {
      manifest,
      target: ctx.target,
      dialect: fixtureDialect(engine),
      resolver,
      isIncremental: node.overrides.macros['is_incremental'] === true,
      query,
      ...(ctx.vars ? { vars: ctx.vars } : {}),
      ...(ctx.env ? { env: ctx.env } : {}),
      flags: { WHICH: 'test', ...(ctx.flags ? ctx.flags : {}) },
      overrides: { vars: node.overrides.vars, env: node.overrides.envVars, macros: contextOverrides(node.overrides.macros) },
      ...(thisFixture ? { thisRelation: { schema: '', identifier: thisFixture.cteName } } : {}),
      dispatchAs: 'duckdb',
    };
    for (const f of fixtures) {
      if (f.needsRender) rendered.set(f.key, stripTrailingSemicolon((await renderSql(f.sql, rc, { node: model, file: node.originalFilePath })).sql));
    }
    const modelSql = stripTrailingSemicolon((await renderNode(model, rc, { ephemeralCache: new Map() })).compiledCode);
    const compiledCode = injectCtes(
      modelSql,
      fixtures.map((f) => ({ id: f.cteName, sql: buildCteSql(f.cteName, rendered.get(f.key) ?? f.sql) })),
    );
    compiled = { code: compiledCode, path: buildUnitTestCompiledPath(node, ctx.targetPath) };
    ctx.files?.write(`${ctx.rootDir}/${compiled.path}`, compiledCode);
    timer.end('compile');

    let actual: ExecResult;
    try {
      actual = await engine.execute(compiledCode, { nodeId: node.uniqueId, compiledPath: compiled.path, compiledSql: compiledCode });
    } catch (err) {
      throw withFixtureHint(err, node);
    }
    const expectedTable = await buildExpectedTable(node, actual, ctx);
    const actualTable = toTable(actual, expectedTable.actualColumns);
    timer.end('execute');
    const comparison = compareUnitTestRows(expectedTable.table, actualTable);
    const base = {
      kind: 'node-result' as const,
      uniqueId: node.uniqueId,
      executionTime: timer.elapsed,
      timing: timer.timing,
      threadId,
      compiledCode,
      compiledPath: compiled.path,
    };
    if (comparison.equal) {
      return { ...base, status: 'pass', message: 'PASS', failures: 0, adapterResponse: { message: 'PASS', code: 'SELECT', rowsAffected: actual.rows.length } };
    }
    return { ...base, status: 'fail', message: comparison.message!, failures: 1, adapterResponse: { message: 'FAIL 1', code: 'SELECT', rowsAffected: actual.rows.length } };
  } catch (err) {
    return errorResult(node, threadId, timer, err, compiled);
  }
}

/**
 * The expected rows, cast to the actual result's column types in SQL as dbt's `get_expected_sql` does, on
 * the columns `expect` names (all of the model's columns when it gives no rows), matched case-insensitively.
 */
async function buildExpectedTable(
  node: UnitTestNode,
  actual: ExecResult,
  ctx: UnitTestExecution,
): Promise<{ table: ComparedTable; actualColumns: { name: string; index: number }[] }> {
  const { expect } = node;
  const actualIndex = (name: string): number => actual.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  const actualNames = actual.columns.map((c) => c.name);
  let expectedRows: readonly Readonly<Record<string, unknown>>[] = [];
  let expectedColumns: string[];
  let sqlResult: ExecResult | undefined;
  if (expect.format === 'sql') {
    const text = stripTrailingSemicolon(typeof expect.rows === 'string' ? expect.rows.trim() : '');
    try {
      sqlResult = await ctx.engine.execute(`select * from (\n${text}\n) as dbt_internal_unit_test_expected`, { nodeId: node.uniqueId });
    } catch (err) {
      throw expectationError(node, err);
    }
    expectedColumns = sqlResult.columns.map((c) => c.name);
  } else {
    expectedRows = typeof expect.rows === 'string' ? (parseCsv(expect.rows).csv?.rows ?? []) : expect.rows;
    expectedColumns = expectedRows.length > 0 ? keysOf(expectedRows) : actualNames;
  }
  const mapped = expectedColumns.map((name) => ({ name, index: actualIndex(name) }));
  const unknown = mapped.filter((c) => c.index === -1).map((c) => c.name);
  if (unknown.length > 0) {
    const match = closestMatch(unknown[0]!, actualNames);
    throw new ProjectError(
      'project/invalid-value',
      `expect of unit test '${node.name}' names column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `'${u}'`).join(', ')} that the model does not return (it returns ${actualNames.join(', ') || 'no columns'})`,
      { location: expect.location, hint: match ? `did you mean '${match}'?` : 'name only columns of the model in expect rows.', nodeId: node.uniqueId },
    );
  }
  const actualColumns = mapped.map((c) => ({ name: actual.columns[c.index]!.name, index: c.index }));
  if (sqlResult) {
    const res = sqlResult;
    return {
      actualColumns,
      table: {
        columns: actualColumns.map((c) => c.name),
        types: res.columns.map((c) => c.dataType),
        rows: res.rows.map((row) => expectedColumns.map((name) => row[name] ?? null)),
      },
    };
  }
  const typed = actualColumns.map((c) => ({ name: c.name, type: actual.columns[c.index]!.dataType }));
  if (expectedRows.length === 0) return { actualColumns, table: { columns: typed.map((c) => c.name), types: typed.map((c) => c.type), rows: [] } };
  const rows = expectedRows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [i, c] of typed.entries()) out[c.name] = rowValue(r, expectedColumns[i]!) ?? null;
    return out;
  });
  let res: ExecResult;
  try {
    res = await ctx.engine.execute(buildRowsSql(rows, typed), { nodeId: node.uniqueId });
  } catch (err) {
    throw expectationError(node, err);
  }
  return {
    actualColumns,
    table: {
      columns: typed.map((c) => c.name),
      types: res.columns.map((c) => c.dataType),
      rows: res.rows.map((row) => res.columns.map((c) => row[c.name] ?? null)),
    },
  };
}

function expectationError(node: UnitTestNode, err: unknown): OppError {
  const cause = toOppError(err);
  return new ProjectError('project/invalid-value', `the expect rows of unit test '${node.name}' could not be read as the model's column types: ${cause.message}`, {
    location: node.expect.location,
    hint: 'there may be an error in the unit test definition: check the data types of the expect rows against the model output.',
    nodeId: node.uniqueId,
    cause: err,
  });
}

