import type { ParamLocation, PageRequest } from './types.js';

export function readParam(req: PageRequest, at: ParamLocation, name: string): unknown {
  return at === 'body' ? req.body?.[name] : req.query[name];
}

export function withParams(req: PageRequest, at: ParamLocation, params: Readonly<Record<string, unknown>>): PageRequest {
  if (at === 'body') return { query: req.query, body: { ...(req.body ?? {}), ...params } };
  const q: Record<string, unknown> = { ...req.query, ...params };
  return { query: q as PageRequest['query'], ...(req.body !== undefined ? { body: req.body } : {}) };
}

/** Reads a dotted path (`pagination_meta.after`) from a JSON value. */
export function pick(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
