import { stripTrailingSemicolon, type Adapter, type Column, type ExecOptions, type ExecResult, type RelationInfo, type Statement } from '../adapters/index.js';
import { buildHookedStatements } from './hooks.js';
import { needsQueryColumns } from './plan-docs.js';
import { planGrantChanges, planGrants } from './plan-grants.js';
import { planIncrementalApply } from './plan-incremental.js';
import { planMaterialization } from './plan-materialization.js';
import type {
  IncrementalApplyPlan,
  MaterializationInput,
  MaterializationPlan,
  MaterializationResponse,
  MaterializationResult,
  SchemaChanges,
} from './types.js';

/** The statement whose result the node reports (`CREATE VIEW`, `MERGE 5`, ...). */
function mainStatementIndex(statements: readonly Statement[]): number {
  for (let i = statements.length - 1; i >= 0; i--) {
    const p = statements[i]!.purpose;
    if (p === 'merge' || p === 'insert') return i;
  }
  return statements.findIndex((s) => s.purpose === 'create');
}

function responseFor(
  materialization: MaterializationResult['materialization'],
  statements: readonly Statement[],
  results: readonly ExecResult[],
): MaterializationResponse {
  const index = mainStatementIndex(statements);
  const statement = statements[index];
  const rows = results[index]?.rowsAffected;
  const queryId = results[index]?.queryId;
  if (!statement) return { message: 'OK' };
  let verb: string;
  if (statement.purpose === 'merge') verb = 'MERGE';
  else if (statement.purpose === 'insert') verb = 'INSERT';
  else if (materialization === 'view') return { message: 'CREATE VIEW', code: 'CREATE VIEW', ...(queryId ? { queryId } : {}) };
  else verb = 'SELECT'; // a table build, reported as dbt-postgres does (`SELECT 42`)
  const id = queryId ? { queryId } : {};
  return rows === undefined ? { message: verb, code: verb, ...id } : { message: `${verb} ${rows}`, code: verb, rowsAffected: rows, ...id };
}

/** `select * from (<compiled>) limit 0`: the SELECT's columns, without reading a row. */
export function buildQueryColumnsProbe(compiledSql: string): string {
  return `select * from (\n${stripTrailingSemicolon(compiledSql)}\n) as opp_query_columns limit 0`;
}

/**
 * Materialises one node: plans it, then on ONE session (so a plan's BEGIN ... COMMIT, an incremental
 * model's two phases and the node's session settings share a connection) runs the node's session
 * settings (`dialect.nodeSession`: Snowflake's `use warehouse` / query tag), pre-hooks, the plan,
 * post-hooks and grants, and restores the session settings even when something failed. Reads the
 * SELECT's columns first when persisted column docs need them, reads columns when an incremental model
 * needs them, and updates the adapter's relation cache. The only function in `materialize/` that touches
 * the adapter for models. Throws the DatabaseError of the failing statement (after rolling back), or a
 * ConfigError / schema-change error before anything ran.
 *
 * The target schema must exist (the runner calls `adapter.ensureSchema` once per schema).
 */
export async function executeMaterialization(adapter: Adapter, input: MaterializationInput): Promise<MaterializationResult> {
  let plan: MaterializationPlan = planMaterialization(input);
  const uniqueId = input.node.uniqueId;
  if (plan.materialization === 'ephemeral') {
    return { kind: 'materialization-result', uniqueId, materialization: 'ephemeral', executed: false, statements: [], adapterResponse: {} };
  }
  const exec: ExecOptions = {
    nodeId: uniqueId,
    compiledSql: input.compiledSql,
    ...(input.compiledPath ? { compiledPath: input.compiledPath } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
  const session = <T>(fn: () => Promise<T>): Promise<T> => (adapter.withSession ? adapter.withSession(fn) : fn());
  const table: RelationInfo = { ...input.node.relation, kind: 'table' };

  return session(async () => {
    const statements: Statement[] = [];
    const results: ExecResult[] = [];
    const run = async (steps: readonly Statement[], opts: ExecOptions = exec): Promise<ExecResult[]> => {
      if (steps.length === 0) return [];
      const out = await adapter.executePlan(steps, opts);
      statements.push(...steps);
      results.push(...out);
      return out;
    };
    const settings = input.dialect.nodeSession?.(input.node.config, { fullBuild: plan.materialization === 'incremental' && plan.kind === 'single' });
    await run(settings?.before ?? []);
    let failure: unknown;
    let relation: RelationInfo = table;
    let schemaChanges: SchemaChanges | undefined;
    let response: MaterializationResponse = {};
    try {
      let current = input;
      if (plan.kind === 'single' && needsQueryColumns(current)) {
        const [probed] = await run([{ purpose: 'select', sql: buildQueryColumnsProbe(current.compiledSql) }]);
        const columns = probed?.columns ?? [];
        current = { ...current, queryColumns: columns };
        plan = planMaterialization(current);
      }
      if (plan.kind === 'single') {
        const steps = buildHookedStatements(plan.statements, current.hooks, current.dialect, current.capabilities);
        const from = statements.length;
        await run(steps);
        relation = { ...table, kind: plan.relationKind ?? 'table' };
        for (const ref of plan.transient) adapter.relations?.delete(ref);
        adapter.relations?.set(relation);
        response = responseFor(plan.materialization, statements.slice(from), results.slice(from));
      } else {
        const stagePlan = plan;
        const stageStatements = buildHookedStatements(stagePlan.statements, { pre: current.hooks.pre, post: [] }, current.dialect, current.capabilities);
        const from = statements.length;
        await run(stageStatements);
        let apply: IncrementalApplyPlan;
        let applyStatements: Statement[];
        try {
          // One after the other: both run on the session's single connection.
          const targetColumns = await adapter.getColumns(stagePlan.target);
          const stagedColumns: Column[] = stagePlan.needsStagedColumns ? await adapter.getColumns(stagePlan.stage) : [];
          apply = planIncrementalApply(current, stagePlan, targetColumns, stagedColumns);
          applyStatements = buildHookedStatements(apply.statements, { pre: [], post: current.hooks.post }, current.dialect, current.capabilities, {
            transactionOpen: stagePlan.openedTransaction,
          });
        } catch (err) {
          // Nothing of the apply phase ran: undo the stage (and the pre-hooks inside the transaction).
          if (stagePlan.openedTransaction) await adapter.execute(current.dialect.rollback()).catch(() => undefined);
          else await adapter.execute(current.dialect.drop(stagePlan.stage, stagePlan.stageKind ?? 'table')).catch(() => undefined);
          throw err;
        }
        await run(applyStatements);
        adapter.relations?.delete(stagePlan.stage);
        adapter.relations?.set(relation);
        schemaChanges = apply.schemaChanges;
        response = responseFor('incremental', statements.slice(from), results.slice(from));
      }
      const grants = planGrants(current, relation.kind === 'view' ? 'view' : 'table', plan.kind === 'single');
      if (grants.kind === 'grant') await run(grants.statements);
      else if (grants.kind === 'diff') {
        const [listed] = await run([grants.show]);
        const granted = current.dialect.grants!.parse(listed?.rows ?? []);
        await run(planGrantChanges(current.dialect, current.node.relation, grants.relationKind, grants.desired, granted));
      }
    } catch (err) {
      failure = err;
    }
    // The session goes back to the target's warehouse and query tag whatever happened (even after Ctrl-C
    // aborted the node: the restore itself is not cancelled).
    try {
      const { signal: _cancelled, ...restore } = exec;
      await run(settings?.after ?? [], restore);
    } catch (err) {
      failure ??= err;
    }
    if (failure !== undefined) throw failure;
    return {
      kind: 'materialization-result',
      uniqueId,
      materialization: plan.materialization,
      executed: true,
      statements,
      adapterResponse: response,
      relation,
      ...(schemaChanges ? { schemaChanges } : {}),
    };
  });
}
