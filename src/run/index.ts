export * from './types.js';
export * from './events.js';
export { runDag, defaultIsBlocking, buildInterruptedCause, summaryFromId } from './scheduler.js';
export type { RunDagOptions, ExecuteContext, DagResults } from './scheduler.js';
export { buildSkippedResult, buildSkipMessage } from './skipped-result.js';
export { buildFoundCounts } from './found-counts.js';
