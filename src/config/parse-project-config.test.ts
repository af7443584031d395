import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { normalizeProjectPath, parseProjectConfig } from './parse-project-config.js';

const opts = { rootDir: '/p', file: 'project.yml' };

describe('parseProjectConfig', () => {
  it('fills dbt defaults', () => {
    const { config, errors } = parseProjectConfig('name: shop\n', opts);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      name: 'shop',
      profile: 'shop',
      rootDir: '/p',
      file: 'project.yml',
      modelPaths: ['models'],
      macroPaths: ['macros'],
      seedPaths: ['seeds'],
      testPaths: ['tests'],
      snapshotPaths: ['snapshots'],
      analysisPaths: ['analyses'],
      docsPaths: ['models'],
      targetPath: 'target',
      cleanTargets: ['target'],
      vars: {},
      onRunStart: [],
      onRunEnd: [],
      dispatch: [],
      pipelines: {},
      quoting: {},
    });
    expect(config!.models).toEqual({ config: {}, children: {} });
  });

  it('reads every dbt key', () => {
    const text = [
      'name: shop',
      'version: "1.0.0"',
      'config-version: 2',
      'profile: warehouse',
      'model-paths: ["models/", "./more_models"]',
      'docs-paths: docs',
      'target-path: build',
      'clean-targets: [build, dbt_packages]',
      'require-dbt-version: ">=1.7.0"',
      'packages-install-path: dbt_packages',
      'flags: {send_anonymous_usage_stats: false}',
      'vars: {start: "2024-01-01", shop: {x: 1}}',
      'on-run-start: "create schema if not exists audit"',
      'on-run-end: ["select 1", "select 2"]',
      'dispatch:',
      '  - macro_namespace: dbt_utils',
      '    search_order: [shop, dbt_utils]',
      'quoting: {identifier: false}',
      'tests:',
      '  +severity: warn',
      'sources:',
      '  shop:',
      '    +enabled: true',
      'unit_tests:',
      '  +enabled: false',
    ].join('\n');
    const { config, errors } = parseProjectConfig(text, opts);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      version: '1.0.0',
      profile: 'warehouse',
      modelPaths: ['models', 'more_models'],
      docsPaths: ['docs'],
      targetPath: 'build',
      cleanTargets: ['build', 'dbt_packages'],
      flags: { send_anonymous_usage_stats: false },
      vars: { start: '2024-01-01', shop: { x: 1 } },
      onRunStart: ['create schema if not exists audit'],
      onRunEnd: ['select 1', 'select 2'],
      dispatch: [{ macroNamespace: 'dbt_utils', searchOrder: ['shop', 'dbt_utils'] }],
      quoting: { identifier: false },
    });
    expect(config!.dataTests.config).toEqual({ severity: 'warn' });
    expect(config!.sources.children.shop!.config).toEqual({ enabled: true });
    expect(config!.unitTests.config).toEqual({ enabled: false });
  });

  it('builds folder config trees: + keys, bare known keys, sub-folders', () => {
    const text = [
      'name: shop',
      'models:',
      '  +materialized: view',
      '  shop:',
      '    staging:',
      '      materialized: view',
      '      +schema: stg',
      '      +meta: {owner: data}',
      '      stripe:',
      '    marts:',
      '      +materialized: table',
      '      +tags: [daily]',
      '      +cluster_by: [day]',
    ].join('\n');
    const { config, errors } = parseProjectConfig(text, opts);
    expect(errors).toEqual([]);
    const models = config!.models;
    expect(models.config).toEqual({ materialized: 'view' });
    const staging = models.children.shop!.children.staging!;
    expect(staging.config).toEqual({ materialized: 'view', schema: 'stg', meta: { owner: 'data' } });
    expect(staging.children.stripe).toEqual({ config: {}, children: {}, location: expect.objectContaining({ line: 9, column: 7 }) });
    expect(models.children.shop!.children.marts!.config).toEqual({ materialized: 'table', tags: ['daily'], cluster_by: ['day'] });
    expect(staging.location).toEqual(expect.objectContaining({ file: 'project.yml', line: 5, column: 5 }));
  });

  it('reports an unknown top-level key with did-you-mean at line and column', () => {
    const { errors } = parseProjectConfig('name: shop\nmodel-path: [models]\n', opts);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConfigError);
    expect(errors[0]!.code).toBe('config/unknown-key');
    expect(errors[0]!.location).toMatchObject({ file: 'project.yml', line: 2, column: 1 });
    expect(errors[0]!.hint).toBe("did you mean 'model-paths'?");
  });

  it('reports unknown folder config keys with did-you-mean', () => {
    const text = 'name: shop\nmodels:\n  shop:\n    +materialised: table\n    staging:\n      uniqe_key: id\n';
    const { errors } = parseProjectConfig(text, opts);
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column, e.hint])).toEqual([
      ['config/unknown-key', 6, 7, "did you mean 'unique_key'?"],
      ['config/unknown-key', 4, 5, "did you mean 'materialized'?"],
    ]);
  });

  it('explains a mapping config written without +', () => {
    const text = 'name: shop\nmodels:\n  shop:\n    docs:\n      show: false\n';
    const { errors } = parseProjectConfig(text, opts);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.location).toMatchObject({ line: 5, column: 7 });
    expect(errors[0]!.hint).toBe("to set the 'docs' config, write '+docs:'.");
  });

  it('reports wrong types and a missing name', () => {
    const { errors } = parseProjectConfig('model-paths: {a: 1}\nvars: [1]\nmodels:\n  +enabled: "no"\n', opts);
    expect(errors.map((e) => [e.code, e.location?.line])).toEqual([
      ['config/missing-key', 1],
      ['config/invalid-value', 1],
      ['config/invalid-value', 4],
      ['config/invalid-value', 2],
    ]);
  });

  it('rejects an invalid project name and config-version', () => {
    const { errors } = parseProjectConfig('name: my-shop\nconfig-version: 1\n', opts);
    expect(errors.map((e) => e.code)).toEqual(['config/invalid-value', 'config/invalid-value']);
    expect(errors[0]!.location).toMatchObject({ line: 1, column: 7 });
  });

  it('reports malformed YAML with its line', () => {
    const { config, errors } = parseProjectConfig('name: shop\nmodels:\n  shop:\n    +tags: [a, b\n  x: 1\n', opts);
    expect(config).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('config/yaml-syntax');
    expect(errors[0]!.location?.file).toBe('project.yml');
    expect(errors[0]!.location?.line).toBeGreaterThanOrEqual(4);
  });

  it('parses pipelines into steps', () => {
    const text = [
      'name: shop',
      'pipelines:',
      '  hourly:',
      '    schedule: "0 * * * *"',
      '    description: incidents every hour',
      '    steps:',
      '      - extract: [incident_io_a, incident_io_b]',
      '      - seed: "tag:static"',
      '      - build: "tag:incidents+"',
      '      - test:',
      '  nightly:',
      '    steps:',
      '      - extract: ai_tools',
      '      - run: "marts"',
    ].join('\n');
    const { config, errors } = parseProjectConfig(text, opts);
    expect(errors).toEqual([]);
    expect(config!.pipelines.hourly).toEqual({
      name: 'hourly',
      schedule: '0 * * * *',
      description: 'incidents every hour',
      steps: [
        { command: 'extract', sources: ['incident_io_a', 'incident_io_b'] },
        { command: 'seed', select: 'tag:static' },
        { command: 'build', select: 'tag:incidents+' },
        { command: 'test' },
      ],
      location: expect.objectContaining({ file: 'project.yml', line: 3, column: 3 }),
    });
    expect(config!.pipelines.nightly!.steps).toEqual([
      { command: 'extract', sources: ['ai_tools'] },
      { command: 'run', select: 'marts' },
    ]);
  });

  it('reports pipeline mistakes', () => {
    const text = 'name: shop\npipelines:\n  p:\n    schedul: x\n    steps:\n      - bild: x\n      - {run: a, test: b}\n  q: {}\n';
    const { errors } = parseProjectConfig(text, opts);
    expect(errors.map((e) => [e.code, e.location?.line, e.hint])).toEqual([
      ['config/unknown-key', 4, "did you mean 'schedule'?"],
      ['config/unknown-key', 6, "did you mean 'build'?"],
      ['config/invalid-value', 7, expect.any(String)],
      ['config/missing-key', 8, expect.any(String)],
    ]);
  });

  it('rejects both tests and data_tests', () => {
    const { errors } = parseProjectConfig('name: shop\ntests: {}\ndata_tests: {}\n', opts);
    expect(errors.map((e) => e.code)).toEqual(['config/invalid-value']);
  });

  it('accepts adapter config keys when passed', () => {
    const text = 'name: shop\nmodels:\n  +duck_format: parquet\n';
    expect(parseProjectConfig(text, opts).errors).toHaveLength(1);
    expect(parseProjectConfig(text, { ...opts, adapterConfigKeys: ['duck_format'] }).errors).toEqual([]);
  });

  it('expands YAML anchors and merge keys', () => {
    const text = 'name: shop\nx-defaults: &d\n  +materialized: table\nmodels:\n  shop:\n    marts:\n      <<: *d\n      +schema: marts\n';
    const { config, errors } = parseProjectConfig(text, opts);
    expect(errors.map((e) => e.message)).toEqual(["unknown key 'x-defaults' in project.yml"]);
    expect(config!.models.children.shop!.children.marts!.config).toEqual({ schema: 'marts', materialized: 'table' });
  });
});

describe('env_var() in top-level settings', () => {
  it('renders name, profile and paths, leaving config trees alone', () => {
    const text = "name: shop\nprofile: \"{{ env_var('P', 'fallback') }}\"\ntarget-path: \"{{ env_var('TP') }}/out\"\nmodels:\n  +schema: \"{{ env_var('S') }}\"\n";
    const { config, errors } = parseProjectConfig(text, { ...opts, env: { TP: 'build' } });
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ profile: 'fallback', targetPath: 'build/out' });
    expect(config!.models.config).toEqual({ schema: "{{ env_var('S') }}" });
  });

  it('reports a missing variable at its line', () => {
    const { errors } = parseProjectConfig("name: shop\nmodel-paths: [models, \"{{ env_var('EXTRA_MODELS') }}\"]\n", { ...opts, env: {} });
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column])).toEqual([['config/missing-env-var', 2, 14]]);
    expect(errors[0]!.message).toContain('EXTRA_MODELS');
  });
});

describe('normalizeProjectPath', () => {
  it('normalises slashes and prefixes', () => {
    expect(normalizeProjectPath('./models/')).toBe('models');
    expect(normalizeProjectPath('a\\b')).toBe('a/b');
    expect(normalizeProjectPath('./')).toBe('.');
  });
});
