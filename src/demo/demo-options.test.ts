import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { parseDemoArgs } from './demo-options.js';

describe('parseDemoArgs', () => {
  it('defaults to 300 engineers, 90 days, 6 incidents a day, yesterday', () => {
    const o = parseDemoArgs([]);
    expect(o).toMatchObject({ scale: 1, days: 90, engineers: 300, incidentsPerDay: 6, keepDb: false, bench: false, amplify: 1 });
    expect(o.endDate).toBe(new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
  });

  it('--scale multiplies engineers and incidents; explicit flags win', () => {
    expect(parseDemoArgs(['--scale', '3'])).toMatchObject({ engineers: 900, incidentsPerDay: 18 });
    expect(parseDemoArgs(['--scale', '3', '--engineers', '12'])).toMatchObject({ engineers: 12, incidentsPerDay: 18 });
    expect(parseDemoArgs(['--days', '14', '--end-date', '2026-03-31', '--project-dir', '/tmp/p', '--target', 'dev'])).toMatchObject({
      days: 14,
      endDate: '2026-03-31',
      projectDir: '/tmp/p',
      target: 'dev',
    });
  });

  it('rejects bad values as usage errors with a hint', () => {
    for (const args of [['--days', '0'], ['--engineers', '2.5'], ['--scale', 'x'], ['--end-date', '31/03/2026'], ['--nope']]) {
      let error: unknown;
      try {
        parseDemoArgs(args);
      } catch (e) {
        error = e;
      }
      expect(error, args.join(' ')).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toBeTruthy();
    }
  });
});
