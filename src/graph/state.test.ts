import { describe, expect, it } from 'vitest';
import { SelectionError } from '../errors/index.js';
import { macro, manifestOf, model, seed, source, unitTest } from '../../tests/integration/graph/manifest-factory.js';
import { buildGraph } from './build-graph.js';
import { selectNodes } from './select-nodes.js';
import { parseStateManifest } from './state.js';

/** The previous run's manifest.json, as dbt (v12) writes it, trimmed to the fields state reads. */
const previousJson = {
  metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json', adapter_type: 'duckdb' },
  nodes: {
    'model.shop.a': node('a', { depends_on: { macros: ['macro.shop.m1'], nodes: [] } }),
    'model.shop.b': node('b', { unrendered_config: { materialized: 'table', schema: 'x' } }),
    'model.shop.c': node('c', {
      description: 'old description',
      columns: { id: { name: 'id', description: 'old id' } },
      config: { materialized: 'view', persist_docs: { relation: true, columns: true } },
    }),
    'model.shop.c2': node('c2', { columns: { id: { name: 'id', description: 'old id' } }, config: { materialized: 'view', persist_docs: { columns: true } } }),
    'model.shop.d': node('d', {
      config: { materialized: 'table', contract: { enforced: true } },
      contract: { enforced: true, checksum: 'abc' },
      columns: { id: { name: 'id', description: '', data_type: 'int' } },
    }),
    'model.shop.e': node('e'),
    'model.shop.f': node('f', { unrendered_config: { materialized: 'view' } }),
    'model.shop.g': node('g', { description: 'old' }),
    'model.shop.i': node('i'),
    'model.shop.j': node('j', { unrendered_config: { materialized: 'view' } }),
    'model.shop.k': node('k', { depends_on: { macros: ['macro.shop.m2'], nodes: [] } }),
    'model.shop.down': node('down'),
    'model.shop.gone': node('gone'),
    'seed.shop.s': { resource_type: 'seed', checksum: { name: 'sha256', checksum: 'seed-old' }, fqn: ['shop', 's'], config: {}, unrendered_config: {} },
  },
  sources: {
    'source.shop.raw.orders': { fqn: ['shop', 'raw', 'orders'], database: 'db', schema: 'raw_v1', identifier: 'orders', config: { enabled: true }, quoting: {}, freshness: null, loaded_at_field: null, external: null },
    'source.shop.raw.items': { fqn: ['shop', 'raw', 'items'], database: 'db', schema: 'raw', identifier: 'items', config: { enabled: true }, quoting: {}, freshness: null, loaded_at_field: null, external: null },
  },
  macros: {
    'macro.shop.m1': { macro_sql: '{% macro m1() %}1{% endmacro %}' },
    'macro.shop.m2': { macro_sql: '{% macro m2() %}{{ m3() }}{% endmacro %}' },
    'macro.shop.m3': { macro_sql: '{% macro m3() %}3{% endmacro %}' },
    'macro.shop.removed': { macro_sql: 'x' },
  },
  unit_tests: {
    'unit_test.shop.e.ut_e': {
      fqn: ['shop', 'e', 'ut_e'],
      model: 'e',
      given: [{ input: "ref('x')", format: 'dict', rows: [{ id: 1 }], fixture: null }],
      expect: { format: 'dict', rows: [{ id: 1 }], fixture: null },
      overrides: { macros: {}, vars: {}, env_vars: {} },
      config: { enabled: true, tags: [], meta: {} },
    },
    'unit_test.shop.e.ut_e2': {
      given: [{ input: "ref('x')", format: 'dict', rows: [{ id: 1 }] }],
      expect: { format: 'dict', rows: [{ id: 1 }] },
      overrides: {},
      config: { enabled: true },
    },
  },
};

function node(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resource_type: 'model',
    name,
    fqn: ['shop', name],
    checksum: { name: 'sha256', checksum: `sum-${name}` },
    raw_code: `select 1 as ${name}`,
    config: { materialized: 'view', tags: [], meta: {}, enabled: true },
    unrendered_config: {},
    database: 'prod_db',
    schema: 'prod_schema',
    alias: name,
    description: '',
    columns: {},
    depends_on: { macros: [], nodes: [] },
    ...extra,
  };
}

/** The current project: one change per node (see each comment). */
function current() {
  const same = (name: string, opts: Parameters<typeof model>[1] = {}) => model(name, { checksum: `sum-${name}`, rawCode: `select 1 as ${name}`, schema: 'dev_schema', database: 'dev_db', ...opts });
  return manifestOf([
    source('raw', 'orders', { schema: 'raw_v2' }), // relation changed
    source('raw', 'items', { schema: 'raw' }), // same
    source('raw', 'brand_new'), // new
    seed('s', { checksum: 'seed-new' }), // body changed
    same('a', { macros: ['macro.shop.m1'] }), // its macro changed
    same('b', { unrenderedConfig: { materialized: 'table', schema: 'y' } }), // relation (configured schema) changed
    same('c', {
      description: 'new description',
      columns: { id: { description: 'old id' } },
      config: { persist_docs: { relation: true, columns: true } },
    }), // persisted description changed
    same('c2', { columns: { id: { description: 'new id' } }, config: { persist_docs: { columns: true } } }), // persisted column description changed
    same('d', { config: { materialized: 'table', contract: { enforced: true } }, columns: { id: { dataType: 'bigint' } } }), // contract changed
    same('e'), // nothing changed (resolved schema differs: ignored)
    same('f', { unrenderedConfig: { materialized: 'view', tags: ['new_tag'] }, tags: ['new_tag'] }), // only tags: not a config change
    same('g', { description: 'new' }), // description, not persisted: no change
    model('h'), // new
    same('i', { checksum: 'sum-i-2', rawCode: 'select 2 as i' }), // body changed
    same('j', { unrenderedConfig: { materialized: 'table' }, config: { materialized: 'table' } }), // config changed
    same('k', { macros: ['macro.shop.m2'] }), // m2 → m3, and m3 changed
    same('down', { deps: ['i'] }), // downstream of a modified node
    macro('m1', '{% macro m1() %}1 + 1{% endmacro %}'),
    macro('m2', '{% macro m2() %}{{ m3() }}{% endmacro %}', ['macro.shop.m3']),
    macro('m3', '{% macro m3() %}33{% endmacro %}'),
    unitTest('ut_e', 'e'), // same definition
    unitTest('ut_e2', 'e', { rows: [{ id: 2 }] }), // expected rows changed
  ]);
}

const manifest = current();
const graph = buildGraph(manifest);
const state = parseStateManifest(previousJson, 'prod/manifest.json');

function sel(expr: string, types: ('model' | 'seed' | 'source' | 'unit_test')[] = ['model', 'seed', 'source', 'unit_test']): string[] {
  return selectNodes(graph, manifest, { select: [expr], state, resourceTypes: types, indirectSelection: 'empty' })
    .map((id) => (id.startsWith('source.') ? id.split('.').slice(2).join('.') : id.split('.').pop()!))
    .sort();
}

describe('state: selection against a previous manifest', () => {
  it('state:new — not in the previous manifest', () => {
    expect(sel('state:new')).toEqual(['h', 'raw.brand_new']);
    expect(sel('state:old')).not.toContain('h');
    expect(sel('state:old')).toContain('e');
  });

  it('state:modified.body — checksum (or raw code) changed, or new', () => {
    expect(sel('state:modified.body')).toEqual(['h', 'i', 's', 'ut_e2']);
  });

  it('state:modified.configs — unrendered config changed, tags/schema/database/alias excluded', () => {
    expect(sel('state:modified.configs', ['model'])).toEqual(['h', 'j']);
  });

  it('state:modified.relation — configured database/schema/alias, never the resolved target names', () => {
    expect(sel('state:modified.relation')).toEqual(['b', 'h', 'raw.brand_new', 'raw.orders']);
  });

  it('state:modified.persisted_descriptions — only where persist_docs writes them', () => {
    expect(sel('state:modified.persisted_descriptions', ['model'])).toEqual(['c', 'c2', 'h']);
  });

  it('state:modified.macros — an upstream macro changed, through macro dependencies', () => {
    expect(sel('state:modified.macros')).toEqual(['a', 'k']);
  });

  it('state:modified.contract — enforced contract columns changed', () => {
    expect(sel('state:modified.contract', ['model'])).toEqual(['d', 'h']);
  });

  it('state:modified — any of the above (and new)', () => {
    expect(sel('state:modified')).toEqual(['a', 'b', 'c', 'c2', 'd', 'h', 'i', 'j', 'k', 'raw.brand_new', 'raw.orders', 's', 'ut_e2']);
    expect(sel('state:unmodified')).toEqual(['down', 'e', 'f', 'g', 'raw.items', 'ut_e']);
  });

  it('state:modified+ adds what is downstream', () => {
    expect(sel('state:modified.body+', ['model'])).toEqual(['down', 'h', 'i']);
    expect(sel('state:modified,config.materialized:table', ['model'])).toEqual(['d', 'j']);
  });

  it('falls back to the rendered config when the old manifest has no unrendered_config', () => {
    const json = structuredClone(previousJson) as { nodes: Record<string, Record<string, unknown>> };
    for (const n of Object.values(json.nodes)) delete n.unrendered_config;
    json.nodes['model.shop.e']!.config = { materialized: 'table', tags: ['whatever'], meta: {}, enabled: true };
    const old = parseStateManifest(json, 'x/manifest.json');
    const ids = selectNodes(graph, manifest, { select: ['state:modified.configs'], state: old, resourceTypes: ['model'] });
    expect(ids).toContain('model.shop.e');
    expect(ids).not.toContain('model.shop.g');
  });

  it('a JSON that is not a manifest is selection/state-missing', () => {
    expect(() => parseStateManifest({ hello: 1 }, 'x.json')).toThrow(SelectionError);
    try {
      parseStateManifest([], 'x.json');
    } catch (err) {
      expect((err as SelectionError).code).toBe('selection/state-missing');
      expect((err as SelectionError).hint).toMatch(/opp parse/);
    }
  });
});
