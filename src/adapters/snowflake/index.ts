export { snowflakeAdapterFactory } from './snowflake-factory.js';
export { SnowflakeDialect, parseShowGrants, clusterKeys, stringLength, quoteSnowflakeString, type SnowflakeDialectOptions } from './snowflake-dialect.js';
export { SNOWFLAKE_CAPABILITIES } from './snowflake-capabilities.js';
export { isPlainIdentifier, normalizeSnowflakeName, quoteSnowflakeIdentifier, relationPart } from './snowflake-names.js';
export { readSnowflakeSettings, SNOWFLAKE_TARGET_KEYS, SNOWFLAKE_SECRET_KEYS, type SnowflakeSettings, type SnowflakeAuth } from './snowflake-settings.js';
export { parseSnowflakeError, toSnowflakeError, toSnowflakeConnectionError, isNetworkError, isCancelled } from './snowflake-errors.js';
