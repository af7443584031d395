import type { Statement } from '../adapters/index.js';
import { documentedColumns, planColumnComments, relationCommentFor, viewColumnList } from './plan-docs.js';
import type { MaterializationInput, SinglePhasePlan } from './types.js';

/**
 * A view: `create or replace view` (one statement). A table of the same name is dropped first, inside a
 * transaction where DDL is transactional so a failing SELECT leaves the table in place. With
 * `persist_docs`, the comments are part of the CREATE (dbt-snowflake: the column list with comments, so
 * the view is complete in one statement); when the query's columns are not known (compile output),
 * column comments follow as statements of their own.
 */
export function planView(input: MaterializationInput): SinglePhasePlan {
  const { dialect, capabilities, existing, compiledSql } = input;
  const target = input.node.relation;
  const config = input.node.config;
  const comment = relationCommentFor(input);
  const columns = viewColumnList(input);
  const opts = { config, ...(comment !== undefined ? { comment } : {}), ...(columns ? { columns } : {}) };
  const statements: Statement[] = [];
  if (existing && existing.kind !== 'view') {
    const txn = capabilities.transactionalDdl;
    if (txn) statements.push({ purpose: 'begin', sql: dialect.beginTransaction() });
    statements.push({ purpose: 'drop', sql: dialect.drop(target, 'table') });
    statements.push({ purpose: 'create', sql: dialect.createView(target, compiledSql, { ...opts, replace: capabilities.createOrReplace }) });
    if (txn) statements.push({ purpose: 'commit', sql: dialect.commit() });
  } else if (capabilities.createOrReplace) {
    statements.push({ purpose: 'create', sql: dialect.createView(target, compiledSql, { ...opts, replace: true }) });
  } else {
    statements.push({ purpose: 'drop', sql: dialect.drop(target, 'view') });
    statements.push({ purpose: 'create', sql: dialect.createView(target, compiledSql, { ...opts, replace: false }) });
  }
  if (!columns && documentedColumns(input).length > 0) statements.push(...planColumnComments(input, 'view'));
  return { kind: 'single', materialization: 'view', statements, relationKind: 'view', transient: [] };
}
