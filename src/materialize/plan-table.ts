import type { RelationInfo, RelationRef, Statement } from '../adapters/index.js';
import { planColumnComments, relationCommentFor } from './plan-docs.js';
import { backupRelation, tempRelation } from './relation-names.js';
import type { MaterializationInput, SinglePhasePlan } from './types.js';

function dropKind(existing: RelationInfo): 'view' | 'table' {
  return existing.kind === 'view' ? 'view' : 'table';
}

/**
 * A table, rebuilt so that a failing SELECT never leaves the old table missing or half-written:
 *
 * - nothing there yet: one `create table ... as` (a single statement is atomic);
 * - `atomicCreateOrReplace` (Snowflake): one `create or replace table ... as` (a view is dropped first);
 * - transactional DDL (DuckDB): `begin; create table <name>__opp_tmp as ...; drop <old>; alter table
 *   <name>__opp_tmp rename to <name>; commit` — the SELECT runs while the old table still exists, so a
 *   model may read `{{ this }}`, and a failure rolls everything back;
 * - otherwise: build the temporary table, rename the old one to `__opp_backup`, rename the new one in,
 *   drop the backup.
 */
export function planTable(input: MaterializationInput, materialization: 'table' | 'incremental' = 'table'): SinglePhasePlan {
  const { dialect, capabilities, existing, compiledSql } = input;
  const target = input.node.relation;
  const config = input.node.config;
  const statements: Statement[] = [];
  const transient: RelationRef[] = [];
  const comment = relationCommentFor(input);
  const opts = { config, ...(comment !== undefined ? { comment } : {}) };
  // What the finished table still needs (automatic clustering, column comments), once it is in place.
  const finish: Statement[] = [...(dialect.afterCreateTable?.(target, config) ?? []), ...planColumnComments(input, 'table', input.queryColumns)];
  if (!existing) {
    statements.push({ purpose: 'create', sql: dialect.createTableAs(target, compiledSql, opts) }, ...finish);
  } else if (capabilities.atomicCreateOrReplace) {
    if (existing.kind !== 'table') statements.push({ purpose: 'drop', sql: dialect.drop(target, dropKind(existing)) });
    statements.push({ purpose: 'create', sql: dialect.createTableAs(target, compiledSql, { ...opts, replace: true }) }, ...finish);
  } else {
    const tmp = tempRelation(target);
    transient.push(tmp);
    const createTmp = { purpose: 'create' as const, sql: dialect.createTableAs(tmp, compiledSql, { ...opts, replace: capabilities.createOrReplace }) };
    if (capabilities.transactionalDdl) {
      statements.push(
        { purpose: 'begin', sql: dialect.beginTransaction() },
        createTmp,
        { purpose: 'drop', sql: dialect.drop(target, dropKind(existing)) },
        { purpose: 'swap', sql: dialect.rename(tmp, target) },
        ...finish,
        { purpose: 'commit', sql: dialect.commit() },
      );
    } else {
      const backup = backupRelation(target);
      transient.push(backup);
      if (!capabilities.createOrReplace) statements.push({ purpose: 'drop', sql: dialect.drop(tmp, 'table') });
      statements.push(
        createTmp,
        { purpose: 'drop', sql: dialect.drop(backup, dropKind(existing)) },
        { purpose: 'swap', sql: dialect.rename(target, backup) },
        { purpose: 'swap', sql: dialect.rename(tmp, target) },
        { purpose: 'drop', sql: dialect.drop(backup, dropKind(existing)) },
        ...finish,
      );
    }
  }
  return { kind: 'single', materialization, statements, relationKind: 'table', transient };
}
