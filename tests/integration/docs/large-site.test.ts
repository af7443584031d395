import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManifestJson } from '../../../src/artifacts/index.js';
import { writeDocsSite } from '../../../src/docs/index.js';
import type { Manifest, ModelNode, SourceNode, TestNode } from '../../../src/manifest/index.js';
import { buildTestConfig, buildTestModel } from '../../helpers/manifest-fixtures.js';
import { loadPage } from './mini-dom.js';

/** A dbt-like project of 10,000 nodes: 200 sources, 7,500 models in 60 folders, 2,300 column tests. */
function buildLargeManifest(): Manifest {
  let seed = 42;
  const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const sources: Record<string, SourceNode> = {};
  for (let i = 0; i < 200; i++) {
    const id = `source.big.raw_${i % 10}.t${i}`;
    sources[id] = {
      resourceType: 'source', uniqueId: id, name: `t${i}`, packageName: 'big', fqn: ['big', `raw_${i % 10}`, `t${i}`],
      originalFilePath: 'models/sources.yml', path: 'models/sources.yml', description: `Raw table ${i}`, meta: {}, tags: [],
      sourceName: `raw_${i % 10}`, sourceDescription: '', identifier: `t${i}`, database: 'dev', schema: 'raw', loader: '',
      columns: {}, config: {}, quoting: {}, location: { file: 'models/sources.yml', line: 1 },
    };
  }
  const nodes: Record<string, ModelNode | TestNode> = {};
  const models: string[] = [];
  for (let i = 0; i < 7500; i++) {
    const deps: string[] = [];
    if (i < 300) deps.push(`source.big.raw_${i % 10}.t${i % 200}`);
    else for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) deps.push(models[Math.max(0, i - 1 - Math.floor(rand() * 300))]!);
    const name = `m_${i}`;
    const sql = `select\n  ${Array.from({ length: 8 }, (_, c) => `col_${c}`).join(',\n  ')}\nfrom ${deps.map((d) => `{{ ref('${d.split('.').at(-1)}') }}`).join(' join ')}\nwhere updated_at > '2024-01-01'`;
    const m: ModelNode = {
      ...buildTestModel(name, [...new Set(deps)], i % 5 === 0 ? 'table' : 'view', sql),
      uniqueId: `model.big.${name}`, packageName: 'big', fqn: ['big', `f${i % 60}`, name],
      originalFilePath: `models/f${i % 60}/${name}.sql`, path: `f${i % 60}/${name}.sql`,
      description: `Model ${i}: one row per thing, built from **${deps.length}** parents. See [the runbook](https://example.com/runbook).`,
      columns: Object.fromEntries(Array.from({ length: 8 }, (_, c) => [`col_${c}`, { name: `col_${c}`, description: `column ${c} of ${name}`, meta: {}, tags: [], constraints: [] }])),
    };
    nodes[m.uniqueId] = m;
    models.push(m.uniqueId);
  }
  for (let i = 0; i < 2300; i++) {
    const model = models[(i * 3) % models.length]!;
    const name = `not_null_${model.split('.').at(-1)}_col_${i % 8}`;
    const t = {
      ...buildTestModel(name, [model], 'test'), resourceType: 'test', uniqueId: `test.big.${name}.${i}`, packageName: 'big',
      originalFilePath: `models/f${i % 60}/schema.yml`, path: `${name}.sql`, config: buildTestConfig('test'),
      testMetadata: { name: 'not_null', kwargs: { column_name: `col_${i % 8}` } }, columnName: `col_${i % 8}`, attachedNode: model,
    } as TestNode;
    nodes[t.uniqueId] = t;
  }
  return {
    projectName: 'big', nodes, sources, macros: {}, docs: {}, unitTests: {}, disabled: {},
    metadata: { projectName: 'big', targetName: 'dev', adapterType: 'duckdb', generatedAt: '2024-05-06T12:34:56.000Z', invocationId: 'inv' },
  };
}

function cpuMs<T>(fn: () => T): [T, number] {
  const before = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(before);
  return [value, Math.round((used.user + used.system) / 1000)];
}

describe('a 10,000-node project', () => {
  let dir: string;
  let html: string;
  let writeMs: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'opp-docs-large-'));
    const manifestJson = buildManifestJson(buildLargeManifest(), { oppVersion: '0.1.0' });
    for (const n of Object.values(manifestJson.nodes as Record<string, Record<string, unknown>>)) {
      if (n.resource_type === 'model') n.compiled_code = String(n.raw_code).replace(/\{\{ ref\('(\w+)'\) \}\}/g, '"dev"."main"."$1"');
    }
    const start = performance.now();
    const files = await writeDocsSite(join(dir, 'target'), manifestJson, { metadata: {}, nodes: {}, sources: {}, errors: null }, { writeManifest: false });
    writeMs = Math.round(performance.now() - start);
    expect(files.nodeCount).toBe(10_000);
    html = await readFile(files.indexPath, 'utf8');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a page of reasonable size, and the page loads, opens a node and draws its lineage', () => {
    const mb = Buffer.byteLength(html) / 1e6;
    const [page, loadMs] = cpuMs(() => loadPage(html)); // JSON.parse + indexes + tree + overview (DOM work simulated)
    const [, nodeMs] = cpuMs(() => page.navigate('#!/node/model.big.m_3000'));
    const mini = page.document.getElementById('mini')!;
    const drawn = mini.querySelectorAll('g.gn').length;
    const [, searchMs] = cpuMs(() => {
      const search = page.document.getElementById('search')!;
      search.value = 'm_42';
      search.dispatch('keydown', { key: 'Enter' });
    });
    console.log(
      `10k docs: index.html ${mb.toFixed(1)} MB, written in ${writeMs} ms; page script in Node with a minimal DOM: ` +
        `load ${loadMs} ms CPU, node page ${nodeMs} ms (${drawn} lineage nodes), search ${searchMs} ms`,
    );
    expect(mb).toBeLessThan(40);
    expect(page.main().querySelector('h1')!.textContent).toBe('m_42');
    expect(drawn).toBeGreaterThan(1);
    expect(drawn).toBeLessThanOrEqual(300);
    expect(loadMs).toBeLessThan(10_000);
  });

  it('asks before drawing the whole graph, and draws a selection of ~500 nodes', () => {
    const page = loadPage(html);
    page.navigate('#!/graph?select=');
    expect(page.document.getElementById('gall')).not.toBeNull(); // 7,700 nodes: a button, not a frozen tab
    const [, ms] = cpuMs(() => page.navigate(`#!/graph?select=${encodeURIComponent('path:models/f1 path:models/f2 path:models/f3 path:models/f4')}`));
    const drawn = page.document.getElementById('gbox')!.querySelectorAll('g.gn').length;
    console.log(`10k docs: graph of ${drawn} selected nodes laid out and built in ${ms} ms CPU (Node, minimal DOM)`);
    expect(drawn).toBe(500);
  });
});
