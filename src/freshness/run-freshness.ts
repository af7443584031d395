import type { Adapter } from '../adapters/index.js';
import { DatabaseError, toOppError } from '../errors/index.js';
import type { Manifest, SourceNode } from '../manifest/index.js';
import type { FreshnessThresholds } from '../project/index.js';
import type { NodeResult, TimingInfo } from '../run/types.js';
import { buildFreshnessCriteria, buildFreshnessSql, buildFreshnessStatus, buildIsoUtc, parseWarehouseTimestamp } from './build-freshness-sql.js';
import { NodeTimer } from '../util/node-timer.js';

/**
 * `opp source freshness`: one query per selected source table that has a `loaded_at_field` and a
 * `freshness` rule, its age compared with warn_after / error_after. A failed query is that table's
 * `runtime error`, never a crash.
 */

/** A NodeResult for a source table, with what sources.json reports. */
export interface FreshnessResult extends NodeResult {
  readonly status: 'pass' | 'warn' | 'error' | 'runtime error';
  /** The newest `loaded_at_field`, ISO in UTC (`2024-01-02T03:04:05+00:00`); absent on a runtime error. */
  readonly maxLoadedAt?: string;
  /** The warehouse's `current_timestamp` when measured, ISO in UTC. */
  readonly snapshottedAt?: string;
  /** Seconds between the two. */
  readonly maxLoadedAtTimeAgoInS?: number;
  readonly criteria: FreshnessThresholds;
}

export interface FreshnessOptions {
  /** Queries at once (the target's threads); 1 on a single-writer engine is fine too, these are reads. */
  readonly threads?: number;
  /** A table starts (dbt's `1 of 3 START freshness of raw.orders`). `index` is 1-based. */
  readonly onStart?: (source: SourceNode, index: number, total: number, threadId: string) => void;
  /** A table finished. */
  readonly onResult?: (result: FreshnessResult, source: SourceNode, index: number, total: number) => void;
  /** Stops starting new queries (Ctrl-C); tables not started are left out of the results. */
  readonly signal?: AbortSignal;
}

const STATUS_MESSAGE = { pass: 'PASS', warn: 'WARN', error: 'ERROR STALE' } as const;


/** Measures one source table. Never throws. */
export async function executeFreshness(adapter: Adapter, source: SourceNode, threadId: string): Promise<FreshnessResult> {
  const timer = new NodeTimer();
  const criteria = buildFreshnessCriteria(source) ?? source.freshness ?? {};
  const sql = buildFreshnessSql(source, adapter.dialect, criteria.filter);
  timer.end('compile');
  try {
    const res = await adapter.execute(sql, { nodeId: source.uniqueId });
    timer.end('execute');
    const row = res.rows[0];
    if (res.rows.length !== 1 || !row) {
      throw new DatabaseError('database/query-failed', `the freshness query of ${source.sourceName}.${source.name} returned ${res.rows.length} rows, but one was expected`, {
        sql,
        nodeId: source.uniqueId,
      });
    }
    const maxLoadedAt = parseWarehouseTimestamp(row['max_loaded_at']);
    const snapshottedAt = parseWarehouseTimestamp(row['snapshotted_at'] ?? new Date());
    if (!maxLoadedAt || !snapshottedAt) {
      throw new DatabaseError(
        'database/query-failed',
        `loaded_at_field '${source.loadedAtField}' of ${source.sourceName}.${source.name} is not a timestamp (max is ${JSON.stringify(row['max_loaded_at'])})`,
        { sql, nodeId: source.uniqueId, hint: 'point loaded_at_field at a timestamp column, or cast it: loaded_at_field: "cast(loaded_at as timestamp)"' },
      );
    }
    const age = (snapshottedAt.getTime() - maxLoadedAt.getTime()) / 1000;
    const status = buildFreshnessStatus(age, criteria);
    return {
      kind: 'node-result',
      uniqueId: source.uniqueId,
      status,
      message: STATUS_MESSAGE[status],
      executionTime: timer.elapsed,
      timing: timer.timing,
      adapterResponse: { message: 'OK', code: 'SELECT', rowsAffected: 1, ...(res.queryId ? { queryId: res.queryId } : {}) },
      failures: null,
      threadId,
      compiledCode: sql,
      relationName: adapter.dialect.relationName({ database: source.database, schema: source.schema, identifier: source.identifier }),
      maxLoadedAt: buildIsoUtc(maxLoadedAt),
      snapshottedAt: buildIsoUtc(snapshottedAt),
      maxLoadedAtTimeAgoInS: age,
      criteria,
    };
  } catch (err) {
    if (timer.timing.length < 2) timer.end('execute');
    const error = toOppError(err);
    return {
      kind: 'node-result',
      uniqueId: source.uniqueId,
      status: 'runtime error',
      message: error.message,
      executionTime: timer.elapsed,
      timing: timer.timing,
      adapterResponse: {},
      failures: null,
      threadId,
      error,
      compiledCode: sql,
      criteria,
    };
  }
}

/**
 * Checks the freshness of `sourceIds` (in that order; ids of tables without a rule are skipped, as dbt
 * does) with up to `threads` queries at once. Results come back in the order of `sourceIds`.
 */
export async function runFreshness(adapter: Adapter, manifest: Pick<Manifest, 'sources'>, sourceIds: readonly string[], opts: FreshnessOptions = {}): Promise<FreshnessResult[]> {
  const todo: SourceNode[] = [];
  for (const id of sourceIds) {
    const s = manifest.sources[id];
    if (s && buildFreshnessCriteria(s)) todo.push(s);
  }
  const total = todo.length;
  const results: (FreshnessResult | undefined)[] = new Array(total);
  let next = 0;
  let started = 0;
  const worker = async (threadId: string): Promise<void> => {
    for (;;) {
      if (opts.signal?.aborted) return;
      const i = next++;
      if (i >= total) return;
      const source = todo[i]!;
      const index = ++started;
      opts.onStart?.(source, index, total, threadId);
      const result = await executeFreshness(adapter, source, threadId);
      results[i] = result;
      opts.onResult?.(result, source, index, total);
    }
  };
  const threads = Math.max(1, Math.min(opts.threads ?? 1, total || 1));
  await Promise.all(Array.from({ length: threads }, (_, k) => worker(`Thread-${k + 1}`)));
  return results.filter((r): r is FreshnessResult => r !== undefined);
}
