import { describe, expect, it } from 'vitest';
import type { TargetConfig } from '../config/types.js';
import { ConfigError } from '../errors/index.js';
import type { AdapterFactory } from './contract.js';
import { DuckDBAdapter } from './duckdb/duckdb-adapter.js';
import { createAdapter, getAdapterFactory, knownAdapterTypes, knownConfigKeys, knownTargetKeys, registerAdapter } from './registry.js';

const target = (type: string): TargetConfig => ({ name: 'dev', profileName: 'p', type, database: 'memory', schema: 'main', threads: 1, settings: { path: ':memory:' } });

describe('adapter registry', () => {
  it('has DuckDB registered statically', async () => {
    expect(knownAdapterTypes()).toContain('duckdb');
    expect(getAdapterFactory('DuckDB').type).toBe('duckdb');
    const adapter = await createAdapter(target('duckdb'));
    expect(adapter).toBeInstanceOf(DuckDBAdapter);
    expect(adapter.dialect.relationName({ schema: 's', identifier: 't' })).toBe('"memory"."s"."t"');
    await adapter.close();
  });

  it('rejects an unknown type with the known ones and a suggestion', () => {
    let err: unknown;
    try {
      getAdapterFactory('duckbd');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('config/unknown-adapter');
    expect((err as ConfigError).message).toContain('known: ');
    expect((err as ConfigError).message).toContain('duckdb');
    expect((err as ConfigError).hint).toBe("Did you mean 'duckdb'?");
  });

  it('unions the config and target keys of every factory', () => {
    const fake: AdapterFactory = {
      type: 'fakewarehouse',
      configKeys: ['cluster_by', 'transient'],
      targetKeys: ['account'],
      secretKeys: ['password'],
      createDialect: () => {
        throw new Error('not used');
      },
      create: () => {
        throw new Error('not used');
      },
    };
    registerAdapter(fake);
    expect(knownConfigKeys()).toEqual(expect.arrayContaining(['cluster_by', 'transient']));
    expect(knownTargetKeys()).toEqual(expect.arrayContaining(['account', 'path', 'extensions', 'settings']));
    expect(knownAdapterTypes()).toContain('fakewarehouse');
  });
});
