import { describe, expect, it } from 'vitest';
import { buildLineageSubset, selectGraphNodes, type SelectableNode } from './select-graph.js';

// raw.customers (source) → stg_customers → customers → mart_a
// seed orders_seed → stg_orders → customers;  test on customers
const NODES: SelectableNode[] = [
  { id: 'source.shop.raw.customers', name: 'customers', type: 'source', pkg: 'shop', file: 'models/sources.yml', source: { name: 'raw' } },
  { id: 'seed.shop.orders_seed', name: 'orders_seed', type: 'seed', pkg: 'shop', file: 'seeds/orders_seed.csv' },
  { id: 'model.shop.stg_customers', name: 'stg_customers', type: 'model', pkg: 'shop', file: 'models/staging/stg_customers.sql', tags: ['daily'] },
  { id: 'model.shop.stg_orders', name: 'stg_orders', type: 'model', pkg: 'shop', file: 'models/staging/stg_orders.sql', tags: ['daily', 'orders'] },
  { id: 'model.shop.customers', name: 'customers', type: 'model', pkg: 'shop', file: 'models/marts/customers.sql' },
  { id: 'model.shop.mart_a', name: 'mart_a', type: 'model', pkg: 'shop', file: 'models/marts/mart_a.sql' },
  { id: 'test.shop.unique_customers_id.abc', name: 'unique_customers_id', type: 'test', pkg: 'shop', file: 'models/marts/schema.yml' },
];
const PARENTS = [[], [], [0], [1], [2, 3], [4], [4]];
const CHILDREN: number[][] = NODES.map(() => []);
PARENTS.forEach((ps, i) => ps.forEach((p) => CHILDREN[p]!.push(i)));

const select = (expr: string): string[] => selectGraphNodes(NODES, PARENTS, CHILDREN, expr).map((i) => NODES[i]!.id.split('.').slice(0, 2).join('.') + '.' + NODES[i]!.name);

describe('selectGraphNodes', () => {
  it('selects by name glob (both the source table and the model named customers), and by unique id', () => {
    expect(select('customers')).toEqual(['source.shop.customers', 'model.shop.customers']);
    expect(select('stg_*')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(select('model.shop.customers')).toEqual(['model.shop.customers']);
  });

  it('follows graph operators with and without depth', () => {
    expect(select('+model.shop.customers')).toEqual([
      'source.shop.customers',
      'seed.shop.orders_seed',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'model.shop.customers',
    ]);
    expect(select('1+model.shop.customers')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders', 'model.shop.customers']);
    expect(select('stg_orders+1')).toEqual(['model.shop.stg_orders', 'model.shop.customers']);
    expect(select('@stg_orders')).toEqual([
      'source.shop.customers',
      'seed.shop.orders_seed',
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'model.shop.customers',
      'model.shop.mart_a',
      'test.shop.unique_customers_id',
    ]);
  });

  it('supports tag, path, resource_type, package and source methods, unions and intersections', () => {
    expect(select('tag:orders')).toEqual(['model.shop.stg_orders']);
    expect(select('path:models/marts')).toEqual(['model.shop.customers', 'model.shop.mart_a', 'test.shop.unique_customers_id']);
    expect(select('models/staging')).toEqual(['model.shop.stg_customers', 'model.shop.stg_orders']);
    expect(select('resource_type:seed source:raw')).toEqual(['source.shop.customers', 'seed.shop.orders_seed']);
    expect(select('source:raw.customers')).toEqual(['source.shop.customers']);
    expect(select('tag:daily,stg_orders+')).toEqual(['model.shop.stg_orders']);
    expect(select('package:other')).toEqual([]);
    expect(select('nosuchmethod:x')).toEqual([]);
    expect(select('   ')).toEqual([]);
  });
});

describe('buildLineageSubset', () => {
  it('returns all ancestors and descendants when they fit, skipping tests', () => {
    const sub = buildLineageSubset(PARENTS, CHILDREN, 4, 100, (i) => NODES[i]!.type === 'test');
    expect(sub.nodes).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sub.upDepth).toBe(Infinity);
    expect(sub.downDepth).toBe(Infinity);
    expect(sub.total).toBe(6);
  });

  it('stops at whole levels before the cap', () => {
    // A long chain 0 → 1 → ... → 99, start in the middle, cap 11: five levels each way.
    const n = 100;
    const parents = Array.from({ length: n }, (_, i) => (i === 0 ? [] : [i - 1]));
    const children = Array.from({ length: n }, (_, i) => (i === n - 1 ? [] : [i + 1]));
    const sub = buildLineageSubset(parents, children, 50, 11);
    expect(sub.nodes).toEqual(Array.from({ length: 11 }, (_, i) => 45 + i));
    expect(sub.upDepth).toBe(5);
    expect(sub.downDepth).toBe(5);
    expect(sub.total).toBe(100);
  });

  it('ships as source text', () => {
    const shipped = new Function(`${selectGraphNodes.toString()}\n${buildLineageSubset.toString()}\nreturn [selectGraphNodes, buildLineageSubset];`)() as [
      typeof selectGraphNodes,
      typeof buildLineageSubset,
    ];
    expect(shipped[0](NODES, PARENTS, CHILDREN, '+mart_a')).toEqual(selectGraphNodes(NODES, PARENTS, CHILDREN, '+mart_a'));
    expect(shipped[1](PARENTS, CHILDREN, 4, 3).nodes).toEqual(buildLineageSubset(PARENTS, CHILDREN, 4, 3).nodes);
  });
});
