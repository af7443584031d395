export type {
  HookInput,
  IncrementalApplyPlan,
  IncrementalStagePlan,
  MaterializationInput,
  MaterializationKind,
  MaterializationNode,
  MaterializationPlan,
  MaterializationResponse,
  MaterializationResult,
  SchemaChanges,
  SinglePhasePlan,
} from './types.js';
export { MATERIALIZATIONS } from './types.js';
export { planMaterialization, resolveMaterialization, isMaterializationKind } from './plan-materialization.js';
export { planStatements, type PlannedStatements } from './plan-statements.js';
export { planView } from './plan-view.js';
export { planTable } from './plan-table.js';
export {
  planIncrementalStage,
  planIncrementalApply,
  resolveStrategy,
  shouldFullRefresh,
  INCREMENTAL_STRATEGIES,
} from './plan-incremental.js';
export { buildSchemaChanges, describeSchemaChanges, hasSchemaChanges } from './schema-changes.js';
export { buildHookedStatements, splitHooks } from './hooks.js';
export { tempRelation, backupRelation } from './relation-names.js';
export { executeMaterialization } from './execute-materialization.js';
