import { describe, expect, it } from 'vitest';
import { fixtureCteName, formatInputCall, inputKey, parseInputCall } from './parse-input-call.js';

describe('parseInputCall', () => {
  it('reads every form dbt accepts and normalises it', () => {
    const cases: [string, string, string][] = [
      ["ref('orders')", "ref('orders')", 'ref:orders'],
      ['ref("orders")', "ref('orders')", 'ref:orders'],
      ["  ref( 'shop' , 'orders' ) ", "ref('shop', 'orders')", 'ref:orders'],
      ["ref('orders', v=2)", "ref('orders', v='2')", 'ref:orders'],
      ["ref('orders', version='1')", "ref('orders', v='1')", 'ref:orders'],
      ["source('raw', 'events')", "source('raw', 'events')", 'source:raw.events'],
      ['this', 'this', 'this'],
    ];
    for (const [text, canonical, key] of cases) {
      const call = parseInputCall(text);
      expect(call, text).toBeDefined();
      expect(formatInputCall(call!)).toBe(canonical);
      expect(inputKey(call!)).toBe(key);
    }
  });

  it('rejects anything else', () => {
    for (const text of ["sorce('a', 'b')", "ref()", "ref('a', 'b', 'c')", "source('a')", "ref('a'", 'ref(a)', "ref('a', w=1)", 'thisx', "source('a', 'b', v=1)", ''])
      expect(parseInputCall(text), text).toBeUndefined();
  });

  it('names fixture CTEs as dbt names input CTEs', () => {
    expect(fixtureCteName(parseInputCall("ref('a')")!, 'm')).toBe('__dbt__cte__a');
    expect(fixtureCteName(parseInputCall("source('raw', 'ev')")!, 'm')).toBe('__dbt__cte__raw__ev');
    expect(fixtureCteName(parseInputCall('this')!, 'fct')).toBe('__dbt__cte__fct');
  });
});
