import type { Adapter } from '../adapters/contract.js';
import type { OppError } from '../errors/index.js';
import type { BudgetLimits, Clock, RetryPolicy, RetryReason } from './http/index.js';
import type { SourceDescriptor, SourceInstanceConfig } from './sources/index.js';
import type { RangeMode } from './state/index.js';

export interface RunExtractOptions {
  readonly adapter: Adapter;
  /** Instance names or globs (`incident_io.*`, `litellm`, `incident_io.companya`); all when absent. */
  readonly sources?: readonly string[];
  /** `--since DATE` (`YYYY-MM-DD`): start here instead of at the watermark. */
  readonly since?: string;
  /** `--full-refresh`: ignore watermarks, re-pull everything (still idempotent). */
  readonly fullRefresh?: boolean;
  /** Where credentials, base URLs and settings are read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Source instances extracted at once (default 4). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: ExtractEvent) => void;
  /** Injected time: tests pass a fake clock so backoff never sleeps. */
  readonly clock?: Clock;
  /** RAW schema (default `raw`) and database (default: the target's). */
  readonly schema?: string;
  readonly database?: string;
  /** Rows per stage → merge batch (default 10,000). */
  readonly batchSize?: number;
  /**
   * Characters of record text per batch (default 16M): a batch is loaded when it holds `batchSize` rows or
   * this much `_raw` text, whichever comes first, so memory stays bounded whatever the records' size.
   */
  readonly batchChars?: number;
  /** Retry policy overrides (timeouts, attempts, backoff scale). */
  readonly retry?: Partial<RetryPolicy>;
  /** Budget per instance full name (`incident_io.companya`) or kind (`litellm`); wins over the descriptor's. */
  readonly budgets?: Readonly<Record<string, BudgetLimits>>;
  /** Jitter source in [0, 1) (tests pass a seeded one). */
  readonly random?: () => number;
  /** Replaces global fetch (tests). */
  readonly fetch?: typeof fetch;
  /** Configured instances (default `EXTRACT_INSTANCES`) and descriptors (default `SOURCE_DESCRIPTORS`). */
  readonly instances?: readonly SourceInstanceConfig[];
  readonly descriptors?: readonly SourceDescriptor[];
  /** Run id written to `_run_id` and the watermark table (default: a random UUID). */
  readonly runId?: string;
}

export type ExtractStatus = 'success' | 'error';
export type StreamStatus = 'success' | 'error' | 'skipped';

/** Counters shared by stream and source results. */
export interface ExtractCounts {
  /** Good records staged and merged (unchanged ones included). */
  readonly recordsLoaded: number;
  /** Of those, records identical to what RAW already held (nothing written). */
  readonly recordsUnchanged: number;
  /** Records that broke the contract, kept in `raw._rejects`. */
  readonly rejected: number;
  readonly pages: number;
  readonly requests: number;
  readonly retries: number;
  readonly rateLimitWaits: number;
  readonly rateLimitWaitMs: number;
  readonly elapsedMs: number;
}

export interface StreamResult extends ExtractCounts {
  readonly kind: 'extract-stream-result';
  /** `<kind>.<stream>`: the watermark table's `source`. */
  readonly stream: string;
  readonly table: string;
  readonly status: StreamStatus;
  readonly mode: RangeMode;
  readonly from?: string;
  readonly to: string;
  readonly watermarkBefore?: string;
  readonly watermarkAfter?: string;
  readonly drift?: { readonly added: readonly string[]; readonly missing: readonly string[] };
  readonly error?: OppError;
}

/** The outcome of one source instance (`incident_io.companya`). A failed source is a result, not a throw. */
export interface ExtractResult extends ExtractCounts {
  readonly kind: 'extract-result';
  /** `<kind>.<instance>` */
  readonly source: string;
  readonly sourceKind: string;
  readonly partition: string;
  readonly status: ExtractStatus;
  /** One line for the console: counts, or the error message. */
  readonly message: string;
  readonly streams: readonly StreamResult[];
  /** `ExtractError` (endpoint, status, attempts, retryable) for API failures; `DatabaseError` for load failures. */
  readonly error?: OppError;
}

export interface ExtractResults {
  readonly kind: 'extract-results';
  readonly runId: string;
  readonly results: readonly ExtractResult[];
  readonly pass: number;
  readonly error: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly startedAt: string;
}

/** A plain, serialisable view of an error for events and `--log-format json`. */
export interface ExtractErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly endpoint?: string;
  readonly status?: number;
  readonly attempts?: number;
  readonly retryable?: boolean;
}

/**
 * What `runExtract` reports as it goes. Enough for a progress line per source (`source-start`, `page`,
 * `batch`, `retry`) and a dbt-style summary (`source-end` with `index`/`total`, then `run-end`).
 * Every string is scrubbed of registered secrets.
 */
export type ExtractEvent =
  | { readonly type: 'run-start'; readonly runId: string; readonly sources: readonly string[]; readonly total: number; readonly at: string }
  | { readonly type: 'source-start'; readonly source: string; readonly index: number; readonly total: number }
  | {
      readonly type: 'stream-start';
      readonly source: string;
      readonly stream: string;
      readonly table: string;
      readonly mode: RangeMode;
      readonly from?: string;
      readonly to: string;
      readonly watermark?: string;
    }
  | { readonly type: 'page'; readonly source: string; readonly stream: string; readonly page: number; readonly records: number; readonly recordsSoFar: number }
  | {
      readonly type: 'batch';
      readonly source: string;
      readonly stream: string;
      readonly table: string;
      readonly loaded: number;
      readonly unchanged: number;
      readonly rejected: number;
      readonly totalLoaded: number;
      readonly totalRejected: number;
    }
  | {
      readonly type: 'retry';
      readonly source: string;
      readonly endpoint: string;
      readonly attempt: number;
      readonly status?: number;
      readonly reason: RetryReason;
      readonly delayMs: number;
      readonly rateLimited: boolean;
    }
  | { readonly type: 'drift'; readonly source: string; readonly stream: string; readonly table: string; readonly added: readonly string[]; readonly missing: readonly string[] }
  | { readonly type: 'watermark'; readonly source: string; readonly stream: string; readonly partition: string; readonly watermark: string; readonly previous?: string }
  | {
      readonly type: 'stream-end';
      readonly source: string;
      readonly stream: string;
      readonly status: StreamStatus;
      readonly result: StreamResult;
      readonly error?: ExtractErrorInfo;
    }
  | {
      readonly type: 'source-end';
      readonly source: string;
      readonly index: number;
      readonly total: number;
      readonly status: ExtractStatus;
      readonly result: ExtractResult;
      readonly error?: ExtractErrorInfo;
    }
  | { readonly type: 'run-end'; readonly results: ExtractResults };
