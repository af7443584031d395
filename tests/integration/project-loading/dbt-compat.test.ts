import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNodeConfig, findProjectDir, folderConfigFor, readProjectConfig } from '../../../src/config/index.js';
import { UsageError } from '../../../src/errors/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';
import { diagnosticsOf, tempDir } from './load-helpers.js';

describe('dbt_project.yml compatibility (loading-dbt-compat)', () => {
  const ROOT = join(FIXTURES, 'loading-dbt-compat');

  it('reads a dbt project unchanged', () => {
    expect(findProjectDir(join(ROOT, 'models', 'example'))).toBe(ROOT);
    const config = readProjectConfig(ROOT);
    expect(config).toMatchObject({
      name: 'jaffle_shop',
      profile: 'jaffle_shop',
      file: 'dbt_project.yml',
      seedPaths: ['data'],
      cleanTargets: ['target', 'dbt_packages'],
      flags: { send_anonymous_usage_stats: false },
      onRunStart: ["{{ log('starting', info=true) }}"],
      dispatch: [{ macroNamespace: 'dbt_utils', searchOrder: ['jaffle_shop', 'dbt_utils'] }],
    });
    // dbt's old `tests:` key is read as data_tests
    expect(config.dataTests.children.jaffle_shop!.config).toEqual({ store_failures: true });
  });

  it('merges dbt-style folder config with hooks in both spellings', () => {
    const config = readProjectConfig(ROOT);
    const merged = buildNodeConfig('model', folderConfigFor(config.models, ['jaffle_shop', 'example', 'my_first_dbt_model']));
    expect(merged).toMatchObject({
      materialized: 'view',
      docs: { show: true, node_color: '#cd7f32' },
      'pre-hook': [{ sql: 'select 1', transaction: true, index: 0 }],
      'post-hook': [{ sql: 'select 2', transaction: false, index: 0 }],
    });
  });

  it('loads the dbt starter models, their schema.yml and seeds from data/', async () => {
    const files = await loadProjectFiles(readProjectConfig(ROOT));
    expect(files.models.map((m) => m.path)).toEqual(['models/example/my_first_dbt_model.sql', 'models/example/my_second_dbt_model.sql']);
    expect(files.seeds.map((s) => s.path)).toEqual(['data/raw_customers.csv']);
    expect(files.properties[0]!.nodes.map((n) => [n.name, n.columns[0]!.tests.map((t) => t.testName)])).toEqual([
      ['my_first_dbt_model', ['unique', 'not_null']],
      ['my_second_dbt_model', ['unique', 'not_null']],
    ]);
  });
});

describe('project discovery and file rules (temp folders)', () => {
  it('prefers project.yml over dbt_project.yml', () => {
    const { dir, cleanup } = tempDir('both');
    try {
      writeFileSync(join(dir, 'project.yml'), 'name: from_project_yml\n');
      writeFileSync(join(dir, 'dbt_project.yml'), 'name: from_dbt_project_yml\n');
      expect(readProjectConfig(dir)).toMatchObject({ name: 'from_project_yml', file: 'project.yml' });
    } finally {
      cleanup();
    }
  });

  it('throws usage/no-project with a hint when no folder above holds a project', async () => {
    const { dir, cleanup } = tempDir('none');
    try {
      const [err] = await diagnosticsOf(() => findProjectDir(join(dir)));
      expect(err).toBeInstanceOf(UsageError);
      expect(err!.code).toBe('usage/no-project');
      expect(err!.hint).toContain('--project-dir');
    } finally {
      cleanup();
    }
  });

  it('skips the target path, dot folders, dbt_packages and root config files even when a path is the root', async () => {
    const { dir, cleanup } = tempDir('root-paths');
    try {
      writeFileSync(join(dir, 'project.yml'), 'name: rooted\nmodel-paths: ["."]\ntarget-path: build\n');
      writeFileSync(join(dir, 'profiles.yml'), 'rooted:\n  outputs:\n    default: {type: duckdb}\n');
      writeFileSync(join(dir, 'a.sql'), 'select 1');
      writeFileSync(join(dir, 'a.yml'), 'models: [{name: a}]\n');
      for (const [d, f] of [['build/compiled', 'x.sql'], ['.venv', 'y.sql'], ['dbt_packages/pkg', 'z.sql'], ['sub', 'b.sql']]) {
        mkdirSync(join(dir, d!), { recursive: true });
        writeFileSync(join(dir, d!, f!), 'select 1');
      }
      const files = await loadProjectFiles(readProjectConfig(dir));
      expect(files.models.map((m) => m.path)).toEqual(['a.sql', 'sub/b.sql']);
      expect(files.properties.map((p) => p.path)).toEqual(['a.yml']);
    } finally {
      cleanup();
    }
  });

  it('collects problems across files and throws once, naming both paths of a duplicate', async () => {
    const { dir, cleanup } = tempDir('dups');
    try {
      writeFileSync(join(dir, 'project.yml'), 'name: dups\n');
      mkdirSync(join(dir, 'models', 'a'), { recursive: true });
      mkdirSync(join(dir, 'models', 'b'), { recursive: true });
      mkdirSync(join(dir, 'seeds'), { recursive: true });
      writeFileSync(join(dir, 'models', 'a', 'orders.sql'), 'select 1');
      writeFileSync(join(dir, 'models', 'b', 'orders.sql'), 'select 2');
      writeFileSync(join(dir, 'seeds', 'customers.csv'), 'id\n1\n');
      writeFileSync(join(dir, 'models', 'customers.sql'), 'select 3');
      writeFileSync(join(dir, 'models', 'a', 'one.yml'), 'models:\n  - name: orders\n    descripton: x\n');
      writeFileSync(join(dir, 'models', 'b', 'two.yml'), 'models:\n  - name: orders\n');
      const errors = await diagnosticsOf(() => loadProjectFiles(readProjectConfig(dir)));
      expect(errors.map((e) => [e.code, e.location?.file, e.location?.line])).toEqual([
        ['project/unknown-key', 'models/a/one.yml', 3],
        ['project/duplicate-name', 'models/b/orders.sql', undefined],
        ['project/duplicate-name', 'seeds/customers.csv', undefined],
        ['project/duplicate-name', 'models/b/two.yml', 2],
      ]);
      expect(errors[1]!.message).toBe("model 'orders' (models/b/orders.sql) has the same name as model 'orders' (models/a/orders.sql)");
      expect(errors[3]!.message).toContain('models/a/one.yml:2:5');
    } finally {
      cleanup();
    }
  });

  it('reports a unit test fixture that does not exist', async () => {
    const { dir, cleanup } = tempDir('fixture');
    try {
      writeFileSync(join(dir, 'project.yml'), 'name: fx\n');
      mkdirSync(join(dir, 'models'));
      writeFileSync(join(dir, 'models', 'm.sql'), 'select 1');
      writeFileSync(join(dir, 'models', 'm.yml'), 'unit_tests:\n  - name: t\n    model: m\n    given: []\n    expect:\n      format: csv\n      fixture: nope\n');
      const [err] = await diagnosticsOf(() => loadProjectFiles(readProjectConfig(dir)));
      expect([err!.code, err!.location?.file, err!.location?.line]).toEqual(['project/unknown-resource', 'models/m.yml', 5]);
      expect(err!.hint).toBe('create tests/fixtures/nope.csv, or fix the fixture name.');
    } finally {
      cleanup();
    }
  });
});
