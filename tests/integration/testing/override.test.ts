import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, type Adapter } from '../../../src/adapters/index.js';
import type { ModelNode } from '../../../src/manifest/index.js';
import { executeDataTest } from '../../../src/testing/index.js';
import { duckTarget, loadTestProject, type TestProject } from './helpers.js';

const target = duckTarget('tests_override');
let adapter: Adapter;
let project: TestProject;

beforeAll(async () => {
  adapter = await createAdapter(target);
  await adapter.connect();
  project = await loadTestProject('tests-override', target, adapter);
  const items = project.manifest.nodes['model.tests_override.items'] as ModelNode;
  await adapter.execute(`create view main.items as ${items.rawCode}`);
});

afterAll(async () => {
  await adapter?.close();
});

describe('a project {% test %} of a builtin name', () => {
  it('replaces the builtin test; the other builtins stay', async () => {
    const ex = { adapter, runContext: project.runContext(adapter), files: { write: () => undefined }, rootDir: '/p', targetPath: 'target' };
    const notNull = project.byName['not_null_items_id']!;
    expect(notNull.dependsOn.macros).toEqual(['macro.tests_override.test_not_null', 'macro.dbt.get_where_subquery']);
    const r = await executeDataTest(notNull, 'Thread-1', ex);
    expect(r.compiledCode).toContain("label <> 'b'");
    expect(r.status).toBe('pass');
    const unique = await executeDataTest(project.byName['unique_items_id']!, 'Thread-1', ex);
    expect(unique.status).toBe('pass');
    expect(unique.compiledCode).toContain('unique_field');
  });
});
