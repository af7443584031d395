export type * from './contract.js';
export { registerAdapter, getAdapterFactory, createAdapter, createDialect, knownAdapterTypes, knownConfigKeys, knownTargetKeys } from './registry.js';
export { RelationCache } from './shared/relation-cache.js';
export { executePlanSequentially, type SequentialPlanOptions } from './shared/execute-plan.js';
export { ResourcePool } from './shared/resource-pool.js';
export {
  buildMergeStatements,
  buildDeleteInsertStatements,
  buildInsertFromRelation,
  buildInsertFromSelect,
  DEST_ALIAS,
  SOURCE_ALIAS,
  type SqlNames,
} from './shared/merge-sql.js';
export { quoteIdentifierAnsi, quoteStringAnsi, renderRelationName, renderSchemaName } from './shared/quoting.js';
export { stripTrailingSemicolon, transactionControlOf } from './shared/sql-text.js';
export { DuckDBDialect } from './duckdb/duckdb-dialect.js';
export { DUCKDB_CAPABILITIES } from './duckdb/duckdb-capabilities.js';
export { duckdbCatalogName } from './duckdb/duckdb-catalog-name.js';
export { duckdbAdapterFactory } from './duckdb/duckdb-factory.js';
export { openLocalCsvReader } from './duckdb/duckdb-local-reader.js';
export { DUCKDB_CSV_SQL } from './duckdb/duckdb-csv-sql.js';
export { toDuckDBError, parseDuckDBError } from './duckdb/duckdb-errors.js';
export {
  snowflakeAdapterFactory,
  SnowflakeDialect,
  SNOWFLAKE_CAPABILITIES,
  parseShowGrants,
  normalizeSnowflakeName,
  quoteSnowflakeIdentifier,
} from './snowflake/index.js';
