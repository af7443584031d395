import type { Column, ColumnComment, Statement } from '../adapters/index.js';
import type { MaterializationInput } from './types.js';

/**
 * dbt's `persist_docs`: the node's description as the relation comment, documented columns' descriptions
 * as column comments — on engines whose dialect can write comments (`commentOnRelation` /
 * `commentOnColumns`; DuckDB's cannot, so nothing changes there). Pure.
 */

function persistFlags(input: MaterializationInput): { relation: boolean; columns: boolean } {
  const raw = input.node.config.persist_docs;
  if (typeof raw !== 'object' || raw === null) return { relation: false, columns: false };
  return { relation: raw.relation === true, columns: raw.columns === true };
}

/** The relation comment to write, or undefined (not asked for, nothing to write, or no comment support). */
export function relationCommentFor(input: MaterializationInput): string | undefined {
  if (!input.dialect.commentOnRelation || !persistFlags(input).relation) return undefined;
  const text = input.node.description?.trim();
  return text ? text : undefined;
}

/** The documented columns (non-empty description) when column comments are asked for and supported. */
export function documentedColumns(input: MaterializationInput): ColumnComment[] {
  if (!input.dialect.commentOnColumns || !persistFlags(input).columns) return [];
  const out: ColumnComment[] = [];
  for (const [key, info] of Object.entries(input.node.columns ?? {})) {
    const comment = info.description?.trim();
    if (comment) out.push({ name: info.name ?? key, comment });
  }
  return out;
}

/**
 * The orchestrator reads the SELECT's columns first (one `limit 0` query) when column comments are to be
 * written on a view or a table being built: a view lists every column in its CREATE (dbt-snowflake), a
 * table comments only the documented columns that exist.
 */
export function needsQueryColumns(input: MaterializationInput): boolean {
  return input.queryColumns === undefined && documentedColumns(input).length > 0;
}

/** Documented columns matched (case-insensitively) against `columns`, in the table's order and spelling. */
export function matchDocumentedColumns(documented: readonly ColumnComment[], columns: readonly { readonly name: string }[]): ColumnComment[] {
  const byName = new Map(documented.map((d) => [d.name.toLowerCase(), d.comment]));
  const out: ColumnComment[] = [];
  for (const c of columns) {
    const comment = byName.get(c.name.toLowerCase());
    if (comment !== undefined) out.push({ name: c.name, comment });
  }
  return out;
}

/** A view's column list with comments (every query column, undocumented ones without), or undefined. */
export function viewColumnList(input: MaterializationInput): ColumnComment[] | undefined {
  const documented = documentedColumns(input);
  if (documented.length === 0 || !input.queryColumns) return undefined;
  const byName = new Map(documented.map((d) => [d.name.toLowerCase(), d.comment]));
  return input.queryColumns.map((c) => ({ name: c.name, comment: byName.get(c.name.toLowerCase()) ?? '' }));
}

/**
 * Column-comment statements for a relation that exists with `columns` (undefined: the documented
 * columns as written, when the columns are not known — compile output and golden files).
 */
export function planColumnComments(input: MaterializationInput, kind: 'table' | 'view', columns?: readonly Column[]): Statement[] {
  const documented = documentedColumns(input);
  if (documented.length === 0) return [];
  const comments = columns ? matchDocumentedColumns(documented, columns) : documented;
  return input.dialect.commentOnColumns!(input.node.relation, kind, comments);
}
