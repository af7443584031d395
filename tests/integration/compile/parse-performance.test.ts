import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProject, renderCompiled } from '../../../src/compile/index.js';
import { generateProject } from './generate-project.js';

/**
 * Parse-pass speed on generated projects (staging/intermediate/marts, 2–5 refs per model, one model in
 * ten with a {% for %} loop, config() on one in three). Prints wall and CPU time; the bounds are loose
 * (shared CI machines are noisy) and catch regressions such as quadratic passes, not the 1 s target.
 */

async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return { value, wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

describe('parse performance', () => {
  for (const n of [1000, 10000]) {
    it(`parses ${n} models cold and from the cache`, async () => {
      const { files, target } = generateProject(n);
      const dir = mkdtempSync(join(tmpdir(), 'opp-parse-perf-'));
      try {
        const cold = await measure(() => parseProject(files, target, { cacheDir: dir, env: {} }));
        const cached = await measure(() => parseProject(files, target, { cacheDir: dir, env: {} }));
        const render = await measure(() => renderCompiled(Object.values(cached.value.manifest.nodes), { manifest: cached.value.manifest, target }));
        const fmt = (m: { wallMs: number; cpuMs: number }): string => `${m.wallMs.toFixed(0)} ms wall / ${m.cpuMs.toFixed(0)} ms cpu`;
        console.log(`[compile perf] ${n} models: cold parse ${fmt(cold)}; cached parse ${fmt(cached)}; render all ${fmt(render)}`);
        expect(cold.value.stats).toMatchObject({ files: n, staticTemplates: n - n / 10, jinjaTemplates: n / 10 });
        expect(cached.value.stats.cache).toBe('hit');
        expect(render.value.every((r) => r.compiled)).toBe(true);
        expect(cold.cpuMs).toBeLessThan(n * 0.8);
        expect(cached.cpuMs).toBeLessThan(Math.max(300, n * 0.2));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
