import { openLocalCsvReader, type Adapter } from '../adapters/index.js';
import type { CompiledFileWriter } from '../artifacts/index.js';
import { buildRunPath, renderNode, renderSql, type EphemeralCache, type RunContext } from '../compile/index.js';
import type { Hook } from '../config/types.js';
import { toOppError } from '../errors/index.js';
import type { ManifestNode, SeedNode, SnapshotNode } from '../manifest/index.js';
import { executeSeed, executeSnapshot, type HookInput } from '../materialize/index.js';
import type { NodeResult } from '../run/types.js';
import { executeDataTest } from '../testing/index.js';
import { executeUnitTest, openUnitTestEngine, type UnitTestEngine } from '../unit-testing/index.js';
import { executeModel } from './execute-model.js';
import { buildNodeError } from '../materialize/index.js';
import { NodeTimer } from '../util/node-timer.js';
import type { ProjectSession } from './project-session.js';

/**
 * Everything one run shares between its nodes: the connected adapter, the run pass's context, the file
 * writer for target/compiled and target/run, and the engines opened only when a node type needs them
 * (the unit-test DuckDB; a local CSV reader for warehouses that cannot read local files).
 */
export class NodeExecutor {
  private unitEngine: UnitTestEngine | undefined;
  private csvReader: Promise<Adapter> | undefined;
  readonly ephemeralCache: EphemeralCache = new Map();

  constructor(
    private readonly session: ProjectSession,
    readonly adapter: Adapter,
    private context: Omit<RunContext, 'isIncremental'>,
    readonly files: CompiledFileWriter,
    readonly fullRefresh: boolean,
    private readonly signal?: AbortSignal,
  ) {}

  /** The run pass's context without `isIncremental` (decided per node). */
  get runContext(): Omit<RunContext, 'isIncremental'> {
    return this.context;
  }

  /** Replaces the run context before the run starts (e.g. a deferring resolver for `--defer`). */
  setRunContext(context: Omit<RunContext, 'isIncremental'>): void {
    this.context = context;
  }

  get rootDir(): string {
    return this.session.config.rootDir;
  }

  get targetPath(): string {
    return this.session.config.targetPath;
  }

  /** Runs one node of any type. Never throws: a failure is the node's error result. */
  async execute(id: string, threadId: string, signal?: AbortSignal): Promise<NodeResult> {
    const { manifest } = this.session;
    const node = manifest.nodes[id];
    try {
      const unit = manifest.unitTests[id];
      if (unit) return await executeUnitTest(unit, threadId, { ...this.unitTestContext(), engine: this.openUnitEngine() });
      switch (node?.resourceType) {
        case 'model':
          return await executeModel(node, threadId, this, signal ?? this.signal);
        case 'test':
          return await executeDataTest(node, threadId, this);
        case 'seed':
          return await this.executeSeed(node, threadId);
        case 'snapshot':
          return await this.executeSnapshot(node, threadId);
        default:
          throw new Error(`opp cannot run ${node?.resourceType ?? 'unknown'} nodes (${id})`);
      }
    } catch (err) {
      return buildNodeError(id, threadId, new NodeTimer(), toOppError(err));
    }
  }

  /** Releases the engines opened for this run. */
  async close(): Promise<void> {
    const reader = await this.csvReader?.catch(() => undefined);
    await Promise.allSettled([this.unitEngine?.close(), reader?.close()]);
  }

  /** Renders a node's pre-/post-hooks with the run pass. */
  async renderHooks(node: ManifestNode, rc: RunContext = { ...this.runContext, isIncremental: false }): Promise<{ pre: HookInput[]; post: HookInput[] }> {
    const render = async (hooks: readonly Hook[]): Promise<HookInput[]> => {
      const out: HookInput[] = [];
      for (const hook of hooks) {
        const rendered = await renderSql(hook.sql, rc, { node });
        if (rendered.sql.trim()) out.push({ sql: rendered.sql, transaction: hook.transaction });
      }
      return out;
    };
    const config = node.config as { 'pre-hook'?: Hook[]; 'post-hook'?: Hook[] };
    return { pre: await render(config['pre-hook'] ?? []), post: await render(config['post-hook'] ?? []) };
  }

  private writeRunSql = (node: ManifestNode, sql: string): void => {
    this.files.write(`${this.rootDir}/${buildRunPath(node, node.packageName, this.targetPath)}`, sql);
  };

  private async executeSeed(node: SeedNode, threadId: string): Promise<NodeResult> {
    const needsReader = !this.adapter.capabilities.readsLocalFiles;
    return executeSeed(node, threadId, {
      adapter: this.adapter,
      fullRefresh: this.fullRefresh,
      project: { rootDir: this.rootDir, file: this.session.config.file },
      renderHooks: (n) => this.renderHooks(n),
      ...(needsReader ? { csvReader: await this.openCsvReader() } : {}),
      writeRunSql: this.writeRunSql,
      ...(this.signal ? { signal: this.signal } : {}),
    });
  }

  private executeSnapshot(node: SnapshotNode, threadId: string): Promise<NodeResult> {
    return executeSnapshot(node, threadId, {
      adapter: this.adapter,
      writeRunSql: this.writeRunSql,
      ...(this.signal ? { signal: this.signal } : {}),
      compile: async (n) => {
        const rc: RunContext = { ...this.runContext, isIncremental: false };
        const compiled = await renderNode(n, rc, { ephemeralCache: this.ephemeralCache });
        this.files.write(`${this.rootDir}/${compiled.compiledPath}`, compiled.compiledCode);
        return {
          compiledCode: compiled.compiledCode,
          compiledPath: compiled.compiledPath,
          config: compiled.config,
          ...(compiled.relationName ? { relationName: compiled.relationName } : {}),
          hooks: await this.renderHooks(n, rc),
        };
      },
    });
  }

  private unitTestContext() {
    return {
      manifest: this.session.manifest,
      target: this.session.target,
      vars: this.session.vars,
      env: this.session.env,
      flags: this.runContext.flags ?? {},
      files: this.files,
      rootDir: this.rootDir,
      targetPath: this.targetPath,
    };
  }

  /** The unit tests' own in-memory DuckDB, opened with the first unit test of the run. */
  private openUnitEngine(): UnitTestEngine {
    this.unitEngine ??= openUnitTestEngine({ threads: this.session.target.threads });
    return this.unitEngine;
  }

  private openCsvReader(): Promise<Adapter> {
    this.csvReader ??= openLocalCsvReader();
    return this.csvReader;
  }
}
