import { pick, readParam, withParams } from './params.js';
import type { PageRequest, Paginator, ParamLocation } from './types.js';

export interface PageNumberOptions {
  readonly pageParam: string;
  readonly sizeParam?: string;
  readonly size: number;
  /** First page number; 1 unless the API counts from 0. */
  readonly start?: number;
  readonly in?: ParamLocation;
  /** Dotted path of a "more pages" flag: `metadata.has_more` (LiteLLM), `pagination.hasNextPage` (Cursor). */
  readonly hasMorePath?: string;
  /** Dotted path of the page count: `metadata.total_pages`, `total_pages`. */
  readonly totalPagesPath?: string;
  /** Dotted path of the record count: `total_seats` (GitHub). */
  readonly totalPath?: string;
  /**
   * When the body carries none of the above, stop after one page (an API version without
   * pagination, e.g. Cursor's original daily-usage-data) rather than on a short page.
   */
  readonly singlePageWithoutMeta?: boolean;
}

/**
 * Page-number pagination. The first signal the body offers decides: has-more flag, then total pages,
 * then total records; otherwise a short or empty page ends it.
 */
export function pageNumberPaginator(opts: PageNumberOptions): Paginator {
  const at = opts.in ?? 'query';
  const start = opts.start ?? 1;
  return {
    kind: 'page',
    first(req: PageRequest): PageRequest {
      const params: Record<string, unknown> = { [opts.pageParam]: start };
      if (opts.sizeParam) params[opts.sizeParam] = opts.size;
      return withParams(req, at, params);
    },
    next(req: PageRequest, body: unknown, recordCount: number): PageRequest | undefined {
      if (recordCount === 0) return undefined;
      const page = Number(readParam(req, at, opts.pageParam) ?? start);
      const following = withParams(req, at, { [opts.pageParam]: page + 1 });
      if (opts.hasMorePath !== undefined) {
        const more = pick(body, opts.hasMorePath);
        if (typeof more === 'boolean') return more ? following : undefined;
      }
      if (opts.totalPagesPath !== undefined) {
        const pages = pick(body, opts.totalPagesPath);
        if (typeof pages === 'number') return page - start + 1 < pages ? following : undefined;
      }
      if (opts.totalPath !== undefined) {
        const total = pick(body, opts.totalPath);
        if (typeof total === 'number') return (page - start) * opts.size + recordCount < total ? following : undefined;
      }
      if (opts.singlePageWithoutMeta) return undefined;
      return recordCount < opts.size ? undefined : following;
    },
  };
}
