import { createAdapter, createDialect, type Adapter, type Dialect, type ExecOptions, type ExecResult } from '../adapters/index.js';
import type { TargetConfig } from '../config/types.js';
import type { Manifest, UnitTestNode } from '../manifest/index.js';
import { buildOverrideSession, splitOverrideNames, type OverrideSession } from './override-session.js';

/**
 * What unit tests run on: ONE in-memory DuckDB per run (whatever the project's target), with a pool of
 * connections, and the compile sessions unit tests render with. Fixtures are CTEs of each test's own
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
  private readonly sessions = new WeakMap<Manifest, Map<string, OverrideSession>>();
  private readonly overriddenNames = new WeakMap<Manifest, readonly string[]>();
  /** Seed files read as fixtures, by seed id and checksum. */
  readonly seedFixtures = new Map<string, Promise<string>>();
  private queue: Promise<unknown> = Promise.resolve();

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

  /** Runs `fn` with no other unit-test render of this engine in progress (renders read per-test state). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Every macro name a unit test of the manifest overrides (computed once per manifest). */
  private namesFor(manifest: Manifest): readonly string[] {
    let names = this.overriddenNames.get(manifest);
    if (!names) {
      const set = new Set<string>();
      for (const t of Object.values(manifest.unitTests)) for (const n of splitOverrideNames(t.overrides.macros).functions) set.add(n);
      names = [...set].sort();
      this.overriddenNames.set(manifest, names);
    }
    return names;
  }

  /**
   * The compile session `node` renders in: shared by every test whose non-macro overrides (`invocation_id`,
   * ...) agree — usually one for the whole run.
   */
  sessionFor(manifest: Manifest, node: UnitTestNode): OverrideSession {
    const { functions, values } = splitOverrideNames(node.overrides.macros);
    let names = this.namesFor(manifest);
    if (functions.some((f) => !names.includes(f))) names = [...new Set([...names, ...functions])].sort();
    const statics: Record<string, unknown> = {};
    for (const v of values.sort()) statics[v] = node.overrides.macros[v];
    const key = JSON.stringify([names, statics]);
    let byKey = this.sessions.get(manifest);
    if (!byKey) {
      byKey = new Map();
      this.sessions.set(manifest, byKey);
    }
    let session = byKey.get(key);
    if (!session) {
      session = buildOverrideSession(manifest, names, statics);
      byKey.set(key, session);
    }
    return session;
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
