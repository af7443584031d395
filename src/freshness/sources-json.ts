import type { FreshnessRule, FreshnessThresholds } from '../project/index.js';
import type { FreshnessResult } from './run-freshness.js';

/**
 * dbt's `sources.json` (schema v3), written by `opp source freshness`: one entry per source table with
 * its measured age, status, criteria, adapter response and timing, or `{unique_id, error, status:
 * "runtime error"}` when the query failed. Pure: the caller writes it (scrubbed) to
 * `target/sources.json`.
 */

export const SOURCES_JSON_SCHEMA = 'https://schemas.getdbt.com/dbt/sources/v3.json';

export interface SourcesJsonMetadata {
  readonly generatedAt?: string;
  readonly invocationId?: string;
  /** opp's version, written as `dbt_version` (the field readers expect). */
  readonly oppVersion?: string;
  readonly env?: Readonly<Record<string, string>>;
}

function time(rule: FreshnessRule | undefined): { count: number | null; period: string | null } {
  return rule ? { count: rule.count, period: rule.period } : { count: null, period: null };
}

function criteriaJson(c: FreshnessThresholds): Record<string, unknown> {
  return { warn_after: time(c.warnAfter), error_after: time(c.errorAfter), filter: c.filter ?? null };
}

export function buildSourcesJson(results: readonly FreshnessResult[], meta: SourcesJsonMetadata & { readonly elapsedTime?: number } = {}): Record<string, unknown> {
  return {
    metadata: {
      dbt_schema_version: SOURCES_JSON_SCHEMA,
      dbt_version: meta.oppVersion ?? '0.0.0',
      generated_at: meta.generatedAt ?? new Date().toISOString(),
      invocation_id: meta.invocationId ?? null,
      env: { ...(meta.env ?? {}) },
    },
    results: results.map((r) => {
      if (r.status === 'runtime error') return { unique_id: r.uniqueId, error: r.error?.message ?? r.message, status: 'runtime error' };
      const ar = r.adapterResponse;
      return {
        unique_id: r.uniqueId,
        max_loaded_at: r.maxLoadedAt ?? null,
        snapshotted_at: r.snapshottedAt ?? null,
        max_loaded_at_time_ago_in_s: r.maxLoadedAtTimeAgoInS ?? null,
        status: r.status,
        criteria: criteriaJson(r.criteria),
        adapter_response: {
          ...(ar.message !== undefined ? { _message: ar.message } : {}),
          ...(ar.code !== undefined ? { code: ar.code } : {}),
          ...(ar.rowsAffected !== undefined ? { rows_affected: ar.rowsAffected } : {}),
          ...(ar.queryId !== undefined ? { query_id: ar.queryId } : {}),
        },
        timing: r.timing.map((t) => ({ name: t.name, started_at: t.startedAt, completed_at: t.completedAt })),
        thread_id: r.threadId,
        execution_time: r.executionTime,
      };
    }),
    elapsed_time: meta.elapsedTime ?? results.reduce((s, r) => s + r.executionTime, 0),
  };
}
