import type { Column, Statement } from '../adapters/index.js';
import { buildHookedStatements } from './hooks.js';
import { planIncrementalApply } from './plan-incremental.js';
import { planMaterialization } from './plan-materialization.js';
import type { MaterializationInput } from './types.js';

export interface PlannedStatements {
  /** Every statement a run would issue, hooks included, in order. */
  readonly statements: readonly Statement[];
  /**
   * False when an incremental model on an existing table needs the columns to plan its second phase and
   * none were given: `statements` then holds the first phase only.
   */
  readonly complete: boolean;
}

/**
 * The whole plan of a node as data (for `compile`, dry runs and golden tests), hooks spliced in as
 * `executeMaterialization` would run them. An incremental model on an existing table needs the target's
 * columns (and the staged rows' columns unless `on_schema_change` is `ignore`) for its second phase.
 */
export function planStatements(
  input: MaterializationInput,
  columns?: { readonly target: readonly Column[]; readonly staged?: readonly Column[] },
): PlannedStatements {
  const plan = planMaterialization(input);
  if (plan.kind === 'single') {
    return { statements: buildHookedStatements(plan.statements, input.hooks, input.dialect, input.capabilities), complete: true };
  }
  const stage = buildHookedStatements(plan.statements, { pre: input.hooks.pre, post: [] }, input.dialect, input.capabilities);
  if (!columns) return { statements: stage, complete: false };
  const apply = planIncrementalApply(input, plan, columns.target, columns.staged ?? columns.target);
  const rest = buildHookedStatements(apply.statements, { pre: [], post: input.hooks.post }, input.dialect, input.capabilities, {
    transactionOpen: plan.openedTransaction,
  });
  return { statements: [...stage, ...rest], complete: true };
}
