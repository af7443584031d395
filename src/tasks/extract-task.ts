import { createAdapter } from '../adapters/index.js';
import { runExtract, type ExtractEvent, type ExtractResult, type ExtractResults } from '../extract/index.js';
import type { NodeResult, NodeSummary, RunEvent } from '../run/index.js';
import { openProjectConfig, type SessionOptions } from './project-session.js';

export interface ExtractTaskOptions extends SessionOptions {
  /** `--source`: instance names or globs (`incident_io.*`); all when empty. */
  readonly sources?: readonly string[];
  readonly since?: string;
  readonly fullRefresh?: boolean;
  readonly onEvent: (event: RunEvent) => void;
  /** Raw extract events, for a progress line. */
  readonly onProgress?: (event: ExtractEvent) => void;
  readonly signal?: AbortSignal;
}

function summarize(source: string): NodeSummary {
  return { uniqueId: `extract.${source}`, resourceType: 'extract', name: source };
}

function toNodeResult(r: ExtractResult): NodeResult {
  const now = new Date().toISOString();
  return {
    kind: 'node-result',
    uniqueId: `extract.${r.source}`,
    status: r.status === 'success' ? 'success' : 'error',
    message: r.status === 'success' ? `${r.recordsLoaded} records` : r.message,
    executionTime: r.elapsedMs / 1000,
    timing: [{ name: 'execute', startedAt: now, completedAt: now }],
    adapterResponse: { message: r.message, rowsAffected: r.recordsLoaded },
    failures: r.rejected,
    threadId: 'Thread-1',
    ...(r.error ? { error: r.error } : {}),
  };
}

/**
 * `opp extract`: runs the extractors into the target's RAW schema and reports each source instance as
 * a node (`1 of 11 OK extract incident_io.companya`). Exit 1 when a source failed (the others still
 * load), 2 when the project or target is wrong.
 */
export async function runExtractTask(opts: ExtractTaskOptions): Promise<{ results: ExtractResults; exitCode: number }> {
  const { target, env } = openProjectConfig({ ...opts, command: 'extract' });
  const adapter = await createAdapter(target);
  await adapter.connect();
  const t0 = performance.now();
  let results: ExtractResults;
  try {
    results = await runExtract({
      adapter,
      env,
      ...(opts.sources?.length ? { sources: opts.sources } : {}),
      ...(opts.since ? { since: opts.since } : {}),
      fullRefresh: opts.fullRefresh === true,
      concurrency: Math.max(4, target.threads),
      ...(opts.signal ? { signal: opts.signal } : {}),
      onEvent: (e) => {
        opts.onProgress?.(e);
        if (e.type === 'run-start') {
          opts.onEvent({ kind: 'run-started', command: 'extract', total: e.total, threads: Math.max(4, target.threads), targetName: target.name });
        } else if (e.type === 'source-start') {
          opts.onEvent({ kind: 'node-started', index: e.index, total: e.total, node: summarize(e.source), threadId: 'Thread-1', startedAt: Date.now() });
        } else if (e.type === 'source-end') {
          opts.onEvent({ kind: 'node-finished', index: e.index, total: e.total, node: summarize(e.source), result: toNodeResult(e.result) });
        } else if (e.type === 'drift') {
          const parts = [e.added.length ? `new fields ${e.added.join(', ')}` : '', e.missing.length ? `missing fields ${e.missing.join(', ')}` : ''].filter(Boolean);
          opts.onEvent({ kind: 'log', level: 'warn', message: `schema drift in ${e.source} ${e.stream}: ${parts.join('; ')}` });
        }
      },
    });
  } finally {
    await adapter.close();
  }
  const nodeResults = results.results.map(toNodeResult);
  opts.onEvent({ kind: 'run-finished', results: nodeResults, elapsedSeconds: (performance.now() - t0) / 1000, interrupted: opts.signal?.aborted === true });
  return { results, exitCode: opts.signal?.aborted ? 2 : results.error > 0 ? 1 : 0 };
}
