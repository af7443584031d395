import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../errors/index.js';
import type { RunResults } from '../run/index.js';
import { buildRunResultsJson, RUN_RESULTS_SCHEMA_VERSION, toSnakeCase } from './run-results-json.js';
import { serializeArtifact } from './write-json.js';

afterEach(() => clearSecrets());

const runResults: RunResults = {
  kind: 'run-results',
  generatedAt: '2024-05-06T12:35:00.000Z',
  invocationId: 'inv-1',
  elapsedTime: 0.51,
  args: { which: 'run', select: ['stg_orders+'], failFast: false, threads: 4, fullRefresh: undefined },
  results: [
    {
      kind: 'node-result',
      uniqueId: 'model.proj.stg_orders',
      status: 'success',
      message: 'OK',
      executionTime: 0.04,
      timing: [
        { name: 'compile', startedAt: '2024-05-06T12:34:59.000Z', completedAt: '2024-05-06T12:34:59.010Z' },
        { name: 'execute', startedAt: '2024-05-06T12:34:59.010Z', completedAt: '2024-05-06T12:34:59.040Z' },
      ],
      adapterResponse: { message: 'OK', rowsAffected: -1, queryId: 'q1' },
      failures: null,
      compiledCode: 'select 1 as id',
      relationName: '"dev"."main"."stg_orders"',
      threadId: 'Thread-1',
    },
    {
      kind: 'node-result',
      uniqueId: 'model.proj.orders',
      status: 'skipped',
      message: 'skipped due to failure of model.proj.x',
      executionTime: 0,
      timing: [],
      adapterResponse: {},
      failures: null,
      threadId: '',
    },
  ],
};

describe('buildRunResultsJson (dbt run-results v6)', () => {
  const json = buildRunResultsJson(runResults, { oppVersion: '0.1.0' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('has metadata, results, elapsed_time and snake_case args', () => {
    expect(Object.keys(json)).toEqual(['metadata', 'results', 'elapsed_time', 'args']);
    expect(json.metadata).toEqual({
      dbt_schema_version: RUN_RESULTS_SCHEMA_VERSION,
      dbt_version: '1.8.0',
      opp_version: '0.1.0',
      generated_at: '2024-05-06T12:35:00.000Z',
      invocation_id: 'inv-1',
      env: {},
    });
    expect(json.elapsed_time).toBe(0.51);
    expect(json.args).toEqual({ which: 'run', select: ['stg_orders+'], fail_fast: false, threads: 4 });
  });

  it('writes each result in dbt shape', () => {
    expect(json.results[0]).toEqual({
      status: 'success',
      timing: [
        { name: 'compile', started_at: '2024-05-06T12:34:59.000Z', completed_at: '2024-05-06T12:34:59.010Z' },
        { name: 'execute', started_at: '2024-05-06T12:34:59.010Z', completed_at: '2024-05-06T12:34:59.040Z' },
      ],
      thread_id: 'Thread-1',
      execution_time: 0.04,
      adapter_response: { _message: 'OK', rows_affected: -1, query_id: 'q1' },
      message: 'OK',
      failures: null,
      unique_id: 'model.proj.stg_orders',
      compiled: true,
      compiled_code: 'select 1 as id',
      relation_name: '"dev"."main"."stg_orders"',
      batch_results: null,
    });
    expect(json.results[1]).toMatchObject({ status: 'skipped', compiled: null, compiled_code: null, adapter_response: {}, relation_name: null });
  });

  it('scrubs secrets from compiled code and messages', () => {
    registerSecret('s3cr3t-token');
    const leaky: RunResults = { ...runResults, results: [{ ...runResults.results[0]!, compiledCode: "select 's3cr3t-token'", message: 'token s3cr3t-token' }] };
    const text = serializeArtifact(buildRunResultsJson(leaky, { oppVersion: '0.1.0' }));
    expect(text).not.toContain('s3cr3t-token');
    expect(text).toContain("select '****'");
  });

  it('converts camelCase to snake_case', () => {
    expect(toSnakeCase('fullRefresh')).toBe('full_refresh');
    expect(toSnakeCase('select')).toBe('select');
    expect(toSnakeCase('log-format')).toBe('log_format');
  });
});
