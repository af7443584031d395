import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readProjectConfig, resolveTarget, type ProjectConfig } from '../../../src/config/index.js';
import { clearSecrets, ConfigError, scrubSecrets, UsageError } from '../../../src/errors/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';
import { diagnosticsOf, tempDir } from './load-helpers.js';
import { duckdbAdapterFactory } from '../../../src/adapters/index.js';

const profile = (outputName: string, path: string) => `ops:\n  target: ${outputName}\n  outputs:\n    ${outputName}:\n      type: duckdb\n      path: ${path}\n`;

describe('profiles.yml lookup order', () => {
  let tmp: { dir: string; cleanup: () => void };
  let project: ProjectConfig;
  let home: string;

  beforeEach(() => {
    tmp = tempDir('profiles');
    const root = join(tmp.dir, 'project');
    cpSync(join(FIXTURES, 'loading-valid'), root, { recursive: true });
    rmSync(join(root, 'profiles.yml'));
    project = readProjectConfig(root);
    home = join(tmp.dir, 'home');
    for (const d of ['flag', 'envdir', join('home', '.opp')]) mkdirSync(join(tmp.dir, d), { recursive: true });
  });
  afterEach(() => tmp.cleanup());

  const write = (where: string, name: string) => writeFileSync(join(where, 'profiles.yml'), profile(name, `${name}.duckdb`));

  it('uses --profiles-dir first, then $OPP_PROFILES_DIR, then the project folder, then ~/.opp', () => {
    write(join(tmp.dir, 'flag'), 'from_flag');
    write(join(tmp.dir, 'envdir'), 'from_env');
    write(project.rootDir, 'from_project');
    write(join(home, '.opp'), 'from_home');
    const env = { HOME: home, OPP_PROFILES_DIR: join(tmp.dir, 'envdir') };

    const fromFlag = resolveTarget({ project, env, profilesDir: join(tmp.dir, 'flag') });
    expect(fromFlag.name).toBe('from_flag');
    expect(fromFlag.profilesFile).toBe(join(tmp.dir, 'flag', 'profiles.yml'));

    expect(resolveTarget({ project, env }).name).toBe('from_env');
    expect(resolveTarget({ project, env: { HOME: home } }).name).toBe('from_project');
    rmSync(join(project.rootDir, 'profiles.yml'));
    const fromHome = resolveTarget({ project, env: { HOME: home } });
    expect(fromHome.name).toBe('from_home');
    expect(fromHome.profilesFile).toBe(join(home, '.opp', 'profiles.yml'));
    // relative paths resolve against the project root, whichever folder the profile came from
    const prepared = duckdbAdapterFactory.prepareTarget!(fromHome, project);
    expect(prepared.settings.path).toBe(join(project.rootDir, 'from_home.duckdb'));
    expect(prepared.database).toBe('from_home');
  });

  it('returns the built-in embedded DuckDB target when there is no profiles.yml anywhere', () => {
    const target = resolveTarget({ project, env: { HOME: home } });
    expect(target).toEqual({
      type: 'duckdb',
      name: 'dev',
      profileName: 'ops',
      settings: { path: join(project.rootDir, 'opp.duckdb') },
      schema: 'main',
      database: 'opp',
      threads: 1,
    });
    expect(target.profilesFile).toBeUndefined();
    expect(resolveTarget({ project, env: { HOME: home }, threads: 6 }).threads).toBe(6);
    expect(resolveTarget({ project, env: { HOME: home }, targetName: 'dev' }).name).toBe('dev');
  });

  it('refuses --target other than dev without a profiles.yml', async () => {
    const [err] = await diagnosticsOf(() => resolveTarget({ project, env: { HOME: home }, targetName: 'prod' }));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.code).toBe('config/unknown-target');
  });

  it('fails when an explicit folder has no profiles.yml instead of silently falling back', async () => {
    const [flag] = await diagnosticsOf(() => resolveTarget({ project, env: { HOME: home }, profilesDir: join(tmp.dir, 'flag') }));
    expect(flag).toBeInstanceOf(UsageError);
    expect(flag!.code).toBe('usage/bad-flag');
    const [env] = await diagnosticsOf(() => resolveTarget({ project, env: { HOME: home, OPP_PROFILES_DIR: join(tmp.dir, 'envdir') } }));
    expect(env!.code).toBe('config/invalid-value');
    expect(env!.message).toContain('OPP_PROFILES_DIR');
  });
});

describe('targets from the loading-valid profiles.yml', () => {
  const project = readProjectConfig(join(FIXTURES, 'loading-valid'));
  afterEach(() => clearSecrets());

  it('reads a DuckDB output with defaults and settings', () => {
    // config reads the output; the DuckDB factory fills in its defaults (path resolved, catalog name)
    const t = duckdbAdapterFactory.prepareTarget!(resolveTarget({ project, env: { HOME: '/nonexistent' } }), project);
    expect(t).toEqual({
      type: 'duckdb',
      name: 'dev',
      profileName: 'ops',
      database: 'dev',
      schema: 'analytics',
      threads: 4,
      settings: { path: join(project.rootDir, 'warehouse/dev.duckdb'), extensions: ['httpfs'], settings: { memory_limit: '1GB' } },
      profilesFile: join(project.rootDir, 'profiles.yml'),
    });
    expect(resolveTarget({ project, env: { HOME: '/nonexistent' }, threads: 2 }).threads).toBe(2);
  });

  it('renders env_var() in a Snowflake output, converts typed keys and registers secrets', () => {
    const env = { HOME: '/nonexistent', OPP_TEST_SF_ACCOUNT: 'acme-eu1', OPP_TEST_SF_PASSWORD: 's3cr3t-pass', OPP_TEST_SF_THREADS: '16' };
    const t = resolveTarget({ project, env, targetName: 'prod' });
    expect(t).toMatchObject({ type: 'snowflake', name: 'prod', database: 'ANALYTICS', schema: 'OPS', threads: 16 });
    expect(t.settings).toEqual({
      account: 'acme-eu1',
      user: 'opp_service',
      password: 's3cr3t-pass',
      role: 'TRANSFORMER',
      warehouse: 'TRANSFORMING',
      client_session_keep_alive: true,
      query_tag: 'opp',
    });
    expect(scrubSecrets('password=s3cr3t-pass')).toBe('password=****');
  });

  it('names the file, line and variable when an env var is missing', async () => {
    const errors = await diagnosticsOf(() => resolveTarget({ project, env: { HOME: '/nonexistent' }, targetName: 'prod' }));
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.line, e.location?.column])).toEqual([
      ['config/missing-env-var', 'profiles.yml', 13, 16],
      ['config/missing-env-var', 'profiles.yml', 15, 17],
    ]);
    expect(errors[0]!.message).toContain('OPP_TEST_SF_ACCOUNT');
    expect(errors[1]!.hint).toContain("env_var('OPP_TEST_SF_PASSWORD', 'value')");
  });

  it('validates output keys with did-you-mean and unknown types', async () => {
    const { dir, cleanup } = tempDir('profile-keys');
    try {
      writeFileSync(join(dir, 'profiles.yml'), 'ops:\n  outputs:\n    default:\n      type: snowflake\n      acount: x\n      user: u\n      database: d\n      schema: s\n    other:\n      type: duckbd\n');
      const errors = await diagnosticsOf(() => resolveTarget({ project, env: { HOME: '/nonexistent' }, profilesDir: dir }));
      expect(errors.map((e) => [e.code, e.location?.line, e.hint])).toEqual([
        ['config/unknown-key', 5, "did you mean 'account'?"],
        ['config/missing-key', 3, expect.any(String)],
      ]);
      const [typeErr] = await diagnosticsOf(() => resolveTarget({ project, env: { HOME: '/nonexistent' }, profilesDir: dir, targetName: 'other' }));
      expect([typeErr!.code, typeErr!.location?.line, typeErr!.hint]).toEqual(['config/unknown-adapter', 10, "did you mean 'duckdb'?"]);
      const extended = resolveTarget({
        project,
        env: { HOME: '/nonexistent' },
        profilesDir: dir,
        targetName: 'other',
        adapterTargetKeys: { duckbd: { keys: [], secretKeys: [] } },
      });
      expect(extended.type).toBe('duckbd');
    } finally {
      cleanup();
    }
  });
});
