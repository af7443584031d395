import { describe, expect, it } from 'vitest';
import { CompileError, ConfigError, ProjectError } from '../errors/index.js';
import { checkConfigValue, isConfigKey, knownConfigKeys, normalizeConfigKeys, normalizeHooks, validateConfigKeys } from './config-keys.js';

const loc = { file: 'models/schema.yml', line: 7, column: 9 };

describe('validateConfigKeys', () => {
  it('accepts dbt core keys for models', () => {
    const errors = validateConfigKeys(
      { materialized: 'incremental', unique_key: ['id', 'day'], tags: 'nightly', meta: { owner: 'x' }, 'pre-hook': 'select 1', post_hook: [{ sql: 'x', transaction: false }], on_schema_change: 'append_new_columns', contract: { enforced: true } },
      'model',
      loc,
    );
    expect(errors).toEqual([]);
  });

  it('reports an unknown key with did-you-mean and the location', () => {
    const [err, ...rest] = validateConfigKeys({ uniqe_key: 'id' }, 'model', loc);
    expect(rest).toEqual([]);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.code).toBe('config/unknown-key');
    expect(err!.message).toContain("'uniqe_key'");
    expect(err!.hint).toBe("did you mean 'unique_key'?");
    expect(err!.location).toEqual(loc);
  });

  it('says when a key belongs to another resource type', () => {
    const [err] = validateConfigKeys({ severity: 'warn' }, 'model', loc);
    expect(err!.code).toBe('config/unknown-key');
    expect(err!.message).toContain('config of test');
  });

  it('accepts test configs for tests, and snapshot configs for snapshots', () => {
    expect(validateConfigKeys({ severity: 'WARN', where: 'x > 1', limit: 10, store_failures: true, warn_if: '> 5' }, 'test', loc)).toEqual([]);
    expect(validateConfigKeys({ strategy: 'check', check_cols: 'all', unique_key: 'id', hard_deletes: 'new_record', target_schema: 'snap' }, 'snapshot', loc)).toEqual([]);
    expect(validateConfigKeys({ column_types: { id: 'int' }, delimiter: ';', quote_columns: false }, 'seed', loc)).toEqual([]);
    expect(validateConfigKeys({ enabled: false, meta: {}, tags: ['a'], event_time: 'ts', loaded_at_field: 'x' }, 'source', loc)).toEqual([]);
    expect(validateConfigKeys({ enabled: true, meta: {}, tags: ['a'] }, 'unit_test', loc)).toEqual([]);
  });

  it('accepts Snowflake keys by default and adapter keys when passed', () => {
    expect(validateConfigKeys({ cluster_by: ['a'], transient: false, snowflake_warehouse: 'BIG', query_tag: 'x', copy_grants: true, secure: true, automatic_clustering: true }, 'model', loc)).toEqual([]);
    expect(validateConfigKeys({ duck_option: 1 }, 'model', loc)).toHaveLength(1);
    expect(validateConfigKeys({ duck_option: 1 }, 'model', loc, ['duck_option'])).toEqual([]);
    expect(isConfigKey('cluster_by', 'model')).toBe(true);
    expect(isConfigKey('cluster_by', 'unit_test')).toBe(false);
    expect(knownConfigKeys('seed').has('unique_key')).toBe(false);
  });

  it('checks value shapes but accepts templated strings', () => {
    const errors = validateConfigKeys({ enabled: 'yes', tags: [1], on_schema_change: 'explode', lookback: 1.5 }, 'model', loc);
    expect(errors.map((e) => e.code)).toEqual(['config/invalid-value', 'config/invalid-value', 'config/invalid-value', 'config/invalid-value']);
    expect(errors[0]!.message).toContain("'enabled'");
    expect(errors[2]!.message).toContain("'ignore'");
    expect(validateConfigKeys({ enabled: "{{ target.name == 'prod' }}" }, 'model', loc)).toEqual([]);
    expect(validateConfigKeys({ severity: 'Warn' }, 'test', loc)).toEqual([]);
    expect(validateConfigKeys({ severity: 'fatal' }, 'test', loc)[0]!.code).toBe('config/invalid-value');
  });

  it('raises the error class of the stage, with per-key locations', () => {
    const perKey = (key: string) => ({ file: 'x.yml', line: key === 'b' ? 3 : 2, column: 5 });
    const [p] = validateConfigKeys({ materialised: 'table' }, 'model', perKey, [], { stage: 'project' });
    expect(p).toBeInstanceOf(ProjectError);
    expect(p!.code).toBe('project/unknown-key');
    expect(p!.hint).toBe("did you mean 'materialized'?");
    expect(p!.location).toEqual({ file: 'x.yml', line: 2, column: 5 });
    const [c] = validateConfigKeys({ materialised: 'table' }, 'model', loc, [], { stage: 'compile' });
    expect(c).toBeInstanceOf(CompileError);
    expect(c!.code).toBe('compile/bad-config');
  });
});

describe('checkConfigValue', () => {
  it('validates each kind', () => {
    expect(checkConfigValue('boolean', true)).toBeUndefined();
    expect(checkConfigValue('boolean', 'true')).toBe('true or false');
    expect(checkConfigValue('strings', ['a', 'b'])).toBeUndefined();
    expect(checkConfigValue('mapping', [])).toBe('a mapping');
    expect(checkConfigValue('hooks', [{ sql: 'x' }, 'y'])).toBeUndefined();
    expect(checkConfigValue('hooks', [{ transaction: true }])).toContain('SQL string');
    expect(checkConfigValue('integer', 3)).toBeUndefined();
    expect(checkConfigValue({ oneOf: ['a'] }, 'b')).toBe("one of 'a'");
    expect(checkConfigValue('string', null)).toBeUndefined();
  });
});

describe('normalizeConfigKeys', () => {
  it('renames hook aliases, normalises hooks and tags, drops +', () => {
    expect(normalizeConfigKeys({ pre_hook: 'select 1', '+post-hook': ['a', { sql: 'b', transaction: false }], tags: 'nightly', '+materialized': 'table' })).toEqual({
      'pre-hook': [{ sql: 'select 1', transaction: true }],
      'post-hook': [
        { sql: 'a', transaction: true },
        { sql: 'b', transaction: false },
      ],
      tags: ['nightly'],
      materialized: 'table',
    });
  });

  it('combines pre_hook and pre-hook in one layer', () => {
    expect(normalizeConfigKeys({ 'pre-hook': 'a', pre_hook: 'b' })['pre-hook']).toEqual([
      { sql: 'a', transaction: true },
      { sql: 'b', transaction: true },
    ]);
  });

  it('normalizeHooks handles null and single mappings', () => {
    expect(normalizeHooks(null)).toEqual([]);
    expect(normalizeHooks({ sql: 'x', transaction: false })).toEqual([{ sql: 'x', transaction: false }]);
  });
});
