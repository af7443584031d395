import type { SkipReason } from './events.js';
import type { NodeResult } from './types.js';

/**
 * The message of a node that was not run. dbt says "Skipping due to fail_fast" for --fail-fast;
 * for an upstream failure it names the failed ancestor.
 */
export function buildSkipMessage(cause: NodeResult, reason: SkipReason): string {
  switch (reason) {
    case 'fail-fast':
      return 'Skipping due to fail_fast';
    case 'interrupted':
      return 'skipped due to an interrupted run';
    case 'upstream':
      return cause.uniqueId ? `skipped due to failure of ${cause.uniqueId}` : 'skipped due to an upstream failure';
  }
}

/** A ready-made `skipResult` for `runDag`: status `skipped`, no timing, the message above. */
export function buildSkippedResult(uniqueId: string, cause: NodeResult, reason: SkipReason): NodeResult {
  return {
    kind: 'node-result',
    uniqueId,
    status: 'skipped',
    message: buildSkipMessage(cause, reason),
    executionTime: 0,
    timing: [],
    adapterResponse: {},
    failures: null,
    threadId: '',
  };
}
