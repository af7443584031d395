import { createAdapter, createDialect, type Adapter, type Dialect, type ExecOptions, type ExecResult } from '../adapters/index.js';
import type { TargetConfig } from '../config/types.js';

/**
 * What unit tests run on: ONE in-memory DuckDB per run (whatever the project's target), with a pool of
 * connections. Unit tests render in the run's compile session (compile applies their overrides per
 * render). Fixtures are CTEs of each test's own
 * query, so tests create nothing in the database and need no schema or connection of their own to be
 * isolated (measured: see README). Holds resources: open one per command, `close()` it at the end.
 */
export interface UnitTestEngineOptions {
  /** Connections in the pool (default 1; the scheduler's thread count fits). */
  readonly threads?: number;
}

const ENGINE_TARGET: TargetConfig = {
  name: 'unit_test',
  profileName: 'opp_unit_tests',
  type: 'duckdb',
  database: 'memory',
  schema: 'main',
  threads: 1,
  // Fixtures are a handful of rows: one DuckDB worker thread per query is cheaper than a parallel plan
  // (measured 10.8 vs 14.2 ms CPU per test); tests run side by side on the pool's connections instead.
  settings: { path: ':memory:', settings: { threads: '1' } },
};

export class UnitTestEngine {
  /** DuckDB's SQL dialect (relation names, quoting, literals). */
  readonly dialect: Dialect;
  private readonly target: TargetConfig;
  private adapter: Promise<Adapter> | undefined;
  private closed = false;
  /** Seed files read as fixtures, by seed id and checksum. */
  readonly seedFixtures = new Map<string, Promise<string>>();

  constructor(opts: UnitTestEngineOptions = {}) {
    this.target = { ...ENGINE_TARGET, threads: Math.max(1, Math.floor(opts.threads ?? 1)) };
    this.dialect = createDialect(this.target);
  }

  /** The in-memory DuckDB every unit test of the run queries (created and connected on first use). */
  connection(): Promise<Adapter> {
    if (this.closed) return Promise.reject(new Error('the unit-test engine is closed'));
    this.adapter ??= createAdapter(this.target).then(async (a) => {
      await a.connect();
      return a;
    });
    return this.adapter;
  }

  /** Runs one statement on the engine's database. */
  async execute(sql: string, opts: ExecOptions = {}): Promise<ExecResult> {
    return (await this.connection()).execute(sql, opts);
  }

  /** Closes the database; idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.adapter;
    this.adapter = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close();
  }
}

/** Opens the engine of one run (the database opens on first use). */
export function openUnitTestEngine(opts: UnitTestEngineOptions = {}): UnitTestEngine {
  return new UnitTestEngine(opts);
}
