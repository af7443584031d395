import { toOppError, type OppError } from '../errors/index.js';
import type { AdapterResponse, NodeResult, NodeStatus, TimingInfo } from '../run/types.js';

/** Times the phases of one node (dbt's `timing`: compile, execute). */
export class NodeTimer {
  private readonly timings: TimingInfo[] = [];
  private readonly t0 = performance.now();
  private phaseStart = Date.now();

  start(): void {
    this.phaseStart = Date.now();
  }

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

export function buildSuccessResult(
  uniqueId: string,
  threadId: string,
  timer: NodeTimer,
  fields: { status?: NodeStatus; message: string; adapterResponse?: AdapterResponse; failures?: number | null; compiledCode?: string; compiledPath?: string; relationName?: string },
): NodeResult {
  return {
    kind: 'node-result',
    uniqueId,
    status: fields.status ?? 'success',
    message: fields.message,
    executionTime: timer.elapsed,
    timing: timer.timing,
    adapterResponse: fields.adapterResponse ?? {},
    failures: fields.failures ?? null,
    threadId,
    ...(fields.compiledCode !== undefined ? { compiledCode: fields.compiledCode } : {}),
    ...(fields.compiledPath !== undefined ? { compiledPath: fields.compiledPath } : {}),
    ...(fields.relationName !== undefined ? { relationName: fields.relationName } : {}),
  };
}

/** A failed node is a result: its error, its message and where its compiled SQL is. */
export function buildErrorResult(
  uniqueId: string,
  threadId: string,
  timer: NodeTimer,
  err: unknown,
  fields: { compiledCode?: string; compiledPath?: string; relationName?: string } = {},
): NodeResult {
  const error: OppError = toOppError(err);
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
