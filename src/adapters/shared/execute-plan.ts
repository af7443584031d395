import type { ExecResult, Statement } from '../contract.js';
import { transactionControlOf } from './sql-text.js';

export interface SequentialPlanOptions {
  /** Runs one statement on the plan's connection/session. */
  readonly run: (step: Statement, index: number) => Promise<ExecResult>;
  /** Rolls the open transaction back (errors are ignored: the statement's own error is what matters). */
  readonly rollback: () => Promise<unknown>;
  /**
   * A transaction opened by the caller (`withTransaction`) is already open on the session: the plan's own
   * BEGIN/COMMIT are skipped (it joins the outer transaction) and a failure is left to the outer owner.
   */
  readonly outerTransaction?: boolean;
  /**
   * A transaction the plan continues is already open (an earlier plan on the same session ran its BEGIN,
   * e.g. an incremental model's stage phase): a failure rolls it back, the plan's COMMIT closes it.
   */
  readonly transactionOpen?: boolean;
}

const EMPTY: ExecResult = { rows: [], columns: [] };

function controlOf(step: Statement): 'begin' | 'commit' | 'rollback' | undefined {
  if (step.purpose === 'begin' || step.purpose === 'commit' || step.purpose === 'rollback') return step.purpose;
  return transactionControlOf(step.sql);
}

/**
 * Runs statements in order and stops at the first failure, issuing ROLLBACK first when the plan had
 * opened a transaction that is still open. Rethrows the failing statement's error unchanged.
 */
export async function executePlanSequentially(
  steps: readonly Statement[],
  opts: SequentialPlanOptions,
): Promise<ExecResult[]> {
  const results: ExecResult[] = [];
  let open = !opts.outerTransaction && opts.transactionOpen === true;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const control = controlOf(step);
    if (opts.outerTransaction && control !== undefined) {
      results.push(EMPTY);
      continue;
    }
    try {
      results.push(await opts.run(step, i));
    } catch (err) {
      // Also after a failed COMMIT: DuckDB then leaves the transaction aborted until ROLLBACK.
      if (open) await opts.rollback().catch(() => undefined);
      throw err;
    }
    if (control === 'begin') open = true;
    else if (control === 'commit' || control === 'rollback') open = false;
  }
  return results;
}
