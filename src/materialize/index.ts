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
export {
  planSeed,
  buildSeedTargetColumns,
  buildSeedSelectList,
  seedColumnName,
  seedColumnsMatch,
  targetCastType,
  type SeedPlan,
  type SeedPlanInput,
  type SeedSource,
  type SeedTargetColumn,
} from './plan-seed.js';
export { readSeedColumns, matchDeclaredTypes, type SeedFileNode } from './read-seed-columns.js';
export { checkSeedColumnTypes, type SeedProjectFiles, type SeedTypeNode } from './check-seed-column-types.js';
export { executeSeed, renderSeedPlan, type SeedExecution } from './execute-seed.js';
export {
  readSnapshotConfig,
  resolveSnapshotConfig,
  SNAPSHOT_META_COLUMNS,
  type HardDeletes,
  type SnapshotConfig,
  type SnapshotConfigProblem,
  type SnapshotMetaColumn,
} from './snapshot-config.js';
export {
  planSnapshotCreate,
  planSnapshotMerge,
  buildSnapshotTableSql,
  buildSnapshotStagingSql,
  buildSnapshotMergeStatements,
  buildSnapshotHash,
  snapshotTime,
  type SnapshotColumns,
  type SnapshotPlan,
  type SnapshotPlanInput,
} from './plan-snapshot.js';
export { checkSnapshotConfigs, locateSnapshotConfig, type SnapshotCheckNode } from './check-snapshot-configs.js';
export { executeSnapshot, type CompiledSnapshot, type SnapshotExecution } from './execute-snapshot.js';
export { buildNodeSuccess, buildNodeError } from './node-outcome.js';
