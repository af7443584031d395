import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JinjaCompilePool, compileJinjaChunk, type CompileJob } from '../../../src/compile/jinja-compile-pool.js';
import { TemplateEnvironment } from '../../../src/compile/template-environment.js';
import { REPO_ROOT } from '../../helpers/project-fixture.js';
import { generateProject } from './generate-project.js';

/**
 * The compile worker runs from built JavaScript; tests run TypeScript. So this test transpiles the
 * worker's sources (compile/, errors/, util/) with TypeScript into a temporary folder and points the pool
 * at that worker script.
 */

let dir: string;
let workerUrl: URL;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'opp-compile-worker-'));
  for (const folder of ['src/compile', 'src/errors', 'src/util']) {
    for (const file of readdirSync(join(REPO_ROOT, folder))) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const out = ts.transpileModule(readFileSync(join(REPO_ROOT, folder, file), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
      });
      const target = join(dir, folder, file.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, out.outputText);
    }
  }
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  workerUrl = pathToFileURL(join(dir, 'src/compile/jinja-compile-worker.js'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the compile worker', () => {
  it('compiles the same code as the main thread, sharing the templates', async () => {
    const { files } = generateProject(2000);
    const jobs: CompileJob[] = files.models
      .filter((f) => f.content.includes('{%'))
      .map((f, index) => ({ index, text: f.content, file: f.path }));
    jobs.push({ index: jobs.length, text: 'select {% if %}', file: 'models/broken.sql' });
    const templates = new TemplateEnvironment();
    const pool = JinjaCompilePool.start(jobs.length, { workerUrl, threshold: 1 });
    expect(pool).toBeDefined();
    let mainWorkRan = false;
    try {
      const results = await pool!.compileAll(jobs, templates, () => {
        mainWorkRan = true;
      });
      expect(mainWorkRan).toBe(true);
      expect(pool!.workerJobs).toBeGreaterThan(0);
      expect(results.map((r) => r.index)).toEqual(jobs.map((j) => j.index));
      expect(results).toEqual(compileJinjaChunk(jobs, templates));
      expect(results[results.length - 1]).toEqual({ index: jobs.length - 1, failed: true });
    } finally {
      pool!.close();
    }
  });

  it('does not start for small batches', () => {
    expect(JinjaCompilePool.start(10, { workerUrl })).toBeUndefined();
  });
});
