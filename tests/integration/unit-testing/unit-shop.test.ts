import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitTestNode } from '../../../src/manifest/index.js';
import type { NodeResult } from '../../../src/run/types.js';
import { executeUnitTest, openUnitTestEngine, type UnitTestEngine } from '../../../src/unit-testing/index.js';
import { copyFixture } from '../../helpers/project-fixture.js';
import { loadUnitProject, snowflakeTarget, type UnitProject } from './helpers.js';

/**
 * The unit-shop fixture's unit tests run for real on the engine's in-memory DuckDB, with the project
 * targeting Snowflake: dict, csv, sql and fixture-file inputs, a source input, an ephemeral parent, a
 * seed read from seeds/, is_incremental with `this`, vars / env_vars / macro overrides, a failing test's
 * diff and a test whose SQL fails.
 */

let project: UnitProject;
let engine: UnitTestEngine;
let copy: { dir: string; cleanup: () => void };
const written = new Map<string, string>();

beforeAll(async () => {
  copy = copyFixture('unit-shop');
  project = await loadUnitProject('unit-shop', snowflakeTarget());
  engine = openUnitTestEngine({ threads: 2 });
});

afterAll(async () => {
  await engine?.close();
  copy?.cleanup();
});

function run(name: string, opts: { env?: Record<string, string> } = {}): Promise<NodeResult> {
  const node = project.byName[name];
  if (!node) throw new Error(`no unit test ${name}`);
  return executeUnitTest(node, 'Thread-1', {
    engine,
    manifest: project.manifest,
    target: snowflakeTarget(),
    vars: { ttd_threshold_minutes: 30 },
    env: opts.env ?? {},
    flags: { WHICH: 'test' },
    files: { write: (path, content) => written.set(path, content) },
    rootDir: copy.dir,
    targetPath: 'target',
  });
}

function expectPass(r: NodeResult): void {
  if (r.status !== 'pass') throw new Error(`${r.uniqueId}: ${r.status}: ${r.message}`);
  expect(r.failures).toBe(0);
}

describe('unit-shop nodes', () => {
  it('builds every unit test with dbt ids, fqn, merged config and the model as dependency', () => {
    expect(project.built.errors).toEqual([]);
    expect(project.built.unitTests).toHaveLength(11);
    const t = project.byName['test_time_to_detect_csv']!;
    expect(t.uniqueId).toBe('unit_test.unit_shop.fct_time_to_detect.test_time_to_detect_csv');
    expect(t.fqn).toEqual(['unit_shop', 'marts', 'fct_time_to_detect', 'test_time_to_detect_csv']);
    expect(t.tags).toEqual(['unit', 'ttd']);
    expect(t.dependsOn).toEqual({ nodes: ['model.unit_shop.fct_time_to_detect'], macros: [] });
    expect(t.originalFilePath).toBe('models/marts/unit_tests.yml');
    // csv normalised to rows, empty fields NULL
    const fixture = project.byName['test_minutes_to_detect_fixture']!;
    expect(fixture.given[0]!.rows).toEqual([
      { id: '7', severity: 'sev1', started_at: '2024-05-02 08:00:00', detected_at: '2024-05-02 08:45:00' },
      { id: '8', severity: 'sev3', started_at: '2024-05-02 09:00:00', detected_at: null },
    ]);
  });
});

describe('unit-shop execution', () => {
  it('dict rows for a source, typed by its declared Snowflake data types; order-insensitive', async () => {
    const r = await run('test_minutes_to_detect');
    expectPass(r);
    expect(r.message).toBe('PASS');
    expect(r.compiledPath).toBe('target/compiled/unit_shop/models/marts/unit_tests.yml/stg_incidents/test_minutes_to_detect.sql');
    expect(r.compiledCode).toContain('cast(\'2024-05-01 10:00:00\' as TIMESTAMP) as "started_at"');
    expect(r.compiledCode).toContain('cast(1 as DECIMAL(38,0)) as "id"');
    expect(r.compiledCode).toContain('from "__dbt__cte__raw__incidents"');
    expect(written.get(`${copy.dir}/${r.compiledPath}`)).toBe(r.compiledCode);
  });

  it('csv rows from a fixture file (empty field NULL), timestamps compared with values written as strings', async () => {
    expectPass(await run('test_minutes_to_detect_fixture'));
  });

  it('inline csv in and out; numbers compared by value (30.0 = 30)', async () => {
    expectPass(await run('test_time_to_detect_csv'));
  });

  it('a failing test prints the diff as dbt does', async () => {
    const r = await run('test_time_to_detect_wrong');
    expect(r.status).toBe('fail');
    expect(r.failures).toBe(1);
    expect(r.error).toBeUndefined();
    expect(r.message).toBe(
      'actual differs from expected:\n\n' +
        '@@ ,severity,slow_detections\n' +
        '→  ,sev1    ,2→1            \n' +
        '   ,sev2    ,0              \n' +
        '---,sev3    ,0              \n',
    );
  });

  it('vars, env_vars and context-value (invocation_id) overrides; without them the project var and the env default apply', async () => {
    const r = await run('test_time_to_detect_overrides');
    expectPass(r);
    expect(r.compiledCode).toContain('minutes_to_detect > 5');
    expect(r.compiledCode).toContain("'run-42' as invocation_id");
    // The same rendering without overrides sees the project's threshold (30) and team 'all'.
    const plain = await run('test_time_to_detect_csv');
    expect(plain.compiledCode).toContain('minutes_to_detect > 30');
    expect(plain.compiledCode).toContain("'all' as team");
    expect(plain.compiledCode).not.toContain('run-42');
    const withEnv = await run('test_time_to_detect_csv', { env: { OPP_TTD_TEAM: 'noc' } });
    expect(withEnv.status).toBe('fail'); // team is now 'noc', expect says 'all'
    expect(withEnv.message).toContain('all→noc');
  });

  it('a test whose SQL fails is an error with the compiled path and a hint, not a crash', async () => {
    const r = await run('test_time_to_detect_missing_column');
    expect(r.status).toBe('error');
    expect(r.failures).toBeNull();
    expect(r.message).toContain('Referenced column "severity" not found');
    expect(r.compiledPath).toBe('target/compiled/unit_shop/models/marts/unit_tests.yml/fct_time_to_detect/test_time_to_detect_missing_column.sql');
    expect(r.error?.location?.file).toBe(r.compiledPath);
    expect(r.error?.hint).toContain("add 'severity' to the rows");
  });

  it('sql input through an ephemeral parent, the seed read from seeds/, a macro override, dispatch as duckdb', async () => {
    const r = await run('test_token_costs');
    expectPass(r);
    // default__estimate_tokens, not snowflake__ (div0), although the project targets Snowflake
    expect(r.compiledCode).toContain('ceil((u.prompt_chars + u.completion_chars) / 4)');
    expect(r.compiledCode).not.toContain('div0');
    expect(r.compiledCode).toContain('__dbt__cte__int_usage_priced as (');
    expect(r.compiledCode).toContain("cast('claude-sonnet' as VARCHAR) as \"model\"");
    expect(r.compiledCode).toContain("date '2024-06-01' as report_day");
  });

  it('is_incremental: true with a `this` input; false builds from scratch', async () => {
    const inc = await run('test_daily_tokens_incremental');
    expectPass(inc);
    expect(inc.compiledCode).toContain('(select max(event_date) from "__dbt__cte__fct_daily_tokens")');
    expect(inc.compiledCode).toContain('cast(\'2024-05-01\' as DATE) as "event_date", cast(10 as BIGINT) as "tokens"');
    const full = await run('test_daily_tokens_full_refresh');
    expectPass(full);
    expect(full.compiledCode).not.toContain('max(event_date)');
  });

  it('the ephemeral parent given directly replaces it; expect as sql', async () => {
    const r = await run('test_daily_tokens_from_ephemeral');
    expectPass(r);
    expect(r.compiledCode).not.toContain('estimate_tokens');
    expect(r.compiledCode).not.toContain('ceil(');
  });

  it('run_query in the model reads the fixtures', async () => {
    const r = await run('test_severity_counts');
    expectPass(r);
    expect(r.compiledCode).toContain('as sev2_incidents');
  });

  it('the macro override applies only to its own test', async () => {
    const node = project.byName['test_token_costs']!;
    const without: UnitTestNode = { ...node, uniqueId: `${node.uniqueId}_plain`, overrides: { ...node.overrides, macros: {} } };
    const r = await executeUnitTest(without, 'Thread-2', { engine, manifest: project.manifest, target: snowflakeTarget(), vars: {}, env: {}, rootDir: copy.dir, targetPath: 'target' });
    expect(r.compiledCode).toContain('current_date as report_day');
    expect(r.status).toBe('fail');
  });

  it('tests run side by side on one engine without seeing each other', async () => {
    const names = Object.keys(project.byName);
    const results = await Promise.all([...names, ...names].map((n) => run(n)));
    const byName = new Map(results.map((r) => [r.uniqueId, r.status]));
    for (const r of results) expect(r.status).toBe(byName.get(r.uniqueId));
    expect(results.filter((r) => r.status === 'pass')).toHaveLength(18);
  });
});

describe('definition problems found when the test runs', () => {
  function variant(name: string, change: Partial<UnitTestNode>): UnitTestNode {
    const node = project.byName[name]!;
    return { ...node, ...change, uniqueId: `${node.uniqueId}_variant` };
  }
  const exec = (node: UnitTestNode): Promise<NodeResult> =>
    executeUnitTest(node, 'Thread-3', { engine, manifest: project.manifest, target: snowflakeTarget(), vars: { ttd_threshold_minutes: 30 }, env: {}, rootDir: copy.dir, targetPath: 'target' });

  it('expect names a column the model does not return: error at the expect line, did you mean', async () => {
    const node = project.byName['test_time_to_detect_overrides']!;
    const r = await exec(variant('test_time_to_detect_overrides', { expect: { ...node.expect, rows: [{ severity: 'sev1', slow_detection: 2 }] } }));
    expect(r.status).toBe('error');
    expect(r.error?.code).toBe('project/invalid-value');
    expect(r.error?.location).toEqual(node.expect.location);
    expect(r.message).toContain("names column 'slow_detection' that the model does not return");
    expect(r.error?.hint).toBe("did you mean 'slow_detections'?");
  });

  it('an expected value that does not fit the column type: error, check the data types', async () => {
    const node = project.byName['test_time_to_detect_overrides']!;
    const r = await exec(variant('test_time_to_detect_overrides', { expect: { ...node.expect, rows: [{ severity: 'sev1', slow_detections: 'many' }] } }));
    expect(r.status).toBe('error');
    expect(r.message).toContain("the expect rows of unit test 'test_time_to_detect_overrides' could not be read as the model's column types");
    expect(r.error?.hint).toContain('check the data types');
  });

  it('an input the model reads only in a branch the parse pass did not see: error naming it', async () => {
    const node = project.byName['test_daily_tokens_full_refresh']!;
    const r = await exec(variant('test_daily_tokens_full_refresh', { given: node.given.filter(() => false) }));
    expect(r.status).toBe('error');
    expect(r.message).toContain("has no given: input for ref('stg_usage')");
  });
});

describe('compiled files', () => {
  it('writes through the files writer only, under target/compiled/<project>/<yaml>/<model>/<test>.sql', () => {
    expect(existsSync(join(copy.dir, 'target'))).toBe(false);
    const paths = [...written.keys()].map((k) => k.slice(copy.dir.length + 1)).sort();
    expect(paths).toContain('target/compiled/unit_shop/models/marts/unit_tests.yml/fct_daily_tokens/test_daily_tokens_incremental.sql');
    expect(paths.every((k) => k.startsWith('target/compiled/unit_shop/models/marts/unit_tests.yml/'))).toBe(true);
  });
});
