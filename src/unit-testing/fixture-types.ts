/**
 * Column types of unit-test fixtures. Unit tests run on an in-memory DuckDB whatever the project's
 * warehouse, so a `data_type` declared in YAML for the warehouse (`number(38,0)`, `timestamp_ntz`,
 * `variant`, ...) is translated to the DuckDB type that holds the same values; a column with no declared
 * type gets one inferred from its values, the way DuckDB's CSV sniffer would. Pure.
 */

const SIMPLE: Readonly<Record<string, string>> = {
  // Snowflake and other warehouses' names → DuckDB
  number: 'DECIMAL(38,0)',
  numeric: 'DECIMAL(38,0)',
  decimal: 'DECIMAL(38,0)',
  int: 'INTEGER',
  integer: 'INTEGER',
  int4: 'INTEGER',
  bigint: 'BIGINT',
  int8: 'BIGINT',
  smallint: 'SMALLINT',
  int2: 'SMALLINT',
  tinyint: 'TINYINT',
  byteint: 'TINYINT',
  int64: 'BIGINT',
  float: 'DOUBLE',
  float4: 'FLOAT',
  float8: 'DOUBLE',
  float64: 'DOUBLE',
  double: 'DOUBLE',
  'double precision': 'DOUBLE',
  real: 'FLOAT',
  string: 'VARCHAR',
  text: 'VARCHAR',
  varchar: 'VARCHAR',
  char: 'VARCHAR',
  character: 'VARCHAR',
  'character varying': 'VARCHAR',
  nvarchar: 'VARCHAR',
  nchar: 'VARCHAR',
  bool: 'BOOLEAN',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP',
  timestamp: 'TIMESTAMP',
  timestamp_ntz: 'TIMESTAMP',
  'timestamp without time zone': 'TIMESTAMP',
  timestamp_tz: 'TIMESTAMPTZ',
  timestamp_ltz: 'TIMESTAMPTZ',
  timestamptz: 'TIMESTAMPTZ',
  'timestamp with time zone': 'TIMESTAMPTZ',
  time: 'TIME',
  variant: 'JSON',
  object: 'JSON',
  array: 'JSON',
  json: 'JSON',
  binary: 'BLOB',
  varbinary: 'BLOB',
  bytes: 'BLOB',
  uuid: 'UUID',
  interval: 'INTERVAL',
};

/**
 * A declared `data_type` as a DuckDB type: warehouse spellings are mapped (`number(10,2)` → `DECIMAL(10,2)`,
 * `varchar(16777216)` → `VARCHAR`, `timestamp_ntz(9)` → `TIMESTAMP`); anything else is passed through for
 * DuckDB to judge (its error then names the type).
 */
export function mapDeclaredType(dataType: string): string {
  const t = dataType.trim().replace(/\s+/g, ' ');
  const m = /^([A-Za-z_][A-Za-z0-9_ ]*?)\s*(\(([^)]*)\))?$/.exec(t);
  if (!m) return t;
  const base = m[1]!.toLowerCase();
  const args = m[3]?.split(',').map((a) => a.trim()) ?? [];
  if (base === 'number' || base === 'numeric' || base === 'decimal') {
    if (args.length === 0) return 'DECIMAL(38,0)';
    const precision = Math.min(38, Math.max(1, Number(args[0]) || 38));
    const scale = Math.min(precision, Math.max(0, Number(args[1] ?? 0) || 0));
    return `DECIMAL(${precision},${scale})`;
  }
  const mapped = SIMPLE[base];
  if (mapped) return mapped;
  return t;
}

const INTEGER = /^[+-]?(0|[1-9][0-9]*)$/;
const DECIMAL = /^[+-]?((0|[1-9][0-9]*)(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const TIMESTAMPTZ = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const BOOLEAN = /^(true|false)$/i;
const INT32_MAX = 2147483647;

type Kind = 'boolean' | 'integer' | 'bigint' | 'double' | 'date' | 'timestamp' | 'timestamptz' | 'varchar' | 'literal';

function kindOfText(s: string): Kind {
  if (BOOLEAN.test(s)) return 'boolean';
  if (INTEGER.test(s)) {
    const n = Number(s);
    return Math.abs(n) <= INT32_MAX ? 'integer' : 'bigint';
  }
  if (DECIMAL.test(s)) return 'double';
  if (DATE.test(s)) return 'date';
  if (TIMESTAMP.test(s)) return 'timestamp';
  if (TIMESTAMPTZ.test(s)) return 'timestamptz';
  return 'varchar';
}

function kindOfValue(v: unknown): Kind {
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'bigint':
      return 'bigint';
    case 'number':
      if (!Number.isInteger(v)) return 'double';
      return Math.abs(v) <= INT32_MAX ? 'integer' : 'bigint';
    case 'string':
      // A string in YAML stays text, except dates and timestamps (written quoted or not, YAML 1.2 reads them as strings).
      if (DATE.test(v)) return 'date';
      if (TIMESTAMP.test(v)) return 'timestamp';
      if (TIMESTAMPTZ.test(v)) return 'timestamptz';
      return 'varchar';
    default:
      if (v instanceof Date) return 'timestamp';
      return 'literal'; // lists and mappings: DuckDB infers LIST / STRUCT from the literal
  }
}

const TYPE_OF: Readonly<Record<Exclude<Kind, 'literal'>, string>> = {
  boolean: 'BOOLEAN',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  varchar: 'VARCHAR',
};

function widen(a: Kind, b: Kind): Kind {
  if (a === b) return a;
  const numeric: Kind[] = ['integer', 'bigint', 'double'];
  if (numeric.includes(a) && numeric.includes(b)) return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))]!;
  const temporal: Kind[] = ['date', 'timestamp', 'timestamptz'];
  if (temporal.includes(a) && temporal.includes(b)) return a === 'timestamptz' || b === 'timestamptz' ? 'timestamptz' : 'timestamp';
  if (a === 'literal' || b === 'literal') return 'literal';
  return 'varchar';
}

/**
 * The DuckDB type of a column from its non-null values: `fromText` for CSV fields (numbers, booleans,
 * dates and timestamps are recognised in text, as DuckDB's sniffer does; an integer with a leading zero
 * stays text), otherwise YAML values (numbers, booleans, and strings that are dates or timestamps).
 * Undefined when every value is null (the column is a bare NULL) or the values are lists/mappings (the
 * literal's own type is used).
 */
export function inferColumnType(values: readonly unknown[], fromText: boolean): string | undefined {
  let kind: Kind | undefined;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    const k = fromText && typeof v === 'string' ? kindOfText(v) : kindOfValue(v);
    kind = kind === undefined ? k : widen(kind, k);
    if (kind === 'varchar') break;
  }
  if (kind === undefined || kind === 'literal') return undefined;
  return TYPE_OF[kind];
}
