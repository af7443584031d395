import { describe, expect, it } from 'vitest';
import type { PropertiesFile, UnitTestProperties } from '../project/types.js';
import { model, seed, source } from '../../tests/integration/graph/manifest-factory.js';
import { analyzeModelInputs } from './analyze-inputs.js';
import { buildUnitTestNodes, type BuildUnitTestNodesInput } from './build-unit-test-nodes.js';

const FILE = 'models/marts/unit.yml';

function ut(name: string, modelName: string, given: [string, unknown?][], extra: Partial<UnitTestProperties> = {}): UnitTestProperties {
  return {
    name,
    model: modelName,
    description: '',
    given: given.map(([input, rows], i) => ({ input, format: 'dict', rows: (rows as Record<string, unknown>[]) ?? [], location: { file: FILE, line: 10 + i, column: 9 } })),
    expect: { format: 'dict', rows: [], location: { file: FILE, line: 30, column: 5 } },
    overrides: { macros: {}, vars: {}, envVars: {} },
    config: {},
    location: { file: FILE, line: 5, column: 5 },
    file: FILE,
    ...extra,
  };
}

function input(tests: UnitTestProperties[]): BuildUnitTestNodesInput {
  const file: PropertiesFile = { path: FILE, checksum: 'x', nodes: [], sources: [], unitTests: tests, macros: [], ignored: [] };
  const eph = model('int_eph', { deps: ['stg_a', 'prices'], config: { materialized: 'ephemeral' } });
  return {
    projectName: 'shop',
    properties: [file],
    nodes: {
      stg_a: model('stg_a', { deps: ['source.shop.raw.a'] }),
      prices: seed('prices'),
      int_eph: eph,
      fct: model('fct', { deps: ['int_eph', 'stg_a'] }),
      off: model('off', { deps: ['stg_a'], config: { enabled: false } }),
    },
    sources: { 'source.shop.raw.a': source('raw', 'a') },
    projectUnitTestConfig: { config: {}, children: { shop: { config: { tags: ['unit'] }, children: { marts: { config: { meta: { owner: 'ana' } }, children: {} } } } } },
  };
}

describe('buildUnitTestNodes', () => {
  it('looks through un-given ephemeral parents; a seed not given is read from its file (no error)', () => {
    const r = buildUnitTestNodes(input([ut('t1', 'fct', [["ref('stg_a')"]])]));
    expect(r.errors).toEqual([]);
    const node = r.unitTests[0]!;
    expect(node.uniqueId).toBe('unit_test.shop.fct.t1');
    expect(node.fqn).toEqual(['shop', 'marts', 'fct', 't1']);
    expect(node.path).toBe('marts/unit.yml');
    expect(node.tags).toEqual(['unit']);
    expect(node.meta).toEqual({ owner: 'ana' });
    expect(node.config['enabled']).toBe(true);
  });

  it('an ephemeral parent given itself replaces its inputs', () => {
    const r = buildUnitTestNodes(input([ut('t2', 'fct', [["ref('int_eph')"], ["ref('stg_a')"]])]));
    expect(r.errors).toEqual([]);
    const bad = buildUnitTestNodes(input([ut('t3', 'fct', [["ref('int_eph')"], ["ref('stg_a')"], ["ref('prices')"]])]));
    expect(bad.errors.map((e) => e.message)).toEqual(["unit test 't3' gives ref('prices'), but model 'fct' does not read it (its inputs: ref('int_eph'), ref('stg_a'))"]);
  });

  it('unit tests of disabled models, or disabled themselves, are returned as disabled without checks', () => {
    const r = buildUnitTestNodes(input([ut('t4', 'off', []), ut('t5', 'fct', [], { config: { enabled: false } })]));
    expect(r.errors).toEqual([]);
    expect(r.unitTests).toEqual([]);
    expect(r.disabled.map((t) => t.name)).toEqual(['t4', 't5']);
  });

  it('a seed, not a model, as the model under test', () => {
    const r = buildUnitTestNodes(input([ut('t6', 'prices', [])]));
    expect(r.errors[0]!.message).toBe("unit test 't6' tests 'prices' is a seed, not a model");
  });
});

describe('analyzeModelInputs', () => {
  it('lists what is needed, what is missing, the seeds read from files and the ephemeral parents rendered', () => {
    const nodes = input([]).nodes;
    const a = analyzeModelInputs(nodes['fct'] as never, (n) => nodes[n], new Set());
    expect([...a.needed.keys()]).toEqual(['ref:stg_a', 'ref:prices']);
    expect(a.missing.map((c) => (c.kind === 'ref' ? c.name : ''))).toEqual(['stg_a']);
    expect(a.seeds.map((s) => s.name)).toEqual(['prices']);
    expect(a.ephemeral.map((m) => m.name)).toEqual(['int_eph']);
  });
});
