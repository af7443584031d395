/**
 * Maps incident indexes to creation instants. Index i gets quantile (i + u_i) / N of a density with a
 * daily and weekly rhythm (business hours busier, weekends quieter, a few "storm" days), so creation
 * time never decreases with the index — ids sort like indexes — and the index range for any time
 * range is computed without generating anything.
 */
import { DAY_MS, HOUR_MS, isWeekend } from './calendar.js';
import { Rng, hashInts } from './prng.js';

export class IncidentTimeline {
  readonly startMs: number;
  readonly endMs: number;
  readonly count: number;
  private readonly cumulative: Float64Array;
  private readonly hours: number;

  constructor(seed: number, namespace: number, startMs: number, days: number, count: number) {
    this.startMs = startMs;
    this.endMs = startMs + days * DAY_MS;
    this.count = count;
    this.hours = days * 24;
    const cumulative = new Float64Array(this.hours + 1);
    let total = 0;
    for (let d = 0; d < days; d++) {
      const dayMs = startMs + d * DAY_MS;
      const dayRng = new Rng(hashInts(seed, 0x71e, namespace, d));
      const storm = dayRng.chance(0.04) ? 2 + dayRng.next() * 2 : 0.75 + dayRng.next() * 0.5;
      const weekend = isWeekend(dayMs);
      for (let h = 0; h < 24; h++) {
        let w: number;
        if (weekend) w = 0.45;
        else if (h >= 8 && h < 18) w = 2.6;
        else if (h >= 6 && h < 21) w = 1.3;
        else w = 0.55;
        cumulative[d * 24 + h] = total;
        total += w * storm;
      }
    }
    cumulative[this.hours] = total;
    for (let i = 0; i <= this.hours; i++) cumulative[i] = (cumulative[i] as number) / total;
    this.cumulative = cumulative;
  }

  /** Creation instant for quantile q in [0, 1). */
  timeAt(q: number): number {
    const cum = this.cumulative;
    let lo = 0;
    let hi = this.hours - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((cum[mid] as number) <= q) lo = mid;
      else hi = mid - 1;
    }
    const c0 = cum[lo] as number;
    const c1 = cum[lo + 1] as number;
    const frac = c1 > c0 ? (q - c0) / (c1 - c0) : 0;
    return Math.floor(this.startMs + (lo + Math.min(Math.max(frac, 0), 0.999999)) * HOUR_MS);
  }

  /** Quantile of an instant (inverse of timeAt). */
  quantileAt(ms: number): number {
    if (ms <= this.startMs) return 0;
    if (ms >= this.endMs) return 1;
    const pos = (ms - this.startMs) / HOUR_MS;
    const h = Math.floor(pos);
    const c0 = this.cumulative[h] as number;
    const c1 = this.cumulative[h + 1] as number;
    return c0 + (pos - h) * (c1 - c0);
  }

  /** Lowest index whose creation time may be >= ms (a safe lower bound; callers still filter). */
  firstIndexAtOrAfter(ms: number): number {
    const q = this.quantileAt(ms);
    return Math.max(0, Math.min(this.count, Math.floor(q * this.count) - 1));
  }

  /** One past the highest index whose creation time may be <= ms (a safe upper bound). */
  endIndexAtOrBefore(ms: number): number {
    const q = this.quantileAt(ms);
    return Math.max(0, Math.min(this.count, Math.ceil(q * this.count) + 1));
  }
}
