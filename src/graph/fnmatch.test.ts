import { describe, expect, it } from 'vitest';
import { fnmatch, hasWildcard } from './fnmatch.js';

describe('fnmatch (Python fnmatchcase, as dbt uses)', () => {
  it('matches *, ?, sets and negated sets; * crosses dots and slashes', () => {
    expect(fnmatch('stg_orders', 'stg_*')).toBe(true);
    expect(fnmatch('shop.staging.stg_x', 'shop.*')).toBe(true);
    expect(fnmatch('a/b/c', 'a*c')).toBe(true);
    expect(fnmatch('stg_x', 'stg_?')).toBe(true);
    expect(fnmatch('stg_xy', 'stg_?')).toBe(false);
    expect(fnmatch('v1', 'v[12]')).toBe(true);
    expect(fnmatch('v3', 'v[!12]')).toBe(true);
    expect(fnmatch('v1', 'v[!12]')).toBe(false);
    expect(fnmatch('a.b', 'a.b')).toBe(true);
    expect(fnmatch('axb', 'a.b')).toBe(false);
    expect(fnmatch('Stg_x', 'stg_*')).toBe(false);
    expect(fnmatch('x[', 'x[')).toBe(true);
    expect(fnmatch('a+b', 'a+*')).toBe(true);
  });

  it('knows a wildcard when it sees one', () => {
    expect(hasWildcard('a*')).toBe(true);
    expect(hasWildcard('a?')).toBe(true);
    expect(hasWildcard('a[b]')).toBe(true);
    expect(hasWildcard('a.b')).toBe(false);
  });
});
