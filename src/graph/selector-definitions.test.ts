import { describe, expect, it } from 'vitest';
import { SelectionError } from '../errors/index.js';
import type { SelectorsFile } from '../project/types.js';
import { shopManifest } from '../../tests/integration/graph/manifest-factory.js';
import { buildGraph } from './build-graph.js';
import { selectNodes, type SelectOptions } from './select-nodes.js';
import { buildSelectorResolver } from './selector-definitions.js';

const manifest = shopManifest();
const graph = buildGraph(manifest);

function file(defs: Record<string, unknown>, defaults: string[] = []): SelectorsFile {
  return {
    path: 'selectors.yml',
    selectors: Object.entries(defs).map(([name, definition], i) => ({
      name,
      description: '',
      default: defaults.includes(name),
      definition,
      location: { file: 'selectors.yml', line: 2 + i * 4, column: 5 },
    })),
  };
}

function run(selectors: SelectorsFile, opts: Omit<SelectOptions, 'selectors'>): string[] {
  return selectNodes(graph, manifest, { selectors, ...opts })
    .map((id) => id.split('.').pop()!)
    .sort();
}

function thrown(fn: () => unknown): SelectionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SelectionError) return err;
    throw err;
  }
  throw new Error('expected a SelectionError');
}

const MODELS = { resourceTypes: ['model' as const] };

describe('selectors.yml definitions', () => {
  it('a string definition uses the full CLI grammar', () => {
    const f = file({ nightly: 'tag:nightly+ dim_customers' });
    expect(run(f, { selector: 'nightly', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'rpt', 'stg_customers', 'stg_orders']);
  });

  it('the one-key shorthand and the method mapping with graph options', () => {
    const f = file({
      short: { tag: 'nightly' },
      dotted: { 'config.materialized': 'table' },
      kids: { method: 'tag', value: 'nightly', children: true, children_depth: 1 },
      up: { method: 'fqn', value: 'rpt', parents: true, parents_depth: 1 },
      at: { method: 'fqn', value: 'stg_orders', childrens_parents: true },
      depthOnly: { method: 'fqn', value: 'stg_customers', children_depth: 1 },
    });
    expect(run(f, { selector: 'short', ...MODELS })).toEqual(['stg_customers', 'stg_orders']);
    expect(run(f, { selector: 'dotted', ...MODELS })).toEqual(['dim_customers', 'fct_orders']);
    expect(run(f, { selector: 'kids', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'stg_customers', 'stg_orders']);
    expect(run(f, { selector: 'up', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'rpt']);
    expect(run(f, { selector: 'at', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'rpt', 'stg_customers', 'stg_orders']);
    expect(run(f, { selector: 'depthOnly', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'stg_customers']);
  });

  it('union, intersection, and exclude inside them', () => {
    const f = file({
      u: { union: ['stg_orders', { method: 'tag', value: 'finance' }] },
      i: { intersection: [{ tag: 'nightly' }, { tag: 'pii' }] },
      ue: { union: [{ method: 'fqn', value: 'marts' }, { exclude: ['rpt', { 'config.materialized': 'view' }] }] },
      ie: { intersection: ['+rpt', { exclude: [{ tag: 'nightly' }] }] },
      me: { method: 'fqn', value: 'marts', exclude: ['dim_customers'] },
      nested: { union: [{ intersection: [{ tag: 'nightly' }, 'stg_orders'] }, 'rpt'] },
    });
    expect(run(f, { selector: 'u', ...MODELS })).toEqual(['fct_orders', 'stg_orders']);
    expect(run(f, { selector: 'i', ...MODELS })).toEqual(['stg_customers']);
    expect(run(f, { selector: 'ue', ...MODELS })).toEqual(['dim_customers', 'fct_orders']);
    expect(run(f, { selector: 'ie', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'rpt']);
    expect(run(f, { selector: 'me', ...MODELS })).toEqual(['fct_orders', 'rpt']);
    expect(run(f, { selector: 'nested', ...MODELS })).toEqual(['rpt', 'stg_orders']);
  });

  it('indirect_selection on a criterion overrides the command', () => {
    const f = file({
      careful: { method: 'fqn', value: 'dim_customers', indirect_selection: 'cautious' },
      eager: { method: 'fqn', value: 'dim_customers' },
    });
    expect(run(f, { selector: 'careful' })).toEqual(['dim_customers']);
    expect(run(f, { selector: 'eager' })).toEqual(['dim_customers', 'relationships_fct_orders_customer_id']);
    expect(run(f, { selector: 'eager', indirectSelection: 'empty' })).toEqual(['dim_customers']);
  });

  it('selectors refer to selectors (nested), from YAML and from --select selector:x', () => {
    const f = file({
      base: { tag: 'nightly' },
      mid: { union: [{ method: 'selector', value: 'base' }, 'dim_customers'] },
      top: { intersection: [{ method: 'selector', value: 'mid' }, { exclude: ['stg_orders'] }] },
      str: 'selector:base+1',
    });
    expect(run(f, { selector: 'top', ...MODELS })).toEqual(['dim_customers', 'stg_customers']);
    expect(run(f, { selector: 'str', ...MODELS })).toEqual(['dim_customers', 'fct_orders', 'stg_customers', 'stg_orders']);
    expect(run(f, { select: ['selector:mid,marts'], ...MODELS })).toEqual(['dim_customers']);
  });

  it('--exclude still applies to a --selector', () => {
    const f = file({ marts: 'marts' });
    expect(run(f, { selector: 'marts', exclude: ['rpt'], ...MODELS })).toEqual(['dim_customers', 'fct_orders']);
  });

  it('the default: true selector is used when nothing is selected', () => {
    const f = file({ nightly: { tag: 'nightly' }, other: 'rpt' }, ['nightly']);
    expect(run(f, MODELS)).toEqual(['stg_customers', 'stg_orders']);
    expect(run(f, { select: ['rpt'], ...MODELS })).toEqual(['rpt']);
    expect(run(f, { exclude: ['rpt'], ...MODELS })).toHaveLength(5);
    expect(run(f, { selector: 'other', ...MODELS })).toEqual(['rpt']);
  });
});

describe('selectors.yml errors', () => {
  it('an unknown selector, with did-you-mean', () => {
    const err = thrown(() => run(file({ nightly: 'a' }), { selector: 'nigthly' }));
    expect(err.code).toBe('selection/unknown-selector');
    expect(err.message).toBe("no selector named 'nigthly'");
    expect(err.hint).toBe("did you mean 'nightly'?");
    const none = thrown(() => run(file({}), { selector: 'x' }));
    expect(none.hint).toMatch(/selectors.yml/);
    const noFile = thrown(() => selectNodes(graph, manifest, { selector: 'x' }));
    expect(noFile.code).toBe('selection/unknown-selector');
  });

  it('an unknown reference points at the selector that makes it', () => {
    const err = thrown(() => run(file({ a: 'x', b: { method: 'selector', value: 'c' } }), { selector: 'b' }));
    expect(err.code).toBe('selection/unknown-selector');
    expect(err.message).toBe("no selector named 'c' (referenced by selector 'b')");
    expect(err.location).toEqual({ file: 'selectors.yml', line: 6, column: 5 });
  });

  it('a cycle among selectors names every selector on it', () => {
    const f = file({
      a: { union: [{ method: 'selector', value: 'b' }, 'x'] },
      b: { intersection: ['y', { method: 'selector', value: 'c' }] },
      c: 'selector:a',
      self: 'selector:self',
    });
    const err = thrown(() => buildSelectorResolver(f).resolve('a'));
    expect(err.code).toBe('selection/syntax');
    expect(err.message).toBe('selectors form a cycle: a → b → c → a');
    expect(err.location).toEqual({ file: 'selectors.yml', line: 10, column: 5 });
    expect(thrown(() => run(f, { selector: 'self' })).message).toBe('selectors form a cycle: self → self');
  });

  it('bad definitions name the selector, with its location and a hint', () => {
    const cases: [unknown, RegExp][] = [
      [{ union: ['a'], intersection: ['b'] }, /only a single 'union' key is allowed in a root level definition/],
      [{ union: 'a' }, /'union' must be a list/],
      [{ union: ['a', { exclude: ['b'] }, { exclude: ['c'] }] }, /only one 'exclude'/],
      [{ exclude: ['a'] }, /'exclude' belongs inside a union or intersection/],
      [{ method: 'tag' }, /method 'tag' has no value/],
      [{ method: 'tag', value: 'x', childs: true }, /unknown key 'childs'/],
      [{ method: 'tag', value: 'x', children: 'yes' }, /'children' must be true or false/],
      [{ method: 'tag', value: 'x', parents_depth: -1 }, /'parents_depth' must be a whole number/],
      [{ method: 'tag', value: 'x', indirect_selection: 'lazy' }, /'indirect_selection' must be one of/],
      [{ method: 'tag', value: 'x', children: true, childrens_parents: true }, /cannot be combined/],
      [{ tag: ['a', 'b'] }, /the value of 'tag' must be a string/],
      [{ a: 1, b: 2 }, /expected one key, or 'method' and 'value' keys/],
      [['tag:x'], /a definition is a selector string or a mapping, not a list/],
      [42, /not number/],
    ];
    for (const [definition, message] of cases) {
      const err = thrown(() => run(file({ broken: definition }), { selector: 'broken' }));
      expect(err.code, JSON.stringify(definition)).toBe('selection/syntax');
      expect(err.message).toMatch(/^selector 'broken': /);
      expect(err.message).toMatch(message);
      expect(err.location).toEqual({ file: 'selectors.yml', line: 2, column: 5 });
      expect(err.hint).toBeTruthy();
    }
    expect(thrown(() => run(file({ broken: { method: 'tag', value: 'x', chilren: true } }), { selector: 'broken' })).hint).toBe("did you mean 'children'?");
  });

  it('bad methods and values inside definitions are the grammar errors', () => {
    const unknown = thrown(() => run(file({ s: { method: 'tga', value: 'x' } }), { selector: 's' }));
    expect(unknown.code).toBe('selection/unknown-method');
    expect(unknown.hint).toBe("did you mean 'tag'?");
    const str = thrown(() => run(file({ s: 'a tag:' }), { selector: 's' }));
    expect(str.code).toBe('selection/syntax');
    expect(str.message).toMatch(/^selector 's': 'tag:' has no value/);
    expect(str.location).toEqual({ file: 'selectors.yml', line: 2, column: 5 });
    expect(thrown(() => run(file({ s: { state: 'modifed' } }), { selector: 's' })).hint).toBe("did you mean 'modified'?");
  });

  it('several default selectors are an error', () => {
    const err = thrown(() => run(file({ a: 'x', b: 'y' }, ['a', 'b']), {}));
    expect(err.message).toMatch(/several selectors have default: true \(a, b\)/);
    expect(err.location?.line).toBe(6);
  });
});
