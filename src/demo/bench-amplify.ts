/**
 * buildAmplifySql: benchmark-only SQL (DuckDB) that multiplies the RAW tables a demo extract loaded,
 * so the transformation layer can be timed at millions of rows without pulling them through the
 * sample HTTP APIs (which, on a 2-core machine, extract ~700 records/s). Copy k of a row gets suffixed
 * identities — ids `<id>~k`, emails `local+k@domain`, Copilot logins `<login>-k` and user ids offset by
 * k·10^10 — so every copy is a distinct incident or engineer with the same timestamps and metrics.
 * `_key` is suffixed too, so RAW stays unique on (partition, _key). Reference lists (severities,
 * timestamp catalogues, catalog entries, seats, SLOs) are not copied.
 *
 * The amplified table is rewritten in the order daily extracts would have appended its rows (`arrival`:
 * the day a record was last updated or the usage day), so RAW has production's layout: the recent days
 * in the last row groups, where an incremental run's lookback filter finds them without reading the
 * rest. Appending the copies after the originals would spread every day over all k copies.
 */

interface AmplifiedTable {
  readonly table: string;
  /** column → SQL expression over the copy number `k` and the column itself. */
  readonly replace: Readonly<Record<string, string>>;
  /** The column daily extracts append by (the record's day); absent for directories (users, members). */
  readonly arrival?: string;
}

const id = (col: string) => `${col} || '~' || k`;
const email = (col: string) => `regexp_replace(${col}, '@', '+' || k || '@')`;
/** LiteLLM user ids are emails for SSO users and handles otherwise. */
const emailOrId = (col: string) => `case when ${col} like '%@%' then ${email(col)} else ${id(col)} end`;

export const AMPLIFIED_TABLES: readonly AmplifiedTable[] = [
  { table: 'incident_io__incidents', replace: { id: id('id') }, arrival: 'updated_at' },
  { table: 'incident_io__incident_updates', replace: { id: id('id'), incident_id: id('incident_id') }, arrival: 'created_at' },
  { table: 'litellm__users', replace: { user_id: emailOrId('user_id'), user_email: email('user_email') } },
  { table: 'litellm__user_daily_activity', replace: { user_id: emailOrId('user_id') }, arrival: 'date' },
  { table: 'claude_code__usage_report', replace: { actor_id: emailOrId('actor_id'), actor_email: email('actor_email'), actor_api_key_name: id('actor_api_key_name') }, arrival: 'date' },
  { table: 'openai__users', replace: { id: id('id'), email: email('email') } },
  { table: 'openai__usage_completions', replace: { user_id: id('user_id') }, arrival: 'bucket_date' },
  { table: 'github_copilot__user_metrics', replace: { user_id: 'user_id + k * 10000000000', user_login: `user_login || '-' || k` }, arrival: 'day' },
  { table: 'cursor__members', replace: { email: email('email') } },
  { table: 'cursor__daily_usage', replace: { email: email('email') }, arrival: 'date' },
  { table: 'windsurf__users', replace: { email: email('email'), api_key: id('api_key') } },
  { table: 'windsurf__autocomplete', replace: { api_key: id('api_key') }, arrival: 'date' },
  { table: 'windsurf__cascade_lines', replace: { email: email('email') }, arrival: 'day' },
  { table: 'windsurf__cascade_runs', replace: { email: email('email') }, arrival: 'day' },
  { table: 'claude_enterprise__user_activity', replace: { user_id: id('user_id'), user_email: email('user_email') }, arrival: 'date' },
];

/**
 * Statements that add copies 1..copies-1 of every amplified RAW table's current rows (schema `raw`), the
 * tables with an `arrival` column rewritten in arrival order.
 */
export function buildAmplifySql(copies: number, schema = 'raw'): string[] {
  if (!Number.isInteger(copies) || copies < 2) return [];
  return AMPLIFIED_TABLES.map(({ table, replace, arrival }) => {
    const replacements = [...Object.entries(replace).map(([col, expr]) => `${expr} as ${col}`), `_key || '~' || k as _key`];
    const copied =
      `select * exclude (k) replace (${replacements.join(', ')}) ` +
      `from (select t.*, r.range as k from ${schema}.${table} as t cross join range(1, ${copies}) as r)`;
    if (arrival === undefined) return `insert into ${schema}.${table} ${copied}`;
    return `create or replace table ${schema}.${table} as select * from (select * from ${schema}.${table} union all ${copied}) order by ${arrival}, _key`;
  });
}
