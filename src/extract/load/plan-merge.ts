import type { Dialect, Statement } from '../../adapters/contract.js';
import type { RawTableSpec } from './raw-table.js';

/**
 * Removes staged rows identical to what RAW already holds (same key, same record hash), so a re-run of
 * the same data changes nothing at all — not even `_extracted_at`. Returns one DELETE; its row count is
 * the number of unchanged records.
 */
export function planDropUnchanged(dialect: Dialect, spec: RawTableSpec): Statement {
  const q = (n: string): string => dialect.quoteIdentifier(n);
  const cols = [...new Set([...spec.uniqueKey, spec.hashColumn])];
  const tuple = cols.map(q).join(', ');
  const stage = dialect.relationName(spec.stage);
  const raw = dialect.relationName(spec.ref);
  // The join keeps the subquery to the staged keys (a hash join built on the small stage side)
  // instead of hashing the whole RAW table on every batch.
  const joinOn = cols.map((c) => `r.${q(c)} = s.${q(c)}`).join(' and ');
  const selected = cols.map((c) => `r.${q(c)}`).join(', ');
  return {
    purpose: 'delete',
    sql: `delete from ${stage} where (${tuple}) in (select ${selected} from ${raw} as r inner join ${stage} as s on ${joinOn})`,
  };
}

/** How a batch leaves its stage: emptied (a table kept for the next batch) or dropped (a session table). */
export interface StagePlanOptions {
  readonly dropStage?: boolean;
}

/**
 * Stage → RAW for one batch: drop unchanged rows, ONE merge on the natural key (or, with `useMerge`
 * false, delete of the staged keys + insert), then clear the stage.
 */
export function planStageMerge(dialect: Dialect, spec: RawTableSpec, useMerge: boolean, opts: StagePlanOptions = {}): Statement[] {
  const merge = { uniqueKey: spec.uniqueKey, columns: spec.columns.map((c) => c.name) };
  return [
    planDropUnchanged(dialect, spec),
    ...(useMerge ? dialect.merge(spec.ref, spec.stage, merge) : dialect.deleteInsert(spec.ref, spec.stage, merge)),
    planClearStage(dialect, spec, opts.dropStage),
  ];
}

/** Rejects are append-only facts keyed by their hash: drop the ones already kept, insert the rest. */
export function planStageInsert(dialect: Dialect, spec: RawTableSpec, opts: StagePlanOptions = {}): Statement[] {
  const cols = spec.columns.map((c) => c.name);
  const select = `select ${cols.map((c) => dialect.quoteIdentifier(c)).join(', ')} from ${dialect.relationName(spec.stage)}`;
  return [planDropUnchanged(dialect, spec), { purpose: 'insert', sql: dialect.insertInto(spec.ref, cols, select) }, planClearStage(dialect, spec, opts.dropStage)];
}

export function planClearStage(dialect: Dialect, spec: RawTableSpec, drop = false): Statement {
  if (drop) return { purpose: 'drop', sql: dialect.drop(spec.stage, 'table') };
  return { purpose: 'delete', sql: `delete from ${dialect.relationName(spec.stage)}` };
}
