import { join } from 'node:path';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { WRITTEN_FILES_INDEX, createCompiledFileWriter, writeManifest, writeRunResults } from '../artifacts/index.js';
import { renderSql, type RunContext } from '../compile/index.js';
import { readStateManifest, selectNodesDetailed, type IndirectSelection, type StateManifest } from '../graph/index.js';
import { UsageError } from '../errors/index.js';
import type { ManifestNode, ResourceType, SeedNode, SnapshotNode } from '../manifest/index.js';
import { checkSeedColumnTypes, checkSnapshotConfigs } from '../materialize/index.js';
import { buildFoundCounts, buildSkippedResult, runDag, type DagResults, type NodeSummary, type RunEvent } from '../run/index.js';
import { buildSchedulingPlan } from './build-order.js';
import { buildDeferringResolver } from './defer.js';
import { buildRunContext } from './run-context.js';
import { NodeExecutor } from './execute-node.js';
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
  /** `--defer`: refs to unselected models missing from the target resolve to the `--state` manifest's relations. */
  readonly defer?: boolean;
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
): Promise<{ ids: string[]; warnings: string[]; state?: StateManifest }> {
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
  return { ids: selection.ids, warnings: selection.warnings, ...(state ? { state } : {}) };
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
  // The parse cache is written once the DAG has run (below), off the parse's critical path.
  const session = await openProjectSession({ ...opts, command: task, deferParseCache: true });
  const { manifest, config } = session;
  const { ids, warnings, state } = await selectForTask(session, TASK_RESOURCE_TYPES[task], opts);
  if (opts.defer && !state) {
    throw new UsageError('usage/bad-flag', '--defer needs --state DIR (a folder with the manifest.json to defer to)', {
      hint: 'pass --state with the artifacts of the run to defer to, e.g. --state prod-artifacts/.',
    });
  }
  for (const w of session.warnings) opts.onEvent({ kind: 'log', level: 'warn', message: w.message });
  for (const w of warnings) opts.onEvent({ kind: 'log', level: 'warn', message: w });
  const manifestWritten = writeManifestArtifact(session);

  const nodes = ids.map((id) => manifest.nodes[id] ?? manifest.unitTests[id]).filter((n): n is ManifestNode => n !== undefined);
  const t0 = performance.now();
  const files = createCompiledFileWriter({ indexPath: join(config.rootDir, config.targetPath, WRITTEN_FILES_INDEX) });
  const adapter = await createAdapter(session.target);
  let runContext = buildRunContext(session, adapter.dialect, () => adapter, task, opts.fullRefresh === true);
  const executor = new NodeExecutor(session, adapter, runContext, files, opts.fullRefresh === true, opts.signal);


  await adapter.connect();
  if (opts.defer && state) {
    const { resolver, deferred } = await buildDeferringResolver(manifest, ids, state, adapter);
    runContext = { ...runContext, resolver };
    executor.setRunContext(runContext);
    for (const [id, rel] of deferred) opts.onEvent({ kind: 'log', level: 'info', message: `Deferring ${id} to ${adapter.dialect.relationName(rel)} (--state)` });
  }
  let results: DagResults;
  try {
    const hookContext: RunContext = { ...runContext, isIncremental: false };
    await runProjectHooks('on-run-start', session, adapter, hookContext, opts.onEvent);
    await ensureSchemas(adapter, nodes);
    await checkNodeConfigs(adapter, nodes, config);
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
      execute: (id, ctx) => executor.execute(id, ctx.threadId, ctx.signal),
      skipResult: (id, cause, reason) => buildSkippedResult(id, cause, reason),
      onEvent: opts.onEvent,
      summarize,
      counted,
    });
    await runProjectHooks('on-run-end', session, adapter, hookContext, opts.onEvent);
    opts.onEvent({ kind: 'run-finished', results, elapsedSeconds: (performance.now() - t0) / 1000, interrupted: results.interrupted, nodes: summaries });
  } finally {
    // After the DAG: the deferred parse-cache write (compile) joins the other file writes.
    await Promise.allSettled([files.flush(), manifestWritten, session.writeParseCache()]);
    await executor.close();
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

/**
 * Checks that need the project and sometimes the warehouse but no node run: snapshot configs
 * (unique_key, strategy) and seed `column_types`. A problem throws a located error (exit 2).
 */
async function checkNodeConfigs(adapter: Adapter, nodes: readonly ManifestNode[], config: ProjectSession['config']): Promise<void> {
  const snapshots = nodes.filter((n): n is SnapshotNode => n.resourceType === 'snapshot');
  const seeds = nodes.filter((n): n is SeedNode => n.resourceType === 'seed');
  if (snapshots.length) await checkSnapshotConfigs(snapshots, config.rootDir);
  if (seeds.length) await checkSeedColumnTypes(adapter, seeds, { rootDir: config.rootDir, file: config.file });
}

/** 0 passed (warnings allowed), 1 a node errored or a test failed, 2 interrupted. */
export function exitCodeOf(results: DagResults): number {
  if (results.interrupted) return 2;
  return results.some((r) => r.status === 'error' || r.status === 'fail' || r.status === 'runtime error') ? 1 : 0;
}
