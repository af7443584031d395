import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectConfig, type ProjectConfig } from '../../../src/config/index.js';
import { discoverFiles, loadProjectFiles } from '../../../src/project/index.js';
import { tempDir } from './load-helpers.js';

const FOLDERS = 100;
const PER_FOLDER = 100;

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

async function measure(runs: number, fn: () => Promise<unknown>): Promise<Sample[]> {
  const out: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    out.push({ wall, cpu: (c.user + c.system) / 1000 });
  }
  return out;
}

function describeSamples(samples: readonly Sample[]): string {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const walls = samples.map((s) => s.wall);
  const cpus = samples.map((s) => s.cpu);
  return `wall median ${median(walls).toFixed(0)} ms (min ${Math.min(...walls).toFixed(0)}), CPU median ${median(cpus).toFixed(0)} ms (min ${Math.min(...cpus).toFixed(0)})`;
}

/**
 * A measurement, not a timed assertion: a generated project of 10,000 models, loaded without and
 * with 100 properties files describing every model (two tests each). Prints wall and CPU time; CPU
 * time is the steadier figure on a shared machine.
 */
describe('loading a 10,000-model project', () => {
  let tmp: { dir: string; cleanup: () => void };
  let config: ProjectConfig;

  beforeAll(() => {
    tmp = tempDir('large');
    writeFileSync(join(tmp.dir, 'project.yml'), 'name: large\nmodels:\n  large:\n    +materialized: view\n');
    for (let d = 0; d < FOLDERS; d++) {
      const folder = join(tmp.dir, 'models', `area_${d}`);
      const props = join(tmp.dir, 'props', `area_${d}`);
      mkdirSync(folder, { recursive: true });
      mkdirSync(props, { recursive: true });
      const entries: string[] = [];
      for (let i = 0; i < PER_FOLDER; i++) {
        const name = `m_${d}_${i}`;
        const upstream = i === 0 ? `source('raw', 't_${d}')` : `ref('m_${d}_${i - 1}')`;
        writeFileSync(join(folder, `${name}.sql`), `{{ config(tags=['area_${d}']) }}\nselect id, value, updated_at\nfrom {{ ${upstream} }}\nwhere value > ${i}\n`);
        entries.push(`  - name: ${name}\n    description: model ${i} of area ${d}\n    columns:\n      - name: id\n        tests: [unique, not_null]\n`);
      }
      writeFileSync(join(props, '_models.yml'), `version: 2\nmodels:\n${entries.join('')}`);
    }
    config = readProjectConfig(tmp.dir);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('loads 10,000 model files', async () => {
    let count = 0;
    await loadProjectFiles(config); // warm-up
    const discovery = await measure(3, () => discoverFiles(config));
    const load = await measure(3, async () => {
      count = (await loadProjectFiles(config)).models.length;
    });
    console.log(`[measure] discovery of 10,000 models (fast-glob): ${describeSamples(discovery)}`);
    console.log(`[measure] loadProjectFiles, 10,000 models: ${describeSamples(load)}`);
    expect(count).toBe(FOLDERS * PER_FOLDER);
  }, 120_000);

  it('loads 10,000 models plus 100 properties files (1.1 MB of YAML)', async () => {
    const withProps: ProjectConfig = { ...config, modelPaths: [...config.modelPaths, 'props'] };
    let tests = 0;
    const load = await measure(2, async () => {
      const files = await loadProjectFiles(withProps);
      tests = files.properties.reduce((n, p) => n + p.nodes.reduce((m, node) => m + node.columns[0]!.tests.length, 0), 0);
    });
    console.log(`[measure] loadProjectFiles, 10,000 models + 100 properties files: ${describeSamples(load)}`);
    expect(tests).toBe(FOLDERS * PER_FOLDER * 2);
  }, 120_000);
});
