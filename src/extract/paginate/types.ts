import type { Query } from '../http/index.js';

/** The part of a request pagination changes: the query string and (for POST APIs) the JSON body. */
export interface PageRequest {
  readonly query: Query;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** Where a paginator puts its parameters. */
export type ParamLocation = 'query' | 'body';

/**
 * A pagination strategy. `first` and `next` are pure: given the request just sent, the page body
 * and how many records it held, `next` returns the next request or undefined at the end.
 */
export interface Paginator {
  readonly kind: 'cursor' | 'offset' | 'page' | 'none';
  first(req: PageRequest): PageRequest;
  next(req: PageRequest, body: unknown, recordCount: number): PageRequest | undefined;
}

/** Thrown when an API sends the same cursor twice, which would loop forever. */
export class PaginationStallError extends Error {
  constructor(readonly cursor: string) {
    super(`the API returned the same cursor twice (${cursor.slice(0, 40)}); pagination would never end`);
    this.name = 'PaginationStallError';
  }
}
