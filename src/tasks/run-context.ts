import type { Adapter, Dialect } from '../adapters/index.js';
import type { RunContext } from '../compile/index.js';
import type { ProjectSession } from './project-session.js';

/**
 * The run-pass context for a session: relations through `dialect`, queries through the adapter `adapterOf`
 * returns (`opp compile` passes one that connects on first use, see lazy-warehouse.ts).
 */
export function buildRunContext(
  session: ProjectSession,
  dialect: Dialect,
  adapterOf: () => Adapter | Promise<Adapter>,
  command: string,
  fullRefresh: boolean,
): Omit<RunContext, 'isIncremental'> {
  return {
    manifest: session.manifest,
    target: session.target,
    dialect,
    vars: session.vars,
    env: session.env,
    flags: { WHICH: command, FULL_REFRESH: fullRefresh },
    query: {
      runQuery: async (sql) => (await adapterOf()).execute(sql),
      getRelation: async (ref) => (await adapterOf()).getRelation(ref),
      getColumns: async (ref) => (await adapterOf()).getColumns(ref),
    },
  };
}
