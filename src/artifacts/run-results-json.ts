import type { AdapterResponse, NodeResult, RunResults } from '../run/index.js';
import { DBT_COMPAT_VERSION } from './manifest-json.js';
import { writeJsonArtifact } from './write-json.js';

export const RUN_RESULTS_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

export interface RunResultsJsonOptions {
  readonly oppVersion: string;
  readonly dbtVersion?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** `rowsAffected` → `rows_affected`, `oppVersion` → `opp_version`. */
export function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/-/g, '_');
}

/** dbt's AdapterResponse serialises its message as `_message`. */
function adapterResponseJson(r: AdapterResponse): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.message !== undefined) out._message = r.message;
  if (r.code !== undefined) out.code = r.code;
  if (r.rowsAffected !== undefined) out.rows_affected = r.rowsAffected;
  if (r.queryId !== undefined) out.query_id = r.queryId;
  return out;
}

export function buildResultJson(r: NodeResult): Record<string, unknown> {
  return {
    status: r.status,
    timing: r.timing.map((t) => ({ name: t.name, started_at: t.startedAt, completed_at: t.completedAt })),
    thread_id: r.threadId,
    execution_time: r.executionTime,
    adapter_response: adapterResponseJson(r.adapterResponse),
    message: r.message === '' ? null : r.message,
    failures: r.failures,
    unique_id: r.uniqueId,
    compiled: r.compiledCode === undefined ? (r.status === 'skipped' ? null : false) : true,
    compiled_code: r.compiledCode ?? null,
    relation_name: r.relationName ?? null,
    batch_results: null,
  };
}

/** `target/run_results.json` in dbt's run-results v6 shape. */
export function buildRunResultsJson(results: RunResults, opts: RunResultsJsonOptions): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(results.args)) if (v !== undefined) args[toSnakeCase(k)] = v;
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: opts.dbtVersion ?? DBT_COMPAT_VERSION,
      opp_version: opts.oppVersion,
      generated_at: results.generatedAt,
      invocation_id: results.invocationId,
      env: opts.env ?? {},
    },
    results: results.results.map(buildResultJson),
    elapsed_time: results.elapsedTime,
    args,
  };
}

/** Builds and writes `target/run_results.json` (scrubbed, atomic). */
export async function writeRunResults(path: string, results: RunResults, opts: RunResultsJsonOptions): Promise<void> {
  await writeJsonArtifact(path, buildRunResultsJson(results, opts));
}
