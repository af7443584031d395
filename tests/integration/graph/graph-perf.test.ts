import { describe, expect, it } from 'vitest';
import { buildGraph, selectNodes } from '../../../src/graph/index.js';
import { layeredManifest } from './manifest-factory.js';

/**
 * A measurement, not an assertion on time: builds a 10,000-node layered project (5,000 models in 20
 * layers, each ref-ing 3 models of the layer above, and 5,000 tests), then times buildGraph, the
 * topological order and a few selections. Figures are printed; the test asserts only the results.
 */
describe('graph at 10,000 nodes', () => {
  it('builds, sorts and selects', () => {
    const manifest = layeredManifest(10_000);
    const t = (fn: () => unknown): [number, unknown] => {
      const start = performance.now();
      const out = fn();
      return [performance.now() - start, out];
    };
    // Warm up the JIT once, as a CLI run would not, then measure a second run too.
    const [coldBuild, graph0] = t(() => buildGraph(manifest));
    const [build, graphAny] = t(() => buildGraph(manifest));
    const graph = graphAny as ReturnType<typeof buildGraph>;
    const [topo, order] = t(() => graph.topologicalOrder());
    const mid = 'm_10_5';
    const [selectMid, mid1] = t(() => selectNodes(graph, manifest, { select: [`+${mid}+`] }));
    const [selectMid2, mid2] = t(() => selectNodes(graph, manifest, { select: [`+${mid}+`] }));
    const [selectAll, all] = t(() => selectNodes(graph, manifest));
    const [selectTag, tagged] = t(() => selectNodes(graph, manifest, { select: ['tag:hourly+,marts'], exclude: ['m_19_*'], resourceTypes: ['model'] }));
    const [within, parents] = t(() => graph.parentsWithin(all as string[]));

    expect((graph0 as typeof graph).size).toBe(10_000);
    expect(graph.size).toBe(10_000);
    expect((order as string[]).length).toBe(10_000);
    expect((all as string[]).length).toBe(10_000);
    expect(mid1).toEqual(mid2);
    expect((mid1 as string[]).length).toBeGreaterThan(100);
    expect((tagged as string[]).length).toBeGreaterThan(0);
    expect((parents as Map<string, string[]>).size).toBe(10_000);

    const f = (ms: number): string => `${ms.toFixed(1)} ms`;
    console.log(
      [
        `graph, 10,000 nodes / ${graph.graph.size} edges:`,
        `  buildGraph (cold)          ${f(coldBuild)}`,
        `  buildGraph (warm)          ${f(build)}  (includes the stable topological sort and cycle check)`,
        `  topologicalOrder()         ${f(topo)}  (cached)`,
        `  select +${mid}+ (cold)    ${f(selectMid)}  → ${(mid1 as string[]).length} nodes`,
        `  select +${mid}+ (warm)    ${f(selectMid2)}`,
        `  select everything          ${f(selectAll)}`,
        `  tag:hourly+,marts − m_19_* ${f(selectTag)}  → ${(tagged as string[]).length} models`,
        `  parentsWithin(everything)  ${f(within)}`,
      ].join('\n'),
    );
  });
});
