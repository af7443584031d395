import type { MergeOptions, RelationRef, Statement } from '../contract.js';

/**
 * ANSI statement builders for incremental strategies, following dbt's `default__get_merge_sql` and
 * `default__get_delete_insert_merge_sql`: the target is aliased `DBT_INTERNAL_DEST`, the staged rows
 * `DBT_INTERNAL_SOURCE`, so `incremental_predicates` can name either. Keys compare with plain `=` as
 * dbt does by default (rows whose key is NULL never match, exactly as in dbt).
 */
export interface SqlNames {
  quoteIdentifier(name: string): string;
  relationName(ref: RelationRef): string;
}

export const DEST_ALIAS = 'DBT_INTERNAL_DEST';
export const SOURCE_ALIAS = 'DBT_INTERNAL_SOURCE';

/** `insert into target ("a", "b")\nselect "a", "b"\nfrom source` */
export function buildInsertFromRelation(
  names: SqlNames,
  target: RelationRef,
  source: RelationRef,
  columns: readonly string[],
): string {
  const cols = columns.map((c) => names.quoteIdentifier(c)).join(', ');
  return `insert into ${names.relationName(target)} (${cols})\nselect ${cols}\nfrom ${names.relationName(source)}`;
}

/** `insert into target ("a", "b")\n<select>` */
export function buildInsertFromSelect(names: SqlNames, target: RelationRef, columns: readonly string[], select: string): string {
  const cols = columns.map((c) => names.quoteIdentifier(c)).join(', ');
  return `insert into ${names.relationName(target)} (${cols})\n${select}`;
}

/**
 * One `MERGE` statement; without a key, one `INSERT` (dbt's merge with no `unique_key` matches nothing and
 * inserts every row, which is an insert).
 */
export function buildMergeStatements(
  names: SqlNames,
  target: RelationRef,
  source: RelationRef,
  opts: MergeOptions,
): Statement[] {
  if (opts.uniqueKey.length === 0) {
    return [{ purpose: 'insert', sql: buildInsertFromRelation(names, target, source, opts.columns) }];
  }
  const q = (c: string): string => names.quoteIdentifier(c);
  const conditions = [
    ...(opts.predicates ?? []),
    ...opts.uniqueKey.map((k) => `${SOURCE_ALIAS}.${q(k)} = ${DEST_ALIAS}.${q(k)}`),
  ];
  const update = opts.updateColumns ?? opts.columns;
  const lines = [
    `merge into ${names.relationName(target)} as ${DEST_ALIAS}`,
    `using ${names.relationName(source)} as ${SOURCE_ALIAS}`,
    `on ${conditions.map((c) => `(${c})`).join(' and ')}`,
  ];
  if (update.length > 0) {
    // Target columns stay unqualified in SET: DuckDB rejects `DBT_INTERNAL_DEST."x" = ...`.
    lines.push('when matched then update set');
    lines.push(update.map((c) => `    ${q(c)} = ${SOURCE_ALIAS}.${q(c)}`).join(',\n'));
  }
  lines.push(`when not matched then insert (${opts.columns.map(q).join(', ')})`);
  lines.push(`values (${opts.columns.map((c) => `${SOURCE_ALIAS}.${q(c)}`).join(', ')})`);
  return [{ purpose: 'merge', sql: lines.join('\n') }];
}

/**
 * `DELETE` of the target rows whose key appears in the staged rows (and that match every predicate), then
 * `INSERT` of all staged rows. Without a key, only the insert.
 */
export function buildDeleteInsertStatements(
  names: SqlNames,
  target: RelationRef,
  source: RelationRef,
  opts: MergeOptions,
): Statement[] {
  const insert: Statement = { purpose: 'insert', sql: buildInsertFromRelation(names, target, source, opts.columns) };
  if (opts.uniqueKey.length === 0) return [insert];
  const keys = opts.uniqueKey.map((k) => names.quoteIdentifier(k)).join(', ');
  const lines = [
    `delete from ${names.relationName(target)} as ${DEST_ALIAS}`,
    `where (${keys}) in (`,
    `    select distinct ${keys}`,
    `    from ${names.relationName(source)} as ${SOURCE_ALIAS}`,
    `)`,
    ...(opts.predicates ?? []).map((p) => `and (${p})`),
  ];
  return [{ purpose: 'delete', sql: lines.join('\n') }, insert];
}
