import type { Adapter } from '../adapters/index.js';
import type { CompiledFileWriter } from '../artifacts/index.js';
import { buildRunPath, renderNode, type CompiledNode, type EphemeralCache, type RunContext } from '../compile/index.js';
import type { ModelNode } from '../manifest/index.js';
import { executeMaterialization, type HookInput } from '../materialize/index.js';
import type { NodeResult } from '../run/types.js';
import { buildNodeError, buildNodeSuccess } from '../materialize/index.js';
import { NodeTimer } from '../util/node-timer.js';

/** What executing a model needs besides the node itself (the run's NodeExecutor provides it). */
export interface ModelExecution {
  readonly adapter: Adapter;
  /** The run pass's context without `isIncremental` (decided per model here). */
  readonly runContext: Omit<RunContext, 'isIncremental'>;
  readonly fullRefresh: boolean;
  readonly files: CompiledFileWriter;
  /** Absolute project folder: compiled and run paths are relative to it. */
  readonly rootDir: string;
  /** project.yml `target-path` (project-relative). */
  readonly targetPath: string;
  readonly ephemeralCache: EphemeralCache;
  renderHooks(node: ModelNode, rc: RunContext): Promise<{ pre: HookInput[]; post: HookInput[] }>;
}

/** dbt: `--full-refresh` rebuilds unless the model says `full_refresh: false`. */
export function isFullRefresh(node: Pick<ModelNode, 'config'>, flag: boolean): boolean {
  const own = node.config.full_refresh;
  return own === undefined || own === null ? flag : own === true;
}

/**
 * Compiles (run pass) and materialises one model. Never throws: a failure is the node's `error` result
 * carrying the database message and the compiled file's path.
 */
export async function executeModel(node: ModelNode, threadId: string, ex: ModelExecution, signal?: AbortSignal): Promise<NodeResult> {
  const timer = new NodeTimer();
  const { adapter } = ex;
  const relation = { database: node.database, schema: node.schema, identifier: node.alias };
  let compiled: CompiledNode | undefined;
  try {
    const fullRefresh = isFullRefresh(node, ex.fullRefresh);
    const existing = node.config.materialized === 'ephemeral' ? undefined : await adapter.getRelation(relation);
    const isIncremental = node.config.materialized === 'incremental' && existing?.kind === 'table' && !fullRefresh;
    const rc: RunContext = { ...ex.runContext, isIncremental };
    compiled = await renderNode(node, rc, { ephemeralCache: ex.ephemeralCache });
    ex.files.write(`${ex.rootDir}/${compiled.compiledPath}`, compiled.compiledCode);
    const hooks = await ex.renderHooks(node, rc);
    timer.end('compile');
    const result = await executeMaterialization(adapter, {
      node: { uniqueId: node.uniqueId, config: compiled.config, relation, description: node.description, columns: node.columns },
      compiledSql: compiled.compiledCode,
      ...(existing ? { existing } : {}),
      dialect: adapter.dialect,
      capabilities: adapter.capabilities,
      fullRefresh,
      hooks,
      compiledPath: compiled.compiledPath,
      ...(signal ? { signal } : {}),
    });
    timer.end('execute');
    if (result.executed) {
      const runPath = buildRunPath(node, node.packageName, ex.targetPath);
      ex.files.write(`${ex.rootDir}/${runPath}`, result.statements.map((s) => s.sql).join(';\n\n') + ';\n');
    }
    return buildNodeSuccess(node.uniqueId, threadId, timer, {
      message: result.adapterResponse.message ?? 'OK',
      adapterResponse: result.adapterResponse,
      compiledCode: compiled.compiledCode,
      compiledPath: compiled.compiledPath,
      ...(compiled.relationName ? { relationName: compiled.relationName } : {}),
    });
  } catch (err) {
    return buildNodeError(node.uniqueId, threadId, timer, err, {
      ...(compiled ? { compiledCode: compiled.compiledCode, compiledPath: compiled.compiledPath } : {}),
      ...(compiled?.relationName ? { relationName: compiled.relationName } : {}),
    });
  }
}
