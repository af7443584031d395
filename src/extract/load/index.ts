export { RawLoader } from './raw-loader.js';
export type { BatchOutcome, BatchWrite } from './raw-loader.js';
export { META, REJECTS_TABLE, REJECT_COLUMNS, buildRawTableSpec, buildRejectsSpec } from './raw-table.js';
export type { RawTableSpec } from './raw-table.js';
export { planClearStage, planDropUnchanged, planStageInsert, planStageMerge } from './plan-merge.js';
export type { StagePlanOptions } from './plan-merge.js';
export { WriteLock } from './write-lock.js';
