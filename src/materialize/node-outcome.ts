import { toOppError } from '../errors/index.js';
import type { AdapterResponse, NodeResult, TimingInfo } from '../run/types.js';

/**
 * Timing and results of the seed and snapshot executors, in the shape `src/tasks/node-result.ts` builds
 * for models (materialize does not import tasks). `NodeResult` is a type-only import of the runner's
 * result type.
 */
export class NodeOutcomeTimer {
  private readonly timings: TimingInfo[] = [];
  private readonly t0 = performance.now();
  private phaseStart = Date.now();

  end(name: TimingInfo['name']): void {
    const now = Date.now();
    this.timings.push({ name, startedAt: new Date(this.phaseStart).toISOString(), completedAt: new Date(now).toISOString() });
    this.phaseStart = now;
  }

  get timing(): readonly TimingInfo[] {
    return this.timings;
  }

  /** Seconds since the timer was made. */
  get elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

export function buildNodeSuccess(
  uniqueId: string,
  threadId: string,
  timer: NodeOutcomeTimer,
  fields: { adapterResponse: AdapterResponse; relationName?: string; compiledCode?: string; compiledPath?: string },
): NodeResult {
  return {
    kind: 'node-result',
    uniqueId,
    status: 'success',
    message: fields.adapterResponse.message ?? 'OK',
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
  timer: NodeOutcomeTimer,
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
