import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SelectionError } from '../../../src/errors/index.js';
import { buildGraph, readStateManifest, selectNodes } from '../../../src/graph/index.js';
import { manifestOf, model } from './manifest-factory.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opp-state-'));
  await mkdir(path.join(dir, 'prod'));
  await writeFile(
    path.join(dir, 'prod', 'manifest.json'),
    JSON.stringify({
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' },
      nodes: {
        'model.shop.a': { resource_type: 'model', checksum: { name: 'sha256', checksum: 'one' }, config: {}, unrendered_config: {}, fqn: ['shop', 'a'] },
      },
      sources: {},
      macros: {},
    }),
  );
  await mkdir(path.join(dir, 'empty'));
  await writeFile(path.join(dir, 'broken.json'), '{ "nodes": ');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(p: string): Promise<SelectionError> {
  try {
    await readStateManifest(p);
  } catch (err) {
    if (err instanceof SelectionError) return err;
    throw err;
  }
  throw new Error('expected a SelectionError');
}

describe('readStateManifest', () => {
  it('reads <dir>/manifest.json (or the file itself) and drives state: selection', async () => {
    const state = await readStateManifest(path.join(dir, 'prod'));
    expect(state.file).toBe(path.join(dir, 'prod', 'manifest.json'));
    expect(state.nodes['model.shop.a']?.checksum).toBe('one');
    const same = await readStateManifest(path.join(dir, 'prod', 'manifest.json'));
    expect(Object.keys(same.nodes)).toEqual(['model.shop.a']);

    const m = manifestOf([model('a', { checksum: 'two' }), model('b')]);
    const g = buildGraph(m);
    expect(selectNodes(g, m, { select: ['state:modified'], state })).toEqual(['model.shop.a', 'model.shop.b']);
    expect(selectNodes(g, m, { select: ['state:new'], state })).toEqual(['model.shop.b']);
  });

  it('a folder without manifest.json is selection/state-missing with a hint', async () => {
    const err = await failure(path.join(dir, 'empty'));
    expect(err.code).toBe('selection/state-missing');
    expect(err.message).toBe(`--state: no manifest.json at ${path.join(dir, 'empty', 'manifest.json')}`);
    expect(err.hint).toMatch(/opp parse/);
    expect((await failure(path.join(dir, 'nowhere'))).code).toBe('selection/state-missing');
    expect((await failure(path.join(dir, 'missing.json'))).message).toMatch(/missing\.json$/);
  });

  it('invalid JSON is selection/state-missing naming the file', async () => {
    const err = await failure(path.join(dir, 'broken.json'));
    expect(err.code).toBe('selection/state-missing');
    expect(err.message).toMatch(/broken\.json is not valid JSON/);
  });
});
