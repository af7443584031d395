export { runFreshness, executeFreshness, type FreshnessResult, type FreshnessOptions } from './run-freshness.js';
export {
  buildFreshnessSql,
  buildFreshnessCriteria,
  buildFreshnessStatus,
  buildRuleSeconds,
  isFreshnessCandidate,
  parseWarehouseTimestamp,
  buildIsoUtc,
} from './build-freshness-sql.js';
export { buildSourcesJson, SOURCES_JSON_SCHEMA, type SourcesJsonMetadata } from './sources-json.js';
