import { describe, expect, it } from 'vitest';
import type { ModelNode, SourceNode } from '../manifest/index.js';
import type { ColumnProperties, NodeProperties, PropertiesFile, TestDefinition } from '../project/index.js';
import { buildTestNodes, type BuildTestNodesInput } from './build-test-nodes.js';

const loc = (line: number) => ({ file: 'models/schema.yml', line, column: 9 });

function model(name: string, enabled = true): ModelNode {
  return { resourceType: 'model', uniqueId: `model.p.${name}`, name, config: { enabled } } as unknown as ModelNode;
}

function def(testName: string, args: Record<string, unknown> = {}, config: Record<string, unknown> = {}, line = 1): TestDefinition {
  return { testName, arguments: args, config, location: loc(line) };
}

function column(name: string, tests: TestDefinition[], extra: Partial<ColumnProperties> = {}): ColumnProperties {
  return { name, description: '', meta: {}, tags: [], tests, constraints: [], location: loc(1), ...extra };
}

function props(name: string, columns: ColumnProperties[], tests: TestDefinition[] = []): NodeProperties {
  return { resourceType: 'model', name, description: '', config: {}, columns, tests, meta: {}, tags: [], constraints: [], location: loc(1), file: 'models/schema.yml' };
}

function file(nodes: NodeProperties[]): PropertiesFile {
  return { path: 'models/schema.yml', checksum: '', nodes, sources: [], unitTests: [], macros: [], ignored: [] };
}

function input(nodes: NodeProperties[], extra: Partial<BuildTestNodesInput> = {}): BuildTestNodesInput {
  return {
    projectName: 'p',
    properties: [file(nodes)],
    nodes: { orders: model('orders'), customers: model('customers'), old: model('old', false) },
    sources: {} as Record<string, SourceNode>,
    macros: {},
    singularTests: [],
    projectTestConfig: { config: {}, children: {} },
    target: { database: 'db', schema: 'main' },
    ...extra,
  };
}

describe('buildTestNodes', () => {
  it('quotes a column with quote: true in the name and kwargs, as dbt', () => {
    const { tests } = buildTestNodes(input([props('orders', [column('Id', [def('not_null')], { quote: true })])]));
    expect(tests[0]).toMatchObject({ name: 'not_null_orders__Id_', columnName: '"Id"' });
    expect(tests[0]!.rawCode).toBe(`{{ test_not_null(model=get_where_subquery(ref('orders')), column_name='"Id"') }}`);
  });

  it('disables tests of disabled models and tests that ref a disabled model', () => {
    const r = buildTestNodes(
      input([props('old', [column('id', [def('unique')])]), props('orders', [column('c', [def('relationships', { to: "ref('old')", field: 'id' })])])]),
    );
    expect(r.errors).toEqual([]);
    expect(r.tests).toEqual([]);
    expect(r.disabled.map((t) => t.name)).toEqual(['unique_old_id', 'relationships_orders_c__id__ref_old_']);
  });

  it('a repeated test is a duplicate-name error at the second one', () => {
    const r = buildTestNodes(input([props('orders', [column('id', [def('unique', {}, {}, 3), def('unique', {}, { severity: 'warn' }, 4)])])]));
    expect(r.errors.map((e) => [e.code, e.location?.line])).toEqual([['project/duplicate-name', 4]]);
  });

  it('a long name gets the short name as alias and compiled path', () => {
    const values = Array.from({ length: 12 }, (_, i) => `status_value_${i}`);
    const { tests } = buildTestNodes(input([props('orders', [column('status', [def('accepted_values', { values })])])]));
    const t = tests[0]!;
    expect(t.name.length).toBeGreaterThanOrEqual(64);
    expect(t.alias).toMatch(/^accepted_values_orders_[0-9a-f]{32}$/);
    expect(t.path).toBe(`${t.alias}.sql`);
    expect(t.config.alias).toBe(t.alias);
  });

  it('builds 10,000 tests in a few seconds of CPU at most', () => {
    const nodes: Record<string, ModelNode> = {};
    const entries: NodeProperties[] = [];
    for (let i = 0; i < 5000; i++) {
      nodes[`m${i}`] = model(`m${i}`);
      entries.push(props(`m${i}`, [column('id', [def('not_null'), def('unique')])]));
    }
    const t0 = process.cpuUsage();
    const r = buildTestNodes(input(entries, { nodes }));
    const cpu = process.cpuUsage(t0);
    expect(r.tests).toHaveLength(10000);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(3000);
  });
});
