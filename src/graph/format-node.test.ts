import { describe, expect, it } from 'vitest';
import { model, seed, source, test, unitTest } from '../../tests/integration/graph/manifest-factory.js';
import { formatNodeForList } from './format-node.js';

describe('formatNodeForList (opp ls)', () => {
  const m = model('fct_orders', { folder: 'marts/finance', deps: ['stg_orders'], tags: ['finance'], macros: ['macro.shop.cents'] });
  const src = source('raw', 'orders');
  const ut = unitTest('ut_fct', 'fct_orders');

  it('selector: the dotted fqn; source: and unit_test: prefixes', () => {
    expect(formatNodeForList(m, 'selector')).toBe('shop.marts.finance.fct_orders');
    expect(formatNodeForList(src, 'selector')).toBe('source:shop.raw.orders');
    expect(formatNodeForList(ut, 'selector')).toBe('unit_test:shop.ut_fct');
    expect(formatNodeForList(seed('countries'), 'selector')).toBe('shop.countries');
  });

  it('name: the search name', () => {
    expect(formatNodeForList(m, 'name')).toBe('fct_orders');
    expect(formatNodeForList(src, 'name')).toBe('raw.orders');
    expect(formatNodeForList({ ...m, version: 2 } as typeof m, 'name')).toBe('fct_orders.v2');
  });

  it('path: original_file_path', () => {
    expect(formatNodeForList(m, 'path')).toBe('models/marts/finance/fct_orders.sql');
    expect(formatNodeForList(src, 'path')).toBe('models/sources.yml');
    expect(formatNodeForList(test('unique_x', { generic: 'unique', deps: ['x'] }), 'path')).toBe('models/schema.yml');
  });

  it('json: dbt ls keys, snake_case, in dbt order', () => {
    const json = JSON.parse(formatNodeForList(m, 'json'));
    expect(Object.keys(json)).toEqual(['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'alias', 'config', 'tags', 'depends_on']);
    expect(json).toMatchObject({
      name: 'fct_orders',
      resource_type: 'model',
      package_name: 'shop',
      original_file_path: 'models/marts/finance/fct_orders.sql',
      unique_id: 'model.shop.fct_orders',
      alias: 'fct_orders',
      tags: ['finance'],
      depends_on: { macros: ['macro.shop.cents'], nodes: ['model.shop.stg_orders'] },
    });
    expect(json.config.materialized).toBe('view');
    const s = JSON.parse(formatNodeForList(src, 'json'));
    expect(s.source_name).toBe('raw');
    expect(s).not.toHaveProperty('depends_on');
    expect(s).not.toHaveProperty('alias');
    expect(formatNodeForList(m, 'json')).not.toContain('\n');
  });
});
