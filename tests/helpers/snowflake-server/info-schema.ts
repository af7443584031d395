/**
 * `<db>.INFORMATION_SCHEMA.{TABLES,COLUMNS,SCHEMATA,VIEWS,DATABASES}` as DuckDB subqueries with
 * Snowflake's column names and type spellings: DuckDB's catalog functions joined with the server's
 * metadata (inlined as VALUES).
 */
import type { Catalog, ObjectMeta } from './catalog.js';
import { errors } from './errors.js';
import { quoteString } from './sql/translate.js';
import { MAX_BINARY_LENGTH, MAX_TEXT_LENGTH } from './sql/types.js';

/** Macros created once in the hidden `memory.main` schema. */
export const SETUP_SQL = `
CREATE OR REPLACE MACRO memory.main.sf_data_type(t) AS CASE
  WHEN t LIKE '%[]' OR t LIKE 'LIST%' OR regexp_matches(t, '\\[\\d+\\]$') THEN 'ARRAY'
  WHEN t LIKE 'STRUCT%' OR t LIKE 'MAP%' THEN 'OBJECT'
  WHEN t LIKE 'DECIMAL%' OR t IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT','UHUGEINT') THEN 'NUMBER'
  WHEN t IN ('FLOAT','DOUBLE') THEN 'FLOAT'
  WHEN t = 'BOOLEAN' THEN 'BOOLEAN'
  WHEN t = 'DATE' THEN 'DATE'
  WHEN t IN ('TIME', 'TIME WITH TIME ZONE', 'TIME_NS') THEN 'TIME'
  WHEN t = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ'
  WHEN t LIKE 'TIMESTAMP%' THEN 'TIMESTAMP_NTZ'
  WHEN t = 'BLOB' THEN 'BINARY'
  WHEN t IN ('JSON', 'VARIANT') THEN 'VARIANT'
  ELSE 'TEXT' END;
CREATE OR REPLACE MACRO memory.main.sf_num_precision(t, p) AS CASE
  WHEN t LIKE 'DECIMAL%' THEN p
  WHEN t IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT','UHUGEINT') THEN 38 END;
CREATE OR REPLACE MACRO memory.main.sf_num_scale(t, s) AS CASE
  WHEN t LIKE 'DECIMAL%' THEN s
  WHEN t IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT','UHUGEINT') THEN 0 END;
CREATE OR REPLACE MACRO memory.main.sf_to_varchar(x) AS CASE
  WHEN typeof(x) = 'JSON' THEN json_extract_string(CAST(x AS JSON), '$') ELSE CAST(x AS VARCHAR) END;
`;

function lit(v: string | number | boolean | null | Date): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `CAST(${quoteString(v.toISOString())} AS TIMESTAMPTZ)`;
  return quoteString(v);
}

/** VALUES list with typed columns; an empty list gives an empty typed relation. */
function values(cols: readonly [string, string][], rows: readonly (string | number | boolean | null | Date)[][]): string {
  const names = cols.map(([n]) => n).join(', ');
  const nulls = cols.map(([, t]) => `CAST(NULL AS ${t})`).join(', ');
  if (rows.length === 0) return `(SELECT * FROM (VALUES (${nulls})) _m(${names}) WHERE FALSE)`;
  const first = rows[0]!.map((v, i) => `CAST(${lit(v)} AS ${cols[i]![1]})`).join(', ');
  const rest = rows.slice(1).map((r) => `(${r.map(lit).join(', ')})`);
  return `(SELECT * FROM (VALUES (${first})${rest.length ? ', ' + rest.join(', ') : ''}) _m(${names}))`;
}

function objectMetaValues(catalog: Catalog, db: string): string {
  const rows: (string | number | boolean | null | Date)[][] = [];
  for (const [s, n, m] of catalog.objectsIn(db)) rows.push([s, n, m.transient, m.temporary, m.secure, m.clusterBy, m.comment, m.created, m.altered, m.text]);
  return values(
    [
      ['sch', 'VARCHAR'],
      ['name', 'VARCHAR'],
      ['transient', 'BOOLEAN'],
      ['temporary', 'BOOLEAN'],
      ['secure', 'BOOLEAN'],
      ['cluster_by', 'VARCHAR'],
      ['comment', 'VARCHAR'],
      ['created', 'TIMESTAMPTZ'],
      ['altered', 'TIMESTAMPTZ'],
      ['text', 'VARCHAR'],
    ],
    rows,
  );
}

function columnMetaValues(catalog: Catalog, db: string): string {
  const rows: (string | number | boolean | null)[][] = [];
  for (const [s, n, m] of catalog.objectsIn(db)) {
    const cols = new Set([...m.columnTypes.keys(), ...m.columnComments.keys()]);
    for (const c of cols) {
      const t = m.columnTypes.get(c);
      rows.push([s, n, c, t?.name ?? null, t?.length ?? null, t?.precision ?? null, t?.scale ?? null, m.columnComments.get(c) ?? null]);
    }
  }
  return values(
    [
      ['sch', 'VARCHAR'],
      ['tbl', 'VARCHAR'],
      ['col', 'VARCHAR'],
      ['sf_type', 'VARCHAR'],
      ['len', 'BIGINT'],
      ['prec', 'BIGINT'],
      ['scale', 'BIGINT'],
      ['comment', 'VARCHAR'],
    ],
    rows,
  );
}

const OBJECTS = (db: string) => `(
  SELECT database_name, schema_name, table_name AS name, FALSE AS is_view, CAST(estimated_size AS BIGINT) AS row_count,
         CAST(estimated_size * 64 AS BIGINT) AS bytes FROM duckdb_tables() WHERE database_name = ${quoteString(db)} AND schema_name <> 'main'
  UNION ALL
  SELECT database_name, schema_name, view_name, TRUE, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT) FROM duckdb_views()
  WHERE database_name = ${quoteString(db)} AND NOT internal AND schema_name <> 'main')`;

export function infoSchemaSql(catalog: Catalog, db: string | null, view: string): string | undefined {
  if (db === null) throw errors.noDatabase('SELECT');
  if (view !== 'DATABASES' && !catalog.databases.has(db)) throw errors.databaseMissing(db);
  const d = quoteString(db);
  switch (view) {
    case 'TABLES':
      return `SELECT o.database_name AS TABLE_CATALOG, o.schema_name AS TABLE_SCHEMA, o.name AS TABLE_NAME, 'SYSADMIN' AS TABLE_OWNER,
  CASE WHEN o.is_view THEN 'VIEW' WHEN COALESCE(m.temporary, FALSE) THEN 'TEMPORARY TABLE' ELSE 'BASE TABLE' END AS TABLE_TYPE,
  CASE WHEN COALESCE(m.transient, FALSE) THEN 'YES' ELSE 'NO' END AS IS_TRANSIENT,
  m.cluster_by AS CLUSTERING_KEY, o.row_count AS ROW_COUNT, o.bytes AS BYTES, CASE WHEN o.is_view THEN NULL ELSE 1 END AS RETENTION_TIME,
  m.created AS CREATED, m.altered AS LAST_ALTERED, m.altered AS LAST_DDL, 'SYSADMIN' AS LAST_DDL_BY,
  CASE WHEN o.is_view THEN NULL ELSE 'NO' END AS AUTO_CLUSTERING_ON, m.comment AS COMMENT, 'NO' AS IS_TEMPORARY, 'NO' AS IS_ICEBERG,
  'NO' AS IS_DYNAMIC, 'NO' AS IS_IMMUTABLE, 'NO' AS IS_HYBRID
FROM ${OBJECTS(db)} o LEFT JOIN ${objectMetaValues(catalog, db)} m ON m.sch = o.schema_name AND m.name = o.name`;
    case 'VIEWS':
      return `SELECT v.database_name AS TABLE_CATALOG, v.schema_name AS TABLE_SCHEMA, v.view_name AS TABLE_NAME, 'SYSADMIN' AS TABLE_OWNER,
  COALESCE(m.text, v.sql) AS VIEW_DEFINITION, 'NONE' AS CHECK_OPTION, 'NO' AS IS_UPDATABLE, 'NO' AS INSERTABLE_INTO,
  CASE WHEN COALESCE(m.secure, FALSE) THEN 'YES' ELSE 'NO' END AS IS_SECURE, m.created AS CREATED, m.altered AS LAST_ALTERED,
  m.altered AS LAST_DDL, 'SYSADMIN' AS LAST_DDL_BY, m.comment AS COMMENT
FROM duckdb_views() v LEFT JOIN ${objectMetaValues(catalog, db)} m ON m.sch = v.schema_name AND m.name = v.view_name
WHERE v.database_name = ${d} AND NOT v.internal AND v.schema_name <> 'main'`;
    case 'COLUMNS':
      return `SELECT TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE,
  CASE WHEN DATA_TYPE = 'TEXT' THEN COALESCE(len, ${MAX_TEXT_LENGTH}) WHEN DATA_TYPE = 'BINARY' THEN COALESCE(len, ${MAX_BINARY_LENGTH}) END AS CHARACTER_MAXIMUM_LENGTH,
  CASE WHEN DATA_TYPE = 'TEXT' THEN LEAST(COALESCE(len, ${MAX_TEXT_LENGTH}) * 4, ${MAX_TEXT_LENGTH}) WHEN DATA_TYPE = 'BINARY' THEN COALESCE(len, ${MAX_BINARY_LENGTH}) END AS CHARACTER_OCTET_LENGTH,
  CASE WHEN DATA_TYPE = 'NUMBER' THEN COALESCE(prec, duck_prec) WHEN DATA_TYPE = 'FLOAT' THEN 53 END AS NUMERIC_PRECISION,
  CASE WHEN DATA_TYPE = 'NUMBER' THEN 10 WHEN DATA_TYPE = 'FLOAT' THEN 2 END AS NUMERIC_PRECISION_RADIX,
  CASE WHEN DATA_TYPE = 'NUMBER' THEN COALESCE(scale, duck_scale) END AS NUMERIC_SCALE,
  CASE WHEN DATA_TYPE IN ('TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ') THEN COALESCE(scale, 9) END AS DATETIME_PRECISION,
  NULL AS INTERVAL_TYPE, NULL AS INTERVAL_PRECISION, NULL AS CHARACTER_SET_CATALOG, NULL AS CHARACTER_SET_SCHEMA, NULL AS CHARACTER_SET_NAME,
  NULL AS COLLATION_CATALOG, NULL AS COLLATION_SCHEMA, NULL AS COLLATION_NAME, NULL AS DOMAIN_CATALOG, NULL AS DOMAIN_SCHEMA, NULL AS DOMAIN_NAME,
  NULL AS UDT_CATALOG, NULL AS UDT_SCHEMA, NULL AS UDT_NAME, NULL AS SCOPE_CATALOG, NULL AS SCOPE_SCHEMA, NULL AS SCOPE_NAME,
  NULL AS MAXIMUM_CARDINALITY, NULL AS DTD_IDENTIFIER, 'NO' AS IS_SELF_REFERENCING, 'NO' AS IS_IDENTITY, NULL AS IDENTITY_GENERATION,
  NULL AS IDENTITY_START, NULL AS IDENTITY_INCREMENT, NULL AS IDENTITY_MAXIMUM, NULL AS IDENTITY_MINIMUM, NULL AS IDENTITY_CYCLE,
  NULL AS IDENTITY_ORDERED, NULL AS SCHEMA_EVOLUTION_RECORD, COMMENT
FROM (
  SELECT c.database_name AS TABLE_CATALOG, c.schema_name AS TABLE_SCHEMA, c.table_name AS TABLE_NAME, c.column_name AS COLUMN_NAME,
    CAST(c.column_index AS BIGINT) AS ORDINAL_POSITION, c.column_default AS COLUMN_DEFAULT,
    CASE WHEN c.is_nullable THEN 'YES' ELSE 'NO' END AS IS_NULLABLE,
    COALESCE(m.sf_type, memory.main.sf_data_type(c.data_type)) AS DATA_TYPE, m.len, m.prec, m.scale,
    CAST(memory.main.sf_num_precision(c.data_type, c.numeric_precision) AS BIGINT) AS duck_prec,
    CAST(memory.main.sf_num_scale(c.data_type, c.numeric_scale) AS BIGINT) AS duck_scale,
    COALESCE(m.comment, c.comment) AS COMMENT
  FROM duckdb_columns() c LEFT JOIN ${columnMetaValues(catalog, db)} m ON m.sch = c.schema_name AND m.tbl = c.table_name AND m.col = c.column_name
  WHERE c.database_name = ${d} AND c.schema_name <> 'main' AND NOT c.internal
) _c`;
    case 'SCHEMATA': {
      const rows: (string | boolean | null | Date)[][] = [];
      for (const [k, m] of catalog.schemas) {
        const [sdb, s] = k.split('\u0000');
        if (sdb === db) rows.push([s!, m.transient, m.managed, m.comment, m.created]);
      }
      const meta = values(
        [
          ['sch', 'VARCHAR'],
          ['transient', 'BOOLEAN'],
          ['managed', 'BOOLEAN'],
          ['comment', 'VARCHAR'],
          ['created', 'TIMESTAMPTZ'],
        ],
        rows,
      );
      return `SELECT s.database_name AS CATALOG_NAME, s.schema_name AS SCHEMA_NAME, 'SYSADMIN' AS SCHEMA_OWNER,
  CASE WHEN COALESCE(m.transient, FALSE) THEN 'YES' ELSE 'NO' END AS IS_TRANSIENT,
  CASE WHEN COALESCE(m.managed, FALSE) THEN 'YES' ELSE 'NO' END AS IS_MANAGED_ACCESS, 1 AS RETENTION_TIME,
  NULL AS DEFAULT_CHARACTER_SET_CATALOG, NULL AS DEFAULT_CHARACTER_SET_SCHEMA, NULL AS DEFAULT_CHARACTER_SET_NAME, NULL AS SQL_PATH,
  m.created AS CREATED, m.created AS LAST_ALTERED, m.comment AS COMMENT, 'NO' AS REPLICABLE_WITH_FAILOVER_GROUPS,
  NULL AS OWNER_ROLE_TYPE
FROM (SELECT database_name, schema_name FROM duckdb_schemas() WHERE database_name = ${d} AND schema_name <> 'main'
      UNION ALL SELECT ${d}, 'INFORMATION_SCHEMA') s
LEFT JOIN ${meta} m ON m.sch = s.schema_name`;
    }
    case 'DATABASES': {
      const rows = [...catalog.databases.values()].map((m) => [m.name, m.transient, m.comment, m.created]);
      const meta = values(
        [
          ['name', 'VARCHAR'],
          ['transient', 'BOOLEAN'],
          ['comment', 'VARCHAR'],
          ['created', 'TIMESTAMPTZ'],
        ],
        rows,
      );
      return `SELECT name AS DATABASE_NAME, 'SYSADMIN' AS DATABASE_OWNER, CASE WHEN transient THEN 'YES' ELSE 'NO' END AS IS_TRANSIENT,
  comment AS COMMENT, created AS CREATED, created AS LAST_ALTERED, 1 AS RETENTION_TIME, 'STANDARD' AS TYPE, NULL AS REPLICABLE_WITH_FAILOVER_GROUPS,
  NULL AS OWNER_ROLE_TYPE FROM ${meta} _d`;
    }
    default:
      return undefined;
  }
}

export type { ObjectMeta };
