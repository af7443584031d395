import type { Adapter } from '../adapters/index.js';
import type { RunContext } from '../compile/index.js';
import type { ProjectSession } from './project-session.js';

/** The run-pass context for a session: relations through the adapter's dialect, queries through the adapter. */
export function buildRunContext(session: ProjectSession, adapter: Adapter, command: string, fullRefresh: boolean): Omit<RunContext, 'isIncremental'> {
  return {
    manifest: session.manifest,
    target: session.target,
    dialect: adapter.dialect,
    vars: session.vars,
    env: session.env,
    flags: { WHICH: command, FULL_REFRESH: fullRefresh },
    query: {
      runQuery: (sql) => adapter.execute(sql),
      getRelation: (ref) => adapter.getRelation(ref),
      getColumns: (ref) => adapter.getColumns(ref),
    },
  };
}
