import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers.js';

/**
 * Extract + load throughput of N incident records from the fake into a DuckDB file, and peak RSS.
 * Reported, never asserted on timing. Opt-in (minutes of CPU):
 *   OPP_EXTRACT_BENCH=100000 npx vitest run tests/integration/extract/throughput.test.ts
 * The fake server runs in this process, so its CPU (rendering every incident) is included.
 */
const N = Number(process.env['OPP_EXTRACT_BENCH'] ?? 0);

describe.skipIf(!N)('extract throughput', () => {
  it(`loads ${N} incidents and reports records/s and peak RSS`, async () => {
    const days = 400;
    const h = await startHarness({
      dataset: { incidentsPerDay: Math.ceil(N / days), days, engineers: 50, workspaces: [{ name: 'companya' }] },
    });
    try {
      let peak = process.memoryUsage().rss;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const res = await h.run({ sources: ['incident_io.companya'], instances: [{ kind: 'incident_io', name: 'companya' }] });
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      clearInterval(timer);
      const inc = res.results[0]!.streams.find((s) => s.stream === 'incident_io.incidents')!;
      expect(inc.recordsLoaded).toBe(h.dataset.workspace('companya')!.count);
      const report = {
        incidents: inc.recordsLoaded,
        incidentSeconds: +(inc.elapsedMs / 1000).toFixed(1),
        incidentsPerSecond: Math.round(inc.recordsLoaded / (inc.elapsedMs / 1000)),
        allRecords: res.results[0]!.recordsLoaded,
        wallSeconds: +(wall / 1000).toFixed(1),
        recordsPerSecond: Math.round(res.results[0]!.recordsLoaded / (wall / 1000)),
        cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1),
        peakRssMB: Math.round(peak / 1e6),
      };
      console.log(`extract throughput: ${JSON.stringify(report)}`);
    } finally {
      await h.close();
    }
  }, 3_600_000);
});
