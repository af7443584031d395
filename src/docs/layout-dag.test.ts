import { describe, expect, it } from 'vitest';
import { layoutDag, type DagLayout } from './layout-dag.js';

const H = 28;
const GAP = 12;

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A dbt-like random DAG: each node reads 0-3 earlier nodes, mostly recent ones. */
function randomDag(n: number, seed: number): [number, number][] {
  const rand = rng(seed);
  const edges: [number, number][] = [];
  for (let v = 1; v < n; v++) {
    const k = Math.floor(rand() * 4);
    for (let j = 0; j < k; j++) {
      const span = Math.max(1, Math.floor(rand() * Math.min(v, 40)));
      edges.push([v - span, v]);
    }
  }
  return edges;
}

/** Pairs of boxes in one layer closer than the minimum gap (collected, so one assertion per graph). */
function expectNoOverlap(layout: DagLayout, n: number): void {
  const tooClose: string[] = [];
  for (const layer of layout.layers) {
    const ys = layer.map((v) => layout.y[v]!).sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) if (ys[i]! - ys[i - 1]! < H + GAP - 0.02) tooClose.push(`${ys[i - 1]} / ${ys[i]}`);
  }
  // Same x means same layer: boxes never overlap anywhere.
  const byX = new Map<number, number[]>();
  for (let v = 0; v < n; v++) {
    const list = byX.get(layout.x[v]!) ?? [];
    list.push(layout.y[v]!);
    byX.set(layout.x[v]!, list);
  }
  for (const ys of byX.values()) {
    ys.sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++) if (ys[i]! - ys[i - 1]! < H) tooClose.push(`x-column ${ys[i - 1]} / ${ys[i]}`);
  }
  expect(tooClose).toEqual([]);
}

/** Edges (other than those reported as reversed to break a cycle) whose head is not right of the tail. */
function expectLeftToRight(layout: DagLayout, edges: readonly (readonly [number, number])[]): void {
  const reversed = new Set(layout.reversed);
  const wrong: string[] = [];
  edges.forEach(([a, b], e) => {
    if (a === b || reversed.has(e)) return;
    if (!(layout.x[a]! < layout.x[b]!) || !(layout.layer[a]! < layout.layer[b]!)) wrong.push(`${a}->${b}`);
  });
  expect(wrong).toEqual([]);
}

describe('layoutDag', () => {
  it('lays out a diamond in three layers, edges left to right, no overlap', () => {
    const edges: [number, number][] = [
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
    ];
    const layout = layoutDag(4, edges);
    expect(layout.layer).toEqual([0, 1, 1, 2]);
    expect(layout.reversed).toEqual([]);
    expectLeftToRight(layout, edges);
    expectNoOverlap(layout, 4);
    expect(layout.width).toBe(3 * 180 + 2 * 80);
  });

  it('uses the longest path for layers and pulls a root next to its nearest child', () => {
    // 0 → 1 → 2 → 3, and a root 4 read only by 3: it belongs in layer 2, not 0.
    const edges: [number, number][] = [
      [0, 1],
      [1, 2],
      [2, 3],
      [4, 3],
      [0, 3],
    ];
    const layout = layoutDag(5, edges);
    expect(layout.layer).toEqual([0, 1, 2, 3, 2]);
    expectLeftToRight(layout, edges);
  });

  it('orders a layer by barycentres so that two parallel edges do not cross', () => {
    // Input order makes 0→3 and 1→2 cross; barycentric ordering untangles them.
    const edges: [number, number][] = [
      [0, 3],
      [1, 2],
    ];
    const layout = layoutDag(4, edges);
    expect(Math.sign(layout.y[0]! - layout.y[1]!)).toBe(Math.sign(layout.y[3]! - layout.y[2]!));
  });

  it('places a single child level with its parent', () => {
    const layout = layoutDag(2, [[0, 1]]);
    expect(layout.y[0]).toBe(layout.y[1]);
    expect(layout.height).toBe(H);
  });

  it('ignores duplicate edges and self-loops, and survives cycles', () => {
    const edges: [number, number][] = [
      [0, 1],
      [0, 1],
      [1, 1],
      [1, 2],
      [2, 0], // closes a cycle
      [2, 3],
    ];
    const layout = layoutDag(4, edges);
    expect(layout.reversed.length).toBe(1);
    expectLeftToRight(layout, edges);
    expectNoOverlap(layout, 4);
  });

  it('handles empty and edgeless graphs', () => {
    expect(layoutDag(0, []).layers).toEqual([]);
    const layout = layoutDag(3, []);
    expect(layout.layer).toEqual([0, 0, 0]);
    expectNoOverlap(layout, 3);
  });

  it('keeps every box apart and every edge pointing right on a 500-node project graph', () => {
    const edges = randomDag(500, 7);
    const layout = layoutDag(500, edges);
    expect(layout.reversed).toEqual([]);
    expectLeftToRight(layout, edges);
    expectNoOverlap(layout, 500);
    for (let v = 0; v < 500; v++) {
      expect(Number.isFinite(layout.x[v]!)).toBe(true);
      expect(Number.isFinite(layout.y[v]!)).toBe(true);
    }
    expect(layoutDag(500, edges)).toEqual(layout); // deterministic
  });

  it('lays out 10,000 nodes quickly', () => {
    const edges = randomDag(10_000, 11);
    const before = process.cpuUsage();
    const layout = layoutDag(10_000, edges);
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    expect(ms).toBeLessThan(3000);
    expectLeftToRight(layout, edges);
  });

  it('is the same function when shipped as source text to the browser', () => {
    const shipped = new Function(`${layoutDag.toString()}\nreturn layoutDag;`)() as typeof layoutDag;
    const edges = randomDag(200, 3);
    expect(shipped(200, edges)).toEqual(layoutDag(200, edges));
  });
});
