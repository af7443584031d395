import type { Capabilities, Dialect, RelationInfo, RelationRef, Statement } from '../adapters/index.js';

/**
 * The statements that keep a failing test's rows (dbt's test materialization with `store_failures`):
 * drop what is there under the test's name (when it cannot be replaced in place), then create the table
 * or view from the test query (limit applied). Replaced on every run. Pure.
 */
export function planStoreFailures(
  relation: RelationRef,
  limitedSql: string,
  as: 'table' | 'view',
  existing: RelationInfo | undefined,
  dialect: Dialect,
  capabilities: Pick<Capabilities, 'createOrReplace'>,
): Statement[] {
  const out: Statement[] = [];
  const replace = capabilities.createOrReplace && (existing === undefined || existing.kind === as);
  if (existing && !replace) out.push({ purpose: 'drop', sql: dialect.drop(relation, existing.kind === 'view' ? 'view' : 'table') });
  out.push({
    purpose: 'create',
    sql: as === 'view' ? dialect.createView(relation, limitedSql, { replace }) : dialect.createTableAs(relation, limitedSql, { replace }),
  });
  return out;
}
