import type { Capabilities } from '../contract.js';

/**
 * What Snowflake can do.
 *
 * - `transactionalDdl: false` — every DDL statement commits the open transaction, so plans keep DDL
 *   outside their transactions and only wrap several DML statements (delete+insert) in BEGIN/COMMIT.
 * - `atomicCreateOrReplace: true` — `create or replace table ... as` swaps the new table in only when the
 *   SELECT succeeded; a failing build leaves the previous table (and its rows) in place. A table rebuild
 *   is ONE statement, as dbt-snowflake's.
 * - `singleWriter: false` — a pool of `threads` sessions writes concurrently.
 * - `upperCaseIdentifiers: true` — unquoted names are stored upper-cased.
 * - `defaultIncrementalStrategy: 'merge'` — dbt-snowflake's default.
 * - `readsLocalFiles: false` — seeds are read by a local DuckDB and streamed in through `bulkLoad`.
 * - `temporaryRelations`, `incrementalStageView` — an incremental run stages its rows in a temporary
 *   view (merge, append, delete+insert without key) or temporary table (delete+insert), dbt-snowflake's
 *   `tmp_relation_type` defaults.
 */
export const SNOWFLAKE_CAPABILITIES: Capabilities = {
  nativeMerge: true,
  transactionalDdl: false,
  createOrReplace: true,
  atomicCreateOrReplace: true,
  singleWriter: false,
  upperCaseIdentifiers: true,
  defaultIncrementalStrategy: 'merge',
  readsLocalFiles: false,
  temporaryRelations: true,
  incrementalStageView: true,
};
