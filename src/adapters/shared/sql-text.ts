/**
 * Small pure helpers over SQL text shared by dialects and planners.
 */

/** Removes trailing whitespace and semicolons, so a SELECT can be wrapped in `(...)`. */
export function stripTrailingSemicolon(sql: string): string {
  let end = sql.length;
  for (;;) {
    while (end > 0 && /\s/.test(sql[end - 1]!)) end--;
    if (end > 0 && sql[end - 1] === ';') {
      end--;
      continue;
    }
    break;
  }
  return sql.slice(0, end);
}

export type TransactionControl = 'begin' | 'commit' | 'rollback';

const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const COMMIT = /^\s*(commit|end)\s*(transaction|work)?\s*;?\s*$/i;
const ROLLBACK = /^\s*(rollback|abort)\s*(transaction|work)?\s*;?\s*$/i;

/** Whether a statement opens or closes a transaction (for tracking the session's state). */
export function transactionControlOf(sql: string): TransactionControl | undefined {
  if (BEGIN.test(sql)) return 'begin';
  if (COMMIT.test(sql)) return 'commit';
  if (ROLLBACK.test(sql)) return 'rollback';
  return undefined;
}
