/** A query parameter value: arrays repeat the key (`mode[one_of]=a&mode[one_of]=b`); undefined/null are left out. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type Query = Readonly<Record<string, QueryValue>>;

/** `base` + `path` + the URL-encoded query, keys in insertion order. */
export function buildUrl(base: string, path: string, query: Query = {}): string {
  const trimmedBase = base.endsWith('/') ? base.slice(0, -1) : base;
  const url = path.startsWith('http://') || path.startsWith('https://') ? path : trimmedBase + (path.startsWith('/') ? path : `/${path}`);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  if (qs === '') return url;
  return url + (url.includes('?') ? '&' : '?') + qs;
}
