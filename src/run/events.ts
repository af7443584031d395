import type { NodeResult } from './types.js';

/**
 * What the reporters need to know about a node, so that `cli/output` never needs the manifest.
 * Field names follow the manifest types (camelCase); everything but the id, type and name is optional.
 */
export interface NodeSummary {
  readonly uniqueId: string;
  /** `model`, `seed`, `snapshot`, `test`, `unit_test`, `source` (freshness), `analysis`, `hook`, ... */
  readonly resourceType: string;
  readonly name: string;
  /** Models: `view`, `table`, `incremental`, `ephemeral`, ... */
  readonly materialized?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly alias?: string;
  /** The quoted relation name, as the warehouse spells it. */
  readonly relationName?: string;
  /** `sql` (default) or `python`: dbt prints it in front of the materialization. */
  readonly language?: string;
  /** Project-relative path of the defining file (`models/x.sql`, `models/schema.yml`). */
  readonly originalFilePath?: string;
  /** Project-relative path of the compiled SQL (`target/compiled/<project>/...`). */
  readonly compiledPath?: string;
  /** Sources: the source's name (the `src` of `src.table`). */
  readonly sourceName?: string;
  /** Unit tests: the name of the model under test. */
  readonly model?: string;
  /** Tests with `store_failures`: where the failing rows were stored. */
  readonly storeFailuresRelation?: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Why the scheduler skipped a node. */
export type SkipReason = 'upstream' | 'fail-fast' | 'interrupted';

/** `opp=<version>` banner, printed first (dbt's MainReportVersion). */
export interface InvocationStartedEvent {
  readonly kind: 'invocation-started';
  readonly version: string;
  readonly command: string;
}

/** `Registered adapter: duckdb=1.5.6` (dbt's AdapterRegistered). */
export interface AdapterRegisteredEvent {
  readonly kind: 'adapter-registered';
  readonly adapterType: string;
  readonly adapterVersion: string;
}

/**
 * `Found 12 models, 3 seeds, ...` for commands that load the project but run nothing on a DAG
 * (`parse`, `ls`). Node commands put the counts on `run-started` instead.
 */
export interface FoundEvent {
  readonly kind: 'found';
  /** Resource type → count, in print order (see `buildFoundCounts`). */
  readonly counts: Readonly<Record<string, number>>;
}

export interface RunStartedEvent {
  readonly kind: 'run-started';
  readonly command: string;
  /** Nodes that will print a line (ephemeral models excluded). */
  readonly total: number;
  readonly threads: number;
  readonly targetName: string;
  /** Resource type → count for the `Found ...` line, in print order; omitted to skip that line. */
  readonly counts?: Readonly<Record<string, number>>;
}

export interface NodeStartedEvent {
  readonly kind: 'node-started';
  /** 1-based, assigned when the node starts (dbt's `1 of 12`). 0 for nodes that are not counted. */
  readonly index: number;
  readonly total: number;
  readonly node: NodeSummary;
  readonly threadId: string;
  /** Epoch milliseconds (a number: formatting a date per node is measurable at 10,000 nodes). */
  readonly startedAt: number;
}

export interface NodeFinishedEvent {
  readonly kind: 'node-finished';
  readonly index: number;
  readonly total: number;
  readonly node: NodeSummary;
  readonly result: NodeResult;
  /** Set for results the scheduler produced without running the node. */
  readonly skipReason?: SkipReason;
}

/** `Running 1 on-run-start hook` before hooks run. */
export interface HooksStartedEvent {
  readonly kind: 'hooks-started';
  readonly hookType: 'on-run-start' | 'on-run-end';
  readonly count: number;
}

export interface HookStartedEvent {
  readonly kind: 'hook-started';
  readonly index: number;
  readonly total: number;
  /** e.g. `my_project.on-run-start.0` */
  readonly name: string;
}

export interface HookFinishedEvent {
  readonly kind: 'hook-finished';
  readonly index: number;
  readonly total: number;
  readonly name: string;
  /** What the warehouse said (`OK`), shown in green. */
  readonly status: string;
  /** Seconds. */
  readonly executionTime: number;
}

export interface RunFinishedEvent {
  readonly kind: 'run-finished';
  readonly results: readonly NodeResult[];
  /** Seconds. */
  readonly elapsedSeconds: number;
  readonly interrupted: boolean;
  /** Summaries for results whose nodes never produced a node event (fail-fast skips). */
  readonly nodes?: ReadonlyMap<string, NodeSummary>;
}

export interface LogEvent {
  readonly kind: 'log';
  readonly level: LogLevel;
  readonly message: string;
}

/**
 * A result line printed as is, without a timestamp (dbt's `ls` uses `print()`); in JSON it is an event
 * named `name` (default `ListCmdOut`) with `{msg}`.
 */
export interface OutputEvent {
  readonly kind: 'output';
  readonly text: string;
  readonly name?: string;
}

/** A fatal error that stopped the command (printed with its code frame and hint). */
export interface ErrorEvent {
  readonly kind: 'error';
  readonly error: unknown;
}

/** Everything opp reports while a command runs. Discriminated on `kind`. */
export type RunEvent =
  | InvocationStartedEvent
  | AdapterRegisteredEvent
  | FoundEvent
  | RunStartedEvent
  | NodeStartedEvent
  | NodeFinishedEvent
  | HooksStartedEvent
  | HookStartedEvent
  | HookFinishedEvent
  | RunFinishedEvent
  | LogEvent
  | OutputEvent
  | ErrorEvent;
