/** startDemoApis: the fake vendor APIs over the demo data set (used by `npm run demo`). */
import { type Dataset, generateDataset } from '../generator/index.js';
import { startFakeApis } from './start-fake-apis.js';
import type { FakeApis, FakeApisOptions } from './types.js';

export interface DemoScale {
  /** Days of history (default 90). */
  readonly days?: number;
  /** Engineers in the organisation (default 300). */
  readonly engineers?: number;
  /** Incidents per day in companya (others scale down; default 6). */
  readonly incidentsPerDay?: number;
  /** Last complete day (default: yesterday, UTC). */
  readonly endDate?: string;
  readonly seed?: number;
}

export interface DemoApis extends FakeApis {
  readonly dataset: Dataset;
}

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

export async function startDemoApis(scale: DemoScale = {}, options: Omit<FakeApisOptions, 'dataset'> = {}): Promise<DemoApis> {
  const dataset = generateDataset({
    seed: scale.seed ?? 20260101,
    engineers: scale.engineers ?? 300,
    incidentsPerDay: scale.incidentsPerDay ?? 6,
    days: scale.days ?? 90,
    endDate: scale.endDate ?? yesterday(),
  });
  const apis = await startFakeApis({ ...options, dataset });
  return Object.assign(apis, { dataset });
}
