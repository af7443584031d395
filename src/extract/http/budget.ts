/**
 * A per-source request budget: at most `maxRequests` HTTP requests (every attempt counts) and at most
 * `maxRetries` retries. A source that spends its budget fails alone; the others keep theirs.
 */
export interface BudgetLimits {
  readonly maxRequests: number;
  readonly maxRetries: number;
}

export const DEFAULT_BUDGET: BudgetLimits = { maxRequests: 100_000, maxRetries: 200 };

export class RequestBudget {
  readonly limits: BudgetLimits;
  requests = 0;
  retries = 0;

  constructor(limits: BudgetLimits = DEFAULT_BUDGET) {
    this.limits = limits;
  }

  /** Counts one request; false (and counts nothing) when the budget has none left. */
  takeRequest(): boolean {
    if (this.requests >= this.limits.maxRequests) return false;
    this.requests++;
    return true;
  }

  /** Counts one retry; false (and counts nothing) when the budget has none left. */
  takeRetry(): boolean {
    if (this.retries >= this.limits.maxRetries) return false;
    this.retries++;
    return true;
  }
}
