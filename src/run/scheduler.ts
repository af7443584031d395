import { InternalError, OppError, toOppError } from '../errors/index.js';
import type { NodeSummary, RunEvent, SkipReason } from './events.js';
import type { NodeResult } from './types.js';

export interface ExecuteContext {
  /** 1-based position among counted nodes, assigned when the node starts (dbt's `1 of 12`); 0 if not counted. */
  readonly index: number;
  /** Number of counted nodes in the run. */
  readonly total: number;
  /** `Thread-1` … `Thread-<threads>`: the slot the node runs in. */
  readonly threadId: string;
  /** Aborted on Ctrl-C and on --fail-fast: executors may cancel their query. */
  readonly signal: AbortSignal;
}

export interface RunDagOptions {
  /** Every node to run, in a topological order. With `threads: 1` nodes run exactly in this order. */
  readonly order: readonly string[];
  /** Parents of each node within the selection (ids outside `order` are ignored). */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly threads: number;
  readonly failFast: boolean;
  /** Ctrl-C: stop scheduling, let running nodes finish or cancel, skip the rest. */
  readonly signal?: AbortSignal;
  readonly execute: (id: string, ctx: ExecuteContext) => Promise<NodeResult>;
  /**
   * The result for a node that is not run. `cause` is the failed ancestor's result (`upstream`), the
   * first failure (`fail-fast`), or a synthetic result whose error code is `run/interrupted`.
   */
  readonly skipResult: (id: string, cause: NodeResult, reason: SkipReason) => NodeResult;
  /** Whether a result stops its descendants. Default: status `error` or `fail`. */
  readonly isBlocking?: (result: NodeResult) => boolean;
  readonly onEvent?: (event: RunEvent) => void;
  /** Describes a node for events; only called when `onEvent` is given, at most once per node. */
  readonly summarize?: (id: string) => NodeSummary;
  /** Whether a node takes an index and counts in `total` (dbt does not count ephemeral models). Default: all. */
  readonly counted?: (id: string) => boolean;
}

/** The results in completion order (then nodes skipped by --fail-fast or Ctrl-C, in `order`). */
export interface DagResults extends Array<NodeResult> {
  /** The signal aborted: results are partial. */
  interrupted: boolean;
  /** --fail-fast stopped the run after a failure. */
  failedFast: boolean;
}

export function defaultIsBlocking(result: NodeResult): boolean {
  return result.status === 'error' || result.status === 'fail';
}

/**
 * Runs a DAG of callbacks: a node starts as soon as all its parents have finished, at most `threads`
 * at once, preferring the earliest node in `order`. A blocking result (or a skip) makes every
 * descendant skipped, naming the failed ancestor; independent branches carry on. O(1)-ish bookkeeping
 * per node (a binary heap of positions), no timers, no I/O.
 */
export function runDag(opts: RunDagOptions): Promise<DagResults> {
  const { order, execute, skipResult, onEvent, summarize } = opts;
  const isBlocking = opts.isBlocking ?? defaultIsBlocking;
  const threads = Math.max(1, Math.floor(opts.threads) || 1);
  const n = order.length;

  const position = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = order[i]!;
    if (position.has(id)) throw new InternalError('internal/bug', `runDag: '${id}' appears twice in the order`);
    position.set(id, i);
  }

  // Children adjacency and remaining-parent counts, by position.
  const pendingParents = new Int32Array(n);
  const children: (number[] | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const ps = opts.parents.get(order[i]!);
    if (!ps) continue;
    for (const p of ps) {
      const pi = position.get(p);
      if (pi === undefined || pi === i) continue;
      pendingParents[i]!++;
      (children[pi] ??= []).push(i);
    }
  }

  const countedFlags = new Uint8Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = opts.counted ? opts.counted(order[i]!) : true;
    if (c) {
      countedFlags[i] = 1;
      total++;
    }
  }

  const threadIds: string[] = [];
  for (let t = 1; t <= threads; t++) threadIds.push(`Thread-${t}`);
  const freeThreads: boolean[] = new Array(threads).fill(true);

  const blockedBy: (NodeResult | undefined)[] = new Array(n);
  const done = new Uint8Array(n); // 1 = finished (result recorded), 2 = running
  const summaries: (NodeSummary | undefined)[] = onEvent ? new Array(n) : [];
  const heap = new MinHeap(n);
  for (let i = 0; i < n; i++) if (pendingParents[i] === 0) heap.push(i);

  const results = [] as unknown as DagResults;
  results.interrupted = false;
  results.failedFast = false;

  const internal = new AbortController();
  let running = 0;
  let finished = 0;
  let started = 0;
  let stopped = false;
  let firstFailure: NodeResult | undefined;

  const summaryOf = (i: number): NodeSummary => {
    let s = summaries[i];
    if (!s) {
      const id = order[i]!;
      s = summarize ? summarize(id) : summaryFromId(id);
      summaries[i] = s;
    }
    return s;
  };

  return new Promise<DagResults>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => {
      if (stopped && results.interrupted) return;
      stopped = true;
      results.interrupted = true;
      internal.abort(opts.signal?.reason);
      pump();
    };
    if (opts.signal) {
      if (opts.signal.aborted) {
        stopped = true;
        results.interrupted = true;
        internal.abort(opts.signal.reason);
      } else opts.signal.addEventListener('abort', onAbort, { once: true });
    }

    const record = (i: number, result: NodeResult): void => {
      done[i] = 1;
      finished++;
      results.push(result);
      const kids = children[i];
      if (!kids) return;
      const blocks = result.status === 'skipped' ? blockedBy[i] ?? result : isBlocking(result) ? result : undefined;
      for (const k of kids) {
        if (blocks && !blockedBy[k]) blockedBy[k] = blocks;
        if (--pendingParents[k]! === 0) heap.push(k);
      }
    };

    const startNode = (i: number): void => {
      const id = order[i]!;
      const index = countedFlags[i] ? ++started : 0;
      let slot = 0;
      while (!freeThreads[slot]) slot++;
      freeThreads[slot] = false;
      const threadId = threadIds[slot]!;
      done[i] = 2;
      running++;
      if (onEvent) {
        onEvent({ kind: 'node-started', index, total, node: summaryOf(i), threadId, startedAt: Date.now() });
      }
      let promise: Promise<NodeResult>;
      try {
        promise = execute(id, { index, total, threadId, signal: internal.signal });
      } catch (err) {
        promise = Promise.reject(err);
      }
      promise.then(
        (result) => complete(i, index, slot, result),
        (err: unknown) => complete(i, index, slot, buildThrownResult(id, threadId, err)),
      );
    };

    const complete = (i: number, index: number, slot: number, result: NodeResult): void => {
      if (settled) return;
      running--;
      freeThreads[slot] = true;
      try {
        record(i, result);
        if (onEvent) onEvent({ kind: 'node-finished', index, total, node: summaryOf(i), result });
      } catch (err) {
        fail(err);
        return;
      }
      if (isBlocking(result)) {
        firstFailure ??= result;
        if (opts.failFast && !stopped) {
          stopped = true;
          results.failedFast = true;
          internal.abort(new OppError('run/interrupted', 'stopping after the first failure (--fail-fast)'));
        }
      }
      pump();
    };

    /** A throwing skipResult/onEvent/summarize is a bug in the caller: stop and surface it. */
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      internal.abort(err);
      reject(err);
    };

    const skipNode = (i: number, cause: NodeResult): void => {
      const id = order[i]!;
      const index = countedFlags[i] ? ++started : 0;
      const result = skipResult(id, cause, 'upstream');
      record(i, result);
      if (onEvent) onEvent({ kind: 'node-finished', index, total, node: summaryOf(i), result, skipReason: 'upstream' });
    };

    const finish = (): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (finished < n) {
        if (!stopped) {
          reject(new InternalError('internal/bug', `runDag: ${n - finished} node(s) never became ready (a cycle, or a parent missing from the order)`));
          return;
        }
        const reason: SkipReason = results.interrupted ? 'interrupted' : 'fail-fast';
        const fallback = reason === 'interrupted' || !firstFailure ? buildInterruptedCause() : firstFailure;
        for (let i = 0; i < n; i++) {
          if (done[i]) continue;
          done[i] = 1;
          finished++;
          results.push(skipResult(order[i]!, reason === 'fail-fast' ? fallback : blockedBy[i] ?? fallback, reason));
        }
      }
      resolve(results);
    };

    function pump(): void {
      if (settled) return;
      try {
        while (!stopped && running < threads && heap.size > 0) {
          const i = heap.pop();
          const cause = blockedBy[i];
          if (cause) skipNode(i, cause);
          else startNode(i);
        }
      } catch (err) {
        fail(err);
        return;
      }
      if (running === 0 && (stopped || heap.size === 0)) finish();
    }

    pump();
  });
}

/** A result for an executor that threw instead of returning an error result. */
function buildThrownResult(id: string, threadId: string, err: unknown): NodeResult {
  const error = toOppError(err);
  const now = new Date().toISOString();
  return {
    kind: 'node-result',
    uniqueId: id,
    status: 'error',
    message: error.message,
    executionTime: 0,
    timing: [{ name: 'execute', startedAt: now, completedAt: now }],
    adapterResponse: {},
    failures: null,
    error,
    threadId,
  };
}

/** The `cause` handed to `skipResult` for nodes skipped because the run was interrupted. */
export function buildInterruptedCause(): NodeResult {
  const error = new OppError('run/interrupted', 'the run was interrupted', { hint: 'run the command again to build what was skipped' });
  return {
    kind: 'node-result',
    uniqueId: '',
    status: 'error',
    message: error.message,
    executionTime: 0,
    timing: [],
    adapterResponse: {},
    failures: null,
    error,
    threadId: 'MainThread',
  };
}

/** A minimal summary from a dbt-style unique id (`model.project.name`). */
export function summaryFromId(uniqueId: string): NodeSummary {
  const dot = uniqueId.indexOf('.');
  const resourceType = dot > 0 ? uniqueId.slice(0, dot) : 'node';
  const parts = uniqueId.split('.');
  let name = parts[parts.length - 1] ?? uniqueId;
  // Tests end in a hash: test.project.not_null_x_id.4b5e1c2a3d
  if (resourceType === 'test' && parts.length > 3 && /^[0-9a-f]{10}$/.test(name)) name = parts[parts.length - 2]!;
  if (resourceType === 'unit_test' && parts.length >= 4) name = `${parts[parts.length - 2]}::${parts[parts.length - 1]}`;
  return { uniqueId, resourceType, name };
}

/** A binary min-heap of small non-negative integers (positions in the order). */
class MinHeap {
  private readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  push(value: number): void {
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = a[parent]!;
      if (pv <= value) break;
      a[i] = pv;
      i = parent;
    }
    a[i] = value;
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a[--this.size]!;
    let i = 0;
    const size = this.size;
    if (size > 0) {
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
