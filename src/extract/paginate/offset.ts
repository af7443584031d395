import { pick, readParam, withParams } from './params.js';
import type { PageRequest, Paginator, ParamLocation } from './types.js';

export interface OffsetOptions {
  readonly offsetParam: string;
  readonly limitParam: string;
  readonly limit: number;
  readonly start?: number;
  readonly in?: ParamLocation;
  /** Dotted path of the total record count, when the API gives one. */
  readonly totalPath?: string;
}

/** Offset/limit pagination (Datadog): stops on a short or empty page, or when the total is reached. */
export function offsetPaginator(opts: OffsetOptions): Paginator {
  const at = opts.in ?? 'query';
  const start = opts.start ?? 0;
  return {
    kind: 'offset',
    first(req: PageRequest): PageRequest {
      return withParams(req, at, { [opts.offsetParam]: start, [opts.limitParam]: opts.limit });
    },
    next(req: PageRequest, body: unknown, recordCount: number): PageRequest | undefined {
      if (recordCount === 0 || recordCount < opts.limit) return undefined;
      const offset = Number(readParam(req, at, opts.offsetParam) ?? start) + recordCount;
      if (opts.totalPath !== undefined) {
        const total = pick(body, opts.totalPath);
        if (typeof total === 'number' && offset >= total) return undefined;
      }
      return withParams(req, at, { [opts.offsetParam]: offset });
    },
  };
}
