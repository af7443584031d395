import { describe, expect, it } from 'vitest';
import { fqnMatches } from './selector-methods.js';

describe('fqnMatches (dbt is_selected_node)', () => {
  const fqn = ['shop', 'marts', 'finance', 'fct_orders'];

  it('matches the leaf, the fqn from the package, or from below it', () => {
    expect(fqnMatches(fqn, 'fct_orders')).toBe(true);
    expect(fqnMatches(fqn, 'shop.marts')).toBe(true);
    expect(fqnMatches(fqn, 'marts.finance')).toBe(true);
    expect(fqnMatches(fqn, 'marts.finance.fct_orders')).toBe(true);
    expect(fqnMatches(fqn, 'finance')).toBe(false);
    expect(fqnMatches(fqn, 'shop.finance')).toBe(false);
    expect(fqnMatches(fqn, 'marts.finance.fct_orders.extra')).toBe(false);
  });

  it('globs the rest of the fqn from the first wildcard part', () => {
    expect(fqnMatches(fqn, 'shop.*')).toBe(true);
    expect(fqnMatches(fqn, 'marts.*.fct_*')).toBe(true);
    expect(fqnMatches(fqn, 'marts.f*')).toBe(true);
    expect(fqnMatches(fqn, 'staging.*')).toBe(false);
    expect(fqnMatches(fqn, 'fct_*')).toBe(false); // dbt: the glob covers the whole rest of the fqn
    expect(fqnMatches(fqn, '*fct_*')).toBe(true);
  });

  it('flattens dots inside segments', () => {
    const dotted = ['shop', 'staging', 'stg.orders'];
    expect(fqnMatches(dotted, 'stg.orders')).toBe(true);
    expect(fqnMatches(dotted, 'staging.stg.orders')).toBe(true);
    expect(fqnMatches(dotted, 'staging.stg')).toBe(true);
    expect(fqnMatches(dotted, 'shop.staging.stg.*')).toBe(true);
    expect(fqnMatches(dotted, 'orders')).toBe(false);
  });

  it('versioned models match by name, name_vN and name.vN', () => {
    const versioned = ['shop', 'marts', 'dim_customers', 'v2'];
    expect(fqnMatches(versioned, 'dim_customers', 2)).toBe(true);
    expect(fqnMatches(versioned, 'dim_customers_v2', 2)).toBe(true);
    expect(fqnMatches(versioned, 'dim_customers.v2', 2)).toBe(true);
    expect(fqnMatches(versioned, 'dim_customers_v1', 2)).toBe(false);
  });
});
