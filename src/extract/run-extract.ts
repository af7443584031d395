import { randomUUID } from 'node:crypto';
import type { RelationRef } from '../adapters/contract.js';
import { ExtractError, UsageError, scrubSecrets } from '../errors/index.js';
import { DEFAULT_RETRY_POLICY, HttpClient, RequestBudget, createHttpStats, systemClock } from './http/index.js';
import type { BudgetLimits } from './http/index.js';
import { buildRejectsSpec, RawLoader } from './load/index.js';
import { resolveInstance } from './resolve-instance.js';
import { buildResult, describeExtractError, runSource, toScrubbedError } from './run-source.js';
import { instanceName, selectInstances } from './select-sources.js';
import { EXTRACT_INSTANCES, SOURCE_DESCRIPTORS, findDescriptor } from './sources/index.js';
import type { SourceInstanceConfig } from './sources/index.js';
import { ensureWatermarkTable, readWatermarks, WATERMARK_TABLE } from './state/index.js';
import type { ExtractEvent, ExtractResult, ExtractResults, RunExtractOptions } from './types.js';

/**
 * Record text per batch (characters): with 5 KB incidents a batch is ~3,200 records (16 MB of text, a few
 * times that in parsed rows), and two batches at most are held at once (one loading, one filling).
 */
const DEFAULT_BATCH_CHARS = 16 * 1024 * 1024;

const DEFAULT_BUDGET: BudgetLimits = { maxRequests: 50_000, maxRetries: 200 };

/** Scrubs every string in an event (events reach logs and JSON output). */
function scrubEvent(e: ExtractEvent): ExtractEvent {
  const text = JSON.stringify(e, (_k, v: unknown) => (v instanceof Error ? { code: (v as { code?: string }).code, message: v.message } : v));
  return scrubSecrets(text) === text ? e : (JSON.parse(scrubSecrets(text)) as ExtractEvent);
}

function checkSince(since: string | undefined): void {
  if (since === undefined) return;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(since) || Number.isNaN(Date.parse(`${since}T00:00:00Z`))) {
    throw new UsageError('usage/bad-flag', `--since '${since}' is not a date`, { hint: 'Write the date as YYYY-MM-DD, e.g. --since 2025-03-01.' });
  }
}

/**
 * Extracts the selected sources into RAW through `opts.adapter`. Instances run in parallel (up to
 * `concurrency`); warehouse writes are serialised. Never throws for a failing source — each instance
 * gets a result — but does throw a `UsageError` for a bad `--source`/`--since` before anything runs.
 */
export async function runExtract(opts: RunExtractOptions): Promise<ExtractResults> {
  const started = Date.now();
  const clock = opts.clock ?? systemClock;
  const now = clock.now();
  const runId = opts.runId ?? randomUUID();
  const env = opts.env ?? process.env;
  const descriptors = opts.descriptors ?? SOURCE_DESCRIPTORS;
  const configured: readonly SourceInstanceConfig[] = opts.instances ?? EXTRACT_INSTANCES;
  checkSince(opts.since);
  const selected = selectInstances(configured, opts.sources);
  const listener = opts.onEvent;
  const emit = (e: ExtractEvent): void => {
    if (!listener) return;
    try {
      listener(scrubEvent(e));
    } catch {
      // a failing listener must not break the extract
    }
  };

  const { adapter } = opts;
  const schema = { ...(opts.database ? { database: opts.database } : {}), schema: opts.schema ?? 'raw' };
  const watermarkTable: RelationRef = { ...schema, identifier: WATERMARK_TABLE };
  const loader = new RawLoader(adapter, watermarkTable);
  const names = selected.map(instanceName);
  emit({ type: 'run-start', runId, sources: names, total: names.length, at: new Date(now).toISOString() });

  const watermarks = await loader.lock.run(async () => {
    await adapter.connect();
    await adapter.ensureSchema(schema);
    await ensureWatermarkTable(adapter, watermarkTable);
    return readWatermarks(adapter, watermarkTable);
  });

  const results: ExtractResult[] = new Array<ExtractResult>(selected.length);
  let next = 0;
  const total = selected.length;
  const retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };

  const runOne = async (index: number): Promise<void> => {
    const cfg = selected[index]!;
    const name = names[index]!;
    const instanceStarted = Date.now();
    emit({ type: 'source-start', source: name, index: index + 1, total });
    const descriptor = findDescriptor(cfg.kind, descriptors);
    let result: ExtractResult;
    if (!descriptor) {
      const error = new ExtractError('extract/config', `${name}: no source descriptor for kind '${cfg.kind}'`, { retryable: false });
      result = {
        kind: 'extract-result',
        source: name,
        sourceKind: cfg.kind,
        partition: cfg.name,
        status: 'error',
        message: error.message,
        streams: [],
        recordsLoaded: 0,
        recordsUnchanged: 0,
        rejected: 0,
        pages: 0,
        requests: 0,
        retries: 0,
        rateLimitWaits: 0,
        rateLimitWaitMs: 0,
        elapsedMs: 0,
        error,
      };
    } else {
      let http: HttpClient | undefined;
      try {
        const instance = resolveInstance(descriptor, cfg, env);
        const budget = opts.budgets?.[name] ?? opts.budgets?.[cfg.kind] ?? cfg.budget ?? descriptor.budget ?? DEFAULT_BUDGET;
        http = new HttpClient({
          clock,
          retry,
          budget: new RequestBudget(budget),
          stats: createHttpStats(),
          headers: instance.headers,
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
          ...(opts.random ? { random: opts.random } : {}),
          ...(descriptor.resetMode ? { resetMode: descriptor.resetMode } : {}),
          onRetry: (info) =>
            emit({
              type: 'retry',
              source: name,
              endpoint: info.endpoint,
              attempt: info.attempt,
              ...(info.status !== undefined ? { status: info.status } : {}),
              reason: info.reason,
              delayMs: info.delayMs,
              rateLimited: info.reason === 'rate-limited',
            }),
        });
        result = await runSource(
          {
            descriptor,
            instance,
            http,
            loader,
            watermarks,
            schema,
            ...(opts.since !== undefined ? { since: opts.since } : {}),
            fullRefresh: opts.fullRefresh ?? false,
            now,
            runId,
            extractedAt: new Date(now).toISOString(),
            batchSize: Math.max(1, opts.batchSize ?? 10_000),
            batchChars: Math.max(1, opts.batchChars ?? DEFAULT_BATCH_CHARS),
            ...(opts.signal ? { signal: opts.signal } : {}),
            emit,
          },
          buildRejectsSpec(cfg.name, schema),
          loader,
        );
      } catch (err) {
        result = buildResult(descriptor, cfg.name, cfg.name, [], Date.now() - instanceStarted, http, toScrubbedError(err));
      }
    }
    results[index] = result;
    emit({
      type: 'source-end',
      source: name,
      index: index + 1,
      total,
      status: result.status,
      result,
      ...(result.error ? { error: describeExtractError(result.error) } : {}),
    });
  };

  const workers: Promise<void>[] = [];
  const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 4));
  for (let w = 0; w < Math.min(concurrency, total); w++) {
    workers.push(
      (async () => {
        for (let i = next++; i < total; i = next++) await runOne(i);
      })(),
    );
  }
  await Promise.all(workers);

  const pass = results.filter((r) => r.status === 'success').length;
  const out: ExtractResults = {
    kind: 'extract-results',
    runId,
    results,
    pass,
    error: total - pass,
    total,
    elapsedMs: Date.now() - started,
    startedAt: new Date(now).toISOString(),
  };
  emit({ type: 'run-end', results: out });
  return out;
}
