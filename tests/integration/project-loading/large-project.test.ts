import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProjectConfig } from '../../../src/config/index.js';
import { discoverFiles, loadProjectFiles } from '../../../src/project/index.js';
import { tempDir } from './load-helpers.js';

const FOLDERS = 100;
const PER_FOLDER = 100;

/**
 * A measurement, not a timed assertion: loads a generated project of 10,000 models (and 100 properties
 * files describing them) and prints how long discovery and the whole load take.
 */
describe('loading a 10,000-model project', () => {
  let tmp: { dir: string; cleanup: () => void };

  beforeAll(() => {
    tmp = tempDir('large');
    writeFileSync(join(tmp.dir, 'project.yml'), 'name: large\nmodels:\n  large:\n    +materialized: view\n');
    for (let d = 0; d < FOLDERS; d++) {
      const folder = join(tmp.dir, 'models', `area_${d}`);
      mkdirSync(folder, { recursive: true });
      const entries: string[] = [];
      for (let i = 0; i < PER_FOLDER; i++) {
        const name = `m_${d}_${i}`;
        const upstream = i === 0 ? `source('raw', 't_${d}')` : `ref('m_${d}_${i - 1}')`;
        writeFileSync(join(folder, `${name}.sql`), `{{ config(tags=['area_${d}']) }}\nselect id, value, updated_at\nfrom {{ ${upstream} }}\nwhere value > ${i}\n`);
        entries.push(`  - name: ${name}\n    description: model ${i} of area ${d}\n    columns:\n      - name: id\n        tests: [unique, not_null]\n`);
      }
      writeFileSync(join(folder, '_models.yml'), `version: 2\nmodels:\n${entries.join('')}`);
    }
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('loads every model and reports the time', async () => {
    const config = readProjectConfig(tmp.dir);
    const timings: number[] = [];
    const discoverTimings: number[] = [];
    let count = 0;
    let tests = 0;
    for (let run = 0; run < 5; run++) {
      let t = performance.now();
      await discoverFiles(config);
      discoverTimings.push(performance.now() - t);
      t = performance.now();
      const files = await loadProjectFiles(config);
      timings.push(performance.now() - t);
      count = files.models.length;
      tests = files.properties.reduce((n, p) => n + p.nodes.reduce((m, node) => m + node.columns[0]!.tests.length, 0), 0);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
    console.log(`[measure] loadProjectFiles, 10,000 models + 100 properties files: ${fmt(timings)}`);
    console.log(`[measure]   of which discovery (fast-glob): ${fmt(discoverTimings)}`);
    expect(count).toBe(FOLDERS * PER_FOLDER);
    expect(tests).toBe(FOLDERS * PER_FOLDER * 2);
  }, 120_000);
});
