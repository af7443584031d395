import { describe, expect, it } from 'vitest';
import { SelectionError, UsageError } from '../errors/index.js';
import { shopManifest } from '../../tests/integration/graph/manifest-factory.js';
import { buildGraph } from './build-graph.js';
import { selectNodes, selectNodesDetailed, type SelectOptions } from './select-nodes.js';
import type { ResourceType } from './types.js';

const manifest = shopManifest();
const graph = buildGraph(manifest);

/** Selected names (unique id's last part; sources as source.table), in selection order. */
function sel(select: string | string[] | undefined, opts: Omit<SelectOptions, 'select'> = {}): string[] {
  const s = select === undefined ? undefined : Array.isArray(select) ? select : [select];
  return selectNodes(graph, manifest, { ...(s ? { select: s } : {}), ...opts }).map(short);
}

function short(id: string): string {
  const parts = id.split('.');
  return parts[0] === 'source' ? `${parts[2]}.${parts[3]}` : parts[parts.length - 1]!;
}

const MODELS: ResourceType[] = ['model'];
const sorted = (xs: string[]): string[] => [...xs].sort();

describe('selectNodes: defaults', () => {
  it('no --select selects every executable node, in topological order, never sources or disabled nodes', () => {
    const ids = selectNodes(graph, manifest);
    expect(ids).toEqual(graph.topologicalOrder().filter((id) => !id.startsWith('source.')));
    expect(ids).toHaveLength(16);
    expect(ids.some((id) => id.includes('old_model'))).toBe(false);
  });

  it('sources appear when the command lists them (ls)', () => {
    expect(sel(undefined, { resourceTypes: ['source'] })).toEqual(['events', 'customers', 'orders'].map((t, i) => ['other', 'raw', 'raw'][i] + '.' + t));
    expect(sel(undefined, { resourceTypes: ['seed', 'unit_test'] })).toEqual(['countries', 'ut_fct_orders']);
  });

  it('returns unique ids in topological order', () => {
    const ids = selectNodes(graph, manifest, { select: ['rpt stg_orders +rpt'], resourceTypes: MODELS });
    expect(new Set(ids).size).toBe(ids.length);
    const order = graph.topologicalOrder();
    expect([...ids].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(ids);
  });
});

describe('selectNodes: node names, folders, paths, globs', () => {
  it('a model name selects it and (eager) its tests and unit tests', () => {
    expect(sel('fct_orders')).toEqual([
      'fct_orders',
      'assert_positive_total',
      'not_null_fct_orders_id',
      'relationships_fct_orders_customer_id',
      'ut_fct_orders',
    ]);
    expect(sel('fct_orders', { resourceTypes: MODELS })).toEqual(['fct_orders']);
  });

  it('a folder name selects every model under it (fqn), dotted for sub-folders', () => {
    expect(sorted(sel('marts', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'rpt']);
    expect(sel('marts.finance', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sel('shop.marts.finance.fct_orders', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sel('shop', { resourceTypes: MODELS })).toHaveLength(6);
  });

  it('paths relative to the project root: folders, files, globs, and the YAML that patches a node', () => {
    expect(sorted(sel('models/staging', { resourceTypes: MODELS }))).toEqual(['stg_customers', 'stg_events', 'stg_orders']);
    expect(sel('models/staging/stg_orders.sql')).toEqual(['stg_orders', 'unique_stg_orders_id']);
    expect(sel('./models/marts/finance/', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sorted(sel('path:models/marts/*', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'rpt']);
    expect(sel('path:models/**/stg_e*.sql')).toEqual(['stg_events']);
    expect(sel('path:models/staging/schema.yml', { resourceTypes: MODELS })).toEqual(['stg_customers']);
    expect(sel('path:tests')).toEqual(['assert_positive_total']);
    expect(sel('path:models/sources.yml', { resourceTypes: ['source'] })).toHaveLength(3);
  });

  it('file names, with or without extension and with globs', () => {
    expect(sel('stg_orders.sql', { resourceTypes: MODELS })).toEqual(['stg_orders']);
    expect(sel('file:stg_orders', { resourceTypes: MODELS })).toEqual(['stg_orders']);
    expect(sorted(sel('file:stg_*.sql', { resourceTypes: MODELS }))).toEqual(['stg_customers', 'stg_events', 'stg_orders']);
    expect(sel('countries.csv')).toEqual(['countries']);
  });

  it('globs on names and fqns', () => {
    expect(sorted(sel('stg_*', { resourceTypes: MODELS }))).toEqual(['stg_customers', 'stg_events', 'stg_orders']);
    expect(sorted(sel('*customers', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'stg_customers']);
    expect(sorted(sel('shop.staging.*', { resourceTypes: MODELS }))).toEqual(['stg_customers', 'stg_events', 'stg_orders']);
    expect(sorted(sel('staging.stg_?vents', { resourceTypes: MODELS }))).toEqual(['stg_events']);
    expect(sel('fqn:*', { resourceTypes: MODELS })).toHaveLength(6);
    expect(sel('fqn:*', { indirectSelection: 'empty' })).toHaveLength(15); // every node but unit tests
    expect(sel('fqn:*')).toHaveLength(16); // ... which follow their model
  });
});

describe('selectNodes: graph operators', () => {
  it('+x ancestors, x+ descendants, both', () => {
    expect(sorted(sel('+fct_orders', { resourceTypes: ['model', 'seed'] }))).toEqual(['countries', 'fct_orders', 'stg_customers', 'stg_orders']);
    expect(sorted(sel('+fct_orders', { resourceTypes: ['source'] }))).toEqual(['raw.customers', 'raw.orders']);
    expect(sorted(sel('fct_orders+', { resourceTypes: ['model', 'analysis'] }))).toEqual(['an_orders', 'fct_orders', 'rpt']);
    expect(sorted(sel('+fct_orders+', { resourceTypes: MODELS }))).toEqual(['fct_orders', 'rpt', 'stg_customers', 'stg_orders']);
  });

  it('depth-limited n+x and x+n', () => {
    expect(sorted(sel('1+rpt', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'rpt']);
    expect(sorted(sel('2+rpt', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'rpt', 'stg_customers', 'stg_orders']);
    expect(sorted(sel('stg_customers+1', { resourceTypes: ['model', 'snapshot'] }))).toEqual(['dim_customers', 'fct_orders', 'snap_customers', 'stg_customers']);
    expect(sorted(sel('source:raw.customers+2', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'stg_customers']);
  });

  it('@x: x, its descendants and all their ancestors', () => {
    expect(sorted(sel('@stg_orders', { resourceTypes: ['model', 'seed', 'analysis'] }))).toEqual([
      'an_orders',
      'countries',
      'dim_customers',
      'fct_orders',
      'rpt',
      'stg_customers',
      'stg_orders',
    ]);
  });

  it('operators on methods: source:raw+ runs what raw feeds, without the sources', () => {
    expect(sorted(sel('source:raw+', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'rpt', 'stg_customers', 'stg_orders']);
    expect(sel('source:raw+', { resourceTypes: MODELS }).some((n) => n.includes('.'))).toBe(false);
  });
});

describe('selectNodes: methods', () => {
  it('tag (with globs, and on sources)', () => {
    expect(sorted(sel('tag:nightly', { resourceTypes: MODELS }))).toEqual(['stg_customers', 'stg_orders']);
    expect(sorted(sel('tag:p*', { resourceTypes: ['model', 'source'] }))).toEqual(['other.events', 'stg_customers']);
    expect(sel('tag:none_such')).toEqual([]);
  });

  it('source: source, source.table, package.source.table, globs', () => {
    const src: ResourceType[] = ['source'];
    expect(sorted(sel('source:raw', { resourceTypes: src }))).toEqual(['raw.customers', 'raw.orders']);
    expect(sel('source:raw.orders', { resourceTypes: src })).toEqual(['raw.orders']);
    expect(sorted(sel('source:raw.*', { resourceTypes: src }))).toEqual(['raw.customers', 'raw.orders']);
    expect(sel('source:*.events', { resourceTypes: src })).toEqual(['other.events']);
    expect(sel('source:shop.raw.orders', { resourceTypes: src })).toEqual(['raw.orders']);
    expect(sel('source:elsewhere.raw.orders', { resourceTypes: src })).toEqual([]);
    // A source's tests follow it.
    expect(sel('source:raw.orders')).toEqual(['source_not_null_raw_orders_id']);
  });

  it('config.<key>, nested keys, list values, booleans, case-insensitive severity', () => {
    expect(sorted(sel('config.materialized:table'))).toEqual(sorted(['fct_orders', 'dim_customers', 'assert_positive_total', 'not_null_fct_orders_id', 'relationships_fct_orders_customer_id', 'ut_fct_orders']));
    expect(sel('config.materialized:incremental')).toEqual(['stg_events']);
    expect(sel('config.meta.owner:alice', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sel('config.tags:finance', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sel('config.persist_docs.relation:true', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sel('config.enabled:true', { resourceTypes: ['seed'] })).toEqual(['countries']);
    expect(sel('config.severity:WARN', { indirectSelection: 'empty' })).toEqual(['not_null_fct_orders_id']);
    expect(sel('config.materialized:tab*', { resourceTypes: MODELS })).toHaveLength(2);
    expect(sel('config.nope:x')).toEqual([]);
  });

  it('resource_type, package', () => {
    expect(sel('resource_type:seed')).toEqual(['countries']);
    expect(sel('resource_type:snapshot')).toEqual(['snap_customers']);
    expect(sel('resource_type:source', { resourceTypes: ['source'] })).toHaveLength(3);
    expect(sel('resource_type:unit_test')).toEqual(['ut_fct_orders']);
    expect(sel('resource_type:exposure')).toEqual([]);
    expect(sel('package:shop', { resourceTypes: MODELS })).toHaveLength(6);
    expect(sel('package:sh*', { resourceTypes: MODELS })).toHaveLength(6);
    expect(sel('package:dbt_utils')).toEqual([]);
  });

  it('test_type and test_name', () => {
    expect(sorted(sel('test_type:generic'))).toEqual([
      'expression_is_true_rpt',
      'not_null_fct_orders_id',
      'relationships_fct_orders_customer_id',
      'source_not_null_raw_orders_id',
      'unique_stg_orders_id',
    ]);
    expect(sel('test_type:singular')).toEqual(['assert_positive_total']);
    expect(sel('test_type:data')).toHaveLength(6);
    expect(sel('test_type:unit')).toEqual(['ut_fct_orders']);
    expect(sorted(sel('test_name:not_null'))).toEqual(['not_null_fct_orders_id', 'source_not_null_raw_orders_id']);
    expect(sel('test_name:relation*')).toEqual(['relationships_fct_orders_customer_id']);
    expect(sel('test_name:dbt_utils.expression_is_true')).toEqual(['expression_is_true_rpt']);
  });

  it('unit_test, access, group, version', () => {
    expect(sel('unit_test:ut_fct_orders')).toEqual(['ut_fct_orders']);
    expect(sel('unit_test:fct_orders.*')).toEqual(['ut_fct_orders']);
    expect(sel('unit_test:shop.ut_*')).toEqual(['ut_fct_orders']);
    expect(sel('access:public', { resourceTypes: MODELS })).toEqual(['stg_events']);
    expect(sel('access:protected', { resourceTypes: MODELS })).toHaveLength(5);
    expect(sel('group:finance', { resourceTypes: MODELS })).toEqual(['fct_orders']);
    expect(sel('version:none', { resourceTypes: MODELS })).toHaveLength(6);
    expect(sel('version:latest', { resourceTypes: MODELS })).toEqual([]);
  });

  it('state without --state is selection/state-missing', () => {
    try {
      sel('state:modified');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SelectionError);
      expect((err as SelectionError).code).toBe('selection/state-missing');
      expect((err as SelectionError).hint).toMatch(/--state/);
    }
  });
});

describe('selectNodes: set operations', () => {
  it('space is a union, comma an intersection, several --select a union', () => {
    expect(sorted(sel('stg_orders dim_customers', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'stg_orders']);
    expect(sorted(sel(['stg_orders', 'dim_customers'], { resourceTypes: MODELS }))).toEqual(['dim_customers', 'stg_orders']);
    expect(sel('tag:nightly,tag:pii', { resourceTypes: MODELS })).toEqual(['stg_customers']);
    expect(sorted(sel('+rpt,stg_customers+', { resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders', 'rpt', 'stg_customers']);
    expect(sel('marts,config.materialized:table,tag:finance', { resourceTypes: MODELS })).toEqual(['fct_orders']);
  });

  it('--exclude removes after selection, tests of excluded models with them', () => {
    expect(sorted(sel('marts', { exclude: ['rpt'], resourceTypes: MODELS }))).toEqual(['dim_customers', 'fct_orders']);
    const all = sel(undefined, { exclude: ['fct_orders'] });
    expect(all).not.toContain('fct_orders');
    expect(all).not.toContain('not_null_fct_orders_id');
    expect(all).not.toContain('relationships_fct_orders_customer_id');
    expect(all).not.toContain('ut_fct_orders');
    expect(all).toContain('rpt');
    expect(sorted(sel('+rpt', { exclude: ['tag:nightly source:raw'], resourceTypes: ['model', 'seed'] }))).toEqual(['countries', 'dim_customers', 'fct_orders', 'rpt']);
  });
});

describe('selectNodes: indirect selection', () => {
  it('eager (default): a test goes when any parent is selected', () => {
    expect(sel('dim_customers')).toEqual(['dim_customers', 'relationships_fct_orders_customer_id']);
  });

  it('cautious: only when every parent is selected', () => {
    expect(sel('dim_customers', { indirectSelection: 'cautious' })).toEqual(['dim_customers']);
    expect(sel('fct_orders', { indirectSelection: 'cautious' })).toEqual(['fct_orders', 'assert_positive_total', 'not_null_fct_orders_id', 'ut_fct_orders']);
    expect(sel('fct_orders dim_customers', { indirectSelection: 'cautious' })).toContain('relationships_fct_orders_customer_id');
  });

  it('buildable: when every parent is selected or an ancestor of the selection', () => {
    const cautious = sel('fct_orders rpt', { indirectSelection: 'cautious' });
    const buildable = sel('fct_orders rpt', { indirectSelection: 'buildable' });
    expect(cautious).not.toContain('relationships_fct_orders_customer_id');
    expect(buildable).toContain('relationships_fct_orders_customer_id');
    expect(buildable).toContain('expression_is_true_rpt');
    // A single criterion: rpt's ancestors include dim_customers.
    expect(sel('rpt+ fct_orders', { indirectSelection: 'buildable' })).toContain('relationships_fct_orders_customer_id');
    expect(sel('fct_orders', { indirectSelection: 'buildable' })).not.toContain('relationships_fct_orders_customer_id');
  });

  it('empty: only directly selected tests', () => {
    expect(sel('fct_orders', { indirectSelection: 'empty' })).toEqual(['fct_orders']);
    expect(sel('+fct_orders', { indirectSelection: 'empty', resourceTypes: ['test'] })).toEqual([]);
    expect(sel('fct_orders not_null_fct_orders_id', { indirectSelection: 'empty' })).toEqual(['fct_orders', 'not_null_fct_orders_id']);
  });

  it('unit tests follow their model like tests', () => {
    expect(sel('fct_orders', { resourceTypes: ['unit_test'] })).toEqual(['ut_fct_orders']);
    expect(sel('stg_orders', { resourceTypes: ['unit_test'] })).toEqual([]);
    expect(sel('fct_orders', { resourceTypes: ['unit_test'], indirectSelection: 'empty' })).toEqual([]);
  });
});

describe('selectNodes: warnings and errors', () => {
  it('warns, as dbt, about a term that matches nothing (a disabled model included)', () => {
    const r = selectNodesDetailed(graph, manifest, { select: ['old_model stg_orders', 'nothing_here'] });
    expect(r.ids.map(short)).toEqual(['stg_orders', 'unique_stg_orders_id']);
    expect(r.warnings).toEqual([
      "The selection criterion 'old_model' does not match any enabled nodes",
      "The selection criterion 'nothing_here' does not match any enabled nodes",
    ]);
    expect(selectNodesDetailed(graph, manifest, { exclude: ['nothing_here'] }).warnings).toEqual([]);
  });

  it('--select with --selector is a usage error', () => {
    expect(() => selectNodes(graph, manifest, { select: ['a'], selector: 'x' })).toThrow(UsageError);
  });
});
