import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SEED, DIRECTORY_ENGINEERS, renderEngineerDirectoryCsv } from '../../../src/demo/engineer-directory.js';
import { generateDataset } from '../../../src/demo/generator/index.js';
import { REPO_ROOT } from '../../helpers/project-fixture.js';

// The committed seed seeds/engineer_directory.csv must be the demo organisation's directory, or Copilot
// logins stop resolving to emails (and the cross-tool engineer_key breaks) in `npm run demo`.
describe('seeds/engineer_directory.csv', () => {
  const committed = readFileSync(join(REPO_ROOT, 'seeds', 'engineer_directory.csv'), 'utf8');

  it('is the demo organisation, engineer for engineer', () => {
    const org = generateDataset({ seed: DEMO_SEED, engineers: DIRECTORY_ENGINEERS, incidentsPerDay: 0, days: 1, endDate: '2026-01-01' }).organisation;
    expect(committed).toBe(renderEngineerDirectoryCsv(org));
  });

  it('covers the default demo and is prefix-stable (a smaller organisation is its first lines)', () => {
    const small = generateDataset({ seed: DEMO_SEED, engineers: 40, incidentsPerDay: 0, days: 1, endDate: '2026-01-01' }).organisation;
    const lines = committed.split('\n');
    expect(lines.length - 2).toBe(DIRECTORY_ENGINEERS);
    expect(DIRECTORY_ENGINEERS).toBeGreaterThanOrEqual(300);
    expect(renderEngineerDirectoryCsv(small)).toBe(`${lines.slice(0, 41).join('\n')}\n`);
  });
});
