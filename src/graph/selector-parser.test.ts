import { describe, expect, it } from 'vitest';
import { SelectionError } from '../errors/index.js';
import { SelectorError } from './selection-error.js';
import { parseCriterion, parseSelectionArgs, parseSelectorExpression, renderSelectionSpec } from './selector-parser.js';
import type { SelectionCriteria, SelectionIntersection } from './types.js';

function only(expr: string): SelectionCriteria {
  const union = parseSelectorExpression(expr);
  expect(union.components).toHaveLength(1);
  const inter = union.components[0] as SelectionIntersection;
  expect(inter.components).toHaveLength(1);
  return inter.components[0] as SelectionCriteria;
}

function errorOf(fn: () => unknown): SelectorError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SelectorError) return err;
    throw err;
  }
  throw new Error('expected a SelectorError');
}

describe('parseSelectorExpression: terms', () => {
  it('a bare name is an fqn criterion with the method inferred', () => {
    const c = only('stg_orders');
    expect(c).toMatchObject({ method: 'fqn', value: 'stg_orders', implicitMethod: true, parents: false, children: false, childrensParents: false });
  });

  it('a value with a slash is a path, a .sql/.py/.csv file name is a file', () => {
    expect(only('models/staging')).toMatchObject({ method: 'path', value: 'models/staging' });
    expect(only('models/staging/stg_x.sql')).toMatchObject({ method: 'path' });
    expect(only('stg_x.sql')).toMatchObject({ method: 'file', value: 'stg_x.sql' });
    expect(only('raw_orders.CSV')).toMatchObject({ method: 'file' });
    expect(only('marts')).toMatchObject({ method: 'fqn', value: 'marts' });
    expect(only('stg_*')).toMatchObject({ method: 'fqn', value: 'stg_*' });
  });

  it('method:value, with keys for config (nested too)', () => {
    expect(only('tag:nightly')).toMatchObject({ method: 'tag', value: 'nightly', methodArgs: [], implicitMethod: false });
    expect(only('config.materialized:incremental')).toMatchObject({ method: 'config', methodArgs: ['materialized'], value: 'incremental' });
    expect(only('config.meta.owner:alice')).toMatchObject({ method: 'config', methodArgs: ['meta', 'owner'], value: 'alice' });
    expect(only('source:raw.orders')).toMatchObject({ method: 'source', value: 'raw.orders' });
    expect(only('state:modified.body')).toMatchObject({ method: 'state', value: 'modified.body' });
    expect(only('path:models/staging')).toMatchObject({ method: 'path', value: 'models/staging', implicitMethod: false });
    expect(only('fqn:shop.staging.*')).toMatchObject({ method: 'fqn', value: 'shop.staging.*' });
    for (const m of ['resource_type:model', 'package:shop', 'test_type:unit', 'test_name:unique', 'unit_test:t1', 'access:public', 'group:finance', 'version:latest', 'file:a.sql', 'selector:nightly']) {
      expect(only(m).method).toBe(m.split(':')[0]);
    }
  });

  it('graph operators with and without depth', () => {
    expect(only('+a')).toMatchObject({ parents: true, children: false, value: 'a' });
    expect(only('a+')).toMatchObject({ parents: false, children: true, value: 'a' });
    expect(only('+a+')).toMatchObject({ parents: true, children: true });
    expect(only('2+a')).toMatchObject({ parents: true, parentsDepth: 2, value: 'a' });
    expect(only('a+3')).toMatchObject({ children: true, childrenDepth: 3, value: 'a' });
    expect(only('12+tag:x+1')).toMatchObject({ parentsDepth: 12, childrenDepth: 1, method: 'tag', value: 'x' });
    expect(only('@a')).toMatchObject({ childrensParents: true, value: 'a' });
    expect(only('@+a')).toMatchObject({ childrensParents: true, parents: true });
    expect(only('+a').parentsDepth).toBeUndefined();
  });

  it('a name starting with digits is not a depth', () => {
    expect(only('2023_orders')).toMatchObject({ value: '2023_orders', parents: false });
  });

  it('spaces are unions, commas intersections; offsets are recorded', () => {
    const u = parseSelectorExpression('  +a  tag:x,config.materialized:table b+');
    expect(u.components).toHaveLength(3);
    const second = u.components[1] as SelectionIntersection;
    expect(second.kind).toBe('intersection');
    expect(second.components.map((c) => (c as SelectionCriteria).method)).toEqual(['tag', 'config']);
    expect((second.components[1] as SelectionCriteria).offset).toBe(12);
    expect((u.components[0] as SelectionIntersection).components[0]).toMatchObject({ offset: 2, raw: '+a' });
    expect(renderSelectionSpec(u)).toBe('+a tag:x,config.materialized:table b+');
  });

  it('several --select are a union; --exclude becomes a difference; nothing means the default', () => {
    const spec = parseSelectionArgs(['a b', 'c'], ['d']);
    expect(spec.kind).toBe('difference');
    if (spec.kind !== 'difference') return;
    expect(spec.include.kind).toBe('union');
    expect(renderSelectionSpec(spec.include)).toBe('a b c');
    expect(renderSelectionSpec(spec.exclude)).toBe('d');
    const def = parseSelectionArgs(undefined, undefined);
    expect(renderSelectionSpec(def)).toBe('fqn:* source:* unit_test:*');
    expect(def.kind === 'union' && def.components.every((c) => c.kind === 'union' && c.components.every((i) => i.kind === 'intersection' && i.expectExists === false))).toBe(true);
    const given = parseSelectionArgs(['a']);
    expect(given.kind === 'union' && given.components[0]!.kind === 'union' && (given.components[0]!.components[0] as SelectionIntersection).expectExists).toBe(true);
  });
});

describe('parseSelectorExpression: errors carry the offset', () => {
  const cases: [string, number, RegExp][] = [
    ['tag:', 4, /'tag:' has no value/],
    ['a tag:', 6, /'tag:' has no value/],
    ['config:table', 6, /'config' needs a key/],
    ['config.:x', 7, /empty key after '.'/],
    ['config.meta..owner:x', 12, /empty key/],
    ['tag.x:y', 3, /'tag' takes no '.x' key/],
    ['a,,b', 2, /two ',' in a row/],
    [',a', 0, /nothing before it/],
    ['a,', 1, /nothing after it/],
    ['+', 1, /needs a node name/],
    ['@', 1, /needs a node name/],
    ['a 3+', 4, /needs a node name/],
    ['a++', 1, /'\+' can only stand at the start or the end/],
    ['a+b', 1, /'\+' can only stand/],
    ['x a@b', 3, /'@' can only stand at the start/],
    ['@a+', 2, /'@' and a trailing '\+' cannot be combined/],
    ['state:changed', 6, /'changed' is not a valid value for state/],
    ['resource_type:modle', 14, /not a valid value for resource_type/],
    ['test_type:unitt', 10, /not a valid value for test_type/],
    ['access:secret', 7, /access/],
    ['version:newest', 8, /version/],
    ['source:a.b.c.d', 7, /too many parts/],
    [':x', 0, /missing a method name/],
    ['   ', 0, /empty selector/],
  ];
  for (const [expr, offset, message] of cases) {
    it(`${JSON.stringify(expr)} → offset ${offset}`, () => {
      const err = errorOf(() => parseSelectorExpression(expr));
      expect(err).toBeInstanceOf(SelectionError);
      expect(err.code).toBe('selection/syntax');
      expect(err.offset).toBe(offset);
      expect(err.expression).toBe(expr);
      expect(err.message).toMatch(message);
      expect(err.hint).toBeTruthy();
      // The caret line points at the offset.
      const lines = err.message.split('\n');
      expect(lines[lines.length - 1]).toBe(`  ${' '.repeat(offset)}^`);
      expect(lines[lines.length - 2]).toBe(`  ${expr}`);
    });
  }

  it('suggests the closest value', () => {
    expect(errorOf(() => parseSelectorExpression('state:modifed')).hint).toBe("did you mean 'modified'?");
    expect(errorOf(() => parseSelectorExpression('resource_type:modle')).hint).toBe("did you mean 'model'?");
  });

  it('an unknown method is selection/unknown-method with did-you-mean and the offset of the method', () => {
    const err = errorOf(() => parseSelectorExpression('a +tga:nightly'));
    expect(err.code).toBe('selection/unknown-method');
    expect(err.offset).toBe(3);
    expect(err.message).toMatch(/unknown selection method 'tga'/);
    expect(err.hint).toBe("did you mean 'tag'?");
    const far = errorOf(() => parseSelectorExpression('zzzzzz:x'));
    expect(far.hint).toMatch(/methods are fqn, tag/);
  });

  it("dbt methods opp lacks are named as such", () => {
    const err = errorOf(() => parseSelectorExpression('exposure:weekly'));
    expect(err.code).toBe('selection/unknown-method');
    expect(err.message).toMatch(/dbt selection method opp does not support/);
    expect(err.hint).toMatch(/no exposures/);
  });

  it('dbt resource types opp lacks still parse', () => {
    expect(only('resource_type:exposure').value).toBe('exposure');
  });

  it('parseCriterion alone points into the given expression', () => {
    const err = errorOf(() => parseCriterion('tag:', 'a b tag:', 4));
    expect(err.offset).toBe(8);
  });
});
