import { expect, it } from 'vitest';
import { startTestApis } from '../../helpers/fake-apis.js';

const INCIDENTS = 200_000;

it(
  'pages through 200,000 incidents with flat memory, no loss and no duplicates',
  async () => {
    const t = await startTestApis({ engineers: 300, incidentsPerDay: 0, days: 90, workspaces: [{ name: 'companya', incidentCount: INCIDENTS }] });
    try {
      const ws = t.dataset.workspace('companya');
      if (!ws) throw new Error('companya');
      let expected = 0;
      for (let i = 0; i < ws.count; i++) {
        const mode = ws.quick(i).mode;
        if (mode === 'standard' || mode === 'retrospective') expected++;
      }
      const samples: { page: number; rssMB: number; heapMB: number }[] = [];
      let count = 0;
      let pages = 0;
      let previous = '\uffff';
      let ordered = true;
      let after = '';
      const started = performance.now();
      const cpu0 = process.cpuUsage();
      for (;;) {
        const res = await fetch(`${t.apis.urls.incidentio}/v2/incidents?page_size=250${after ? `&after=${after}` : ''}`, { headers: t.headers('incidentio') });
        const body = (await res.json()) as { incidents: { id: string }[]; pagination_meta: { after?: string } };
        for (const inc of body.incidents) {
          // Ids sort like indexes and pages run newest-first: strictly decreasing means no duplicates.
          if (!(inc.id < previous)) ordered = false;
          previous = inc.id;
        }
        count += body.incidents.length;
        pages++;
        if (pages % 50 === 0) {
          const m = process.memoryUsage();
          samples.push({ page: pages, rssMB: Math.round(m.rss / 1e6), heapMB: Math.round(m.heapUsed / 1e6) });
        }
        if (!body.pagination_meta.after) break;
        after = body.pagination_meta.after;
      }
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const report = {
        incidents: count,
        pages,
        seconds: Number(seconds.toFixed(1)),
        recordsPerSecondWall: Math.round(count / seconds),
        recordsPerCpuSecond: Math.round(count / ((cpu.user + cpu.system) / 1e6)),
        rssMB: { first: samples[0]?.rssMB, max: Math.max(...samples.map((s) => s.rssMB)), last: samples[samples.length - 1]?.rssMB },
        heapMB: { first: samples[0]?.heapMB, max: Math.max(...samples.map((s) => s.heapMB)), last: samples[samples.length - 1]?.heapMB },
      };
      console.log(`fake incident.io, 200k incidents (client and server in one process): ${JSON.stringify(report)}`);
      expect(count).toBe(expected);
      expect(ordered).toBe(true);
      // Generous bound: nothing is kept per incident, so the heap does not grow with the pages read.
      const later = samples.slice(2).map((s) => s.heapMB);
      expect(Math.max(...later) - (samples[1]?.heapMB ?? 0)).toBeLessThan(300);
    } finally {
      await t.close();
    }
  },
  600_000,
);
