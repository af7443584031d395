import { toOppError } from '../errors/index.js';
import type { AdapterResponse, NodeResult } from '../run/types.js';
import type { NodeTimer } from '../util/node-timer.js';

/**
 * The results node executors return (models, seeds, snapshots): success with the warehouse's response, or
 * the error as a result (a failed node is a result, not a crash). `NodeResult` is a type-only import of
 * the runner's result type.
 */
export function buildNodeSuccess(
  uniqueId: string,
  threadId: string,
  timer: NodeTimer,
  fields: { adapterResponse: AdapterResponse; message?: string; relationName?: string; compiledCode?: string; compiledPath?: string },
): NodeResult {
  return {
    kind: 'node-result',
    uniqueId,
    status: 'success',
    message: fields.message ?? fields.adapterResponse.message ?? 'OK',
    executionTime: timer.elapsed,
    timing: timer.timing,
    adapterResponse: fields.adapterResponse,
    failures: null,
    threadId,
    ...(fields.compiledCode !== undefined ? { compiledCode: fields.compiledCode } : {}),
    ...(fields.compiledPath !== undefined ? { compiledPath: fields.compiledPath } : {}),
    ...(fields.relationName !== undefined ? { relationName: fields.relationName } : {}),
  };
}

export function buildNodeError(
  uniqueId: string,
  threadId: string,
  timer: NodeTimer,
  err: unknown,
  fields: { relationName?: string; compiledCode?: string; compiledPath?: string } = {},
): NodeResult {
  const error = toOppError(err);
  return {
    kind: 'node-result',
    uniqueId,
    status: 'error',
    message: error.message,
    executionTime: timer.elapsed,
    timing: timer.timing,
    adapterResponse: {},
    failures: null,
    threadId,
    error,
    ...(fields.compiledCode !== undefined ? { compiledCode: fields.compiledCode } : {}),
    ...(fields.compiledPath !== undefined ? { compiledPath: fields.compiledPath } : {}),
    ...(fields.relationName !== undefined ? { relationName: fields.relationName } : {}),
  };
}
