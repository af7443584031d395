import { describe, expect, it } from 'vitest';
import { DiagnosticsError, GraphError } from '../errors/index.js';
import { manifestOf, model, seed, source, test, unitTest, modelId } from '../../tests/integration/graph/manifest-factory.js';
import { buildGraph } from './build-graph.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

//   raw.orders → stg_orders → fct_orders → rpt
//   seed customers ──────────↗
const diamond = () =>
  manifestOf([
    source('raw', 'orders'),
    seed('customers'),
    model('stg_orders', { folder: 'staging', deps: ['source.shop.raw.orders'] }),
    model('fct_orders', { folder: 'marts', deps: ['stg_orders', 'seed.shop.customers'] }),
    model('rpt', { folder: 'marts', deps: ['fct_orders'] }),
    test('unique_fct_orders_id', { generic: 'unique', deps: ['fct_orders'] }),
    unitTest('ut_fct', 'fct_orders'),
  ]);

describe('buildGraph', () => {
  it('holds nodes, sources and unit tests with edges parent → child', () => {
    const g = buildGraph(diamond());
    expect(g.size).toBe(7);
    expect(g.graph.order).toBe(7);
    expect(g.graph.size).toBe(6);
    expect(g.parents(modelId('fct_orders'))).toEqual(['model.shop.stg_orders', 'seed.shop.customers']);
    expect(g.children(modelId('fct_orders'))).toEqual(['model.shop.rpt', 'test.shop.unique_fct_orders_id', 'unit_test.shop.fct_orders.ut_fct']);
    expect(g.parents('unit_test.shop.fct_orders.ut_fct')).toEqual([modelId('fct_orders')]);
    expect(g.node('source.shop.raw.orders')?.resourceType).toBe('source');
    expect(g.has('model.shop.nope')).toBe(false);
    expect(g.parents('model.shop.nope')).toEqual([]);
  });

  it('gives a stable topological order with ties broken by unique id', () => {
    const g = buildGraph(diamond());
    expect(g.topologicalOrder()).toEqual([
      'seed.shop.customers',
      'source.shop.raw.orders',
      'model.shop.stg_orders',
      'model.shop.fct_orders',
      'model.shop.rpt',
      'test.shop.unique_fct_orders_id',
      'unit_test.shop.fct_orders.ut_fct',
    ]);
    // Same manifest, items inserted in another order → same order.
    const m = diamond();
    const reversed = { ...m, nodes: Object.fromEntries(Object.entries(m.nodes).reverse()) };
    expect(buildGraph(reversed).topologicalOrder()).toEqual(g.topologicalOrder());
    expect(g.sortTopologically(['model.shop.rpt', 'seed.shop.customers', 'nope', 'model.shop.rpt'])).toEqual(['seed.shop.customers', 'model.shop.rpt']);
  });

  it('ancestors and descendants, with depth', () => {
    const g = buildGraph(diamond());
    expect([...g.ancestors(modelId('rpt'))].sort()).toEqual(['model.shop.fct_orders', 'model.shop.stg_orders', 'seed.shop.customers', 'source.shop.raw.orders']);
    expect([...g.ancestors(modelId('rpt'), 1)]).toEqual(['model.shop.fct_orders']);
    expect([...g.ancestors(modelId('rpt'), 2)].sort()).toEqual(['model.shop.fct_orders', 'model.shop.stg_orders', 'seed.shop.customers']);
    expect([...g.descendants('source.shop.raw.orders', 1)]).toEqual(['model.shop.stg_orders']);
    expect(g.descendants('source.shop.raw.orders').size).toBe(5);
    expect(g.ancestors(modelId('rpt'), 0).size).toBe(0);
    // A start node is included when it is an ancestor of another start node.
    expect([...g.ancestors([modelId('rpt'), modelId('fct_orders')], 1)].sort()).toEqual(['model.shop.fct_orders', 'model.shop.stg_orders', 'seed.shop.customers']);
  });

  it('parentsWithin keeps transitive edges across unselected nodes', () => {
    const g = buildGraph(diamond());
    const within = g.parentsWithin(['source.shop.raw.orders', modelId('rpt'), modelId('fct_orders'), 'seed.shop.customers']);
    expect(within.get(modelId('fct_orders'))).toEqual(['seed.shop.customers', 'source.shop.raw.orders']);
    expect(within.get(modelId('rpt'))).toEqual([modelId('fct_orders')]);
    expect(within.get('seed.shop.customers')).toEqual([]);
    const sparse = g.parentsWithin([modelId('rpt'), 'source.shop.raw.orders']);
    expect(sparse.get(modelId('rpt'))).toEqual(['source.shop.raw.orders']);
    expect(sparse.size).toBe(2);
  });

  it('leaves disabled nodes out, and tests on disabled models with them', () => {
    const off = model('old', { config: { enabled: false } });
    const m = manifestOf(
      [model('a'), test('not_null_old_id', { generic: 'not_null', deps: ['old'] }), source('raw', 'x', { config: { enabled: false } })],
      { disabled: [off] },
    );
    const g = buildGraph(m);
    expect(g.topologicalOrder()).toEqual(['model.shop.a']);
  });

  it('a model depending on a disabled model is graph/disabled-ref at the ref() site', () => {
    const off = model('old', { config: { enabled: false } });
    const err = thrown(() => buildGraph(manifestOf([model('a', { deps: ['old'] })], { disabled: [off] }))) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.code).toBe('graph/disabled-ref');
    expect(err.message).toBe("model 'a' depends on 'old', which is disabled");
    expect(err.location).toEqual({ file: 'models/a.sql', line: 1, column: 8 });
    expect(err.hint).toMatch(/enable 'old'/);
  });

  it('unknown dependencies are collected and thrown once', () => {
    const err = thrown(() => buildGraph(manifestOf([model('a', { deps: ['ghost'] }), model('b', { deps: ['source.shop.raw.nope'] })])));
    expect(err).toBeInstanceOf(DiagnosticsError);
    const errors = (err as DiagnosticsError).errors;
    expect(errors.map((e) => e.code)).toEqual(['graph/unknown-ref', 'graph/unknown-ref']);
    expect(errors[0]!.message).toMatch(/'ghost'/);
    expect(errors[1]!.message).toMatch(/source 'raw.nope'/);
    expect(errors[1]!.location).toEqual({ file: 'models/b.sql', line: 1, column: 8 });
  });
});

describe('buildGraph: cycles', () => {
  it('names every node of the cycle in order, with each ref() site', () => {
    const m = manifestOf([
      model('a', { deps: ['c'] }),
      model('b', { deps: ['a'] }),
      model('c', { deps: ['b'] }),
      model('d', { deps: ['c'] }),
      model('e'),
    ]);
    const err = thrown(() => buildGraph(m)) as GraphError;
    expect(err).toBeInstanceOf(GraphError);
    expect(err.code).toBe('graph/cycle');
    expect(err.message).toBe(
      [
        'models form a cycle: a → b → c → a',
        '  b refs a at models/b.sql:1:8',
        '  c refs b at models/c.sql:1:8',
        '  a refs c at models/a.sql:1:8',
      ].join('\n'),
    );
    expect(err.location).toEqual({ file: 'models/b.sql', line: 1, column: 8 });
    expect(err.hint).toMatch(/remove one of these ref\(\) calls/);
    expect(err.nodeId).toBe('model.shop.a');
  });

  it('reports a self-reference', () => {
    const err = thrown(() => buildGraph(manifestOf([model('loop', { deps: ['loop'] })]))) as GraphError;
    expect(err.message.split('\n')[0]).toBe('models form a cycle: loop → loop');
  });

  it('reports each separate cycle, and the shortest loop inside a tangle', () => {
    const m = manifestOf([
      model('a', { deps: ['b'] }),
      model('b', { deps: ['a', 'c'] }),
      model('c', { deps: ['b'] }),
      model('x', { deps: ['y'] }),
      model('y', { deps: ['x'] }),
    ]);
    const err = thrown(() => buildGraph(m)) as DiagnosticsError;
    expect(err).toBeInstanceOf(DiagnosticsError);
    expect(err.errors.map((e) => e.message.split('\n')[0])).toEqual(['models form a cycle: a → b → a', 'models form a cycle: x → y → x']);
  });

  it('labels resource types when the cycle is not only models', () => {
    const m = manifestOf([model('a', { deps: ['snapshot.shop.s'] }), { ...model('s', { deps: ['a'] }), uniqueId: 'snapshot.shop.s', resourceType: 'snapshot' } as never]);
    const err = thrown(() => buildGraph(m)) as GraphError;
    expect(err.message.split('\n')[0]).toBe('nodes form a cycle: model a → snapshot s → model a');
  });
});
