import type { Capabilities } from '../contract.js';

/**
 * What embedded DuckDB (1.5) can do.
 *
 * `singleWriter: false` — measured with @duckdb/node-api 1.5.6 on one instance, 4 connections, in memory
 * and on a file: 5 rounds of concurrent `BEGIN; CREATE TABLE x__tmp AS ...; DROP TABLE x; ALTER TABLE
 * x__tmp RENAME TO x; COMMIT` (different tables, same and different schemas), concurrent CREATE OR
 * REPLACE VIEW, INSERTs into one table, and MERGEs into one table touching disjoint rows all committed
 * with no error. DuckDB only reports a conflict when two open transactions touch the same row
 * ("Conflict on update!") or create the same name ("Catalog write-write conflict on create"), which
 * the runner never does for two different nodes. Every connection belongs to one process-wide instance
 * per file, so there is no cross-process writer.
 *
 * `atomicCreateOrReplace: false` — tables are rebuilt under `<name>__opp_tmp` and swapped inside a
 * transaction, so a model that selects from `{{ this }}` still reads the old rows and a failing SELECT
 * leaves the old table untouched.
 *
 * `readsLocalFiles: true` — `read_csv` reads a seed file in the statement that loads it.
 *
 * `bulkLoadJsonText: true` — a `jsonText` column's strings go into the JSON vector as they are (the extract's
 * `_raw` is serialised once, not parsed back and serialised again).
 */
export const DUCKDB_CAPABILITIES: Capabilities = {
  nativeMerge: true,
  transactionalDdl: true,
  createOrReplace: true,
  atomicCreateOrReplace: false,
  singleWriter: false,
  upperCaseIdentifiers: false,
  defaultIncrementalStrategy: 'delete+insert',
  readsLocalFiles: true,
  bulkLoadJsonText: true,
};
