import { describe, expect, it } from 'vitest';
import type { RelationInfo } from '../contract.js';
import { RelationCache } from './relation-cache.js';

const info = (identifier: string, kind: RelationInfo['kind'] = 'table'): RelationInfo => ({ database: 'dev', schema: 'analytics', identifier, kind });
const schema = { database: 'dev', schema: 'analytics' };

describe('RelationCache', () => {
  it('loads a schema once, even for concurrent lookups, and answers case-insensitively', async () => {
    const cache = new RelationCache();
    let loads = 0;
    const load = async (): Promise<RelationInfo[]> => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      return [info('Orders'), info('v', 'view')];
    };
    const [a, b, c] = await Promise.all([
      cache.get({ ...schema, identifier: 'orders' }, load),
      cache.get({ ...schema, identifier: 'V' }, load),
      cache.get({ ...schema, identifier: 'missing' }, load),
    ]);
    expect(a?.identifier).toBe('Orders');
    expect(b?.kind).toBe('view');
    expect(c).toBeUndefined();
    expect(loads).toBe(1);
    expect(cache.hasSchema({ database: 'DEV', schema: 'ANALYTICS' })).toBe(true);
  });

  it('records creations and drops in loaded schemas only', async () => {
    const cache = new RelationCache();
    cache.set(info('early'));
    expect(cache.peek({ ...schema, identifier: 'early' })).toBeNull();
    await cache.getSchema(schema, async () => []);
    cache.set(info('t'));
    expect(cache.peek({ ...schema, identifier: 't' })?.kind).toBe('table');
    cache.set(info('t', 'view'));
    expect(cache.peek({ ...schema, identifier: 't' })?.kind).toBe('view');
    cache.delete({ ...schema, identifier: 'T' });
    expect(cache.peek({ ...schema, identifier: 't' })).toBeUndefined();
  });

  it('applies changes made while a listing is in flight on top of it', async () => {
    const cache = new RelationCache();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const pending = cache.getSchema(schema, async () => {
      await gate;
      return [info('old')];
    });
    cache.set(info('created'));
    cache.delete({ ...schema, identifier: 'old' });
    release();
    expect((await pending).map((r) => r.identifier)).toEqual(['created']);
  });

  it('lists again after invalidateSchema, and retries after a failed load', async () => {
    const cache = new RelationCache();
    await expect(cache.getSchema(schema, async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getSchema(schema, async () => [info('a')])).toHaveLength(1);
    cache.invalidateSchema(schema);
    expect(await cache.getSchema(schema, async () => [info('a'), info('b')])).toHaveLength(2);
  });

  it('uses the default database for refs without one', async () => {
    const cache = new RelationCache({ defaultDatabase: 'dev' });
    await cache.getSchema({ schema: 'analytics' }, async () => [info('x')]);
    expect(cache.peek({ database: 'dev', schema: 'analytics', identifier: 'x' })).toBeDefined();
  });
});
