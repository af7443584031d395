import { ExtractError, OppError, scrubSecrets, toOppError } from '../errors/index.js';
import type { HttpClient } from './http/index.js';
import type { RawLoader, RawTableSpec } from './load/index.js';
import type { ResolvedInstance } from './resolve-instance.js';
import { runStream, StreamFailure } from './run-stream.js';
import type { ParentOutcome, StreamRunShared } from './run-stream.js';
import type { SourceDescriptor } from './sources/index.js';
import type { WatermarkWrite } from './state/index.js';
import type { ExtractErrorInfo, ExtractEvent, ExtractResult, StreamResult } from './types.js';

/** A plain, scrubbed view of an error for events and JSON logs. */
export function describeExtractError(err: OppError): ExtractErrorInfo {
  const x = err instanceof ExtractError ? err : undefined;
  return {
    code: err.code,
    message: scrubSecrets(err.message),
    ...(err.hint ? { hint: scrubSecrets(err.hint) } : {}),
    ...(x?.endpoint !== undefined ? { endpoint: x.endpoint } : {}),
    ...(x?.status !== undefined ? { status: x.status } : {}),
    ...(x?.attempts !== undefined ? { attempts: x.attempts } : {}),
    ...(x ? { retryable: x.retryable } : {}),
  };
}

/** Any thrown value as an OppError whose message and hint carry no registered secret. */
export function toScrubbedError(err: unknown): OppError {
  const e = toOppError(err);
  const message = scrubSecrets(e.message);
  const hint = e.hint !== undefined ? scrubSecrets(e.hint) : undefined;
  if (message === e.message && hint === e.hint) return e;
  if (e instanceof ExtractError) {
    return new ExtractError(e.code, message, {
      ...(e.endpoint !== undefined ? { endpoint: e.endpoint } : {}),
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.attempts !== undefined ? { attempts: e.attempts } : {}),
      retryable: e.retryable,
      ...(hint ? { hint } : {}),
    });
  }
  return new OppError(e.code, message, { ...(hint ? { hint } : {}) });
}

/** Errors after which the source's remaining streams cannot succeed either. */
function stopsSource(err: OppError): boolean {
  if (err.code === 'run/interrupted' || err.code === 'extract/auth' || err.code === 'extract/config') return true;
  return err instanceof ExtractError && /budget exhausted/.test(err.message);
}

function emptyStreamResult(stream: string, table: string, error: OppError): StreamResult {
  return {
    kind: 'extract-stream-result',
    stream,
    table,
    status: 'skipped',
    mode: 'reference',
    to: '',
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
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function buildResult(
  descriptor: SourceDescriptor,
  instanceName: string,
  partition: string,
  streams: readonly StreamResult[],
  elapsedMs: number,
  http: HttpClient | undefined,
  error?: OppError,
): ExtractResult {
  const sum = (f: (s: StreamResult) => number): number => streams.reduce((n, s) => n + f(s), 0);
  const failed = error ?? streams.find((s) => s.status === 'error')?.error;
  const loaded = sum((s) => s.recordsLoaded);
  const rejected = sum((s) => s.rejected);
  const counts = `${plural(loaded, 'record')}${rejected > 0 ? `, ${plural(rejected, 'reject')}` : ''}, ${plural(sum((s) => s.pages), 'page')}`;
  return {
    kind: 'extract-result',
    source: `${descriptor.kind}.${instanceName}`,
    sourceKind: descriptor.kind,
    partition,
    status: failed ? 'error' : 'success',
    message: failed ? scrubSecrets(failed.message) : counts,
    streams,
    recordsLoaded: loaded,
    recordsUnchanged: sum((s) => s.recordsUnchanged),
    rejected,
    pages: sum((s) => s.pages),
    requests: http?.stats.requests ?? 0,
    retries: http?.stats.retries ?? 0,
    rateLimitWaits: http?.stats.rateLimitWaits ?? 0,
    rateLimitWaitMs: http?.stats.rateLimitWaitMs ?? 0,
    elapsedMs,
    ...(failed ? { error: failed } : {}),
  };
}

/**
 * Runs every stream of one source instance in order (fan-out parents first). A failed stream is
 * recorded and the others go on, unless the failure dooms them too (auth, budget, interruption). A
 * parent's watermark waits for the streams that fan out from it and commits with the last one's merge.
 */
export async function runSource(
  shared: Omit<StreamRunShared, 'rejects'>,
  rejects: RawTableSpec,
  loader: RawLoader,
): Promise<ExtractResult> {
  const { descriptor, instance } = shared;
  const started = Date.now();
  const results: StreamResult[] = [];
  const parents = new Map<string, ParentOutcome>();
  const pending = new Map<string, { write: WatermarkWrite; left: number; ok: boolean }>();
  let stopped: OppError | undefined;
  await loader.prepare(rejects);
  for (const [i, stream] of descriptor.streams.entries()) {
    const id = `${descriptor.kind}.${stream.name}`;
    if (stopped) {
      results.push(emptyStreamResult(id, stream.table, stopped));
      parents.set(stream.name, { ok: false, unfiltered: false, keys: new Map() });
      continue;
    }
    const children = descriptor.streams.slice(i + 1).filter((s) => s.fanOut?.from === stream.name);
    // Inherit a parent's deferred watermark when this is its last child still to run.
    const inherited: WatermarkWrite[] = [];
    const parentName = stream.fanOut?.from;
    const parentPending = parentName !== undefined ? pending.get(parentName) : undefined;
    if (parentPending) {
      parentPending.left--;
      if (parentPending.left === 0 && parentPending.ok) inherited.push(parentPending.write);
    }
    try {
      const out = await runStream({ ...shared, rejects }, { stream, parents, inheritedWatermarks: inherited, deferWatermark: children.length > 0 });
      results.push(out.result);
      parents.set(stream.name, out.parent);
      if (out.deferred) pending.set(stream.name, { write: out.deferred, left: children.length, ok: true });
      emitStreamEnd(shared.emit, instance.fullName, out.result);
    } catch (err) {
      const cause = err instanceof StreamFailure ? err.error : err;
      const error = toScrubbedError(cause);
      const partial = err instanceof StreamFailure && err.partial ? { ...err.partial, error } : emptyStreamResult(id, stream.table, error);
      const result: StreamResult = { ...partial, status: 'error', error };
      results.push(result);
      parents.set(stream.name, { ok: false, unfiltered: false, keys: new Map() });
      if (parentPending) parentPending.ok = false;
      emitStreamEnd(shared.emit, instance.fullName, result);
      if (stopsSource(error)) stopped = error;
    }
  }
  return buildResult(descriptor, instance.name, instance.name, results, Date.now() - started, shared.http);
}

function emitStreamEnd(emit: (e: ExtractEvent) => void, source: string, result: StreamResult): void {
  emit({
    type: 'stream-end',
    source,
    stream: result.stream,
    status: result.status,
    result,
    ...(result.error ? { error: describeExtractError(result.error) } : {}),
  });
}
