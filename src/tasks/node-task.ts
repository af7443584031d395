import { join } from 'node:path';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { createCompiledFileWriter, writeManifest, writeRunResults } from '../artifacts/index.js';
import { renderSql, type EphemeralCache, type RunContext } from '../compile/index.js';
import { toOppError } from '../errors/index.js';
import { readStateManifest, selectNodesDetailed, type IndirectSelection, type StateManifest } from '../graph/index.js';
import type { ManifestNode, ResourceType } from '../manifest/index.js';
import { buildFoundCounts, buildSkippedResult, runDag, type DagResults, type NodeSummary, type RunEvent } from '../run/index.js';
import type { NodeResult } from '../run/types.js';
import { buildSchedulingPlan } from './build-order.js';
import { buildRunContext } from './compile-task.js';
import { executeModel, type ModelExecution } from './execute-model.js';
import { executeDataTest } from '../testing/index.js';
import { executeUnitTest, openUnitTestEngine, type UnitTestEngine } from '../unit-testing/index.js';
import { NodeTimer, buildErrorResult } from './node-result.js';
import { openProjectSession, type ProjectSession, type SessionOptions } from './project-session.js';
import { summarizeNode } from './summarize-node.js';
import { OPP_VERSION } from '../util/version.js';

/** The node commands that run a DAG, with the resource types each runs. */
export const TASK_RESOURCE_TYPES = {
  run: ['model'],
  build: ['model', 'seed', 'snapshot', 'test', 'unit_test'],
  test: ['test', 'unit_test'],
  seed: ['seed'],
  snapshot: ['snapshot'],
} as const satisfies Record<string, readonly ResourceType[]>;

export type NodeTaskName = keyof typeof TASK_RESOURCE_TYPES;

export interface SelectionFlags {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly selector?: string;
  readonly state?: string;
  readonly resourceTypes?: readonly string[];
  readonly excludeResourceTypes?: readonly string[];
  readonly indirectSelection?: IndirectSelection;
}

export interface NodeTaskOptions extends SessionOptions, SelectionFlags {
  readonly failFast?: boolean;
  readonly onEvent: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
}

export interface NodeTaskOutcome {
  readonly results: DagResults;
  /** 0 passed (warnings allowed), 1 a node failed, 2 interrupted. */
  readonly exitCode: number;
  readonly session: ProjectSession;
}

/** The ids a node command runs: its resource types, narrowed by --resource-type / --exclude-resource-type. */
export async function selectForTask(
  session: ProjectSession,
  taskTypes: readonly ResourceType[],
  flags: SelectionFlags,
): Promise<{ ids: string[]; warnings: string[] }> {
  let types: ResourceType[] = [...taskTypes];
  if (flags.resourceTypes?.length) types = types.filter((t) => flags.resourceTypes!.includes(t));
  if (flags.excludeResourceTypes?.length) types = types.filter((t) => !flags.excludeResourceTypes!.includes(t));
  const state: StateManifest | undefined = flags.state ? await readStateManifest(flags.state) : undefined;
  const selection = selectNodesDetailed(session.graph, session.manifest, {
    ...(flags.select?.length ? { select: flags.select } : {}),
    ...(flags.exclude?.length ? { exclude: flags.exclude } : {}),
    ...(flags.selector ? { selector: flags.selector } : {}),
    ...(session.files.selectors ? { selectors: session.files.selectors } : {}),
    ...(state ? { state } : {}),
    resourceTypes: types,
    indirectSelection: flags.indirectSelection ?? 'eager',
  });
  return { ids: selection.ids, warnings: selection.warnings };
}

/** Writes target/manifest.json (every node command does, as dbt). */
export function writeManifestArtifact(session: ProjectSession): Promise<void> {
  const { config, manifest, dialect } = session;
  return writeManifest(join(config.rootDir, config.targetPath, 'manifest.json'), manifest, {
    oppVersion: OPP_VERSION,
    invocationId: session.invocationId,
    targetPath: config.targetPath,
    relationName: (rel) => dialect.relationName(rel),
  });
}

async function runProjectHooks(
  kind: 'on-run-start' | 'on-run-end',
  session: ProjectSession,
  adapter: Adapter,
  rc: RunContext,
  onEvent: (e: RunEvent) => void,
): Promise<void> {
  const hooks = kind === 'on-run-start' ? session.config.onRunStart : session.config.onRunEnd;
  if (hooks.length === 0) return;
  onEvent({ kind: 'hooks-started', hookType: kind, count: hooks.length });
  for (const [i, hook] of hooks.entries()) {
    const name = `${session.config.name}.${kind}.${i}`;
    onEvent({ kind: 'hook-started', index: i + 1, total: hooks.length, name });
    const t0 = performance.now();
    const rendered = await renderSql(hook, rc, { file: session.config.file });
    if (rendered.sql.trim()) await adapter.execute(rendered.sql);
    onEvent({ kind: 'hook-finished', index: i + 1, total: hooks.length, name, status: 'OK', executionTime: (performance.now() - t0) / 1000 });
  }
}

/** Creates the schemas the selected nodes materialise into, once each. */
async function ensureSchemas(adapter: Adapter, nodes: readonly ManifestNode[]): Promise<void> {
  const seen = new Set<string>();
  for (const node of nodes) {
    // tests create their audit schema themselves, only when they store failures
    if (!('schema' in node) || node.resourceType === 'test' || node.config.materialized === 'ephemeral') continue;
    const key = `${node.database}\u0000${node.schema}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await adapter.ensureSchema({ database: node.database, schema: node.schema });
  }
}

/**
 * Runs a node command (`run`, `build`, `test`, `seed`, `snapshot`): load and select, connect, run
 * on-run-start hooks, execute the DAG, run on-run-end hooks, write manifest.json and run_results.json.
 * Project problems throw (exit 2, nothing ran); node failures are results (exit 1).
 */
export async function runNodeTask(task: NodeTaskName, opts: NodeTaskOptions): Promise<NodeTaskOutcome> {
  const session = await openProjectSession({ ...opts, command: task });
  const { manifest, config } = session;
  const { ids, warnings } = await selectForTask(session, TASK_RESOURCE_TYPES[task], opts);
  for (const w of session.warnings) opts.onEvent({ kind: 'log', level: 'warn', message: w.message });
  for (const w of warnings) opts.onEvent({ kind: 'log', level: 'warn', message: w });
  const manifestWritten = writeManifestArtifact(session);

  const nodes = ids.map((id) => manifest.nodes[id] ?? manifest.unitTests[id]).filter((n): n is ManifestNode => n !== undefined);
  const t0 = performance.now();
  const files = createCompiledFileWriter();
  const ephemeralCache: EphemeralCache = new Map();
  const adapter = await createAdapter(session.target);
  const runContext = buildRunContext(session, adapter, task, opts.fullRefresh === true);
  const modelExecution: ModelExecution = {
    adapter,
    runContext,
    fullRefresh: opts.fullRefresh === true,
    files,
    rootDir: config.rootDir,
    targetPath: config.targetPath,
    ephemeralCache,
  };

  await adapter.connect();
  // unit tests run on their own in-memory DuckDB, opened only when some are selected
  const unitEngine = ids.some((id) => manifest.unitTests[id]) ? await openUnitTestEngine({ threads: session.target.threads }) : undefined;
  let results: DagResults;
  try {
    const hookContext: RunContext = { ...runContext, isIncremental: false };
    await runProjectHooks('on-run-start', session, adapter, hookContext, opts.onEvent);
    await ensureSchemas(adapter, nodes);
    const counted = (id: string) => manifest.nodes[id]?.config.materialized !== 'ephemeral';
    const summaries = new Map<string, NodeSummary>();
    const summarize = (id: string): NodeSummary => {
      let s = summaries.get(id);
      if (!s) {
        s = summarizeNode(session, id);
        summaries.set(id, s);
      }
      return s;
    };
    opts.onEvent({
      kind: 'run-started',
      command: task,
      total: ids.filter(counted).length,
      threads: session.target.threads,
      targetName: session.target.name,
      counts: buildFoundCounts(manifest),
    });
    const graphParents = session.graph.parentsWithin(ids);
    const plan = task === 'build' ? buildSchedulingPlan(ids, graphParents, manifest) : { order: ids, parents: graphParents };
    results = await runDag({
      order: plan.order,
      parents: plan.parents,
      threads: adapter.capabilities.singleWriter ? 1 : session.target.threads,
      failFast: opts.failFast === true,
      ...(opts.signal ? { signal: opts.signal } : {}),
      execute: (id, ctx) => executeNode(id, ctx.threadId, session, modelExecution, unitEngine),
      skipResult: (id, cause, reason) => buildSkippedResult(id, cause, reason),
      onEvent: opts.onEvent,
      summarize,
      counted,
    });
    await runProjectHooks('on-run-end', session, adapter, hookContext, opts.onEvent);
    opts.onEvent({ kind: 'run-finished', results, elapsedSeconds: (performance.now() - t0) / 1000, interrupted: results.interrupted, nodes: summaries });
  } finally {
    await Promise.allSettled([files.flush(), manifestWritten]);
    await unitEngine?.close();
    await adapter.close();
  }
  await writeRunResults(
    join(config.rootDir, config.targetPath, 'run_results.json'),
    {
      kind: 'run-results',
      results,
      elapsedTime: (performance.now() - t0) / 1000,
      generatedAt: new Date().toISOString(),
      invocationId: session.invocationId,
      args: { which: task, select: opts.select ?? [], exclude: opts.exclude ?? [], full_refresh: opts.fullRefresh === true },
    },
    { oppVersion: OPP_VERSION },
  );
  await files.flush();
  await manifestWritten;
  return { results, exitCode: exitCodeOf(results), session };
}

/** 0 passed (warnings allowed), 1 a node errored or a test failed, 2 interrupted. */
export function exitCodeOf(results: DagResults): number {
  if (results.interrupted) return 2;
  return results.some((r) => r.status === 'error' || r.status === 'fail' || r.status === 'runtime error') ? 1 : 0;
}

async function executeNode(id: string, threadId: string, session: ProjectSession, ex: ModelExecution, unitEngine?: UnitTestEngine): Promise<NodeResult> {
  const node = session.manifest.nodes[id];
  try {
    const unit = session.manifest.unitTests[id];
    if (unit && unitEngine) {
      return await executeUnitTest(unit, threadId, {
        engine: unitEngine,
        manifest: session.manifest,
        target: session.target,
        vars: session.vars,
        env: session.env,
        flags: ex.runContext.flags ?? {},
        files: ex.files,
        rootDir: ex.rootDir,
        targetPath: ex.targetPath,
      });
    }
    if (node?.resourceType === 'model') return await executeModel(node, threadId, ex);
    if (node?.resourceType === 'test') return await executeDataTest(node, threadId, ex);
    throw new Error(`opp cannot run ${node?.resourceType ?? 'unknown'} nodes yet (${id})`);
  } catch (err) {
    return buildErrorResult(id, threadId, new NodeTimer(), toOppError(err));
  }
}
