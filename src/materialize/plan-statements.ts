import type { Column, Statement } from '../adapters/index.js';
import { buildHookedStatements } from './hooks.js';
import { planGrantChanges, planGrants } from './plan-grants.js';
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
 * The whole plan of a node as data (for `compile`, dry runs and golden tests), as `executeMaterialization`
 * would run it: the node's session settings (`dialect.nodeSession`: warehouse, query tag) around
 * everything, hooks spliced in, then the grants. An incremental model on an existing table needs the
 * target's columns (and the staged rows' columns unless `on_schema_change` is `ignore`) for its second
 * phase. Grants that need the current grants listed show the listing followed by every configured grant
 * (as if none were there yet).
 */
export function planStatements(
  input: MaterializationInput,
  columns?: { readonly target: readonly Column[]; readonly staged?: readonly Column[] },
): PlannedStatements {
  const plan = planMaterialization(input);
  if (plan.materialization === 'ephemeral') return { statements: [], complete: true };
  const session = input.dialect.nodeSession?.(input.node.config, { fullBuild: plan.materialization === 'incremental' && plan.kind === 'single' });
  const before = session?.before ?? [];
  const after = session?.after ?? [];
  const relationKind = plan.kind === 'single' ? (plan.relationKind ?? 'table') : 'table';
  const grants = planGrants(input, relationKind, plan.kind === 'single');
  const granting: Statement[] =
    grants.kind === 'grant'
      ? [...grants.statements]
      : grants.kind === 'diff'
        ? [grants.show, ...planGrantChanges(input.dialect, input.node.relation, grants.relationKind, grants.desired, {})]
        : [];
  if (plan.kind === 'single') {
    const main = buildHookedStatements(plan.statements, input.hooks, input.dialect, input.capabilities);
    return { statements: [...before, ...main, ...granting, ...after], complete: true };
  }
  const stage = buildHookedStatements(plan.statements, { pre: input.hooks.pre, post: [] }, input.dialect, input.capabilities);
  if (!columns) return { statements: [...before, ...stage], complete: false };
  const apply = planIncrementalApply(input, plan, columns.target, columns.staged ?? columns.target);
  const rest = buildHookedStatements(apply.statements, { pre: [], post: input.hooks.post }, input.dialect, input.capabilities, {
    transactionOpen: plan.openedTransaction,
  });
  return { statements: [...before, ...stage, ...rest, ...granting, ...after], complete: true };
}
