/**
 * Snowflake data types: parsing type names as written in SQL, the DuckDB type each is stored as, and
 * the Snowflake spelling reported back (DESCRIBE, SHOW COLUMNS, information_schema, result rowtype).
 */
import type { Token } from './tokenize.js';
import { isOp, isParen, isWord, splitCommas, type Node } from './tree.js';

export type SfTypeName =
  | 'NUMBER'
  | 'FLOAT'
  | 'TEXT'
  | 'BINARY'
  | 'BOOLEAN'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP_NTZ'
  | 'TIMESTAMP_LTZ'
  | 'TIMESTAMP_TZ'
  | 'VARIANT'
  | 'OBJECT'
  | 'ARRAY'
  | 'GEOGRAPHY';

export interface SfType {
  readonly name: SfTypeName;
  readonly precision?: number;
  readonly scale?: number;
  readonly length?: number;
}

export const MAX_TEXT_LENGTH = 16777216;
export const MAX_BINARY_LENGTH = 8388608;

const SIMPLE: Record<string, SfTypeName> = {
  NUMBER: 'NUMBER',
  NUMERIC: 'NUMBER',
  DECIMAL: 'NUMBER',
  DEC: 'NUMBER',
  INT: 'NUMBER',
  INTEGER: 'NUMBER',
  BIGINT: 'NUMBER',
  SMALLINT: 'NUMBER',
  TINYINT: 'NUMBER',
  BYTEINT: 'NUMBER',
  HUGEINT: 'NUMBER',
  FLOAT: 'FLOAT',
  FLOAT4: 'FLOAT',
  FLOAT8: 'FLOAT',
  DOUBLE: 'FLOAT',
  REAL: 'FLOAT',
  VARCHAR: 'TEXT',
  STRING: 'TEXT',
  TEXT: 'TEXT',
  CHAR: 'TEXT',
  CHARACTER: 'TEXT',
  NCHAR: 'TEXT',
  NVARCHAR: 'TEXT',
  NVARCHAR2: 'TEXT',
  NCHARACTER: 'TEXT',
  BINARY: 'BINARY',
  VARBINARY: 'BINARY',
  BLOB: 'BINARY',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIME: 'TIME',
  DATETIME: 'TIMESTAMP_NTZ',
  TIMESTAMP: 'TIMESTAMP_NTZ',
  TIMESTAMP_NTZ: 'TIMESTAMP_NTZ',
  TIMESTAMPNTZ: 'TIMESTAMP_NTZ',
  TIMESTAMP_LTZ: 'TIMESTAMP_LTZ',
  TIMESTAMPLTZ: 'TIMESTAMP_LTZ',
  TIMESTAMP_TZ: 'TIMESTAMP_TZ',
  TIMESTAMPTZ: 'TIMESTAMP_TZ',
  VARIANT: 'VARIANT',
  OBJECT: 'OBJECT',
  ARRAY: 'ARRAY',
  JSON: 'VARIANT',
  GEOGRAPHY: 'GEOGRAPHY',
  GEOMETRY: 'GEOGRAPHY',
};

const INTEGER_ALIASES = new Set(['INT', 'INTEGER', 'BIGINT', 'SMALLINT', 'TINYINT', 'BYTEINT', 'HUGEINT']);

export function isTypeName(word: string): boolean {
  return Object.hasOwn(SIMPLE, word);
}

/**
 * Parses a type at nodes[i]. Returns the type and the index after it, or undefined when nodes[i] does not
 * start a known type name.
 */
export function parseType(nodes: readonly Node[], i: number): { type: SfType; end: number; integerAlias: boolean } | undefined {
  const first = nodes[i];
  if (!isWord(first)) return undefined;
  let word = (first as Token).value;
  let j = i + 1;
  if (word === 'DOUBLE' && isWord(nodes[j], 'PRECISION')) j++;
  if ((word === 'CHARACTER' || word === 'CHAR') && isWord(nodes[j], 'VARYING')) j++;
  if (word === 'TIMESTAMP' && isWord(nodes[j], 'WITH', 'WITHOUT')) {
    const without = isWord(nodes[j], 'WITHOUT');
    let k = j + 1;
    const local = isWord(nodes[k], 'LOCAL');
    if (local) k++;
    if (isWord(nodes[k], 'TIME') && isWord(nodes[k + 1], 'ZONE')) {
      j = k + 2;
      word = without ? 'TIMESTAMP_NTZ' : local ? 'TIMESTAMP_LTZ' : 'TIMESTAMP_TZ';
    }
  }
  const name = SIMPLE[word];
  if (!name) return undefined;
  let args: number[] = [];
  const g = nodes[j];
  if (isParen(g)) {
    args = splitCommas(g.items).map((p) => Number(p[0] && p[0].kind !== 'group' ? p[0].text : NaN));
    j++;
  }
  const integerAlias = INTEGER_ALIASES.has(word);
  let type: SfType;
  switch (name) {
    case 'NUMBER':
      type = integerAlias ? { name, precision: 38, scale: 0 } : { name, precision: args[0] ?? 38, scale: args[1] ?? 0 };
      break;
    case 'TEXT':
      type = { name, length: args[0] ?? (word === 'CHAR' || word === 'CHARACTER' || word === 'NCHAR' ? (g ? args[0]! : 1) : MAX_TEXT_LENGTH) };
      break;
    case 'BINARY':
      type = { name, length: args[0] ?? MAX_BINARY_LENGTH };
      break;
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      type = { name, scale: args[0] ?? 9 };
      break;
    default:
      type = { name };
  }
  return { type, end: j, integerAlias };
}

/** The DuckDB type a Snowflake type is stored as. */
export function duckTypeFor(t: SfType, integerAlias = false): string {
  switch (t.name) {
    case 'NUMBER':
      if (integerAlias) return 'BIGINT';
      return `DECIMAL(${Math.min(t.precision ?? 38, 38)},${t.scale ?? 0})`;
    case 'FLOAT':
      return 'DOUBLE';
    case 'TEXT':
      return 'VARCHAR';
    case 'BINARY':
      return 'BLOB';
    case 'BOOLEAN':
      return 'BOOLEAN';
    case 'DATE':
      return 'DATE';
    case 'TIME':
      return 'TIME';
    case 'TIMESTAMP_NTZ':
      return 'TIMESTAMP';
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return 'TIMESTAMPTZ';
    case 'VARIANT':
    case 'OBJECT':
    case 'ARRAY':
      return 'JSON';
    case 'GEOGRAPHY':
      return 'VARCHAR';
  }
}

/** Snowflake's spelling with parameters, as DESCRIBE TABLE shows it: NUMBER(38,0), VARCHAR(16777216)… */
export function sfTypeText(t: SfType): string {
  switch (t.name) {
    case 'NUMBER':
      return `NUMBER(${t.precision ?? 38},${t.scale ?? 0})`;
    case 'TEXT':
      return `VARCHAR(${t.length ?? MAX_TEXT_LENGTH})`;
    case 'BINARY':
      return `BINARY(${t.length ?? MAX_BINARY_LENGTH})`;
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return `${t.name}(${t.scale ?? 9})`;
    default:
      return t.name;
  }
}

/** Maps a DuckDB type string (duckdb_columns().data_type, DESCRIBE) to the Snowflake type. */
export function sfTypeFromDuck(duck: string): SfType {
  const d = duck.toUpperCase();
  if (d.endsWith('[]') || d.startsWith('LIST') || /\[\d+\]$/.test(d)) return { name: 'ARRAY' };
  if (d.startsWith('STRUCT') || d.startsWith('MAP')) return { name: 'OBJECT' };
  const m = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(d);
  if (m) return { name: 'NUMBER', precision: Number(m[1]), scale: Number(m[2]) };
  switch (d) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
    case 'HUGEINT':
    case 'UTINYINT':
    case 'USMALLINT':
    case 'UINTEGER':
    case 'UBIGINT':
    case 'UHUGEINT':
      return { name: 'NUMBER', precision: 38, scale: 0 };
    case 'FLOAT':
    case 'DOUBLE':
      return { name: 'FLOAT' };
    case 'BOOLEAN':
      return { name: 'BOOLEAN' };
    case 'DATE':
      return { name: 'DATE' };
    case 'TIME':
    case 'TIME WITH TIME ZONE':
      return { name: 'TIME', scale: 9 };
    case 'TIMESTAMP':
    case 'TIMESTAMP_S':
    case 'TIMESTAMP_MS':
    case 'TIMESTAMP_NS':
      return { name: 'TIMESTAMP_NTZ', scale: 9 };
    case 'TIMESTAMP WITH TIME ZONE':
      return { name: 'TIMESTAMP_LTZ', scale: 9 };
    case 'BLOB':
      return { name: 'BINARY', length: MAX_BINARY_LENGTH };
    case 'JSON':
    case 'VARIANT':
      return { name: 'VARIANT' };
    default:
      return { name: 'TEXT', length: MAX_TEXT_LENGTH };
  }
}

/** Whether a declared Snowflake type is still a faithful description of the stored DuckDB type. */
export function declaredStillApplies(declared: SfType, actual: SfType): boolean {
  if (declared.name === actual.name) return true;
  if ((declared.name === 'OBJECT' || declared.name === 'ARRAY') && actual.name === 'VARIANT') return true;
  if (declared.name === 'TIMESTAMP_TZ' && actual.name === 'TIMESTAMP_LTZ') return true;
  if (declared.name === 'GEOGRAPHY' && actual.name === 'TEXT') return true;
  return false;
}

/** SHOW COLUMNS data_type JSON. */
export function sfTypeJson(t: SfType, nullable: boolean): string {
  switch (t.name) {
    case 'NUMBER':
      return JSON.stringify({ type: 'FIXED', precision: t.precision ?? 38, scale: t.scale ?? 0, nullable });
    case 'FLOAT':
      return JSON.stringify({ type: 'REAL', nullable });
    case 'TEXT':
      return JSON.stringify({ type: 'TEXT', length: t.length ?? MAX_TEXT_LENGTH, byteLength: Math.min((t.length ?? MAX_TEXT_LENGTH) * 4, MAX_TEXT_LENGTH), nullable, fixed: false });
    case 'BINARY':
      return JSON.stringify({ type: 'BINARY', length: t.length ?? MAX_BINARY_LENGTH, byteLength: t.length ?? MAX_BINARY_LENGTH, nullable, fixed: false });
    case 'TIME':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ':
    case 'TIMESTAMP_TZ':
      return JSON.stringify({ type: t.name, precision: 0, scale: t.scale ?? 9, nullable });
    default:
      return JSON.stringify({ type: t.name, nullable });
  }
}

/** Whether nodes[i] is `::`. */
export function isCastOp(n: Node | undefined): boolean {
  return isOp(n, '::');
}
