import type { Adapter, ExecOptions, ExecResult, Statement } from '../adapters/index.js';
import type { NodeConfig } from '../config/types.js';
import { OppError } from '../errors/index.js';
import type { SnapshotNode } from '../manifest/index.js';
import type { AdapterResponse, NodeResult } from '../run/types.js';
import { buildNodeError, buildNodeSuccess } from './node-outcome.js';
import { runInNodeSession } from './node-session.js';
import { NodeTimer } from '../util/node-timer.js';
import { planSnapshotCreate, planSnapshotMerge, type SnapshotPlan, type SnapshotPlanInput } from './plan-snapshot.js';
import { resolveSnapshotConfig } from './snapshot-config.js';
import type { HookInput } from './types.js';

/** A snapshot rendered by the run pass (what compile's `renderNode` returns, plus its rendered hooks). */
export interface CompiledSnapshot {
  readonly compiledCode: string;
  /** Project-relative compiled file, for error locations. */
  readonly compiledPath?: string;
  readonly relationName?: string;
  /** The config after the run pass (defaults to the node's). */
  readonly config?: NodeConfig;
  readonly hooks?: { readonly pre: readonly HookInput[]; readonly post: readonly HookInput[] };
}

/** What executing a snapshot needs besides the node. */
export interface SnapshotExecution {
  readonly adapter: Adapter;
  /** Renders the snapshot's SQL and hooks (the runner passes compile's `renderNode` + `renderSql`). */
  readonly compile: (node: SnapshotNode) => Promise<CompiledSnapshot>;
  readonly signal?: AbortSignal;
  /** Receives the statements run as one SQL text (the runner writes it to `target/run/...`). */
  readonly writeRunSql?: (node: SnapshotNode, sql: string) => void;
}

function responseFor(plan: SnapshotPlan, results: readonly ExecResult[]): AdapterResponse {
  if (plan.mode === 'create') {
    const i = plan.statements.findIndex((s) => s.purpose === 'create');
    const rows = results[i]?.rowsAffected;
    return rows === undefined ? { message: 'SELECT', code: 'SELECT' } : { message: `SELECT ${rows}`, code: 'SELECT', rowsAffected: rows };
  }
  let rows = 0;
  let known = false;
  plan.statements.forEach((s: Statement, i) => {
    if (s.purpose === 'merge' || s.purpose === 'update' || s.purpose === 'insert') {
      const n = results[i]?.rowsAffected;
      if (n !== undefined) {
        rows += n;
        known = true;
      }
    }
  });
  return known ? { message: `MERGE ${rows}`, code: 'MERGE', rowsAffected: rows } : { message: 'MERGE', code: 'MERGE' };
}

/**
 * Runs one snapshot (dbt's `snapshot` materialization). Never throws: a failure is the node's `error`
 * result. The first run creates the table (`planSnapshotCreate`); later runs read the table's and the
 * query's columns (2 queries), then stage, merge and drop the stage in one transaction
 * (`planSnapshotMerge`). A view at the snapshot's place is `snapshot/invalid-target`.
 */
export async function executeSnapshot(node: SnapshotNode, threadId: string, ctx: SnapshotExecution): Promise<NodeResult> {
  const timer = new NodeTimer();
  const { adapter } = ctx;
  const relation = { database: node.database, schema: node.schema, identifier: node.alias };
  const relationName = adapter.dialect.relationName(relation);
  let compiled: CompiledSnapshot | undefined;
  try {
    compiled = await ctx.compile(node);
    const nodeConfig = compiled.config ?? node.config;
    const config = resolveSnapshotConfig({ uniqueId: node.uniqueId, name: node.name, config: nodeConfig });
    timer.end('compile');
    const exec: ExecOptions = {
      nodeId: node.uniqueId,
      compiledSql: compiled.compiledCode,
      ...(compiled.compiledPath ? { compiledPath: compiled.compiledPath } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
    const existing = await adapter.getRelation(relation);
    if (existing && existing.kind !== 'table') {
      throw new OppError('snapshot/invalid-target', `snapshot '${node.name}': ${relationName} is a ${existing.kind}, not a snapshot table`, {
        nodeId: node.uniqueId,
        hint: `Drop the ${existing.kind} (or set another alias/schema for the snapshot) so the next run creates the table.`,
      });
    }
    const input: SnapshotPlanInput = {
      node: { uniqueId: node.uniqueId, name: node.name, config: nodeConfig, relation },
      compiledSql: compiled.compiledCode,
      ...(existing ? { existing } : {}),
      dialect: adapter.dialect,
      capabilities: adapter.capabilities,
      hooks: compiled.hooks ?? { pre: [], post: [] },
    };
    const session = <T>(fn: () => Promise<T>): Promise<T> => (adapter.withSession ? adapter.withSession(fn) : fn());
    const { plan, results } = await session(() =>
      runInNodeSession(adapter, nodeConfig, exec, async () => {
        let plan: SnapshotPlan;
        if (!existing) plan = planSnapshotCreate(input, config);
        else {
          const target = await adapter.getColumns(relation);
          const q = (await adapter.execute(`select * from (\n${compiled!.compiledCode.replace(/;\s*$/, '')}\n) as snapshot_query limit 0`, exec)).columns;
          plan = planSnapshotMerge(input, { target, query: q }, config);
        }
        return { plan, results: await adapter.executePlan(plan.statements, exec) };
      }),
    );
    timer.end('execute');
    ctx.writeRunSql?.(node, plan.statements.map((s) => `${s.sql};`).join('\n\n') + '\n');
    if (plan.stage) adapter.relations?.delete(plan.stage);
    adapter.relations?.set({ ...relation, kind: 'table' });
    return buildNodeSuccess(node.uniqueId, threadId, timer, {
      adapterResponse: responseFor(plan, results),
      relationName,
      compiledCode: compiled.compiledCode,
      ...(compiled.compiledPath ? { compiledPath: compiled.compiledPath } : {}),
    });
  } catch (err) {
    return buildNodeError(node.uniqueId, threadId, timer, err, {
      relationName,
      ...(compiled ? { compiledCode: compiled.compiledCode } : {}),
      ...(compiled?.compiledPath ? { compiledPath: compiled.compiledPath } : {}),
    });
  }
}
