import type { InjectedCte } from './types.js';

/**
 * Injects ephemeral models as CTEs, exactly as dbt's `_inject_ctes_into_sql` does with sqlparse:
 * with a top-level `WITH`, the CTEs go right after it followed by a comma
 * (`with __dbt__cte__a as (\n...\n), existing as (...)`); without one, `with` and the CTEs go before the
 * first token (`with __dbt__cte__a as (\n...\n)select ...`). `WITH RECURSIVE` keeps `recursive` first.
 */

/** Offsets of the first top-level `with` keyword (and the end of the keyword, past `recursive`). */
function findTopLevelWith(sql: string): { end: number } | undefined {
  let depth = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const q = c;
      i++;
      while (i < n) {
        if (sql[i] === q) {
          if (sql[i + 1] === q) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      continue;
    }
    if (c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      depth = Math.max(0, depth - 1);
      i++;
      continue;
    }
    if (/[A-Za-z_]/.test(c) && (i === 0 || !/[A-Za-z0-9_$]/.test(sql[i - 1]!))) {
      let j = i;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      const word = sql.slice(i, j).toLowerCase();
      if (depth === 0 && word === 'with') {
        const rec = /^(\s+)recursive(?![A-Za-z0-9_$])/i.exec(sql.slice(j));
        return { end: rec ? j + rec[0].length : j };
      }
      i = j;
      continue;
    }
    i++;
  }
  return undefined;
}

export function injectCtes(sql: string, ctes: readonly InjectedCte[]): string {
  if (ctes.length === 0) return sql;
  const joined = ctes.map((c) => c.sql).join(', ');
  const w = findTopLevelWith(sql);
  if (w) return sql.slice(0, w.end) + joined + ',' + sql.slice(w.end);
  const first = sql.search(/\S/);
  const at = first === -1 ? sql.length : first;
  return sql.slice(0, at) + 'with' + joined + sql.slice(at);
}

/** `" __dbt__cte__<name> as (\n<sql>\n)"`, dbt's CTE text. */
export function buildCteSql(cteName: string, compiledSql: string): string {
  return ` ${cteName} as (\n${compiledSql}\n)`;
}
