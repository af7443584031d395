import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CODE_CACHE_FILE, FACTS_CACHE_FILE, PARSE_CACHE_FILE, parseProject, renderCompiled } from '../../../src/compile/index.js';
import type { Manifest } from '../../../src/manifest/index.js';
import type { ProjectFile, ProjectFiles } from '../../../src/project/index.js';
import { sha256 } from '../../../src/util/hash.js';
import { generateProject } from './generate-project.js';

const dirs: string[] = [];
function cacheDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'opp-parse-cache-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function withModel(files: ProjectFiles, path: string, content: string): ProjectFiles {
  const replaced: ProjectFile = { path, absolutePath: `/virtual/${path}`, content, checksum: sha256(content) };
  return { ...files, models: files.models.map((f) => (f.path === path ? replaced : f)) };
}

function comparable(m: Manifest): unknown {
  return { ...m, metadata: { ...m.metadata, generatedAt: '', invocationId: '' } };
}

describe('the parse cache', () => {
  it('writes its files and loads an unchanged project from them', async () => {
    const { files, target } = generateProject(60);
    const dir = cacheDir();
    const cold = await parseProject(files, target, { cacheDir: dir, env: {} });
    expect(cold.stats.cache).toBe('cold');
    for (const f of [PARSE_CACHE_FILE, FACTS_CACHE_FILE, CODE_CACHE_FILE]) expect(existsSync(join(dir, f)), f).toBe(true);
    const warm = await parseProject(files, target, { cacheDir: dir, env: {} });
    expect(warm.stats.cache).toBe('hit');
    expect(comparable(warm.manifest)).toEqual(comparable(cold.manifest));
  });

  it('renders after a cache hit, reading generated code on demand', async () => {
    const { files, target } = generateProject(40);
    const dir = cacheDir();
    const cold = await parseProject(files, target, { cacheDir: dir, env: {} });
    const expected = await renderCompiled(Object.values(cold.manifest.nodes), { manifest: cold.manifest, target });
    const warm = await parseProject(files, target, { cacheDir: dir, env: {} });
    const got = await renderCompiled(Object.values(warm.manifest.nodes), { manifest: warm.manifest, target });
    expect(got.map((r) => r.compiled?.compiledCode)).toEqual(expected.map((r) => r.compiled?.compiledCode));
    expect(got.some((r) => r.compiled?.compiledCode.includes("select 'amount' as metric"))).toBe(true);
  });

  it('re-parses only the files that changed', async () => {
    const { files, target } = generateProject(60);
    const dir = cacheDir();
    await parseProject(files, target, { cacheDir: dir, env: {} });
    const victim = files.models.find((f) => f.path.includes('/marts/'))!;
    const changed = withModel(files, victim.path, "select * from {{ ref('stg_model_0') }}");
    const res = await parseProject(changed, target, { cacheDir: dir, env: {} });
    expect(res.stats.cache).toBe('partial');
    expect(res.stats.cachedFiles).toBe(59);
    const id = `model.bench.${victim.path.split('/').pop()!.replace('.sql', '')}`;
    expect(res.manifest.nodes[id]!.dependsOn.nodes).toEqual(['model.bench.stg_model_0']);
  });

  it('re-parses everything when vars change, and files whose env vars changed', async () => {
    const { files, target } = generateProject(30);
    const dir = cacheDir();
    const withEnv = withModel(files, files.models[0]!.path, "select '{{ env_var('REGION', 'eu') }}' as region");
    await parseProject(withEnv, target, { cacheDir: dir, env: {} });
    const varsChanged = await parseProject(withEnv, target, { cacheDir: dir, env: {}, vars: { start_date: '2025-01-01' } });
    expect(varsChanged.stats.cachedFiles).toBe(0);
    await parseProject(withEnv, target, { cacheDir: dir, env: {} });
    const envChanged = await parseProject(withEnv, target, { cacheDir: dir, env: { REGION: 'us' } });
    expect(envChanged.stats.cache).toBe('partial');
    expect(envChanged.stats.cachedFiles).toBe(29);
  });

  it('keeps a digest of the env var values templates read, never the values (a salt is a secret)', async () => {
    const { files, target } = generateProject(10);
    const dir = cacheDir();
    const secret = 'pepper-Salt-0193';
    const salted = withModel(files, files.models[0]!.path, "{% set salt = env_var('PII_SALT', '') %}select md5('{{ salt }}' || 'x') as h");
    const cold = await parseProject(salted, target, { cacheDir: dir, env: { PII_SALT: secret } });
    expect(cold.envVarNames).toContain('PII_SALT');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain(secret);
    expect((await parseProject(salted, target, { cacheDir: dir, env: { PII_SALT: secret } })).stats.cache).toBe('hit');
    const changed = await parseProject(salted, target, { cacheDir: dir, env: { PII_SALT: 'another' } });
    expect(changed.stats.cache).toBe('partial');
    expect(changed.stats.cachedFiles).toBe(9);
  });

  it('lets the caller write the cache later', async () => {
    const { files, target } = generateProject(20);
    const dir = cacheDir();
    const res = await parseProject(files, target, { cacheDir: dir, env: {}, deferCacheWrite: true });
    expect(existsSync(join(dir, PARSE_CACHE_FILE))).toBe(false);
    // What the CLI does before the write: add test nodes and unit tests to the manifest, in place.
    const someModel = Object.values(res.manifest.nodes)[0]!;
    (res.manifest.nodes as Record<string, unknown>)['test.bench.added_later'] = { ...someModel, resourceType: 'test', uniqueId: 'test.bench.added_later' };
    (res.manifest.unitTests as Record<string, unknown>)['unit_test.bench.m.t'] = { uniqueId: 'unit_test.bench.m.t' };
    await Promise.all([res.writeCache!(), res.writeCache!()]);
    expect(existsSync(join(dir, PARSE_CACHE_FILE))).toBe(true);
    const warm = await parseProject(files, target, { cacheDir: dir, env: {} });
    expect(warm.stats.cache).toBe('hit');
    // The cache holds what the parse pass made, not what the caller added.
    expect(warm.manifest.nodes['test.bench.added_later']).toBeUndefined();
    expect(warm.manifest.unitTests).toEqual({});
    expect(Object.keys(warm.manifest.nodes).sort()).toEqual(Object.keys(res.manifest.nodes).filter((id) => !id.startsWith('test.')).sort());
  });

  it('keeps YAML-defined snapshots across a cache hit and a partial re-parse', async () => {
    const { files, target } = generateProject(20);
    const model = files.models[0]!.path.split('/').pop()!.replace('.sql', '');
    const snapshots = {
      path: 'snapshots/snapshots.yml',
      checksum: sha256('snapshots v1'),
      nodes: [
        {
          resourceType: 'snapshot' as const,
          name: 'yaml_snap',
          description: '',
          config: { target_schema: 'snaps', unique_key: 'id', strategy: 'check', check_cols: 'all' },
          columns: [],
          tests: [],
          meta: {},
          tags: [],
          constraints: [],
          relation: `ref('${model}')`,
          location: { file: 'snapshots/snapshots.yml', line: 2, column: 5 },
          file: 'snapshots/snapshots.yml',
        },
      ],
      sources: [],
      unitTests: [],
      macros: [],
      ignored: [],
    };
    const withSnap: ProjectFiles = { ...files, properties: [...files.properties, snapshots] };
    const dir = cacheDir();
    const cold = await parseProject(withSnap, target, { cacheDir: dir, env: {} });
    const id = 'snapshot.bench.yaml_snap';
    expect(cold.manifest.nodes[id]).toMatchObject({ rawCode: `select * from {{ ref('${model}') }}`, schema: 'snaps', dependsOn: { nodes: [`model.bench.${model}`] } });
    const warm = await parseProject(withSnap, target, { cacheDir: dir, env: {} });
    expect(warm.stats.cache).toBe('hit');
    expect(warm.manifest.nodes[id]).toEqual(cold.manifest.nodes[id]);
    const other = withModel(withSnap, files.models[5]!.path, 'select 2 as id');
    const partial = await parseProject(other, target, { cacheDir: dir, env: {} });
    expect(partial.stats.cache).toBe('partial');
    expect(partial.manifest.nodes[id]).toEqual(cold.manifest.nodes[id]);
  });

  it('does not write a cache for a project that fails to parse', async () => {
    const { files, target } = generateProject(10);
    const dir = cacheDir();
    const broken = withModel(files, files.models[3]!.path, "select {{ ref('does_not_exist') }}");
    await expect(parseProject(broken, target, { cacheDir: dir, env: {} })).rejects.toMatchObject({ code: 'graph/unknown-ref' });
    expect(existsSync(join(dir, PARSE_CACHE_FILE))).toBe(false);
  });
});
