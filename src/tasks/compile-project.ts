import { join } from 'node:path';
import type { Adapter } from '../adapters/index.js';
import { WRITTEN_FILES_INDEX, createCompiledFileWriter } from '../artifacts/index.js';
import { renderCompiled, renderSql, type BatchContext, type CompiledNode } from '../compile/index.js';
import type { OppError } from '../errors/index.js';
import type { ManifestNode, ModelNode } from '../manifest/index.js';
import { checksumsOf, type RecordedCompile } from './compile-memo.js';
import type { CompileTaskOptions, CompileTaskOutcome } from './compile-task.js';
import { isFullRefresh } from './execute-model.js';
import { LazyWarehouse, probeWarehouse } from './lazy-warehouse.js';
import { selectForTask, writeManifestArtifact } from './node-task.js';
import type { OpenedProjectConfig } from './project-config.js';
import { openProjectSession } from './project-session.js';
import { buildRunContext } from './run-context.js';

/** Decides `is_incremental()` for each node from the relation cache (one query per schema). */
async function incrementalDecisions(adapter: Adapter, nodes: readonly ModelNode[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const node of nodes) {
    const existing = await adapter.getRelation({ database: node.database, schema: node.schema, identifier: node.alias });
    if (existing?.kind === 'table') out.add(node.uniqueId);
  }
  return out;
}

export interface CompiledProject {
  readonly outcome: CompileTaskOutcome;
  /** What a replay of this compile must check (see compile-memo.ts); absent when it must never be replayed. */
  readonly replayable?: Omit<RecordedCompile, 'stamps'>;
}

/**
 * The work of `opp compile` (see `runCompileTask`): loads and parses the project, writes manifest.json,
 * decides `is_incremental()` (connecting only if a table can exist), renders the selection and writes
 * target/compiled/.
 */
export async function compileProject(opts: CompileTaskOptions, opened: OpenedProjectConfig, t0: number): Promise<CompiledProject> {
  // The parse cache is written once compiling is done (finally, below), off the parse's critical path.
  const session = await openProjectSession({ ...opts, command: 'compile', deferParseCache: true }, opened);
  const { config, manifest } = session;
  const fullRefresh = opts.fullRefresh === true;
  const manifestWritten = writeManifestArtifact(session);
  let warehouse: LazyWarehouse;
  try {
    warehouse = await LazyWarehouse.open(session.target);
  } catch (err) {
    await manifestWritten.catch(() => undefined);
    await session.writeParseCache();
    throw err;
  }
  let outcome: CompileTaskOutcome;
  let compiled: CompiledNode[] = [];
  let decided = false;
  // The warehouse's stamp before `is_incremental()` is decided: a write by another process while this
  // compile runs makes it differ from the stamp taken after, and the compile is then not recorded.
  let stampBefore: string | undefined;
  try {
    const base = buildRunContext(session, warehouse.dialect, () => warehouse.adapter(), 'compile', fullRefresh);
    if (opts.inline !== undefined) {
      const rendered = await renderSql(opts.inline, { ...base, isIncremental: false }, { file: '<inline>' });
      await manifestWritten;
      return { outcome: { session, compiled: [], errors: [], inlineSql: rendered.sql, elapsedSeconds: (performance.now() - t0) / 1000 } };
    }
    const { ids } = await selectForTask(session, ['model', 'test', 'snapshot', 'analysis'], opts);
    const nodes = ids.map((id) => manifest.nodes[id]).filter((n): n is ManifestNode => n !== undefined && n.resourceType !== 'seed');
    // is_incremental(): only incremental models not rebuilt in full, and only when their table can exist
    const candidates = nodes.filter(
      (n): n is ModelNode => n.resourceType === 'model' && n.config.materialized === 'incremental' && !isFullRefresh(n, fullRefresh),
    );
    decided = candidates.length > 0;
    if (decided) stampBefore = probeWarehouse(session.target)?.stamp;
    const incremental =
      candidates.length === 0 || (!warehouse.opened && probeWarehouse(session.target)?.empty === true)
        ? new Set<string>()
        : await incrementalDecisions(await warehouse.adapter(), candidates);
    const batch: BatchContext = { ...base, isIncremental: (node) => incremental.has(node.uniqueId) };
    const outcomes = await renderCompiled(nodes, batch);
    const files = createCompiledFileWriter({ indexPath: join(config.rootDir, config.targetPath, WRITTEN_FILES_INDEX) });
    const errors: OppError[] = [];
    for (const o of outcomes) {
      if (o.compiled) {
        compiled.push(o.compiled);
        files.write(`${config.rootDir}/${o.compiled.compiledPath}`, o.compiled.compiledCode);
      } else errors.push(o.error);
    }
    await Promise.all([files.flush(), manifestWritten]);
    outcome = { session, compiled, errors, elapsedSeconds: (performance.now() - t0) / 1000 };
  } finally {
    // The deferred parse-cache write (compile), after the real work; it never rejects.
    await Promise.all([session.writeParseCache(), warehouse.close()]);
  }
  if (outcome.errors.length > 0 || compiled.some((c) => c.volatile)) return { outcome };
  // is_incremental() decisions are replayed only while the warehouse's stamp vouches for them
  const warehouseStamp = decided ? probeWarehouse(session.target)?.stamp : null;
  if (warehouseStamp === undefined || (decided && warehouseStamp !== stampBefore)) return { outcome };
  const env: Record<string, string | null> = {};
  for (const name of session.parse.envVarNames) env[name] = session.env[name] ?? null;
  for (const c of compiled) for (const name of c.envVars) env[name] = session.env[name] ?? null;
  return { outcome, replayable: { checksums: checksumsOf(session.files), env, warehouse: warehouseStamp, compiled } };
}
