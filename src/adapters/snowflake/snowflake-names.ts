/**
 * Snowflake's identifier rules. An unquoted identifier (`[A-Za-z_][A-Za-z0-9_$]*`, not a reserved word)
 * is stored upper-cased; a quoted one keeps its exact spelling and is matched case-sensitively.
 *
 * opp quotes only when it must, so what it sends reads like dbt-snowflake's SQL (`quoting: false`):
 *
 * - relation parts (`relationPart`): bare when they are plain identifiers, whatever their case (dbt's
 *   default: `analytics.dbt_test.orders` resolves to `ANALYTICS.DBT_TEST.ORDERS`); quoted as written
 *   otherwise;
 * - other identifiers (`quoteSnowflakeIdentifier`: columns, aliases): bare when bare means the same name
 *   — all upper-case, or all lower-case (opp writes column names the way models do, unquoted) — and
 *   quoted as written when the case is mixed (a seed's `quote_columns: true` header `orderId`), or when
 *   the name is not plain or is reserved (`"ORDER"`, folded the way an unquoted name would be).
 */

/** A name Snowflake accepts unquoted. */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Snowflake's reserved keywords (they cannot be unquoted identifiers), from the SQL reference's
 * "Reserved & limited keywords" table.
 */
const RESERVED = new Set([
  'ACCOUNT', 'ALL', 'ALTER', 'AND', 'ANY', 'AS', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CHECK', 'COLUMN', 'CONNECT',
  'CONNECTION', 'CONSTRAINT', 'CREATE', 'CROSS', 'CURRENT', 'CURRENT_DATE', 'CURRENT_TIME', 'CURRENT_TIMESTAMP',
  'CURRENT_USER', 'DATABASE', 'DELETE', 'DISTINCT', 'DROP', 'ELSE', 'EXISTS', 'FALSE', 'FOLLOWING', 'FOR', 'FROM',
  'FULL', 'GRANT', 'GROUP', 'GSCLUSTER', 'HAVING', 'ILIKE', 'IN', 'INCREMENT', 'INNER', 'INSERT', 'INTERSECT',
  'INTO', 'IS', 'ISSUE', 'JOIN', 'LATERAL', 'LEFT', 'LIKE', 'LOCALTIME', 'LOCALTIMESTAMP', 'MINUS', 'NATURAL',
  'NOT', 'NULL', 'OF', 'ON', 'OR', 'ORDER', 'ORGANIZATION', 'QUALIFY', 'REGEXP', 'REVOKE', 'RIGHT', 'RLIKE', 'ROW',
  'ROWS', 'SAMPLE', 'SCHEMA', 'SELECT', 'SET', 'SOME', 'START', 'TABLE', 'TABLESAMPLE', 'THEN', 'TO', 'TRIGGER',
  'TRUE', 'TRY_CAST', 'UNION', 'UNIQUE', 'UPDATE', 'USING', 'VALUES', 'VIEW', 'WHEN', 'WHENEVER', 'WHERE', 'WITH',
]);

/** `[A-Za-z_][A-Za-z0-9_$]*` and not a reserved word: Snowflake takes it unquoted (and upper-cases it). */
export function isPlainIdentifier(name: string): boolean {
  return PLAIN.test(name) && !RESERVED.has(name.toUpperCase());
}

/** The stored name of an identifier written unquoted (Snowflake upper-cases); other names as written. */
export function normalizeSnowflakeName(name: string): string {
  return PLAIN.test(name) ? name.toUpperCase() : name;
}

/** `"name"` with embedded double quotes doubled. */
export function quoteAlways(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A column or alias: bare when bare names the same column, else quoted (see the module comment). */
export function quoteSnowflakeIdentifier(name: string): string {
  if (PLAIN.test(name)) {
    const upper = name.toUpperCase();
    const uniformCase = name === upper || name === name.toLowerCase();
    if (RESERVED.has(upper)) return quoteAlways(uniformCase ? upper : name);
    if (uniformCase) return name;
  }
  return quoteAlways(name);
}

/**
 * A database, schema or relation name as dbt-snowflake renders it: bare when plain (any case: Snowflake
 * folds it), a reserved word quoted in its folded form, anything else quoted as written.
 */
export function relationPart(name: string): string {
  if (!PLAIN.test(name)) return quoteAlways(name);
  return RESERVED.has(name.toUpperCase()) ? quoteAlways(name.toUpperCase()) : name;
}
