import { createHash } from 'node:crypto';
import type { Row } from '../adapters/contract.js';
import { ExtractError, scrubSecrets } from '../errors/index.js';
import { applyContract, DriftTracker, InvalidRecord } from './contract/index.js';
import type { JsonRecord, RecordContext } from './contract/index.js';
import { buildUrl, readArrayElementTexts } from './http/index.js';
import type { HttpClient } from './http/index.js';
import { buildRawTableSpec, META } from './load/index.js';
import type { RawLoader, RawTableSpec } from './load/index.js';
import { buildWindow, paginate, PaginationStallError, planDateWindows } from './paginate/index.js';
import type { DateWindow } from './paginate/index.js';
import type { ResolvedInstance } from './resolve-instance.js';
import { fillPath, recordsAt } from './sources/index.js';
import type { FetchContext, FetchedRecords, SourceDescriptor, StreamDescriptor } from './sources/index.js';
import { maxWatermark, planExtractRange, watermarkKey } from './state/index.js';
import type { ExtractRange, Watermark, WatermarkWrite } from './state/index.js';
import type { ExtractEvent, StreamResult } from './types.js';

/** What a parent stream hands to the streams that fan out from it. */
export interface ParentOutcome {
  readonly ok: boolean;
  /** The parent pulled everything (no start filter). */
  readonly unfiltered: boolean;
  /** Keys gathered per child stream name. */
  readonly keys: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Shared by every stream of one source instance run. */
export interface StreamRunShared {
  readonly descriptor: SourceDescriptor;
  readonly instance: ResolvedInstance;
  readonly http: HttpClient;
  readonly loader: RawLoader;
  readonly rejects: RawTableSpec;
  readonly watermarks: ReadonlyMap<string, Watermark>;
  readonly schema: { readonly database?: string; readonly schema: string };
  readonly since?: string;
  readonly fullRefresh: boolean;
  readonly now: number;
  readonly runId: string;
  readonly extractedAt: string;
  readonly batchSize: number;
  /** Characters of `_raw` text that also end a batch (`RunExtractOptions.batchChars`). */
  readonly batchChars?: number;
  readonly signal?: AbortSignal;
  readonly emit: (e: ExtractEvent) => void;
}

export interface StreamRunInput {
  readonly stream: StreamDescriptor;
  /** Outcomes of the streams already run, by name. */
  readonly parents: ReadonlyMap<string, ParentOutcome>;
  /** Watermarks of parent streams to commit with this stream's last merge. */
  readonly inheritedWatermarks: readonly WatermarkWrite[];
  /** Defer this stream's own watermark (a child stream still depends on it). */
  readonly deferWatermark: boolean;
}

export interface StreamRunOutput {
  readonly result: StreamResult;
  readonly parent: ParentOutcome;
  /** The watermark this stream would have written, when deferred. */
  readonly deferred?: WatermarkWrite;
}

/**
 * Runs loads one after another in the background while the next batch is fetched. At most one load
 * is in flight: `submit` waits for the previous one first (back-pressure, so memory holds at most two
 * batches). The first failure is kept and rethrown by `check`/`drain`.
 */
class FlushQueue {
  private tail: Promise<void> = Promise.resolve();
  private failure: { err: unknown } | undefined;

  async submit(fn: () => Promise<void>): Promise<void> {
    await this.tail;
    this.check();
    this.tail = (async () => {
      try {
        await fn();
      } catch (err) {
        this.failure ??= { err };
      }
    })();
  }

  /** Throws the first failure without waiting (lets the fetch loop stop early). */
  check(): void {
    if (this.failure) throw this.failure.err;
  }

  async drain(): Promise<void> {
    await this.tail;
    this.check();
  }
}

function isPlainRecord(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof InvalidRecord);
}

function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function toExtractError(err: unknown, endpoint: string): unknown {
  if (err instanceof PaginationStallError) {
    return new ExtractError('extract/http', `${endpoint}: ${err.message}`, { endpoint, retryable: false, cause: err });
  }
  return err;
}

/**
 * Extracts one stream of one instance: plans the range from the watermark, walks windows × fan-out
 * keys × pages, applies the contract, and hands batches to the loader while the next pages are being
 * fetched. The watermark moves only in the transaction of the merge that completes what it covers:
 * per window for day-at-a-time streams (oldest first), otherwise with the stream's last merge.
 */
export async function runStream(shared: StreamRunShared, input: StreamRunInput): Promise<StreamRunOutput> {
  const { descriptor, instance, http, loader, emit } = shared;
  const { stream } = input;
  const started = Date.now();
  const sourceId = `${descriptor.kind}.${stream.name}`;
  const partition = instance.name;
  const previous = shared.watermarks.get(watermarkKey(sourceId, partition))?.watermark;
  const range: ExtractRange = planExtractRange({
    ...(stream.incremental ? { incremental: stream.incremental } : {}),
    ...(previous !== undefined ? { watermark: previous } : {}),
    ...(shared.since !== undefined ? { since: shared.since } : {}),
    fullRefresh: shared.fullRefresh,
    now: shared.now,
  });
  const spec = buildRawTableSpec(descriptor, stream, partition, shared.schema);
  const httpBefore = { ...http.stats };
  const counts = { loaded: 0, unchanged: 0, rejected: 0, pages: 0, records: 0 };
  const drift = new DriftTracker(stream.fields);
  let committed = previous;
  let deferred: WatermarkWrite | undefined;
  let driftReport: { added: readonly string[]; missing: readonly string[] } | undefined;

  const finish = (status: StreamResult['status'], error?: unknown): StreamResult => {
    const result: StreamResult = {
      kind: 'extract-stream-result',
      stream: sourceId,
      table: stream.table,
      status,
      mode: range.mode,
      ...(range.start !== undefined ? { from: range.start } : {}),
      to: range.end,
      ...(previous !== undefined ? { watermarkBefore: previous } : {}),
      ...(committed !== undefined ? { watermarkAfter: committed } : {}),
      ...(driftReport ? { drift: driftReport } : {}),
      recordsLoaded: counts.loaded,
      recordsUnchanged: counts.unchanged,
      rejected: counts.rejected,
      pages: counts.pages,
      requests: http.stats.requests - httpBefore.requests,
      retries: http.stats.retries - httpBefore.retries,
      rateLimitWaits: http.stats.rateLimitWaits - httpBefore.rateLimitWaits,
      rateLimitWaitMs: http.stats.rateLimitWaitMs - httpBefore.rateLimitWaitMs,
      elapsedMs: Date.now() - started,
      ...(error !== undefined ? { error: error as StreamResult['error'] } : {}),
    };
    return result;
  };

  emit({
    type: 'stream-start',
    source: instance.fullName,
    stream: sourceId,
    table: stream.table,
    mode: range.mode,
    ...(range.start !== undefined ? { from: range.start } : {}),
    to: range.end,
    ...(previous !== undefined ? { watermark: previous } : {}),
  });

  // Fan-out keys: configured ones, else the parent's rows; a failed parent skips this stream.
  let keys: readonly (string | undefined)[] = [undefined];
  if (stream.fanOut) {
    const fixed = stream.fanOut.keys?.(instance.settings) ?? [];
    if (fixed.length > 0) keys = fixed;
    else {
      const parent = input.parents.get(stream.fanOut.from);
      if (!parent || !parent.ok) {
        const error = new ExtractError('extract/http', `${sourceId} skipped: the stream it depends on (${descriptor.kind}.${stream.fanOut.from}) did not succeed`, {
          retryable: true,
        });
        return { result: finish('skipped', error), parent: { ok: false, unfiltered: false, keys: new Map() } };
      }
      keys = parent.unfiltered && stream.fanOut.allWhenParentFull ? [undefined] : [...(parent.keys.get(stream.name) ?? [])].sort();
    }
  }

  // Children that need keys from this stream's rows.
  const unfiltered = range.start === undefined;
  const collectors = descriptor.streams
    .filter((s) => s.fanOut?.from === stream.name && (s.fanOut.keys?.(instance.settings) ?? []).length === 0)
    .filter((s) => !(unfiltered && s.fanOut!.allWhenParentFull))
    .map((s) => ({ name: s.name, column: s.fanOut!.column, where: s.fanOut!.where, keys: new Set<string>() }));

  const windowed = stream.windowDays !== undefined;
  if (windowed && range.start === undefined) {
    throw new ExtractError('extract/config', `${sourceId} needs a start date (day-at-a-time API) but has none`, {
      retryable: false,
      hint: 'give the stream an initialDays, or pass --since',
    });
  }
  const windows: Iterable<DateWindow | undefined> = windowed
    ? planDateWindows(range.start!, range.end, stream.windowDays!)
    : [range.start !== undefined ? buildWindow(range.start, range.end) : undefined];
  const checkpointPerWindow = windowed && stream.checkpointPerWindow !== false;

  await loader.prepare(spec);

  let batch = new Map<string, Row>();
  let batchChars = 0;
  const full = (): boolean => batch.size + rejectRows.length >= shared.batchSize || batchChars >= (shared.batchChars ?? Infinity);
  let rejectRows: Row[] = [];
  let rowWatermark: string | undefined;
  const queue = new FlushQueue();
  const wmColumn = stream.incremental?.column;

  const watermarkWrite = (value: string): WatermarkWrite => ({ source: sourceId, partition, watermark: value, updatedAt: shared.now, runId: shared.runId });

  /** Hands the current batch to the loader; `checkpoint` is the watermark this batch completes. */
  const flush = async (checkpoint?: string, extra: readonly WatermarkWrite[] = []): Promise<void> => {
    const rows = [...batch.values()];
    const rejects = rejectRows;
    batch = new Map();
    batchChars = 0;
    rejectRows = [];
    const writes: WatermarkWrite[] = [];
    let next: string | undefined;
    if (checkpoint !== undefined && stream.incremental) {
      const candidate = maxWatermark(committed, checkpoint);
      if (input.deferWatermark) {
        if (candidate !== undefined && candidate !== previous) deferred = watermarkWrite(candidate);
      } else if (candidate !== undefined && candidate !== committed) {
        writes.push(watermarkWrite(candidate));
        next = candidate;
      }
    }
    writes.push(...extra);
    if (rows.length === 0 && rejects.length === 0 && writes.length === 0) return;
    await queue.submit(async () => {
      const out = await loader.write({
        table: spec,
        rows,
        ...(rejects.length > 0 ? { rejects: { spec: shared.rejects, rows: rejects } } : {}),
        watermarks: writes,
      });
      counts.loaded += out.staged;
      counts.unchanged += out.unchanged;
      counts.rejected += out.rejected;
      if (out.staged > 0 || out.rejected > 0) {
        emit({
          type: 'batch',
          source: instance.fullName,
          stream: sourceId,
          table: stream.table,
          loaded: out.staged,
          unchanged: out.unchanged,
          rejected: out.rejected,
          totalLoaded: counts.loaded,
          totalRejected: counts.rejected,
        });
      }
      for (const w of writes) {
        const before = w.source === sourceId ? committed : undefined;
        if (w.source === sourceId && next !== undefined) committed = next;
        emit({ type: 'watermark', source: instance.fullName, stream: w.source, partition: w.partition, watermark: w.watermark, ...(before !== undefined ? { previous: before } : {}) });
      }
    });
  };

  const reject = (record: unknown, reason: string): void => {
    let text: string;
    let stored: unknown;
    if (record instanceof InvalidRecord) {
      text = scrubSecrets(record.text);
      stored = text;
    } else {
      text = scrubSecrets(JSON.stringify(record) ?? 'null');
      stored = JSON.parse(text) as unknown;
    }
    rejectRows.push({
      source: descriptor.kind,
      stream: stream.name,
      raw_table: stream.table,
      workspace: partition,
      record: stored,
      reason: scrubSecrets(reason),
      record_hash: hashText(`${stream.name}\u0000${text}`),
      rejected_at: shared.extractedAt,
      run_id: shared.runId,
    });
  };

  const accept = (record: unknown, rctx: RecordContext): void => {
    if (isPlainRecord(record)) drift.observe(record);
    let outcome = applyContract(record, stream.columns, rctx);
    if (!outcome.ok) {
      reject(record, outcome.reason);
      return;
    }
    let raw = record as JsonRecord;
    let text = received.get(raw) ?? JSON.stringify(raw);
    const scrubbed = scrubSecrets(text);
    if (scrubbed !== text) {
      // The API echoed a credential: store the scrubbed record, typed columns included.
      text = scrubbed;
      raw = JSON.parse(scrubbed) as JsonRecord;
      outcome = applyContract(raw, stream.columns, rctx);
      if (!outcome.ok) {
        reject(raw, outcome.reason);
        return;
      }
    }
    const row = outcome.row;
    const key = JSON.stringify(stream.naturalKey.map((k) => row[k] ?? null));
    row[META.source] = descriptor.kind;
    row[descriptor.partitionColumn] = partition;
    row[META.key] = key;
    row[META.raw] = text; // JSON text, as received when possible (see RawTableSpec.jsonTextColumns)
    row[META.hash] = hashText(text);
    row[META.extractedAt] = shared.extractedAt;
    row[META.runId] = shared.runId;
    batchChars += text.length;
    batch.delete(key); // a later copy in the same batch wins (and keeps arrival order)
    batch.set(key, row);
    if (wmColumn !== undefined) {
      const v = row[wmColumn];
      if (typeof v === 'string' && (rowWatermark === undefined || v > rowWatermark)) rowWatermark = v;
    }
    for (const c of collectors) {
      const v = row[c.column];
      if (v !== null && v !== undefined && (!c.where || c.where(row, instance.settings))) c.keys.add(String(v));
    }
  };

  const path = stream.path;
  const endpoint = `${stream.method} ${path}`;
  const extract = typeof stream.records === 'function' ? stream.records : recordsAt(stream.records ?? 'data');
  // Records kept as received: the text of each array element of the page (a slice sharing the page's
  // string), when a record is an element as it is (no custom extraction, flattening or aggregation).
  const recordPath = typeof stream.records === 'function' || stream.flatten || stream.aggregate ? undefined : (stream.records ?? 'data').split('.');
  const received = new WeakMap<object, string>();
  const remember = (text: string | undefined, records: readonly unknown[]): void => {
    if (recordPath === undefined || text === undefined || records.length === 0) return;
    const texts = readArrayElementTexts(text, recordPath);
    if (texts === undefined || texts.length !== records.length) return;
    for (let k = 0; k < records.length; k++) {
      const r = records[k];
      if (r !== null && typeof r === 'object') received.set(r, texts[k]!);
    }
  };

  async function* fetchUnit(ctx: FetchContext): AsyncGenerator<FetchedRecords> {
    if (stream.fetch) {
      yield* stream.fetch(ctx);
      return;
    }
    const filled = fillPath(path, { ...ctx.settings, ...(ctx.key !== undefined ? { key: ctx.key } : {}) });
    const initial = stream.request?.(ctx) ?? { query: {} };
    const empty = stream.emptyStatuses ?? [];
    yield* paginate(stream.paginator, initial, async (req) => {
      const res = await http.requestJson(
        {
          method: stream.method,
          url: buildUrl(ctx.baseUrl, filled, req.query),
          ...(stream.method === 'POST' ? { body: { ...ctx.authBody, ...(req.body ?? {}) } } : {}),
          endpoint,
        },
        empty,
      );
      if (res.status < 200 || res.status >= 300) return { body: null, records: [] };
      const records = extract(res.body);
      remember(res.text, records);
      return { body: res.body, records };
    });
  }

  try {
    for (const window of windows) {
      for (const key of keys) {
        const ctx: FetchContext = {
          partition,
          settings: instance.settings,
          ...(range.start !== undefined ? { start: range.start } : {}),
          end: range.end,
          ...(window ? { window } : {}),
          ...(key !== undefined ? { key } : {}),
          now: shared.now,
          http,
          baseUrl: instance.baseUrl,
          authBody: instance.authBody,
        };
        const rctx: RecordContext = {
          partition,
          ...(key !== undefined ? { key } : {}),
          ...(window ? { windowStart: window.start, windowEnd: window.end } : {}),
        };
        const aggregated = stream.aggregate ? new Map<string, JsonRecord>() : undefined;
        for await (const page of fetchUnit(ctx)) {
          http.throwIfAborted();
          queue.check();
          counts.pages++;
          counts.records += page.records.length;
          emit({ type: 'page', source: instance.fullName, stream: sourceId, page: counts.pages, records: page.records.length, recordsSoFar: counts.records });
          http.throwIfAborted();
          for (const item of page.records) {
            const items: Iterable<unknown> = stream.flatten && isPlainRecord(item) ? stream.flatten(item, rctx) : [item];
            for (const rec of items) {
              if (aggregated && isPlainRecord(rec)) {
                const k = stream.aggregate!.key(rec);
                const prev = aggregated.get(k);
                aggregated.set(k, prev ? stream.aggregate!.merge(prev, rec) : rec);
              } else accept(rec, rctx);
            }
          }
          if (full()) await flush();
        }
        if (aggregated) for (const rec of aggregated.values()) accept(rec, rctx);
        if (full()) await flush();
      }
      if (checkpointPerWindow && window) await flush(window.end);
    }
    await flush(checkpointPerWindow ? undefined : rowWatermark, input.inheritedWatermarks);
    await queue.drain();
    await loader.dropStage(spec);
    driftReport = drift.takeReport();
    if (driftReport) emit({ type: 'drift', source: instance.fullName, stream: sourceId, table: stream.table, ...driftReport });
    const parent: ParentOutcome = { ok: true, unfiltered, keys: new Map(collectors.map((c) => [c.name, c.keys])) };
    return { result: finish('success'), parent, ...(deferred ? { deferred } : {}) };
  } catch (err) {
    // Let a merge already under way finish (never leave a transaction half-done), then report.
    await queue.drain().catch(() => undefined);
    driftReport = drift.takeReport();
    if (driftReport) emit({ type: 'drift', source: instance.fullName, stream: sourceId, table: stream.table, ...driftReport });
    throw Object.assign(new StreamFailure(toExtractError(err, endpoint)), { partial: finish('error', toExtractError(err, endpoint)) });
  }
}

/** A stream failed; `partial` holds its counts so far. */
export class StreamFailure extends Error {
  partial?: StreamResult;
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'StreamFailure';
  }
}
