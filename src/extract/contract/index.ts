export { applyContract, InvalidRecord } from './contract.js';
export type { ColumnSpec, ContractOutcome, JsonRecord, RecordContext } from './contract.js';
export { coerce, CoerceFailure, coerceEpochMs, coerceNumber, coerceValue } from './coerce.js';
export type { Coerced, TimeFormat } from './coerce.js';
export { DriftTracker } from './drift.js';
export type { DriftReport } from './drift.js';
