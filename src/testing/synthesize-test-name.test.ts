import { describe, expect, it } from 'vitest';
import { buildGenericTestHash, buildGenericTestNames } from './synthesize-test-name.js';
import { pyRepr } from './python-text.js';

const model = (name: string) => `{{ get_where_subquery(ref('${name}')) }}`;

describe('buildGenericTestNames (dbt synthesize_generic_test_names)', () => {
  it('joins the sorted, flattened, cleaned arguments', () => {
    expect(buildGenericTestNames('not_null', 'orders', { column_name: 'id', model: model('orders') }).fullName).toBe('not_null_orders_id');
    expect(buildGenericTestNames('accepted_values', 'orders', { values: ['placed', 'shipped'], column_name: 'status', model: model('orders') }).fullName).toBe(
      'accepted_values_orders_status__placed__shipped',
    );
    expect(buildGenericTestNames('relationships', 'orders', { to: "ref('customers')", field: 'id', column_name: 'customer_id', model: model('orders') }).fullName).toBe(
      'relationships_orders_customer_id__id__ref_customers_',
    );
    expect(buildGenericTestNames('source_not_null', 'raw_orders', { column_name: 'id', model: "{{ get_where_subquery(source('raw', 'orders')) }}" }).fullName).toBe(
      'source_not_null_raw_orders_id',
    );
  });

  it("str()s values as Python does (True, floats, dict values)", () => {
    const n = buildGenericTestNames('is_between', 'orders', { min_value: 0, max_value: 100.5, inclusive: true, column_name: 'amount', model: model('orders') });
    expect(n).toEqual({ fullName: 'is_between_orders_amount__True__100_5__0', shortName: 'is_between_orders_amount__True__100_5__0' });
    expect(buildGenericTestNames('t', 'm', { opts: { a: 'x y', b: null } }).fullName).toBe('t_m_x_y__None');
  });

  it('truncates names of 64+ characters to 30 characters and the md5 of the full name', () => {
    const n = buildGenericTestNames('accepted_values', 'orders', {
      values: ['placed', 'shipped', 'completed', 'return_pending', 'returned', 'lost_in_transit'],
      quote: false,
      column_name: 'status',
      model: model('orders'),
    });
    expect(n.fullName).toBe('accepted_values_orders_status__False__placed__shipped__completed__return_pending__returned__lost_in_transit');
    expect(n.shortName).toBe('accepted_values_orders_98c9c1b9692ff986e947e238bc4d4e58');
  });
});

describe('buildGenericTestHash (dbt create_test_node)', () => {
  // Hand-checked against dbt's algorithm; the first four are jaffle_shop's well-known test ids.
  it.each([
    ['unique_customers_customer_id', 'unique', { column_name: 'customer_id', model: model('customers') }, 'c5af1ff4b1'],
    ['not_null_customers_customer_id', 'not_null', { column_name: 'customer_id', model: model('customers') }, '5c9bf9911d'],
    [
      'accepted_values_orders_status__placed__shipped__completed__return_pending__returned',
      'accepted_values',
      { values: ['placed', 'shipped', 'completed', 'return_pending', 'returned'], column_name: 'status', model: model('orders') },
      'be6b5b5ec3',
    ],
    [
      'relationships_orders_customer_id__customer_id__ref_customers_',
      'relationships',
      { to: "ref('customers')", field: 'customer_id', column_name: 'customer_id', model: model('orders') },
      'c6ec7f58f2',
    ],
    ['source_not_null_raw_orders_id', 'not_null', { column_name: 'id', model: "{{ get_where_subquery(source('raw', 'orders')) }}" }, 'f232a64478'],
  ])('%s', (fullName, name, kwargs, hash) => {
    expect(buildGenericTestHash(fullName, { name, namespace: null, kwargs })).toBe(hash);
  });
});

describe('pyRepr', () => {
  it('quotes as CPython', () => {
    expect(pyRepr("it's")).toBe(`"it's"`);
    expect(pyRepr(`a'b"c`)).toBe(`'a\\'b"c'`);
    expect(pyRepr({ k: [1, true, null, 'x\n'] })).toBe("{'k': [1, True, None, 'x\\n']}");
  });
});
