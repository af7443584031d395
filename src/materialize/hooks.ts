import type { Capabilities, Dialect, Statement } from '../adapters/index.js';
import type { HookInput } from './types.js';

export interface SplitHooks {
  readonly inside: readonly Statement[];
  readonly outside: readonly Statement[];
}

/** Hooks with `transaction: false` run outside the model's transaction; the rest inside (dbt). */
export function splitHooks(hooks: readonly HookInput[]): SplitHooks {
  const inside: Statement[] = [];
  const outside: Statement[] = [];
  for (const hook of hooks) {
    const sql = typeof hook === 'string' ? hook : hook.sql;
    if (sql.trim() === '') continue;
    const transaction = typeof hook === 'string' ? true : hook.transaction !== false;
    (transaction ? inside : outside).push({ purpose: 'hook', sql });
  }
  return { inside, outside };
}

/**
 * dbt's order: pre-hooks outside the transaction, BEGIN, pre-hooks inside, the plan, post-hooks inside,
 * COMMIT, post-hooks outside. A plan with no BEGIN of its own gets one around the inside hooks when the
 * engine has transactional DDL, so a failing post-hook rolls the model back as in dbt.
 */
export function buildHookedStatements(
  plan: readonly Statement[],
  hooks: { readonly pre: readonly HookInput[]; readonly post: readonly HookInput[] },
  dialect: Dialect,
  capabilities: Capabilities,
  opts: { readonly transactionOpen?: boolean } = {},
): Statement[] {
  const pre = splitHooks(hooks.pre);
  const post = splitHooks(hooks.post);
  if (pre.inside.length === 0 && post.inside.length === 0) return [...pre.outside, ...plan, ...post.outside];
  let body = [...plan];
  const begin = body.findIndex((s) => s.purpose === 'begin');
  if (begin < 0 && opts.transactionOpen) {
    // The second phase of a plan whose BEGIN already ran (incremental apply).
    const commit = lastIndexOf(body, 'commit');
    body.splice(commit < 0 ? body.length : commit, 0, ...post.inside);
    body.unshift(...pre.inside);
  } else if (begin < 0) {
    const wrap = capabilities.transactionalDdl;
    body = [
      ...(wrap ? [{ purpose: 'begin' as const, sql: dialect.beginTransaction() }] : []),
      ...pre.inside,
      ...body,
      ...post.inside,
      ...(wrap ? [{ purpose: 'commit' as const, sql: dialect.commit() }] : []),
    ];
  } else {
    body.splice(begin + 1, 0, ...pre.inside);
    const commit = lastIndexOf(body, 'commit');
    body.splice(commit < 0 ? body.length : commit, 0, ...post.inside);
  }
  return [...pre.outside, ...body, ...post.outside];
}

export function lastIndexOf(statements: readonly Statement[], purpose: Statement['purpose']): number {
  for (let i = statements.length - 1; i >= 0; i--) if (statements[i]!.purpose === purpose) return i;
  return -1;
}
