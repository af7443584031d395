/**
 * The model configs the Snowflake adapter acts on (dbt-snowflake's names). config/config-keys.ts already
 * accepts them for every target, so a project written for Snowflake validates on DuckDB too.
 */
export const SNOWFLAKE_CONFIG_KEYS: readonly string[] = [
  'transient',
  'cluster_by',
  'automatic_clustering',
  'secure',
  'copy_grants',
  'snowflake_warehouse',
  'snowflake_initialization_warehouse',
  'query_tag',
  'tmp_relation_type',
];
