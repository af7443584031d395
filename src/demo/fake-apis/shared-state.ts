/** State shared by all fake servers of one startFakeApis() call. */
import type { Dataset } from '../generator/index.js';
import { hashInts } from '../generator/index.js';
import type { FaultController } from './faults.js';
import type { RateLimiter } from './rate-limiter.js';
import type { FakeApiKeys, FakeApisOptions, RouteStats } from './types.js';

export interface SharedState {
  readonly dataset: Dataset;
  revision: number;
  readonly now: () => number;
  readonly faults: FaultController;
  readonly limiter: RateLimiter;
  readonly stats: Map<string, RouteStats>;
  readonly keys: FakeApiKeys;
  /** Secret used to sign Copilot download URLs. */
  readonly signingSecret: string;
  readonly options: FakeApisOptions;
  /** Base URL of the Copilot report download host (set once it listens). */
  copilotDownloadBase: string;
  nextRequestId(): string;
}

export function createRequestIds(seed: number): () => string {
  let n = 0;
  return () => {
    n++;
    const a = hashInts(seed, n, 0x5e1).toString(16).padStart(8, '0');
    const b = hashInts(seed, n, 0x5e2).toString(16).padStart(8, '0');
    return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-8${a.slice(0, 3)}-${b}${n.toString(16).padStart(4, '0')}`;
  };
}
