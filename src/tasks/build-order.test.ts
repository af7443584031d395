import { describe, expect, it } from 'vitest';
import type { Manifest } from '../manifest/index.js';
import { buildSchedulingPlan } from './build-order.js';

const node = (id: string, resourceType: string, dependsOn: string[] = []) => ({ uniqueId: id, resourceType, dependsOn: { nodes: dependsOn, macros: [] } });

// stg → fct → rpt, a data test on fct, a unit test of fct.
const manifest = {
  nodes: {
    'model.p.stg': node('model.p.stg', 'model'),
    'model.p.fct': node('model.p.fct', 'model', ['model.p.stg']),
    'model.p.rpt': node('model.p.rpt', 'model', ['model.p.fct']),
    'test.p.not_null_fct_id.1': node('test.p.not_null_fct_id.1', 'test', ['model.p.fct']),
    // a relationships test on fct that also reads stg: only fct's children wait for it
    'test.p.relationships_fct.2': { ...node('test.p.relationships_fct.2', 'test', ['model.p.fct', 'model.p.stg']), attachedNode: 'model.p.fct' },
  },
  unitTests: { 'unit_test.p.fct.t1': { ...node('unit_test.p.fct.t1', 'unit_test', ['model.p.fct']), model: 'model.p.fct' } },
} as unknown as Pick<Manifest, 'nodes' | 'unitTests'>;

describe('buildSchedulingPlan', () => {
  const graphOrder = ['model.p.stg', 'model.p.fct', 'model.p.rpt', 'test.p.not_null_fct_id.1', 'test.p.relationships_fct.2', 'unit_test.p.fct.t1'];
  const graphParents = new Map<string, string[]>([
    ['model.p.stg', []],
    ['model.p.fct', ['model.p.stg']],
    ['model.p.rpt', ['model.p.fct']],
    ['test.p.not_null_fct_id.1', ['model.p.fct']],
    ['test.p.relationships_fct.2', ['model.p.fct', 'model.p.stg']],
    ['unit_test.p.fct.t1', ['model.p.fct']],
  ]);

  it('runs a model after its unit tests and its children after its data tests', () => {
    const plan = buildSchedulingPlan(graphOrder, graphParents, manifest);
    expect(plan.parents.get('model.p.fct')).toEqual(['model.p.stg', 'unit_test.p.fct.t1']);
    expect(plan.parents.get('unit_test.p.fct.t1')).toEqual([]);
    expect(plan.parents.get('model.p.rpt')).toEqual(['model.p.fct', 'test.p.not_null_fct_id.1', 'test.p.relationships_fct.2']);
    expect(plan.parents.get('model.p.fct')).not.toContain('test.p.relationships_fct.2'); // no cycle through stg
    expect(plan.order).toEqual(['model.p.stg', 'unit_test.p.fct.t1', 'model.p.fct', 'test.p.not_null_fct_id.1', 'test.p.relationships_fct.2', 'model.p.rpt']);
  });

  it('leaves a selection without tests as the graph ordered it', () => {
    const order = ['model.p.stg', 'model.p.fct'];
    const plan = buildSchedulingPlan(order, new Map([['model.p.stg', []], ['model.p.fct', ['model.p.stg']]]), manifest);
    expect(plan.order).toEqual(order);
  });
});
