import { pick, readParam, withParams } from './params.js';
import { PaginationStallError } from './types.js';
import type { PageRequest, Paginator, ParamLocation } from './types.js';

export interface CursorOptions {
  /** The request parameter the cursor goes into: `after` (incident.io, OpenAI users), `page` (Anthropic, OpenAI usage). */
  readonly param: string;
  /** Dotted path of the next cursor in the body: `pagination_meta.after`, `next_page`, `last_id`. */
  readonly cursorPath: string;
  /** Dotted path of a "more pages" flag (`has_more`); when present and false, pagination stops. */
  readonly hasMorePath?: string;
  readonly sizeParam?: string;
  readonly size?: number;
  readonly in?: ParamLocation;
  /** Stop on an empty page even if a cursor came back (incident.io). Default true. */
  readonly stopOnEmpty?: boolean;
}

/**
 * Cursor pagination. The cursor is opaque: it is read from the body and sent back as is. Stops when
 * the cursor is absent/null/empty, the has-more flag is false, or (by default) a page is empty.
 */
export function cursorPaginator(opts: CursorOptions): Paginator {
  const at = opts.in ?? 'query';
  const stopOnEmpty = opts.stopOnEmpty ?? true;
  return {
    kind: 'cursor',
    first(req: PageRequest): PageRequest {
      return opts.sizeParam && opts.size !== undefined ? withParams(req, at, { [opts.sizeParam]: opts.size }) : req;
    },
    next(req: PageRequest, body: unknown, recordCount: number): PageRequest | undefined {
      if (stopOnEmpty && recordCount === 0) return undefined;
      if (opts.hasMorePath !== undefined) {
        const more = pick(body, opts.hasMorePath);
        if (more === false) return undefined;
      }
      const cursor = pick(body, opts.cursorPath);
      if (cursor === undefined || cursor === null || cursor === '') return undefined;
      const value = typeof cursor === 'string' || typeof cursor === 'number' ? String(cursor) : JSON.stringify(cursor);
      const current = readParam(req, at, opts.param);
      if (current !== undefined && String(current) === value) throw new PaginationStallError(value);
      return withParams(req, at, { [opts.param]: value });
    },
  };
}
