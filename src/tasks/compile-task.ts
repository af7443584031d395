import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDialect } from '../adapters/index.js';
import type { CompiledNode } from '../compile/index.js';
import { parseVarsFlag, resolveVars } from '../config/index.js';
import { InternalError, type OppError } from '../errors/index.js';
import { stampProjectFiles } from '../project/index.js';
import { forgetCompile, isMemoizable, recordCompile, replayCompile, type MemoInputs } from './compile-memo.js';
import type { SelectionFlags } from './node-task.js';
import { openProjectConfig, type OpenedProjectConfig, type SessionOptions } from './project-config.js';
import type { ProjectSession } from './project-session.js';

export interface CompileTaskOptions extends SessionOptions, SelectionFlags {
  /** `--inline SQL`: compile this instead of the selection. */
  readonly inline?: string;
}

/** What a caller of the compile task reads of each node compiled. */
export type CompiledNodeSummary = Pick<CompiledNode, 'uniqueId' | 'resourceType' | 'compiledPath' | 'compiledCode'>;

export interface CompileTaskOutcome {
  /**
   * The project session. A replayed compile (`replayed`) did not load the project: its session holds the
   * config, target, dialect, environment and invocation only (reading anything else is a bug).
   */
  readonly session: ProjectSession;
  /** The nodes compiled (full `CompiledNode`s unless `replayed`). */
  readonly compiled: readonly CompiledNodeSummary[];
  readonly errors: readonly OppError[];
  /** `--inline`: the compiled text. */
  readonly inlineSql?: string;
  readonly elapsedSeconds: number;
  /** `opp compile` of an unchanged project: the last compile's result, nothing rewritten (see compile-memo.ts). */
  readonly replayed?: boolean;
}

/** The session of a replayed compile: what was read to decide the replay, nothing parsed. */
function replayedSession(opened: OpenedProjectConfig, opts: CompileTaskOptions, invocationId: string, startedAt: Date): ProjectSession {
  const { config, target, env } = opened;
  const missing = (what: string): never => {
    throw new InternalError('internal/bug', `a replayed compile did not load the project's ${what}`);
  };
  return {
    config,
    target,
    env,
    invocationId,
    startedAt,
    dialect: createDialect(target),
    get vars() {
      return resolveVars(config.vars, opts.vars !== undefined ? parseVarsFlag(opts.vars) : {}, config.name);
    },
    get files() {
      return missing('files');
    },
    get parse() {
      return missing('parse');
    },
    get manifest() {
      return missing('manifest');
    },
    get graph() {
      return missing('graph');
    },
    get warnings() {
      return missing('warnings');
    },
    writeParseCache: () => Promise.resolve(),
  };
}

/** A node of a replayed compile: its compiled code is read from its file only if asked for. */
class ReplayedNode implements CompiledNodeSummary {
  constructor(
    readonly uniqueId: string,
    readonly resourceType: CompiledNode['resourceType'],
    readonly compiledPath: string,
    private readonly rootDir: string,
  ) {}
  get compiledCode(): string {
    return readFileSync(join(this.rootDir, this.compiledPath), 'utf8');
  }
}

/**
 * `opp compile`: renders the selected models, tests, snapshots and analyses (the run pass, with
 * `is_incremental()` decided against the warehouse) and writes them under target/compiled/. The warehouse
 * is connected only when needed (an incremental model whose table may exist, a template's `run_query`)
 * when the target's adapter can tell without connecting. `opp compile` of an unchanged project replays
 * the last compile (`compile-memo.ts`): this module loads only what deciding that needs, and the work
 * itself (`compile-project.ts`) when there is some.
 */
export async function runCompileTask(opts: CompileTaskOptions): Promise<CompileTaskOutcome> {
  const t0 = performance.now();
  const startedAt = new Date();
  const opened = openProjectConfig(opts);
  const memoInputs: MemoInputs = { opts, config: opened.config, target: opened.target };
  const memoizable = opts.command === 'compile' && opts.inline === undefined && isMemoizable(opts);
  if (memoizable) {
    const replay = replayCompile(memoInputs, opened.env);
    if (replay) {
      const root = opened.config.rootDir;
      const compiled = replay.single ? [replay.single] : replay.nodes.map(([id, type, path]) => new ReplayedNode(id, type, path, root));
      return {
        session: replayedSession(opened, opts, opts.invocationId ?? randomUUID(), startedAt),
        compiled,
        errors: [],
        elapsedSeconds: (performance.now() - t0) / 1000,
        replayed: true,
      };
    }
    forgetCompile(opened.config);
  }
  // Stamped before the files are read: a file changed meanwhile differs from its stamp next time.
  const stamps = memoizable ? stampProjectFiles(opened.config) : undefined;
  const { compileProject } = await import('./compile-project.js');
  const { outcome, replayable } = await compileProject(opts, opened, t0);
  if (stamps && replayable) await recordCompile(memoInputs, { stamps, ...replayable });
  return outcome;
}
