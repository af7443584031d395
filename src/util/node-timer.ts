import type { TimingInfo } from '../run/types.js';

/** Times the phases of one node (dbt's `timing`: compile, execute) and its whole execution. */
export class NodeTimer {
  private readonly timings: TimingInfo[] = [];
  private readonly t0 = performance.now();
  private phaseStart = Date.now();

  /** Closes the current phase under `name`; the next phase starts now. */
  end(name: TimingInfo['name']): void {
    const now = Date.now();
    this.timings.push({ name, startedAt: new Date(this.phaseStart).toISOString(), completedAt: new Date(now).toISOString() });
    this.phaseStart = now;
  }

  get timing(): readonly TimingInfo[] {
    return this.timings;
  }

  /** Seconds since the timer was made. */
  get elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }
}
