import type { Statement } from '../adapters/index.js';
import type { MaterializationInput, SinglePhasePlan } from './types.js';

/**
 * A view: `create or replace view` (one statement). A table of the same name is dropped first, inside a
 * transaction where DDL is transactional so a failing SELECT leaves the table in place.
 */
export function planView(input: MaterializationInput): SinglePhasePlan {
  const { dialect, capabilities, existing, compiledSql } = input;
  const target = input.node.relation;
  const statements: Statement[] = [];
  if (existing && existing.kind !== 'view') {
    const txn = capabilities.transactionalDdl;
    if (txn) statements.push({ purpose: 'begin', sql: dialect.beginTransaction() });
    statements.push({ purpose: 'drop', sql: dialect.drop(target, 'table') });
    statements.push({ purpose: 'create', sql: dialect.createView(target, compiledSql, { replace: capabilities.createOrReplace, config: input.node.config }) });
    if (txn) statements.push({ purpose: 'commit', sql: dialect.commit() });
  } else if (capabilities.createOrReplace) {
    statements.push({ purpose: 'create', sql: dialect.createView(target, compiledSql, { replace: true, config: input.node.config }) });
  } else {
    statements.push({ purpose: 'drop', sql: dialect.drop(target, 'view') });
    statements.push({ purpose: 'create', sql: dialect.createView(target, compiledSql, { replace: false, config: input.node.config }) });
  }
  return { kind: 'single', materialization: 'view', statements, relationKind: 'view', transient: [] };
}
