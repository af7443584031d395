import { join } from 'node:path';
import { createAdapter, type Adapter } from '../adapters/index.js';
import { WRITTEN_FILES_INDEX, createCompiledFileWriter } from '../artifacts/index.js';
import { renderCompiled, renderSql, type BatchContext, type CompiledNode, type RunContext } from '../compile/index.js';
import type { OppError } from '../errors/index.js';
import type { ManifestNode } from '../manifest/index.js';
import { isFullRefresh } from './execute-model.js';
import { selectForTask, writeManifestArtifact, type SelectionFlags } from './node-task.js';
import { openProjectSession, type ProjectSession, type SessionOptions } from './project-session.js';

export interface CompileTaskOptions extends SessionOptions, SelectionFlags {
  /** `--inline SQL`: compile this instead of the selection. */
  readonly inline?: string;
}

export interface CompileTaskOutcome {
  readonly session: ProjectSession;
  readonly compiled: readonly CompiledNode[];
  readonly errors: readonly OppError[];
  /** `--inline`: the compiled text. */
  readonly inlineSql?: string;
  readonly elapsedSeconds: number;
}

/** The run-pass context for a session: relations through the adapter's dialect, queries through the adapter. */
export function buildRunContext(session: ProjectSession, adapter: Adapter, command: string, fullRefresh: boolean): Omit<RunContext, 'isIncremental'> {
  return {
    manifest: session.manifest,
    target: session.target,
    dialect: adapter.dialect,
    vars: session.vars,
    env: session.env,
    flags: { WHICH: command, FULL_REFRESH: fullRefresh },
    query: {
      runQuery: (sql) => adapter.execute(sql),
      getRelation: (ref) => adapter.getRelation(ref),
      getColumns: (ref) => adapter.getColumns(ref),
    },
  };
}

/** Decides `is_incremental()` for each node from the relation cache (one query per schema). */
async function incrementalDecisions(adapter: Adapter, nodes: readonly ManifestNode[], fullRefresh: boolean): Promise<Set<string>> {
  const out = new Set<string>();
  for (const node of nodes) {
    if (node.resourceType !== 'model' || node.config.materialized !== 'incremental' || isFullRefresh(node, fullRefresh)) continue;
    const existing = await adapter.getRelation({ database: node.database, schema: node.schema, identifier: node.alias });
    if (existing?.kind === 'table') out.add(node.uniqueId);
  }
  return out;
}

/**
 * `opp compile`: renders the selected models, tests, snapshots and analyses (the run pass, with
 * `is_incremental()` decided against the warehouse) and writes them under target/compiled/.
 */
export async function runCompileTask(opts: CompileTaskOptions): Promise<CompileTaskOutcome> {
  const t0 = performance.now();
  // The parse cache is written once compiling is done (finally, below), off the parse's critical path.
  const session = await openProjectSession({ ...opts, command: 'compile', deferParseCache: true });
  const { config, manifest } = session;
  const manifestWritten = writeManifestArtifact(session);
  const adapter = await createAdapter(session.target);
  await adapter.connect();
  try {
    const base = buildRunContext(session, adapter, 'compile', opts.fullRefresh === true);
    if (opts.inline !== undefined) {
      const rendered = await renderSql(opts.inline, { ...base, isIncremental: false }, { file: '<inline>' });
      await manifestWritten;
      return { session, compiled: [], errors: [], inlineSql: rendered.sql, elapsedSeconds: (performance.now() - t0) / 1000 };
    }
    const { ids } = await selectForTask(session, ['model', 'test', 'snapshot', 'analysis'], opts);
    const nodes = ids.map((id) => manifest.nodes[id]).filter((n): n is ManifestNode => n !== undefined && n.resourceType !== 'seed');
    const incremental = await incrementalDecisions(adapter, nodes, opts.fullRefresh === true);
    const batch: BatchContext = { ...base, isIncremental: (node) => incremental.has(node.uniqueId) };
    const outcomes = await renderCompiled(nodes, batch);
    const files = createCompiledFileWriter({ indexPath: join(config.rootDir, config.targetPath, WRITTEN_FILES_INDEX) });
    const compiled: CompiledNode[] = [];
    const errors: OppError[] = [];
    for (const o of outcomes) {
      if (o.compiled) {
        compiled.push(o.compiled);
        files.write(`${config.rootDir}/${o.compiled.compiledPath}`, o.compiled.compiledCode);
      } else errors.push(o.error);
    }
    await Promise.all([files.flush(), manifestWritten]);
    return { session, compiled, errors, elapsedSeconds: (performance.now() - t0) / 1000 };
  } finally {
    // The deferred parse-cache write (compile), after the real work; it never rejects.
    await Promise.all([session.writeParseCache(), adapter.close()]);
  }
}
