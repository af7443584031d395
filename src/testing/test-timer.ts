import type { TimingInfo } from '../run/types.js';

/** Times the phases of one test (dbt's `timing`: compile, execute), as the node executors do. */
export class TestTimer {
  private readonly timings: TimingInfo[] = [];
  private readonly t0 = performance.now();
  private phaseStart = Date.now();

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
