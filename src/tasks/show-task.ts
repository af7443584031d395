import { createAdapter, type Column, type Row } from '../adapters/index.js';
import { renderNode, renderSql } from '../compile/index.js';
import { UsageError } from '../errors/index.js';
import { buildRunContext } from './run-context.js';
import { selectForTask, type SelectionFlags } from './node-task.js';
import { openProjectSession, type SessionOptions } from './project-session.js';

export interface ShowTaskOptions extends SessionOptions, SelectionFlags {
  readonly inline?: string;
  /** Rows to return; -1 for all. */
  readonly limit: number;
}

export interface ShowTaskOutcome {
  readonly rows: readonly Row[];
  readonly columns: readonly Column[];
  /** The model shown, or undefined for `--inline`. */
  readonly nodeName?: string;
}

/**
 * `opp show`: compiles one model (or inline SQL), runs it wrapped in a LIMIT — the model itself is not
 * built — and returns the rows.
 */
export async function runShowTask(opts: ShowTaskOptions): Promise<ShowTaskOutcome> {
  const session = await openProjectSession({ ...opts, command: 'show' });
  const { manifest } = session;
  let nodeName: string | undefined;
  let sql: string;
  const adapter = await createAdapter(session.target);
  await adapter.connect();
  try {
    const base = buildRunContext(session, adapter.dialect, () => adapter, 'show', false);
    if (opts.inline !== undefined) {
      sql = (await renderSql(opts.inline, { ...base, isIncremental: false }, { file: '<inline>' })).sql;
    } else {
      if (!opts.select?.length) {
        throw new UsageError('usage/bad-flag', 'opp show needs --select MODEL or --inline SQL', { hint: "Run e.g. `opp show --select fct_orders` or `opp show --inline 'select 1'`." });
      }
      const { ids } = await selectForTask(session, ['model', 'seed', 'snapshot', 'analysis'], opts);
      if (ids.length !== 1) {
        throw new UsageError('usage/bad-flag', `opp show needs exactly one node, and --select '${opts.select.join(' ')}' matched ${ids.length}`, {
          hint: 'Select a single model by name.',
        });
      }
      const node = manifest.nodes[ids[0]!]!;
      nodeName = node.name;
      if (node.resourceType === 'seed') {
        sql = `select * from ${adapter.dialect.relationName({ database: node.database, schema: node.schema, identifier: node.alias })}`;
      } else {
        sql = (await renderNode(node, { ...base, isIncremental: false })).compiledCode;
      }
    }
    const body = sql.trim().replace(/;+\s*$/, '');
    const limited = opts.limit >= 0 ? `select * from (\n${body}\n) as opp_show limit ${Math.floor(opts.limit)}` : body;
    const result = await adapter.execute(limited);
    return { rows: result.rows, columns: result.columns, ...(nodeName !== undefined ? { nodeName } : {}) };
  } finally {
    await adapter.close();
  }
}
