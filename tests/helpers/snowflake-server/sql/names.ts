/**
 * Object names: parsing `a.b.c` (unquoted parts upper-cased, quoted kept), resolving them against the
 * session's current database and schema, and rendering them for DuckDB and for messages.
 */
import { errors } from '../errors.js';
import { isIdent, isOp, type Node } from './tree.js';
import { quoteIdent } from './translate.js';

export interface ObjectName {
  readonly db: string;
  readonly schema: string;
  readonly name: string;
}

export function parseName(nodes: readonly Node[], i: number): { parts: string[]; end: number } | undefined {
  const first = nodes[i];
  if (!isIdent(first)) return undefined;
  const parts = [first.value];
  let j = i + 1;
  while (isOp(nodes[j], '.') && isIdent(nodes[j + 1])) {
    parts.push((nodes[j + 1] as { value: string }).value);
    j += 2;
  }
  // `db..name` (default schema)
  if (isOp(nodes[j], '.') && isOp(nodes[j + 1], '.') && isIdent(nodes[j + 2])) {
    parts.push('PUBLIC', (nodes[j + 2] as { value: string }).value);
    j += 3;
  }
  return { parts, end: j };
}

export interface NameContext {
  readonly database: string | null;
  readonly schema: string | null;
}

export function resolveName(parts: readonly string[], s: NameContext, what: string): ObjectName {
  if (parts.length >= 3) return { db: parts[parts.length - 3]!, schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
  if (!s.database) throw errors.noDatabase(what);
  if (parts.length === 2) return { db: s.database, schema: parts[0]!, name: parts[1]! };
  if (!s.schema) throw errors.noSchema(what);
  return { db: s.database, schema: s.schema, name: parts[0]! };
}

/** A schema name: `db.schema` or `schema` in the current database. */
export function resolveSchema(parts: readonly string[], s: NameContext, what: string): { db: string; schema: string } {
  if (parts.length >= 2) return { db: parts[parts.length - 2]!, schema: parts[parts.length - 1]! };
  if (!s.database) throw errors.noDatabase(what);
  return { db: s.database, schema: parts[0]! };
}

export function duckName(n: ObjectName): string {
  return `${quoteIdent(n.db)}.${quoteIdent(n.schema)}.${quoteIdent(n.name)}`;
}

export function displayName(n: ObjectName): string {
  return `${n.db}.${n.schema}.${n.name}`;
}
