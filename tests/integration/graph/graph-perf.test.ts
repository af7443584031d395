import { describe, expect, it } from 'vitest';
import { buildGraph, selectNodes, type ProjectGraph } from '../../../src/graph/index.js';
import type { Manifest } from '../../../src/manifest/index.js';
import { layeredManifest } from './manifest-factory.js';

/**
 * A measurement, not an assertion on time: a 10,000-node layered project (5,000 models in 20 layers,
 * each ref-ing 3 models of the layer above, and 5,000 tests). Times buildGraph, the topological order,
 * the graphology view and a few selections; prints the best of 3 runs. The test asserts only results.
 *
 * Two shapes of the same manifest: as read from JSON (nodes share hidden classes, strings internalised:
 * what a manifest built with uniform object literals looks like) and as the test factory builds it
 * (object spreads give every node its own hidden class: a worst case for property access).
 */
describe('graph at 10,000 nodes', () => {
  const best = (runs: number, fn: () => unknown): [number, unknown] => {
    let min = Infinity;
    let out: unknown;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      out = fn();
      min = Math.min(min, performance.now() - start);
    }
    return [min, out];
  };

  const measure = (label: string, manifest: Manifest): string[] => {
    const [build, g] = best(3, () => buildGraph(manifest));
    const graph = g as ProjectGraph;
    const [topo, order] = best(3, () => graph.topologicalOrder());
    const [view, edges] = best(1, () => graph.graph.size);
    const [mid, midIds] = best(3, () => selectNodes(graph, manifest, { select: ['+m_10_5+'] }));
    const [all, allIds] = best(3, () => selectNodes(graph, manifest));
    const [tag, tagIds] = best(3, () => selectNodes(graph, manifest, { select: ['tag:hourly+,marts'], exclude: ['m_19_*'], resourceTypes: ['model'] }));
    const [within, parents] = best(3, () => graph.parentsWithin(allIds as string[]));

    expect(graph.size).toBe(10_000);
    expect((order as string[]).length).toBe(10_000);
    expect(edges).toBe(19_250);
    expect((allIds as string[]).length).toBe(10_000);
    expect((midIds as string[]).length).toBe(5_314);
    expect((tagIds as string[]).length).toBe(3_500);
    expect((parents as Map<string, string[]>).size).toBe(10_000);

    const f = (ms: number): string => `${ms.toFixed(1)} ms`.padStart(9);
    return [
      `${label}:`,
      `  buildGraph (stable topological sort + cycle check) ${f(build)}`,
      `  topologicalOrder() (cached)                        ${f(topo)}`,
      `  graphology view, first access                      ${f(view)}`,
      `  select +m_10_5+        → ${String((midIds as string[]).length).padStart(5)} nodes              ${f(mid)}`,
      `  select everything      → ${String((allIds as string[]).length).padStart(5)} nodes              ${f(all)}`,
      `  tag:hourly+,marts −m_19_* → ${String((tagIds as string[]).length).padStart(5)} models          ${f(tag)}`,
      `  parentsWithin(everything)                          ${f(within)}`,
    ];
  };

  it('builds, sorts and selects', () => {
    const factory = layeredManifest(10_000);
    const json = JSON.parse(JSON.stringify(factory)) as Manifest;
    const lines = [...measure('10,000 nodes, JSON-shaped manifest', json), ...measure('10,000 nodes, factory-shaped manifest', factory)];
    console.log(lines.join('\n'));
  });
});
