/**
 * A model's `cluster_by` as a list of expressions (dbt-snowflake takes a string or a list; written
 * verbatim). Snowflake declares them as clustering keys; both Snowflake and DuckDB load a new table in
 * that order, so its micro-partitions / row groups start out sorted and range filters skip the rest.
 */
export function clusterKeys(config: Readonly<Record<string, unknown>> | undefined): string[] {
  const raw = config?.['cluster_by'];
  if (raw === undefined || raw === null || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((k) => String(k).trim()).filter((k) => k !== '');
}
