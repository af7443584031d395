import type { PageRequest, Paginator } from './types.js';

export interface FetchedPage {
  readonly body: unknown;
  readonly records: readonly unknown[];
}

export interface PageResult extends FetchedPage {
  /** 0-based page number within this walk. */
  readonly index: number;
  readonly request: PageRequest;
}

/**
 * Walks the pages of one endpoint: an async generator, so only the current page is in memory and
 * the consumer decides the pace (back-pressure). `maxPages` guards against runaway APIs.
 */
export async function* paginate(
  paginator: Paginator,
  initial: PageRequest,
  fetchPage: (req: PageRequest) => Promise<FetchedPage>,
  maxPages = 1_000_000,
): AsyncGenerator<PageResult> {
  let req: PageRequest | undefined = paginator.first(initial);
  for (let index = 0; req !== undefined; index++) {
    if (index >= maxPages) throw new Error(`more than ${maxPages} pages; stopping`);
    const page = await fetchPage(req);
    yield { index, request: req, body: page.body, records: page.records };
    req = paginator.next(req, page.body, page.records.length);
  }
}
