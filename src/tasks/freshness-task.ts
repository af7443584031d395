import { join } from 'node:path';
import { createAdapter } from '../adapters/index.js';
import { writeJsonArtifact } from '../artifacts/index.js';
import { buildSourcesJson, isFreshnessCandidate, runFreshness, type FreshnessResult } from '../freshness/index.js';
import type { SourceNode } from '../manifest/index.js';
import type { NodeSummary, RunEvent } from '../run/index.js';
import { OPP_VERSION } from '../util/version.js';
import { selectForTask, type SelectionFlags } from './node-task.js';
import { openProjectSession, type SessionOptions } from './project-session.js';

export interface FreshnessTaskOptions extends SessionOptions, SelectionFlags {
  readonly onEvent: (event: RunEvent) => void;
  /** `--output PATH` for sources.json (default `<target-path>/sources.json`). */
  readonly output?: string;
  readonly signal?: AbortSignal;
}

function summarizeSource(source: SourceNode): NodeSummary {
  return {
    uniqueId: source.uniqueId,
    resourceType: 'source',
    name: source.name,
    sourceName: source.sourceName,
    database: source.database,
    schema: source.schema,
    alias: source.identifier,
    originalFilePath: source.originalFilePath,
  };
}

/**
 * `opp source freshness`: for each selected source table with `loaded_at_field` and thresholds, one
 * `max(loaded_at_field)` query; statuses pass/warn/error/runtime error; `target/sources.json`.
 * Exit 1 when a source is stale past `error_after` or its query fails, 0 otherwise (warnings allowed).
 */
export async function runFreshnessTask(opts: FreshnessTaskOptions): Promise<{ results: FreshnessResult[]; exitCode: number }> {
  const session = await openProjectSession({ ...opts, command: 'source freshness' });
  const { manifest, config } = session;
  const { ids } = await selectForTask(session, ['source'], opts);
  const candidates = ids.filter((id) => {
    const s = manifest.sources[id];
    return s !== undefined && isFreshnessCandidate(s);
  });
  const adapter = await createAdapter(session.target);
  await adapter.connect();
  const t0 = performance.now();
  let results: FreshnessResult[];
  try {
    opts.onEvent({ kind: 'run-started', command: 'freshness', total: candidates.length, threads: session.target.threads, targetName: session.target.name });
    results = await runFreshness(adapter, manifest, candidates, {
      threads: session.target.threads,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onStart: (source, index, total, threadId) =>
        opts.onEvent({ kind: 'node-started', index, total, node: summarizeSource(source), threadId, startedAt: Date.now() }),
      onResult: (result, source, index, total) => opts.onEvent({ kind: 'node-finished', index, total, node: summarizeSource(source), result }),
    });
  } finally {
    await adapter.close();
  }
  const elapsedTime = (performance.now() - t0) / 1000;
  opts.onEvent({ kind: 'run-finished', results, elapsedSeconds: elapsedTime, interrupted: opts.signal?.aborted === true });
  const output = opts.output ?? join(config.rootDir, config.targetPath, 'sources.json');
  await writeJsonArtifact(output, buildSourcesJson(results, { generatedAt: new Date().toISOString(), invocationId: session.invocationId, oppVersion: OPP_VERSION, elapsedTime }));
  const failed = results.some((r) => r.status === 'error' || r.status === 'runtime error');
  return { results, exitCode: failed ? 1 : 0 };
}
