import type { BudgetLimits, HttpClient, RateLimitResetMode } from '../http/index.js';
import type { ColumnSpec, JsonRecord, RecordContext } from '../contract/index.js';
import type { DateWindow, PageRequest, Paginator } from '../paginate/index.js';

/** A credential a source needs, read from the environment and registered as a secret. */
export interface CredentialSpec {
  /** Name the descriptor's auth uses: `apiKey`, `appKey`. */
  readonly name: string;
  /** Default environment variable; `{INSTANCE}` is replaced by the upper-cased instance name. */
  readonly env: string;
  readonly required?: boolean;
}

/** A non-secret option (GitHub org, Windsurf filter spellings) with its default and environment override. */
export interface SettingSpec {
  readonly name: string;
  readonly env?: string;
  readonly default?: string;
  readonly required?: boolean;
  readonly description: string;
}

/** Everything a request shaper or custom fetcher may read. */
export interface StreamContext {
  /** `_workspace` / `_tenant` value. */
  readonly partition: string;
  readonly settings: Readonly<Record<string, string>>;
  /** First day to extract (`YYYY-MM-DD`), or undefined for the API's whole history. */
  readonly start?: string;
  /** Last day to extract (inclusive). */
  readonly end: string;
  /** The current date window (day-at-a-time and ≤N-day APIs); spans [start, end] otherwise. */
  readonly window?: DateWindow;
  /** The fan-out key (user id, SLO id, email) this request is for. */
  readonly key?: string;
  /** Epoch ms "now" from the run's clock. */
  readonly now: number;
}

/** One page (or chunk) of records a fetch yields. */
export interface FetchedRecords {
  readonly records: readonly unknown[];
}

/** What a custom fetcher gets: the source's HTTP client, base URL and auth. */
export interface FetchContext extends StreamContext {
  readonly http: HttpClient;
  readonly baseUrl: string;
  /** Auth fields to merge into JSON bodies (Windsurf `service_key`). */
  readonly authBody: Readonly<Record<string, unknown>>;
}

/** Incremental extraction on a watermark. Streams without one are pulled in full every run. */
export interface IncrementalSpec {
  /** Typed column (ISO timestamp or date) whose maximum becomes the watermark. */
  readonly column: string;
  /** Days re-pulled before the watermark on every run (vendors revise recent data). */
  readonly repullDays: number;
  /** First run without `--since`: start this many days before today (undefined: no start filter). */
  readonly initialDays?: number;
  /** Last day requested, relative to today: 0 = today, −1 = yesterday (complete days only). */
  readonly endOffsetDays?: number;
  /** The first day the API has data for; earlier starts are clamped. */
  readonly earliest?: string;
}

/** Requests repeated per key gathered from an earlier stream's rows (users, SLOs, emails). */
export interface FanOutSpec {
  /** The stream of the same source whose loaded rows give the keys. */
  readonly from: string;
  /** Typed column of that stream holding the key. */
  readonly column: string;
  /**
   * When the parent pulled everything (no watermark filter), call once without a key instead of once
   * per key (incident updates: list all rather than one call per incident).
   */
  readonly allWhenParentFull?: boolean;
  /** Keys configured in settings; when there are any, they replace the parent's rows. */
  readonly keys?: (settings: Readonly<Record<string, string>>) => readonly string[];
  /** Keeps only the parent rows that qualify (e.g. the custom fields named "Affected services"). */
  readonly where?: (row: Readonly<Record<string, unknown>>, settings: Readonly<Record<string, string>>) => boolean;
}

/** One RAW table fed by one endpoint. */
export interface StreamDescriptor {
  readonly name: string;
  /** RAW table identifier. */
  readonly table: string;
  readonly description: string;
  readonly method: 'GET' | 'POST';
  /** Path on the base URL; `{org}`-style placeholders are filled from settings and `{key}` from the fan-out key. */
  readonly path: string;
  readonly paginator: Paginator;
  /** Dotted path of the record array in a page body (`incidents`, `data`), or a function. */
  readonly records?: string | ((body: unknown) => readonly unknown[]);
  /** Query/body of the first request of a (window, key) unit. */
  readonly request?: (ctx: StreamContext) => PageRequest;
  /** Split [start, end] into windows of this many days (1 = day by day). Absent: one unit over the range. */
  readonly windowDays?: number;
  /** Commit the watermark after each window (windows are processed oldest first). Default true with windows. */
  readonly checkpointPerWindow?: boolean;
  readonly fanOut?: FanOutSpec;
  readonly incremental?: IncrementalSpec;
  /** Typed columns that identify a record within a partition. */
  readonly naturalKey: readonly string[];
  readonly columns: readonly ColumnSpec[];
  /** Known top-level record fields for drift detection (`name?` = optional). */
  readonly fields: readonly string[];
  /** Turns one API item into the records stored (OpenAI buckets → one record per result). */
  readonly flatten?: (item: JsonRecord, ctx: RecordContext) => Iterable<unknown>;
  /** Sums records that share a key across all pages of one (window, key) unit (LiteLLM split pages). */
  readonly aggregate?: { readonly key: (record: JsonRecord) => string; readonly merge: (a: JsonRecord, b: JsonRecord) => JsonRecord };
  /** Statuses that mean "no data" rather than failure (e.g. 404 for a day with no report). */
  readonly emptyStatuses?: readonly number[];
  /** Replaces the generic endpoint + paginator fetch (Copilot's report → NDJSON download). */
  readonly fetch?: (ctx: FetchContext) => AsyncIterable<FetchedRecords>;
}

/** A source: one API, any number of configured instances (workspaces, tenants). */
export interface SourceDescriptor {
  /** `incident_io`, `litellm`, ... — the first part of `<kind>.<instance>` names. */
  readonly kind: string;
  readonly title: string;
  /** RAW column holding the instance name. */
  readonly partitionColumn: '_workspace' | '_tenant';
  readonly credentials: readonly CredentialSpec[];
  /** Default base URL and its environment override (`{INSTANCE}` allowed in the name). */
  readonly baseUrl: { readonly default?: string; readonly env: string };
  readonly settings?: readonly SettingSpec[];
  /** Auth headers from the resolved credentials. */
  readonly headers: (creds: Readonly<Record<string, string>>) => Record<string, string>;
  /** Auth fields sent in every JSON body (Windsurf). */
  readonly body?: (creds: Readonly<Record<string, string>>) => Record<string, unknown>;
  readonly budget?: BudgetLimits;
  readonly resetMode?: RateLimitResetMode;
  /** Streams run in this order (fan-out parents first). */
  readonly streams: readonly StreamDescriptor[];
}

/** One configured instance: `incident_io.companya`. */
export interface SourceInstanceConfig {
  readonly kind: string;
  readonly name: string;
  /** Environment variable names overriding the descriptor's defaults: credentials, `baseUrl`, settings. */
  readonly env?: Readonly<Record<string, string>>;
  /** Setting values (win over environment and defaults). */
  readonly settings?: Readonly<Record<string, string>>;
  readonly budget?: BudgetLimits;
}
