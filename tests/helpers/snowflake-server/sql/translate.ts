/**
 * Expression-level translation of Snowflake SQL to DuckDB SQL over a token tree.
 *
 * - unquoted identifiers are emitted upper-cased (Snowflake's case rule); quoted ones exactly;
 * - strings are re-quoted in DuckDB form (`\` escapes and `$$` bodies decoded);
 * - function rewrites (IFF, DATEADD, TO_TIMESTAMP, LISTAGG … WITHIN GROUP, …), casts to Snowflake types,
 *   `v:a.b::string` paths, `FROM VALUES`, `LATERAL FLATTEN`, bind placeholders `?` and `:N`,
 *   `db.information_schema.*` views and session functions (CURRENT_ROLE() …).
 */
import { SqlSyntaxError, type Token } from './tokenize.js';
import { mapDateFormat, mapDatePart } from './format.js';
import { ADD_UNITS } from './macros.js';
import { isGroup, isIdent, isOp, isParen, isWord, nodeEnd, plainText, splitCommas, type Group, type Node } from './tree.js';
import { duckTypeFor, parseType, type SfType } from './types.js';

export interface SessionView {
  readonly database: string | null;
  readonly schema: string | null;
  readonly role: string;
  readonly warehouse: string | null;
  readonly user: string;
  readonly account: string;
  readonly sessionId: string;
}

export interface TranslateEnv {
  readonly session: SessionView;
  /** SQL text for bind placeholder n (1-based). */
  bind(n: number): string;
  /** A subquery (without parentheses) standing for `<db>.INFORMATION_SCHEMA.<view>`, or undefined. */
  infoSchemaView?(db: string | null, view: string): string | undefined;
  lastQueryId?(n: number): string | null;
  /** Table holding the materialised result of RESULT_SCAN(<arg text>). */
  resultScan?(argText: string): string | undefined;
  /** Array binds: render a single `VALUES (…)` tuple with placeholders as a select over the bound rows. */
  arrayBindSource?(): string | undefined;
  /** Session variable `$name` as a SQL literal. */
  variable?(name: string): string | undefined;
  /** SYSTEM$WAIT inside an expression: the engine sleeps this long before running the statement. */
  wait?(ms: number): void;
}

export class TranslationError extends SqlSyntaxError {}

interface Chunk {
  text: string;
  primary: boolean;
}

/** Words after which `VALUES` is a table constructor in FROM position. */
const FROM_WORDS = new Set(['FROM', 'JOIN']);

/** Words that cannot be an implicit alias. */
const CLAUSE_WORDS = new Set([
  'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT',
  'JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'NATURAL', 'ON', 'USING', 'WINDOW', 'LATERAL', 'SET', 'WHEN',
  'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'AS', 'ASOF', 'POSITIONAL', 'SAMPLE', 'TABLESAMPLE', 'PIVOT', 'UNPIVOT',
  'VALUES', 'SELECT', 'FROM', 'INTO', 'RETURNING', 'MATCH_RECOGNIZE', 'CONNECT', 'START', 'ANTI', 'SEMI', 'OUTER',
]);

/** Words that never end an operand (so `:1` after them is a bind, not a path). */
const KEYWORDS = new Set([
  ...[...CLAUSE_WORDS].filter((w) => w !== 'END'), 'CASE', 'BY', 'IN', 'IS', 'LIKE', 'ILIKE', 'RLIKE', 'BETWEEN', 'DISTINCT', 'ALL', 'ANY', 'SOME', 'OVER', 'PARTITION',
  'EXISTS', 'INTERVAL', 'WITH', 'RECURSIVE', 'DESC', 'ASC', 'NULLS', 'FIRST', 'LAST', 'ROWS', 'RANGE', 'PRECEDING', 'FOLLOWING', 'CURRENT', 'UNBOUNDED',
  'ESCAPE', 'TOP', 'MATCHED', 'UPDATE', 'INSERT', 'DELETE', 'MERGE', 'TABLE', 'CREATE', 'REPLACE', 'VIEW', 'DO', 'NOTHING',
]);

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}
export function quoteString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

type CallHandler = (call: Call) => string;
interface Call {
  readonly name: string;
  readonly args: Node[][];
  readonly t: Translator;
  /** Renders one argument. */
  arg(i: number): string;
  /** All arguments rendered. */
  all(): string[];
  /** Consumes a following `WITHIN GROUP (ORDER BY …)`, returning the ORDER BY text (rendered) or ''. */
  withinGroup(): string;
  /** Consumes a following `WITHIN GROUP (…)`, returning its nodes unrendered (undefined when absent). */
  withinGroupNodes(): Node[] | undefined;
  /** Consumes a following `OVER (…)`, returning ` over (…)` rendered, or '' when absent. */
  over(): string;
}

function partArg(c: Call, i: number): string {
  const a = c.args[i];
  const n = a?.[0];
  let raw: string | undefined;
  if (a && a.length === 1 && n && n.kind !== 'group' && (n.kind === 'word' || n.kind === 'str' || n.kind === 'qid')) raw = n.value;
  const part = raw === undefined ? undefined : mapDatePart(raw);
  if (!part) throw new TranslationError(`invalid date part for ${c.name}`, n?.start ?? 0);
  return part;
}

function sessionLiteral(v: string | null): string {
  return v === null ? 'CAST(NULL AS VARCHAR)' : quoteString(v);
}

function toTimestamp(c: Call, duckType: 'TIMESTAMP' | 'TIMESTAMPTZ', tryCast: boolean): string {
  const first = c.args[0];
  if (c.args.length >= 2) {
    const fmtNode = c.args[1]?.[0];
    if (fmtNode?.kind === 'str') {
      const fn = tryCast ? 'try_strptime' : 'strptime';
      return `CAST(${fn}(${c.arg(0)}, ${quoteString(mapDateFormat(fmtNode.value))}) AS ${duckType})`;
    }
    // scale argument for numeric epochs
    const scale = Number(c.args[1]?.[0] && c.args[1][0].kind === 'num' ? c.args[1][0].text : 0);
    return `CAST(make_timestamp(CAST(${c.arg(0)} AS BIGINT) * ${10 ** (6 - scale)}) AS ${duckType})`;
  }
  if (first && first.length === 1 && first[0]!.kind === 'num') {
    return `CAST(make_timestamp(CAST(${c.arg(0)} AS BIGINT) * 1000000) AS ${duckType})`;
  }
  return `${tryCast ? 'TRY_CAST' : 'CAST'}(${c.arg(0)} AS ${duckType})`;
}

function toDate(c: Call, tryCast: boolean): string {
  const fmtNode = c.args[1]?.[0];
  if (fmtNode?.kind === 'str') {
    const fn = tryCast ? 'try_strptime' : 'strptime';
    return `CAST(${fn}(${c.arg(0)}, ${quoteString(mapDateFormat(fmtNode.value))}) AS DATE)`;
  }
  return `${tryCast ? 'TRY_CAST' : 'CAST'}(${c.arg(0)} AS DATE)`;
}

function toNumber(c: Call, tryCast: boolean): string {
  let i = 1;
  if (c.args[1]?.[0]?.kind === 'str') i = 2; // format argument ignored
  const p = c.args[i] ? c.arg(i) : '38';
  const s = c.args[i + 1] ? c.arg(i + 1) : '0';
  return `${tryCast ? 'TRY_CAST' : 'CAST'}(${c.arg(0)} AS DECIMAL(${p},${s}))`;
}

function dateAdd(c: Call): string {
  const part = partArg(c, 0);
  if (!ADD_UNITS.has(part)) throw new TranslationError(`unsupported date part ${part} for ${c.name}`, 0);
  return `memory.main.sf_add_${part}(${c.arg(2)}, ${c.arg(1)})`;
}

const CALLS: Record<string, CallHandler> = {
  IFF: (c) => `(CASE WHEN ${c.arg(0)} THEN ${c.arg(1)} ELSE ${c.arg(2)} END)`,
  NVL: (c) => `COALESCE(${c.arg(0)}, ${c.arg(1)})`,
  NVL2: (c) => `(CASE WHEN ${c.arg(0)} IS NOT NULL THEN ${c.arg(1)} ELSE ${c.arg(2)} END)`,
  ZEROIFNULL: (c) => `COALESCE(${c.arg(0)}, 0)`,
  NULLIFZERO: (c) => `NULLIF(${c.arg(0)}, 0)`,
  DIV0: (c) => `(CASE WHEN (${c.arg(1)}) = 0 THEN 0 ELSE (${c.arg(0)}) / (${c.arg(1)}) END)`,
  DIV0NULL: (c) => `(CASE WHEN (${c.arg(1)}) = 0 OR (${c.arg(1)}) IS NULL THEN 0 ELSE (${c.arg(0)}) / (${c.arg(1)}) END)`,
  EQUAL_NULL: (c) => `((${c.arg(0)}) IS NOT DISTINCT FROM (${c.arg(1)}))`,
  SHA2: (c) => {
    const bits = c.args[1] ? c.arg(1) : '256';
    if (bits !== '256') throw new TranslationError(`SHA2 with ${bits} bits is not supported by the test server`, 0);
    return `sha256(CAST(${c.arg(0)} AS VARCHAR))`;
  },
  SHA2_HEX: (c) => CALLS.SHA2!(c),
  SHA1: (c) => `sha1(CAST(${c.arg(0)} AS VARCHAR))`,
  SHA1_HEX: (c) => `sha1(CAST(${c.arg(0)} AS VARCHAR))`,
  MD5: (c) => `md5(CAST(${c.arg(0)} AS VARCHAR))`,
  MD5_HEX: (c) => `md5(CAST(${c.arg(0)} AS VARCHAR))`,
  DECODE: (c) => {
    const a = c.all();
    let out = '(CASE';
    let i = 1;
    for (; i + 1 < a.length; i += 2) out += ` WHEN (${a[0]}) IS NOT DISTINCT FROM (${a[i]}) THEN ${a[i + 1]}`;
    if (i < a.length) out += ` ELSE ${a[i]}`;
    return out + ' END)';
  },
  DATEADD: dateAdd,
  TIMESTAMPADD: dateAdd,
  TIMEADD: dateAdd,
  ADD_MONTHS: (c) => `memory.main.sf_add_month(${c.arg(0)}, ${c.arg(1)})`,
  DATEDIFF: (c) => `date_diff('${partArg(c, 0)}', ${c.arg(1)}, ${c.arg(2)})`,
  TIMESTAMPDIFF: (c) => `date_diff('${partArg(c, 0)}', ${c.arg(1)}, ${c.arg(2)})`,
  TIMEDIFF: (c) => `date_diff('${partArg(c, 0)}', ${c.arg(1)}, ${c.arg(2)})`,
  DATE_TRUNC: (c) => `memory.main.sf_date_trunc('${partArg(c, 0)}', ${c.arg(1)})`,
  DATE_PART: (c) => `date_part('${partArg(c, 0)}', ${c.arg(1)})`,
  TO_TIMESTAMP: (c) => toTimestamp(c, 'TIMESTAMP', false),
  TO_TIMESTAMP_NTZ: (c) => toTimestamp(c, 'TIMESTAMP', false),
  TO_TIMESTAMP_LTZ: (c) => toTimestamp(c, 'TIMESTAMPTZ', false),
  TO_TIMESTAMP_TZ: (c) => toTimestamp(c, 'TIMESTAMPTZ', false),
  TRY_TO_TIMESTAMP: (c) => toTimestamp(c, 'TIMESTAMP', true),
  TRY_TO_TIMESTAMP_NTZ: (c) => toTimestamp(c, 'TIMESTAMP', true),
  TRY_TO_TIMESTAMP_LTZ: (c) => toTimestamp(c, 'TIMESTAMPTZ', true),
  TRY_TO_TIMESTAMP_TZ: (c) => toTimestamp(c, 'TIMESTAMPTZ', true),
  TO_DATE: (c) => toDate(c, false),
  DATE: (c) => toDate(c, false),
  TRY_TO_DATE: (c) => toDate(c, true),
  TO_TIME: (c) => `CAST(${c.arg(0)} AS TIME)`,
  TRY_TO_TIME: (c) => `TRY_CAST(${c.arg(0)} AS TIME)`,
  TO_NUMBER: (c) => toNumber(c, false),
  TO_DECIMAL: (c) => toNumber(c, false),
  TO_NUMERIC: (c) => toNumber(c, false),
  TRY_TO_NUMBER: (c) => toNumber(c, true),
  TRY_TO_DECIMAL: (c) => toNumber(c, true),
  TRY_TO_NUMERIC: (c) => toNumber(c, true),
  TO_DOUBLE: (c) => `CAST(${c.arg(0)} AS DOUBLE)`,
  TRY_TO_DOUBLE: (c) => `TRY_CAST(${c.arg(0)} AS DOUBLE)`,
  TO_BOOLEAN: (c) => `CAST(${c.arg(0)} AS BOOLEAN)`,
  TRY_TO_BOOLEAN: (c) => `TRY_CAST(${c.arg(0)} AS BOOLEAN)`,
  TO_CHAR: (c) => toChar(c),
  TO_VARCHAR: (c) => toChar(c),
  TO_VARIANT: (c) => `to_json(${c.arg(0)})`,
  TO_OBJECT: (c) => `to_json(${c.arg(0)})`,
  TO_ARRAY: (c) => `to_json(${c.arg(0)})`,
  TO_JSON: (c) => `CAST(to_json(${c.arg(0)}) AS VARCHAR)`,
  PARSE_JSON: (c) => `CAST(${c.arg(0)} AS JSON)`,
  TRY_PARSE_JSON: (c) => `TRY_CAST(${c.arg(0)} AS JSON)`,
  OBJECT_CONSTRUCT: (c) => `json_object(${c.all().join(', ')})`,
  OBJECT_CONSTRUCT_KEEP_NULL: (c) => `json_object(${c.all().join(', ')})`,
  ARRAY_CONSTRUCT: (c) => `json_array(${c.all().join(', ')})`,
  ARRAY_SIZE: (c) => `CAST(json_array_length(${c.arg(0)}) AS BIGINT)`,
  OBJECT_KEYS: (c) => `to_json(json_keys(${c.arg(0)}))`,
  GET: (c) => {
    const k = c.args[1]?.[0];
    if (k?.kind === 'num') return `json_extract(${c.arg(0)}, '$[${k.text}]')`;
    if (k?.kind === 'str') return `json_extract(${c.arg(0)}, ${quoteString(jsonPathKey(k.value))})`;
    return `json_extract(${c.arg(0)}, ${c.arg(1)})`;
  },
  GET_PATH: (c) => {
    const k = c.args[1]?.[0];
    if (k?.kind === 'str') return `json_extract(${c.arg(0)}, ${quoteString('$.' + k.value)})`;
    return `json_extract(${c.arg(0)}, '$.' || ${c.arg(1)})`;
  },
  ARRAY_AGG: (c) => {
    const order = c.withinGroup();
    const x = c.arg(0);
    const distinct = c.args[0]?.[0] && isWord(c.args[0][0], 'DISTINCT');
    const inner = distinct ? x : x;
    const col = distinct ? x.replace(/^DISTINCT\s+/i, '') : x;
    return `array_agg(${inner}${order ? ' ' + order : ''}) FILTER (WHERE (${col}) IS NOT NULL)`;
  },
  ARRAYAGG: (c) => CALLS.ARRAY_AGG!(c),
  LISTAGG: (c) => {
    const order = c.withinGroup();
    const sep = c.args[1] ? c.arg(1) : "''";
    return `string_agg(${c.arg(0)}, ${sep}${order ? ' ' + order : ''})`;
  },
  CONVERT_TIMEZONE: (c) => {
    if (c.args.length === 3) return `timezone(${c.arg(1)}, timezone(${c.arg(0)}, CAST(${c.arg(2)} AS TIMESTAMP)))`;
    return `CAST(${c.arg(1)} AS TIMESTAMPTZ)`;
  },
  CURRENT_TIMESTAMP: () => 'current_timestamp',
  LOCALTIMESTAMP: () => 'current_timestamp',
  SYSTIMESTAMP: () => 'current_timestamp',
  GETDATE: () => 'current_timestamp',
  CURRENT_DATE: () => 'current_date',
  CURRENT_TIME: () => 'CAST(current_timestamp AS TIME)',
  LOCALTIME: () => 'CAST(current_timestamp AS TIME)',
  SYSDATE: () => `CAST(timezone('UTC', current_timestamp) AS TIMESTAMP)`,
  CURRENT_ROLE: (c) => sessionLiteral(c.t.env.session.role),
  CURRENT_WAREHOUSE: (c) => sessionLiteral(c.t.env.session.warehouse),
  CURRENT_DATABASE: (c) => sessionLiteral(c.t.env.session.database),
  CURRENT_SCHEMA: (c) => sessionLiteral(c.t.env.session.schema),
  CURRENT_USER: (c) => sessionLiteral(c.t.env.session.user),
  CURRENT_ACCOUNT: (c) => sessionLiteral(c.t.env.session.account.toUpperCase()),
  CURRENT_ACCOUNT_NAME: (c) => sessionLiteral(c.t.env.session.account.toUpperCase()),
  CURRENT_REGION: () => `'LOCAL_TEST'`,
  CURRENT_SESSION: (c) => sessionLiteral(c.t.env.session.sessionId),
  CURRENT_VERSION: () => `'9.0.0'`,
  CURRENT_CLIENT: () => `'JavaScript'`,
  CURRENT_AVAILABLE_ROLES: (c) => sessionLiteral(JSON.stringify([c.t.env.session.role])),
  LAST_QUERY_ID: (c) => sessionLiteral(c.t.env.lastQueryId?.(c.args[0] ? Number(plainText(c.args[0]).replace(/\s+/g, "")) : -1) ?? null),
  RESULT_SCAN: (c) => {
    const table = c.t.env.resultScan?.(plainText(c.args[0] ?? []).toUpperCase());
    if (!table) throw new TranslationError('RESULT_SCAN: unknown query id', c.args[0]?.[0]?.start ?? 0);
    return table;
  },
  REGEXP_LIKE: (c) => `regexp_full_match(${c.arg(0)}, ${c.arg(1)})`,
  RLIKE: (c) => `regexp_full_match(${c.arg(0)}, ${c.arg(1)})`,
  REGEXP_SUBSTR: (c) => `NULLIF(regexp_extract(${c.arg(0)}, ${c.arg(1)}${c.args.length >= 6 ? ', ' + c.arg(5) : ''}), '')`,
  REGEXP_REPLACE: (c) => `regexp_replace(${c.arg(0)}, ${c.arg(1)}, ${c.args[2] ? c.arg(2) : "''"}, 'g')`,
  REGEXP_COUNT: (c) => `CAST(len(regexp_extract_all(${c.arg(0)}, ${c.arg(1)})) AS BIGINT)`,
  CHARINDEX: (c) =>
    c.args.length >= 3
      ? `(CASE WHEN instr(substr(${c.arg(1)}, ${c.arg(2)}), ${c.arg(0)}) = 0 THEN 0 ELSE instr(substr(${c.arg(1)}, ${c.arg(2)}), ${c.arg(0)}) + (${c.arg(2)}) - 1 END)`
      : `instr(${c.arg(1)}, ${c.arg(0)})`,
  POSITION: (c) => (c.args.length >= 2 ? `instr(${c.arg(1)}, ${c.arg(0)})` : `position(${c.arg(0)})`),
  SPLIT: (c) => `string_split(${c.arg(0)}, ${c.arg(1)})`,
  STARTSWITH: (c) => `starts_with(${c.arg(0)}, ${c.arg(1)})`,
  ENDSWITH: (c) => `ends_with(${c.arg(0)}, ${c.arg(1)})`,
  EDITDISTANCE: (c) => `levenshtein(${c.arg(0)}, ${c.arg(1)})`,
  LEN: (c) => `length(${c.arg(0)})`,
  UUID_STRING: () => 'CAST(uuid() AS VARCHAR)',
  SQUARE: (c) => `((${c.arg(0)}) * (${c.arg(0)}))`,
  TRUNCATE: (c) => `trunc(${c.all().join(', ')})`,
  BOOLAND_AGG: (c) => `bool_and(${c.arg(0)})`,
  BOOLOR_AGG: (c) => `bool_or(${c.arg(0)})`,
  MONTHNAME: (c) => `strftime(${c.arg(0)}, '%b')`,
  DAYNAME: (c) => `strftime(${c.arg(0)}, '%a')`,
  DATE_FROM_PARTS: (c) => `make_date(${c.all().join(', ')})`,
  DATEFROMPARTS: (c) => `make_date(${c.all().join(', ')})`,
  TIME_FROM_PARTS: (c) => `make_time(${c.all().join(', ')})`,
  TIMESTAMP_FROM_PARTS: (c) => `make_timestamp(${c.all().join(', ')})`,
  TIMESTAMP_NTZ_FROM_PARTS: (c) => `make_timestamp(${c.all().join(', ')})`,
  FILTER: (c) => lambdaCall(c, 'list_filter'),
  TRANSFORM: (c) => lambdaCall(c, 'list_transform'),
  PERCENTILE_CONT: (c) => percentileCont(c),
  MEDIAN: (c) => quantileCont(c.arg(0), '0.5', c.over()),
  // rows of TABLE(GENERATOR(ROWCOUNT => n)) carry their 0-based number in __SF_SEQ (see Translator.generator)
  SEQ1: () => GENERATOR_SEQ,
  SEQ2: () => GENERATOR_SEQ,
  SEQ4: () => GENERATOR_SEQ,
  SEQ8: () => GENERATOR_SEQ,
  SYSTEM$WAIT: (c) => systemWait(c),
  IS_NULL_VALUE: (c) => `(json_type(${c.arg(0)}) = 'NULL')`,
  CAST: (c) => castCall(c, false),
  TRY_CAST: (c) => castCall(c, true),
  IDENTIFIER: (c) => {
    const a = c.args[0]?.[0];
    let name: string | undefined;
    if (a?.kind === 'str') name = a.value;
    else if (a?.kind === 'var') {
      const v = c.t.env.variable?.(a.value.slice(1));
      if (v?.startsWith("'")) name = v.slice(1, -1).replace(/''/g, "'");
    }
    if (name === undefined) throw new TranslationError('IDENTIFIER() needs a string literal or a session variable', a?.start ?? 0);
    return name
      .split('.')
      .map((p) => (p.startsWith('"') ? p : quoteIdent(p.toUpperCase())))
      .join('.');
  },
  SYSTEM$TYPEOF: (c) => `typeof(${c.arg(0)})`,
  // Snowflake's CONCAT, GREATEST and LEAST return NULL when any argument is NULL (DuckDB's skip NULLs)
  CONCAT: (c) => `(${c.all().map((a) => `CAST(${a} AS VARCHAR)`).join(' || ')})`,
  GREATEST: (c) => nullIfAnyNull(c, 'greatest'),
  LEAST: (c) => nullIfAnyNull(c, 'least'),
  TO_BINARY: (c) => {
    const f = c.args[1]?.[0];
    const fmt = f?.kind === 'str' ? f.value.toUpperCase() : 'HEX';
    if (fmt === 'BASE64') return `from_base64(${c.arg(0)})`;
    if (fmt === 'UTF-8' || fmt === 'UTF8') return `encode(${c.arg(0)})`;
    return `unhex(${c.arg(0)})`;
  },
  TRY_TO_BINARY: (c) => CALLS.TO_BINARY!(c),
  HEX_DECODE_BINARY: (c) => `unhex(${c.arg(0)})`,
  BASE64_DECODE_BINARY: (c) => `from_base64(${c.arg(0)})`,
  HEX_ENCODE: (c) => `upper(hex(${c.arg(0)}))`,
  BASE64_ENCODE: (c) => `to_base64(CAST(${c.arg(0)} AS BLOB))`,
};

/** The column of TABLE(GENERATOR(…)) rows that SEQ1/2/4/8() read. */
export const GENERATOR_SEQ = '__SF_SEQ';

const INTEGER_TYPES = "'TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT','UHUGEINT'";

/**
 * quantile_cont with Snowflake's result over NUMBER(p,s): NUMBER(38,s+3); FLOAT stays FLOAT. DuckDB
 * interpolates a DECIMAL in its own scale and truncates (ten values' p90 of 700 and 1181 gives 748.099,
 * Snowflake 748.100), so for whole numbers the quantile is taken at scale 6 and rounded to 3. Only DuckDB
 * knows the argument's type: the CASE on `typeof(min(x))` is folded to one branch when it binds (one WHEN
 * only: DuckDB does not fold several to their own types). Known limitation: NUMBER(p,s>0) keeps DuckDB's
 * truncation in the last of its s+3 decimals.
 */
function quantileCont(expr: string, fraction: string, over: string): string {
  const type = `typeof(min(${expr})${over})`;
  const whole = `${type} IN (${INTEGER_TYPES}) OR ${type} LIKE 'DECIMAL(%,0)'`;
  return `(CASE WHEN ${whole} THEN round(quantile_cont((${expr}) * 1.000000, ${fraction})${over}, 3) ELSE quantile_cont((${expr}) * 1.000, ${fraction})${over} END)`;
}

/** PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x [ASC|DESC]) [OVER (…)] → quantile_cont(x, p). */
function percentileCont(c: Call): string {
  const p = c.arg(0);
  const g = c.withinGroupNodes();
  if (!g || !isWord(g[0], 'ORDER') || !isWord(g[1], 'BY')) throw new TranslationError('PERCENTILE_CONT needs WITHIN GROUP (ORDER BY …)', c.args[0]?.[0]?.start ?? 0);
  let expr = g.slice(2);
  let desc = false;
  const nullsAt = expr.findIndex((n, k) => isWord(n, 'NULLS') && isWord(expr[k + 1], 'FIRST', 'LAST'));
  if (nullsAt >= 0) expr = expr.slice(0, nullsAt);
  if (isWord(expr[expr.length - 1], 'ASC', 'DESC')) {
    desc = isWord(expr[expr.length - 1], 'DESC');
    expr = expr.slice(0, -1);
  }
  if (splitCommas(expr).length !== 1) throw new TranslationError('PERCENTILE_CONT orders by exactly one expression', g[0]!.start);
  return quantileCont(c.t.render(expr), desc ? `1 - (${p})` : p, c.over());
}

/**
 * FILTER(array, x -> cond) / TRANSFORM(array, x -> expr) over a semi-structured ARRAY (JSON here): the
 * elements as a list of JSON values, DuckDB's list function with a `lambda x:` and the result back as a
 * JSON array. A typed parameter (`x INT -> …`) casts the elements first. Without a lambda (DuckDB's
 * `agg(…) FILTER (WHERE …)` clause) the call is left as written.
 */
function lambdaCall(c: Call, fn: 'list_filter' | 'list_transform'): string {
  const lam = c.args[1];
  const arrow = lam ? lam.findIndex((n) => isOp(n, '->')) : -1;
  if (c.args.length !== 2 || !lam || arrow < 0) return `${c.name}(${c.t.render(joinArgs(c.args))})`;
  let params = lam.slice(0, arrow);
  if (params.length === 1 && isParen(params[0])) params = (params[0] as Group).items;
  const param = params[0];
  if (!isIdent(param)) throw new TranslationError(`${c.name}: a lambda needs a parameter name`, lam[0]?.start ?? 0);
  const name = param.kind === 'qid' ? quoteIdent(param.value) : param.value;
  const typed = params.length > 1 ? parseType(params, 1) : undefined;
  if (params.length > 1 && (!typed || typed.end !== params.length)) throw new TranslationError(`${c.name}: unsupported lambda parameter`, params[1]!.start);
  const body = c.t.render(lam.slice(arrow + 1));
  let list = `json_extract(to_json(${c.arg(0)}), '$[*]')`;
  if (typed) list = `list_transform(${list}, lambda ${name}: ${castExpr(name, typed.type, typed.integerAlias)})`;
  return `to_json(${fn}(${list}, lambda ${name}: ${body}))`;
}

function joinArgs(args: readonly Node[][]): Node[] {
  const out: Node[] = [];
  args.forEach((a, k) => {
    if (k > 0) out.push({ kind: 'op', text: ',', value: ',', start: -1 });
    out.push(...a);
  });
  return out;
}

/** SYSTEM$WAIT(n[, unit]) inside an expression: the engine sleeps before the statement runs. */
function systemWait(c: Call): string {
  const n = c.args[0]?.[0];
  const amount = Number(n && n.kind === 'num' && c.args[0]!.length === 1 ? n.text : NaN);
  if (!Number.isFinite(amount)) throw new TranslationError('SYSTEM$WAIT needs a number', n?.start ?? 0);
  const u = c.args[1]?.[0];
  const unit = u && u.kind === 'str' ? u.value.toUpperCase() : 'SECONDS';
  const ms = unit.startsWith('MILLI') ? amount : unit.startsWith('MINUTE') ? amount * 60_000 : unit.startsWith('HOUR') ? amount * 3_600_000 : amount * 1000;
  if (!c.t.env.wait) throw new TranslationError('SYSTEM$WAIT is not available here', n?.start ?? 0);
  c.t.env.wait(ms);
  return quoteString(`waited ${amount} ${unit.toLowerCase()}`);
}

function nullIfAnyNull(c: Call, fn: string): string {
  const a = c.all();
  return `(CASE WHEN ${a.map((x) => `(${x}) IS NULL`).join(' OR ')} THEN NULL ELSE ${fn}(${a.join(', ')}) END)`;
}

/**
 * Text of any value with Snowflake's VARIANT rule (a JSON string gives its characters, unquoted), a macro
 * of the server's setup (`info-schema.ts`): `CAST(… AS VARCHAR)` for every other type.
 */
export const VARIANT_TO_TEXT = 'memory.main.sf_to_varchar';

function toChar(c: Call): string {
  const fmt = c.args[1]?.[0];
  if (fmt?.kind === 'str') return `strftime(${c.arg(0)}, ${quoteString(mapDateFormat(fmt.value))})`;
  return `${VARIANT_TO_TEXT}(${c.arg(0)})`;
}

function castCall(c: Call, tryCast: boolean): string {
  const nodes = c.args[0] ?? [];
  let asIdx = -1;
  for (let i = nodes.length - 1; i >= 0; i--) if (isWord(nodes[i], 'AS')) { asIdx = i; break; }
  if (asIdx < 0 || c.args.length !== 1) throw new TranslationError('CAST needs AS <type>', nodes[0]?.start ?? 0);
  const expr = c.t.render(nodes.slice(0, asIdx));
  const parsed = parseType(nodes, asIdx + 1);
  if (!parsed || parsed.end !== nodes.length) {
    return `${tryCast ? 'TRY_CAST' : 'CAST'}(${expr} AS ${c.t.render(nodes.slice(asIdx + 1))})`;
  }
  return castExpr(expr, parsed.type, parsed.integerAlias, tryCast);
}

export function castExpr(expr: string, type: SfType, integerAlias: boolean, tryCast = false): string {
  if (type.name === 'VARIANT' || type.name === 'OBJECT' || type.name === 'ARRAY') return `to_json(${expr})`;
  // A VARIANT string cast to text is the string itself (`'"a"'::variant::string` = `a`), not its JSON text
  if (type.name === 'TEXT' && !tryCast) return `${VARIANT_TO_TEXT}(${expr})`;
  return `${tryCast ? 'TRY_CAST' : 'CAST'}(${expr} AS ${duckTypeFor(type, integerAlias)})`;
}

function jsonPathKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `$.${key}` : `$."${key.replace(/"/g, '\\"')}"`;
}

export class Translator {
  private positional = 0;
  constructor(readonly env: TranslateEnv) {}

  render(nodes: readonly Node[]): string {
    const out: Chunk[] = [];
    let i = 0;
    while (i < nodes.length) i = this.step(nodes, i, out);
    return joinChunks(out);
  }

  private popPrimary(out: Chunk[], at: Node): string {
    const prev = out[out.length - 1];
    if (!prev || !prev.primary) throw new TranslationError('unexpected operator', at.start);
    if (prev.text === 'END') {
      // CASE … END: take the whole CASE expression
      let depth = 0;
      for (let k = out.length - 1; k >= 0; k--) {
        const t = out[k]!.text;
        if (t === 'END') depth++;
        else if (t === 'CASE' && --depth === 0) {
          const text = joinChunks(out.slice(k));
          out.length = k;
          return `(${text})`;
        }
      }
    }
    out.pop();
    return prev.text;
  }

  private step(nodes: readonly Node[], i: number, out: Chunk[]): number {
    const n = nodes[i]!;
    if (n.kind === 'group') {
      if (n.open === '[' && out.length && out[out.length - 1]!.primary) {
        const base = this.popPrimary(out, n);
        return this.path(base, nodes, i, '$', out);
      }
      const inner = this.render(n.items);
      out.push({ text: n.open === '(' ? `(${inner})` : `[${inner}]`, primary: true });
      return i + 1;
    }
    switch (n.kind) {
      case 'str':
        out.push({ text: quoteString(n.value), primary: true });
        return i + 1;
      case 'num':
        out.push({ text: n.text, primary: true });
        return i + 1;
      case 'var': {
        const v = this.env.variable?.(n.value.slice(1));
        if (v === undefined && !/^\$\d+$/.test(n.text)) throw new TranslationError(`Session variable '${n.text.toUpperCase()}' does not exist`, n.start);
        out.push({ text: v ?? n.text, primary: true });
        return i + 1;
      }
      case 'op':
        return this.op(nodes, i, n, out);
      case 'word':
      case 'qid':
        return this.ident(nodes, i, out);
      default:
        return i + 1;
    }
  }

  private op(nodes: readonly Node[], i: number, n: Token, out: Chunk[]): number {
    const prev = out[out.length - 1];
    if (n.value === '?') {
      out.push({ text: this.env.bind(++this.positional), primary: true });
      return i + 1;
    }
    if (n.value === ':') {
      const next = nodes[i + 1];
      if ((!prev || !prev.primary) && next?.kind === 'num') {
        out.push({ text: this.env.bind(Number(next.text)), primary: true });
        return i + 2;
      }
      if (prev?.primary) {
        const base = this.popPrimary(out, n);
        return this.path(base, nodes, i + 1, '$', out);
      }
    }
    if (n.value === '::') {
      const expr = this.popPrimary(out, n);
      const parsed = parseType(nodes, i + 1);
      if (!parsed) {
        const t = nodes[i + 1];
        out.push({ text: `CAST(${expr} AS ${t ? this.render([t]) : ''})`, primary: true });
        return i + 2;
      }
      out.push({ text: castExpr(expr, parsed.type, parsed.integerAlias), primary: true });
      return parsed.end;
    }
    out.push({ text: n.value, primary: false });
    return i + 1;
  }

  /** JSON path after `base:` (at nodes[i]) or a bracket subscript (nodes[i] is a `[` group). */
  private path(base: string, nodes: readonly Node[], i: number, prefix: string, out: Chunk[]): number {
    let path = prefix;
    let j = i;
    let first = true;
    for (;;) {
      const n = nodes[j];
      if (first && isIdent(n)) {
        path += jsonPathKey(n.kind === 'qid' ? n.value : n.text).slice(1);
        j++;
      } else if (isOp(n, '.') && isIdent(nodes[j + 1])) {
        const k = nodes[j + 1] as Token;
        path += jsonPathKey(k.kind === 'qid' ? k.value : k.text).slice(1);
        j += 2;
      } else if (isGroup(n) && n.open === '[') {
        const inner = n.items[0];
        if (n.items.length === 1 && inner?.kind === 'num') path += `[${inner.text}]`;
        else if (n.items.length === 1 && inner?.kind === 'str') path += jsonPathKey(inner.value).slice(1);
        else throw new TranslationError('unsupported subscript', n.start);
        j++;
      } else break;
      first = false;
    }
    if (path === prefix) throw new TranslationError("unexpected ':'", nodes[i]?.start ?? 0);
    const p = quoteString(path);
    if (isOp(nodes[j], '::')) {
      const parsed = parseType(nodes, j + 1);
      if (parsed) {
        const t = parsed.type;
        let text: string;
        if (t.name === 'VARIANT' || t.name === 'OBJECT' || t.name === 'ARRAY') text = `json_extract(${base}, ${p})`;
        else if (t.name === 'TEXT') text = `json_extract_string(${base}, ${p})`;
        else text = `CAST(json_extract_string(${base}, ${p}) AS ${duckTypeFor(t, parsed.integerAlias)})`;
        out.push({ text, primary: true });
        return parsed.end;
      }
    }
    out.push({ text: `json_extract(${base}, ${p})`, primary: true });
    return j;
  }

  private ident(nodes: readonly Node[], i: number, out: Chunk[]): number {
    const n = nodes[i] as Token;
    // identifier chain a.b.c / a.*
    const parts: Token[] = [n];
    let j = i + 1;
    while (isOp(nodes[j], '.') && (isIdent(nodes[j + 1]) || isOp(nodes[j + 1], '*'))) {
      parts.push(nodes[j + 1] as Token);
      j += 2;
    }
    const next = nodes[j];
    const prevNode = nodes[i - 1];
    if (parts.length === 1 && n.kind === 'word') {
      const w = n.value;
      if (w === 'VALUES' && isParen(next)) return this.values(nodes, i, out);
      if (w === 'LATERAL' && isWord(next, 'FLATTEN') && isParen(nodes[i + 2])) return this.flatten(nodes[i + 2] as Group, i + 3, out);
      if (w === 'TABLE' && isParen(next) && isWord(next.items[0], 'FLATTEN') && isParen(next.items[1]) && next.items.length === 2) {
        return this.flatten(next.items[1] as Group, i + 2, out);
      }
      if (w === 'TABLE' && isParen(next) && isWord(next.items[0], 'GENERATOR') && isParen(next.items[1]) && next.items.length === 2) {
        out.push({ text: this.generator(next.items[1] as Group), primary: true });
        return i + 2;
      }
      if (w === 'TABLE' && isParen(next) && isWord(next.items[0], 'RESULT_SCAN') && isParen(next.items[1]) && next.items.length === 2) {
        out.push({ text: this.render(next.items), primary: true });
        return i + 2;
      }
      if (w === 'FLATTEN' && isParen(next) && isWord(prevNode, 'FROM', 'JOIN')) return this.flatten(next, i + 2, out);
      if (isParen(next) && !isOp(prevNode, '.')) return this.call(w, next, nodes, j + 1, out);
      if (w === 'MINUS') {
        out.push({ text: 'EXCEPT', primary: false });
        return i + 1;
      }
      if ((w === 'LIKE' || w === 'ILIKE') && isWord(next, 'ANY', 'ALL') && isParen(nodes[i + 2])) {
        // x LIKE ANY ('a%', 'b%') → (x LIKE 'a%' OR x LIKE 'b%')
        const left = this.popPrimary(out, n);
        const pats = splitCommas((nodes[i + 2] as Group).items).map((p) => `${left} ${w} ${this.render(p)}`);
        out.push({ text: `(${pats.join(isWord(next, 'ALL') ? ' AND ' : ' OR ')})`, primary: true });
        return i + 3;
      }
      if (w === 'RLIKE' || w === 'REGEXP') {
        out.push({ text: 'SIMILAR TO', primary: false });
        return i + 1;
      }
      out.push({ text: w, primary: !KEYWORDS.has(w) });
      return j;
    }
    // information_schema views
    const names = parts.map((p) => (p.kind === 'qid' ? p.value : p.value));
    const isIdx = names.length === 3 ? 1 : names.length === 2 ? 0 : -1;
    if (isIdx >= 0 && names[isIdx]!.toUpperCase() === 'INFORMATION_SCHEMA' && this.env.infoSchemaView && parts[parts.length - 1]!.kind !== 'op') {
      const db = isIdx === 1 ? names[0]! : this.env.session.database;
      const view = names[names.length - 1]!.toUpperCase();
      const sub = this.env.infoSchemaView(db, view);
      if (sub !== undefined) {
        const hasAlias = isWord(next, 'AS') || (isIdent(next) && !(next.kind === 'word' && CLAUSE_WORDS.has(next.value)));
        out.push({ text: `(${sub})${hasAlias ? '' : ' AS ' + view}`, primary: true });
        return j;
      }
    }
    const text = parts.map((p) => (p.kind === 'qid' ? quoteIdent(p.value) : p.kind === 'op' ? '*' : p.value)).join('.');
    if (isParen(next)) {
      out.push({ text: `${text}(${this.render(next.items)})`, primary: true });
      return j + 1;
    }
    out.push({ text, primary: true });
    return j;
  }

  private call(name: string, group: Group, nodes: readonly Node[], after: number, out: Chunk[]): number {
    const handler = Object.hasOwn(CALLS, name) ? CALLS[name] : undefined;
    if (!handler) {
      out.push({ text: `${name}(${this.render(group.items)})`, primary: true });
      return after;
    }
    let next = after;
    const args = splitCommas(group.items);
    const rendered: (string | undefined)[] = [];
    const call: Call = {
      name,
      args,
      t: this,
      arg: (k) => {
        const a = args[k];
        if (!a || a.length === 0) throw new TranslationError(`${name}: missing argument ${k + 1}`, group.start);
        return (rendered[k] ??= this.render(a));
      },
      all: () => args.map((_, k) => call.arg(k)),
      withinGroup: () => {
        const g = call.withinGroupNodes();
        return g ? this.render(g) : '';
      },
      withinGroupNodes: () => {
        if (isWord(nodes[next], 'WITHIN') && isWord(nodes[next + 1], 'GROUP') && isParen(nodes[next + 2])) {
          const g = nodes[next + 2] as Group;
          next += 3;
          return g.items;
        }
        return undefined;
      },
      over: () => {
        if (isWord(nodes[next], 'OVER') && isParen(nodes[next + 1])) {
          const g = nodes[next + 1] as Group;
          next += 2;
          return ` over (${this.render(g.items)})`;
        }
        return '';
      },
    };
    out.push({ text: handler(call), primary: true });
    return next;
  }

  /** `VALUES (…), (…) [AS] [alias [(cols)]]` in FROM position, or array-bind tuples. */
  private values(nodes: readonly Node[], i: number, out: Chunk[]): number {
    const prev = nodes[i - 1];
    const fromCtx = isWord(prev, ...FROM_WORDS) || isOp(prev, ',');
    const tuples: Group[] = [];
    let j = i + 1;
    while (isParen(nodes[j])) {
      tuples.push(nodes[j] as Group);
      if (isOp(nodes[j + 1], ',') && isParen(nodes[j + 2])) j += 2;
      else {
        j++;
        break;
      }
    }
    const width = splitCommas(tuples[0]!.items).length;
    const colNames = Array.from({ length: width }, (_, k) => `COLUMN${k + 1}`);
    let body: string;
    const arraySource = this.env.arrayBindSource?.();
    if (arraySource !== undefined && tuples.length === 1) {
      const items = splitCommas(tuples[0]!.items).map((p, k) => `${this.render(p)} AS ${colNames[k]}`);
      body = `SELECT ${items.join(', ')} FROM ${arraySource}`;
    } else {
      body = 'VALUES ' + tuples.map((t) => `(${this.render(t.items)})`).join(', ');
    }
    if (!fromCtx) {
      // INSERT … VALUES / plain VALUES query
      out.push({ text: arraySource !== undefined && tuples.length === 1 ? `(${body})` : body, primary: false });
      return j;
    }
    let alias = '_VALUES';
    let cols = colNames;
    if (isWord(nodes[j], 'AS')) j++;
    const a = nodes[j];
    if (isIdent(a) && !(a.kind === 'word' && CLAUSE_WORDS.has(a.value))) {
      alias = a.kind === 'qid' ? quoteIdent(a.value) : a.value;
      j++;
      const c = nodes[j];
      if (isParen(c)) {
        cols = splitCommas(c.items).map((p) => this.render(p));
        j++;
      }
    }
    out.push({ text: `(${body}) AS ${alias}(${cols.join(', ')})`, primary: true });
    return j;
  }

  /**
   * TABLE(GENERATOR(ROWCOUNT => n)) → n rows numbered 0…n-1 in __SF_SEQ, which SEQ1/2/4/8() read (so
   * those work in a query over a generator, Snowflake's use of them). TIMELIMIT is not supported.
   */
  private generator(args: Group): string {
    let rows: string | undefined;
    for (const a of splitCommas(args.items)) {
      const key = isWord(a[0]) && isOp(a[1], '=>') ? (a[0] as Token).value : undefined;
      if (key === 'ROWCOUNT') rows = this.render(a.slice(2));
      else throw new TranslationError(key ? `GENERATOR(${key} => …) is not supported by the test server` : 'GENERATOR needs ROWCOUNT => n', a[0]?.start ?? args.start);
    }
    if (rows === undefined) throw new TranslationError('GENERATOR needs ROWCOUNT => n', args.start);
    return `(SELECT range AS ${GENERATOR_SEQ} FROM range(CAST(${rows} AS BIGINT)))`;
  }

  /** LATERAL FLATTEN(input => x [, path => 'p']) → a lateral subquery over json_each. */
  private flatten(args: Group, after: number, out: Chunk[]): number {
    let input: string | undefined;
    let path: string | undefined;
    for (const [k, a] of splitCommas(args.items).entries()) {
      if (isWord(a[0]) && isOp(a[1], '=>')) {
        const key = (a[0] as Token).value;
        const val = this.render(a.slice(2));
        if (key === 'INPUT') input = val;
        else if (key === 'PATH') path = val;
      } else if (k === 0) input = this.render(a);
    }
    if (!input) throw new TranslationError('FLATTEN needs input =>', args.start);
    const src = path ? `json_extract(${input}, '$.' || ${path})` : input;
    const sql =
      `LATERAL (SELECT CAST(1 AS BIGINT) AS SEQ, CASE WHEN json_type(_fi._fin) = 'OBJECT' THEN _je.key END AS KEY, ` +
      `CASE WHEN json_type(_fi._fin) = 'ARRAY' THEN '[' || _je.key || ']' ELSE _je.key END AS PATH, ` +
      `CASE WHEN json_type(_fi._fin) = 'ARRAY' THEN CAST(_je.key AS BIGINT) END AS INDEX, ` +
      `CAST(_je.value AS JSON) AS VALUE, CAST(_fi._fin AS JSON) AS THIS ` +
      `FROM (SELECT CAST(${src} AS JSON) AS _fin) _fi, json_each(_fi._fin) _je)`;
    out.push({ text: sql, primary: true });
    return after;
  }
}

function joinChunks(out: readonly Chunk[]): string {
  let s = '';
  for (let k = 0; k < out.length; k++) {
    const c = out[k]!;
    if (k > 0 && c.text !== ',' && c.text !== '.' && out[k - 1]!.text !== '.') s += ' ';
    s += c.text;
  }
  return s;
}

/** Source end offset of a node list (for slicing the original SQL). */
export function nodesEnd(nodes: readonly Node[]): number {
  return nodes.length ? nodeEnd(nodes[nodes.length - 1]!) : 0;
}
