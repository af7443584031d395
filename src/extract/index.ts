/** The extract stage: REST APIs → RAW tables, through the Adapter interface only. */
export { runExtract } from './run-extract.js';
export { describeExtractError } from './run-source.js';
export { selectInstances, instanceName } from './select-sources.js';
export { resolveInstance } from './resolve-instance.js';
export type { ResolvedInstance } from './resolve-instance.js';
export type {
  ExtractCounts,
  ExtractErrorInfo,
  ExtractEvent,
  ExtractResult,
  ExtractResults,
  ExtractStatus,
  RunExtractOptions,
  StreamResult,
  StreamStatus,
} from './types.js';
export { EXTRACT_INSTANCES, SOURCE_DESCRIPTORS, findDescriptor } from './sources/index.js';
export type { SourceDescriptor, SourceInstanceConfig, StreamDescriptor } from './sources/index.js';
export { createFakeClock, systemClock, HttpClient, RequestBudget } from './http/index.js';
export type { BudgetLimits, Clock, FakeClock, RetryPolicy } from './http/index.js';
export { WATERMARK_TABLE } from './state/index.js';
export { REJECTS_TABLE } from './load/index.js';
