import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNodeConfig, findProjectDir, folderConfigFor, readProjectConfig, resolveVars } from '../../../src/config/index.js';
import { loadProjectFiles, selectorLocationOf } from '../../../src/project/index.js';
import { sha256 } from '../../../src/util/hash.js';
import { FIXTURES } from '../../helpers/project-fixture.js';

const ROOT = join(FIXTURES, 'loading-valid');

describe('loading a valid project (loading-valid)', () => {
  it('finds the project folder from a sub-folder', () => {
    expect(findProjectDir(join(ROOT, 'models', 'staging', 'incident_io'))).toBe(ROOT);
    expect(findProjectDir(ROOT)).toBe(ROOT);
  });

  it('reads project.yml with folder configs, vars and pipelines', () => {
    const config = readProjectConfig(ROOT);
    expect(config).toMatchObject({ name: 'ops_platform', profile: 'ops', version: '1.0.0', rootDir: ROOT, file: 'project.yml', onRunEnd: ['select 1'] });
    expect(resolveVars(config.vars, { start_date: '2025-01-01' }, config.name)).toEqual({
      start_date: '2025-01-01',
      lookback_days: 7,
      ops_platform: { lookback_days: 7 },
    });
    expect(config.pipelines.hourly_incidents!.steps).toEqual([
      { command: 'extract', sources: ['incident_io_companya'] },
      { command: 'build', select: 'tag:incidents+' },
    ]);
    expect(config.dataTests.config).toEqual({ severity: 'warn' });
  });

  it('resolves folder config for a node by its fqn, with dbt precedence', () => {
    const config = readProjectConfig(ROOT);
    const staging = buildNodeConfig('model', folderConfigFor(config.models, ['ops_platform', 'staging', 'incident_io', 'stg_incident_io__companya__incidents']));
    expect(staging).toMatchObject({ materialized: 'view', schema: 'staging', tags: ['staging', 'incidents'] });
    const fct = buildNodeConfig('model', [
      ...folderConfigFor(config.models, ['ops_platform', 'marts', 'fct_ops__incidents']),
      { tags: ['from_yaml'] },
      { materialized: 'incremental', tags: ['from_sql'] },
    ]);
    expect(fct).toMatchObject({
      materialized: 'incremental',
      unique_key: 'incident_id',
      on_schema_change: 'append_new_columns',
      cluster_by: ['incident_date'],
      persist_docs: { relation: true, columns: true },
      meta: { owner: 'ops-analytics' },
      tags: ['from_yaml', 'from_sql'],
    });
    const seed = buildNodeConfig('seed', folderConfigFor(config.seeds, ['ops_platform', 'teams']));
    expect(seed).toMatchObject({ materialized: 'seed', schema: 'reference', column_types: { team_id: 'varchar' } });
  });

  it('discovers and reads every kind of file', async () => {
    const files = await loadProjectFiles(readProjectConfig(ROOT));
    expect(files.models.map((f) => f.path)).toEqual(['models/marts/fct_ops__incidents.sql', 'models/staging/incident_io/stg_incident_io__companya__incidents.sql']);
    expect(files.macros.map((f) => f.path)).toEqual(['macros/minutes_between.sql', 'tests/generic/test_is_positive.sql']);
    expect(files.tests.map((f) => f.path)).toEqual(['tests/assert_resolved_after_created.sql']);
    expect(files.snapshots.map((f) => f.path)).toEqual(['snapshots/incidents_snapshot.sql']);
    expect(files.analyses.map((f) => f.path)).toEqual(['analyses/mttr_check.sql']);
    expect(files.docs.map((f) => f.path)).toEqual(['models/overview.md']);
    expect(files.properties.map((f) => f.path)).toEqual([
      'macros/_macros.yml',
      'models/marts/_marts.yml',
      'models/staging/incident_io/_incident_io__models.yml',
      'sources.yml',
    ]);
    const model = files.models[1]!;
    expect(model.absolutePath).toBe(join(ROOT, model.path));
    expect(model.content).toContain("source('incident_io', 'companya_incidents')");
    expect(model.checksum).toBe(sha256(model.content));
  });

  it('stats and checksums seeds without reading them into the files list', async () => {
    const files = await loadProjectFiles(readProjectConfig(ROOT));
    expect(files.seeds).toEqual([
      {
        path: 'seeds/teams.csv',
        absolutePath: join(ROOT, 'seeds/teams.csv'),
        sizeBytes: 'team_id,team_name\n1,Payments\n2,Platform\n'.length,
        checksum: sha256('team_id,team_name\n1,Payments\n2,Platform\n'),
      },
    ]);
  });

  it('parses properties: tests in every form, sources, macros, and unit tests with fixtures', async () => {
    const files = await loadProjectFiles(readProjectConfig(ROOT));
    const byPath = new Map(files.properties.map((p) => [p.path, p]));
    const staging = byPath.get('models/staging/incident_io/_incident_io__models.yml')!.nodes[0]!;
    expect(staging.columns.map((c) => c.tests.map((t) => [t.testName, t.arguments, t.config]))).toEqual([
      [
        ['unique', {}, {}],
        ['not_null', {}, { severity: 'error' }],
      ],
      [['accepted_values', { values: ['critical', 'major', 'minor'] }, { where: "created_at > '2024-01-01'" }]],
    ]);
    const marts = byPath.get('models/marts/_marts.yml')!;
    expect(marts.nodes[0]!.columns[0]!.tests.map((t) => [t.testName, t.customName, t.arguments])).toEqual([
      ['relationships', undefined, { to: "ref('stg_incident_io__companya__incidents')", field: 'incident_id' }],
      ['is_positive', 'incident_id_is_positive', {}],
    ]);
    expect(marts.unitTests[0]!.expect).toMatchObject({ format: 'csv', fixture: 'expected_incidents', rows: 'incident_id,created_at\n1,2024-01-02\n' });
    const source = byPath.get('sources.yml')!.sources[0]!;
    expect(source).toMatchObject({ name: 'incident_io', database: 'raw', loadedAtField: '_loaded_at', freshness: { warnAfter: { count: 2, period: 'hour' } } });
    expect(source.tables[0]).toMatchObject({ name: 'companya_incidents', identifier: 'INCIDENTS_COMPANYA' });
    expect(byPath.get('macros/_macros.yml')!.macros[0]!.arguments.map((a) => a.name)).toEqual(['a', 'b']);
  });

  it('reads selectors.yml with locations', async () => {
    const files = await loadProjectFiles(readProjectConfig(ROOT));
    const sel = files.selectors!;
    expect(sel.path).toBe('selectors.yml');
    expect(sel.selectors[0]).toMatchObject({ name: 'incidents', default: true, description: 'Everything about incidents' });
    expect(sel.selectors[0]!.definition).toEqual({ union: [{ method: 'tag', value: 'incidents' }, 'fct_ops__incidents+'] });
    expect(selectorLocationOf(sel.selectors[0]!.definition)).toMatchObject({ file: 'selectors.yml', line: 6, column: 7 });
  });
});
