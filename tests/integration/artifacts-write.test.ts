import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildManifestJson,
  createCompiledFileWriter,
  serializeArtifact,
  writeCompiledFile,
  writeJsonArtifact,
  writeManifest,
  writeRunResults,
} from '../../src/artifacts/index.js';
import { clearSecrets, registerSecret } from '../../src/errors/index.js';
import { buildChainManifest, buildSmallManifest } from '../helpers/manifest-fixtures.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opp-artifacts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => clearSecrets());

describe('writing artifacts', () => {
  it('writes target/manifest.json that reads back with dbt field names, leaving no temporary file', async () => {
    const path = join(dir, 'small', 'target', 'manifest.json');
    await writeManifest(path, buildSmallManifest(), { oppVersion: '0.1.0' });
    const back = JSON.parse(await readFile(path, 'utf8')) as { metadata: { dbt_schema_version: string }; nodes: Record<string, { resource_type: string }> };
    expect(back.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/manifest/v12.json');
    expect(back.nodes['model.proj.orders']!.resource_type).toBe('model');
    expect(await readdir(join(dir, 'small', 'target'))).toEqual(['manifest.json']);
  });

  it('streams a 10,000-node manifest to exactly the bytes of one JSON.stringify, scrubbed', async () => {
    registerSecret('sup3rs3cret');
    const manifest = buildChainManifest(10_000);
    const first = manifest.nodes['model.proj.m0']!;
    const leaky = { ...manifest, nodes: { ...manifest.nodes, [first.uniqueId]: { ...first, rawCode: "select 'sup3rs3cret'" } } };
    const path = join(dir, 'big', 'manifest.json');
    const t0 = performance.now();
    await writeManifest(path, leaky as typeof manifest, { oppVersion: '0.1.0' });
    const ms = performance.now() - t0;
    const text = await readFile(path, 'utf8');
    expect(text).toBe(serializeArtifact(buildManifestJson(leaky as typeof manifest, { oppVersion: '0.1.0' })));
    expect(text).not.toContain('sup3rs3cret');
    console.log(`manifest.json, 10,000 nodes: ${(text.length / 1e6).toFixed(1)} MB built + streamed in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(60_000); // a guard against pathologies; the figure is logged above
  });

  it('writes small artifacts in one piece and the same bytes when streaming is forced', async () => {
    const value = { metadata: { a: 1 }, nodes: { x: { y: 'z' }, w: { v: [1, 2] } }, empty: {}, list: [1] };
    await writeJsonArtifact(join(dir, 'a.json'), value);
    await writeJsonArtifact(join(dir, 'b.json'), value, { streamThreshold: 0 });
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe(await readFile(join(dir, 'a.json'), 'utf8'));
    expect(JSON.parse(await readFile(join(dir, 'b.json'), 'utf8'))).toEqual(value);
  });

  it('writes run_results.json', async () => {
    const path = join(dir, 'rr', 'run_results.json');
    await writeRunResults(
      path,
      { kind: 'run-results', results: [], elapsedTime: 1.5, generatedAt: '2024-01-01T00:00:00.000Z', invocationId: 'i', args: { which: 'build' } },
      { oppVersion: '0.1.0' },
    );
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ elapsed_time: 1.5, args: { which: 'build' }, results: [] });
  });
});

describe('compiled files', () => {
  it('writes target/compiled/<project>/<path>, scrubbed', async () => {
    registerSecret('pa55w0rd!');
    const target = join(dir, 'one', 'target');
    const path = await writeCompiledFile(target, { packageName: 'proj', path: 'stg.sql', originalFilePath: 'models/stg.sql' }, "select 'pa55w0rd!'", 'run');
    expect(path).toBe(join(target, 'run', 'proj', 'models', 'stg.sql'));
    expect(await readFile(path, 'utf8')).toBe("select '****'");
  });

  it('writes 10,000 compiled files in batches', async () => {
    const target = join(dir, 'many', 'target');
    const writer = createCompiledFileWriter();
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const folder = `f${i % 100}`;
      writer.writeNode(target, { packageName: 'proj', path: `${folder}/m${i}.sql`, originalFilePath: `models/${folder}/m${i}.sql` }, `select ${i} as id from t${i}\n`);
    }
    await writer.flush();
    const ms = performance.now() - t0;
    expect(writer.written).toBe(10_000);
    expect(await readFile(join(target, 'compiled', 'proj', 'models', 'f7', 'm4207.sql'), 'utf8')).toBe('select 4207 as id from t4207\n');
    expect((await readdir(join(target, 'compiled', 'proj', 'models'))).length).toBe(100);
    console.log(`compiled files: 10,000 written in ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(60_000); // file-system bound; the figure is logged above
  });

  it('reports a failed write from flush', async () => {
    const blocker = join(dir, 'blocker');
    await writeJsonArtifact(join(blocker, 'x.json'), {});
    const writer = createCompiledFileWriter();
    // a folder where a file already is: mkdir fails
    writer.write(join(blocker, 'x.json', 'sub', 'a.sql'), 'select 1');
    await expect(writer.flush()).rejects.toThrow();
    expect((await stat(join(blocker, 'x.json'))).isFile()).toBe(true);
  });

  it('does not rewrite a file whose content is unchanged, and rewrites it when it changed or vanished', async () => {
    const index = join(dir, 'written', 'written_files.json');
    const file = join(dir, 'written', 'model.sql');
    const first = createCompiledFileWriter({ indexPath: index });
    first.write(file, 'select 1');
    await first.flush();
    expect(first.written).toBe(1);

    const same = createCompiledFileWriter({ indexPath: index });
    same.write(file, 'select 1');
    await same.flush();
    expect(same.written).toBe(0);

    const changed = createCompiledFileWriter({ indexPath: index });
    changed.write(file, 'select 2');
    await changed.flush();
    expect(changed.written).toBe(1);
    expect(await readFile(file, 'utf8')).toBe('select 2');

    await rm(file);
    const vanished = createCompiledFileWriter({ indexPath: index });
    vanished.write(file, 'select 2');
    await vanished.flush();
    expect(vanished.written).toBe(1);
    expect(await readFile(file, 'utf8')).toBe('select 2');
  });
});
