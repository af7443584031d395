import type { OppError } from '../errors/index.js';

/**
 * Statuses as dbt reports them: models/seeds/snapshots `success | error | skipped`; tests and unit tests
 * `pass | fail | warn | error | skipped`; source freshness `pass | warn | error | runtime error`.
 */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn' | 'runtime error';

export interface TimingInfo {
  readonly name: 'compile' | 'execute';
  readonly startedAt: string;
  readonly completedAt: string;
}

export interface AdapterResponse {
  /** What the warehouse said, e.g. `CREATE VIEW`, `INSERT 42`, `OK`. */
  readonly message?: string;
  readonly code?: string;
  readonly rowsAffected?: number;
  readonly queryId?: string;
}

/** The outcome of one node. A failed node is a result, not a thrown error. */
export interface NodeResult {
  readonly kind: 'node-result';
  readonly uniqueId: string;
  readonly status: NodeStatus;
  /** One line for the console: `CREATE VIEW`, `SELECT 42`, the error message, `skipped due to ...`. */
  readonly message: string;
  /** Seconds. */
  readonly executionTime: number;
  readonly timing: readonly TimingInfo[];
  readonly adapterResponse: AdapterResponse;
  /** Tests: failing row count; null for other nodes. */
  readonly failures: number | null;
  readonly compiledCode?: string;
  /** Project-relative path of the compiled SQL file. */
  readonly compiledPath?: string;
  readonly relationName?: string;
  readonly error?: OppError;
  readonly threadId: string;
}

export interface RunResults {
  readonly kind: 'run-results';
  readonly results: readonly NodeResult[];
  /** Seconds. */
  readonly elapsedTime: number;
  readonly generatedAt: string;
  readonly invocationId: string;
  readonly args: Readonly<Record<string, unknown>>;
}
