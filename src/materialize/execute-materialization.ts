import type { Adapter, Column, ExecOptions, ExecResult, RelationInfo, Statement } from '../adapters/index.js';
import { buildHookedStatements } from './hooks.js';
import { planIncrementalApply } from './plan-incremental.js';
import { planMaterialization } from './plan-materialization.js';
import type {
  IncrementalApplyPlan,
  MaterializationInput,
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
  if (!statement) return { message: 'OK' };
  let verb: string;
  if (statement.purpose === 'merge') verb = 'MERGE';
  else if (statement.purpose === 'insert') verb = 'INSERT';
  else if (materialization === 'view') return { message: 'CREATE VIEW', code: 'CREATE VIEW' };
  else verb = 'SELECT'; // a table build, reported as dbt-postgres does (`SELECT 42`)
  return rows === undefined ? { message: verb, code: verb } : { message: `${verb} ${rows}`, code: verb, rowsAffected: rows };
}

/**
 * Materialises one node: plans it, runs pre-hooks, the plan and post-hooks on one session (so a plan's
 * BEGIN ... COMMIT and an incremental model's two phases share a connection), reads columns when an
 * incremental model needs them, and updates the adapter's relation cache. The only function in
 * `materialize/` that touches the adapter. Throws the DatabaseError of the failing statement (after
 * rolling back), or a ConfigError / schema-change error before anything ran.
 *
 * The target schema must exist (the runner calls `adapter.ensureSchema` once per schema).
 */
export async function executeMaterialization(adapter: Adapter, input: MaterializationInput): Promise<MaterializationResult> {
  const plan = planMaterialization(input);
  const uniqueId = input.node.uniqueId;
  if (plan.materialization === 'ephemeral') {
    return { kind: 'materialization-result', uniqueId, materialization: 'ephemeral', executed: false, statements: [], adapterResponse: {} };
  }
  const exec: ExecOptions = {
    nodeId: uniqueId,
    compiledSql: input.compiledSql,
    ...(input.compiledPath ? { compiledPath: input.compiledPath } : {}),
  };
  const session = <T>(fn: () => Promise<T>): Promise<T> => (adapter.withSession ? adapter.withSession(fn) : fn());
  const relation: RelationInfo = { ...input.node.relation, kind: 'table' };

  if (plan.kind === 'single') {
    const statements = buildHookedStatements(plan.statements, input.hooks, input.dialect, input.capabilities);
    const results = await session(() => adapter.executePlan(statements, exec));
    const created: RelationInfo = { ...relation, kind: plan.relationKind ?? 'table' };
    for (const ref of plan.transient) adapter.relations?.delete(ref);
    adapter.relations?.set(created);
    return {
      kind: 'materialization-result',
      uniqueId,
      materialization: plan.materialization,
      executed: true,
      statements,
      adapterResponse: responseFor(plan.materialization, statements, results),
      relation: created,
    };
  }

  // Incremental on an existing table: stage, read columns, apply — one session, one transaction.
  return session(async () => {
    const stageStatements = buildHookedStatements(plan.statements, { pre: input.hooks.pre, post: [] }, input.dialect, input.capabilities);
    const stageResults = await adapter.executePlan(stageStatements, exec);
    let apply: IncrementalApplyPlan;
    let applyStatements: Statement[];
    try {
      // One after the other: both run on the session's single connection.
      const targetColumns = await adapter.getColumns(plan.target);
      const stagedColumns: Column[] = plan.needsStagedColumns ? await adapter.getColumns(plan.stage) : [];
      apply = planIncrementalApply(input, plan, targetColumns, stagedColumns);
      applyStatements = buildHookedStatements(apply.statements, { pre: [], post: input.hooks.post }, input.dialect, input.capabilities, {
        transactionOpen: plan.openedTransaction,
      });
    } catch (err) {
      // Nothing of the apply phase ran: undo the stage (and the pre-hooks inside the transaction).
      if (plan.openedTransaction) await adapter.execute(input.dialect.rollback()).catch(() => undefined);
      else await adapter.execute(input.dialect.drop(plan.stage, 'table')).catch(() => undefined);
      throw err;
    }
    const applyResults = await adapter.executePlan(applyStatements, exec);
    adapter.relations?.delete(plan.stage);
    adapter.relations?.set(relation);
    const statements = [...stageStatements, ...applyStatements];
    const schemaChanges: SchemaChanges | undefined = apply.schemaChanges;
    return {
      kind: 'materialization-result',
      uniqueId,
      materialization: 'incremental',
      executed: true,
      statements,
      adapterResponse: responseFor('incremental', statements, [...stageResults, ...applyResults]),
      relation,
      ...(schemaChanges ? { schemaChanges } : {}),
    };
  });
}
