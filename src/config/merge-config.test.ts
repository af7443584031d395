import { describe, expect, it } from 'vitest';
import { buildNodeConfig, defaultNodeConfig, folderConfigFor, mergeConfig } from './merge-config.js';
import type { FolderConfigTree } from './types.js';

const tree = (config: Record<string, unknown>, children: Record<string, FolderConfigTree> = {}): FolderConfigTree => ({ config, children });

describe('mergeConfig', () => {
  const defaults = { materialized: 'view', enabled: true, tags: [], meta: {} };
  const folderOuter = { materialized: 'table', schema: 'marts', tags: ['daily'], meta: { owner: 'data', tier: 1 }, 'pre-hook': 'select 1' };
  const folderInner = { schema: 'finance', tags: ['finance', 'daily'], meta: { tier: 2 }, post_hook: 'grant select' };
  const yamlProps = { alias: 'orders_v2', tags: 'pii', meta: { pii: true } };
  const inFile = { materialized: 'incremental', unique_key: 'id', tags: ['hourly'], 'pre-hook': ['select 2'] };

  it('applies the four layers with dbt precedence', () => {
    const merged = mergeConfig([defaults, folderOuter, folderInner, yamlProps, inFile]);
    expect(merged.materialized).toBe('incremental');
    expect(merged.schema).toBe('finance');
    expect(merged.alias).toBe('orders_v2');
    expect(merged.unique_key).toBe('id');
    expect(merged.enabled).toBe(true);
  });

  it('accumulates tags as a union, keeping first-seen order', () => {
    expect(mergeConfig([defaults, folderOuter, folderInner, yamlProps, inFile]).tags).toEqual(['daily', 'finance', 'pii', 'hourly']);
  });

  it('merges meta key by key, the more specific layer winning', () => {
    expect(mergeConfig([folderOuter, folderInner, yamlProps]).meta).toEqual({ owner: 'data', tier: 2, pii: true });
  });

  it('accumulates hooks in layer order and numbers them', () => {
    const merged = mergeConfig([folderOuter, folderInner, inFile]);
    expect(merged['pre-hook']).toEqual([
      { sql: 'select 1', transaction: true, index: 0 },
      { sql: 'select 2', transaction: true, index: 1 },
    ]);
    expect(merged['post-hook']).toEqual([{ sql: 'grant select', transaction: true, index: 0 }]);
  });

  it('replaces lists that are not accumulated, such as unique_key', () => {
    expect(mergeConfig([{ unique_key: ['a', 'b'] }, { unique_key: 'c' }]).unique_key).toBe('c');
  });

  it('merges grants per privilege, extending with a + key', () => {
    const merged = mergeConfig([{ grants: { select: ['a'], insert: ['x'] } }, { grants: { '+select': ['b'] } }, { grants: { insert: 'y' } }]);
    expect(merged.grants).toEqual({ select: ['a', 'b'], insert: ['y'] });
  });

  it('updates docs, quoting and contract key-wise; replaces persist_docs', () => {
    const merged = mergeConfig([
      { docs: { show: true, node_color: 'red' }, quoting: { identifier: true }, persist_docs: { relation: true, columns: true } },
      { docs: { show: false }, quoting: { schema: false }, persist_docs: { relation: false } },
    ]);
    expect(merged.docs).toEqual({ show: false, node_color: 'red' });
    expect(merged.quoting).toEqual({ identifier: true, schema: false });
    expect(merged.persist_docs).toEqual({ relation: false });
  });

  it('lets null reset a replaced key but not an accumulated one', () => {
    const merged = mergeConfig([{ schema: 'x', tags: ['a'], meta: { k: 1 } }, { schema: null, tags: null, meta: null }]);
    expect(merged.schema).toBeNull();
    expect(merged.tags).toEqual(['a']);
    expect(merged.meta).toEqual({ k: 1 });
  });

  it('does not mutate its inputs', () => {
    const a = { tags: ['a'], meta: { x: 1 } };
    mergeConfig([a, { tags: ['b'], meta: { y: 2 } }]);
    expect(a).toEqual({ tags: ['a'], meta: { x: 1 } });
  });
});

describe('folderConfigFor', () => {
  const models = tree({ materialized: 'view' }, {
    shop: tree({ tags: ['shop'] }, {
      staging: tree({ schema: 'stg' }, { stripe: tree({ tags: ['stripe'] }) }),
      marts: tree({ materialized: 'table' }, { fct_orders: tree({ materialized: 'incremental' }) }),
      empty: tree({}),
    }),
    other_pkg: tree({ enabled: false }),
  });

  it('returns the matching layers, outermost first', () => {
    expect(folderConfigFor(models, ['shop', 'staging', 'stripe', 'stg_charges'])).toEqual([
      { materialized: 'view' },
      { tags: ['shop'] },
      { schema: 'stg' },
      { tags: ['stripe'] },
    ]);
  });

  it('matches a level naming the node itself', () => {
    expect(folderConfigFor(models, ['shop', 'marts', 'fct_orders'])).toEqual([{ materialized: 'view' }, { tags: ['shop'] }, { materialized: 'table' }, { materialized: 'incremental' }]);
  });

  it('stops at the first level that does not match, skipping empty levels', () => {
    expect(folderConfigFor(models, ['shop', 'intermediate', 'stripe', 'x'])).toEqual([{ materialized: 'view' }, { tags: ['shop'] }]);
    expect(folderConfigFor(models, ['shop', 'empty', 'x'])).toEqual([{ materialized: 'view' }, { tags: ['shop'] }]);
    expect(folderConfigFor(models, ['elsewhere', 'x'])).toEqual([{ materialized: 'view' }]);
  });

  it('does not match inherited object properties', () => {
    expect(folderConfigFor(models, ['constructor', 'x'])).toEqual([{ materialized: 'view' }]);
  });

  it('feeds mergeConfig to give the folder precedence', () => {
    const merged = buildNodeConfig('model', folderConfigFor(models, ['shop', 'marts', 'fct_orders']));
    expect(merged.materialized).toBe('incremental');
    expect(merged.tags).toEqual(['shop']);
    expect(merged.enabled).toBe(true);
  });
});

describe('defaultNodeConfig', () => {
  it('gives dbt defaults per resource type', () => {
    expect(defaultNodeConfig('model').materialized).toBe('view');
    expect(defaultNodeConfig('seed').materialized).toBe('seed');
    expect(defaultNodeConfig('snapshot').materialized).toBe('snapshot');
    expect(defaultNodeConfig('test')).toMatchObject({ materialized: 'test', severity: 'ERROR', fail_calc: 'count(*)' });
  });
});
