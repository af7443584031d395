/**
 * AI tool adoption: each tool follows its own S-curve over the window, and each engineer adopts a tool
 * on the day the curve passes their personal threshold. Activity on a day is a cheap hash test, so
 * a tool's rows for any day are computed directly, in any order, without history.
 */
import { DAY_MS, isWeekend } from './calendar.js';
import type { GeneratorContext } from './context.js';
import { hashInts, hashString, unit } from './prng.js';

export type ToolName = 'litellm' | 'claude_code' | 'openai' | 'copilot' | 'cursor' | 'windsurf' | 'claude_enterprise';

export const TOOL_NAMES: readonly ToolName[] = ['litellm', 'claude_code', 'openai', 'copilot', 'cursor', 'windsurf', 'claude_enterprise'];

export interface ToolSpec {
  readonly name: ToolName;
  /** Fraction of engineers already using the tool on the first day. */
  readonly adoptionStart?: number;
  /** Fraction using it by the last day (the S-curve's ceiling is a little above). */
  readonly adoptionEnd?: number;
  /** Where in the window (0..1) the S-curve is steepest. */
  readonly adoptionMidpoint?: number;
  /** Weekday probability that an adopter uses the tool on a given day (scaled by their activeness). */
  readonly dailyActiveRate?: number;
  /** Multiplier on weekend activity. */
  readonly weekendFactor?: number;
  /** Multiplier on per-day volumes (tokens, requests, lines). */
  readonly intensity?: number;
  /** First day the vendor has data for (earlier days are refused as the vendor does); default: none. */
  readonly availableFrom?: string;
}

export const DEFAULT_TOOL_SPECS: Readonly<Record<ToolName, Required<Omit<ToolSpec, 'availableFrom'>>>> = {
  litellm: { name: 'litellm', adoptionStart: 0.15, adoptionEnd: 0.55, adoptionMidpoint: 0.35, dailyActiveRate: 0.7, weekendFactor: 0.12, intensity: 1 },
  claude_code: { name: 'claude_code', adoptionStart: 0.05, adoptionEnd: 0.6, adoptionMidpoint: 0.5, dailyActiveRate: 0.75, weekendFactor: 0.15, intensity: 1 },
  openai: { name: 'openai', adoptionStart: 0.08, adoptionEnd: 0.25, adoptionMidpoint: 0.4, dailyActiveRate: 0.5, weekendFactor: 0.1, intensity: 1 },
  copilot: { name: 'copilot', adoptionStart: 0.5, adoptionEnd: 0.8, adoptionMidpoint: 0.1, dailyActiveRate: 0.8, weekendFactor: 0.1, intensity: 1 },
  cursor: { name: 'cursor', adoptionStart: 0.05, adoptionEnd: 0.45, adoptionMidpoint: 0.55, dailyActiveRate: 0.8, weekendFactor: 0.12, intensity: 1 },
  windsurf: { name: 'windsurf', adoptionStart: 0.03, adoptionEnd: 0.18, adoptionMidpoint: 0.5, dailyActiveRate: 0.7, weekendFactor: 0.1, intensity: 1 },
  claude_enterprise: { name: 'claude_enterprise', adoptionStart: 0.3, adoptionEnd: 0.85, adoptionMidpoint: 0.25, dailyActiveRate: 0.55, weekendFactor: 0.2, intensity: 1 },
};

/** Day index meaning "adopted before the window". */
export const BEFORE_WINDOW = -1_000_000;
/** Day index meaning "never adopts". */
export const NEVER = 1_000_000;

/** Per-tool adoption and activity model over the organisation. */
export class ToolModel {
  readonly name: ToolName;
  readonly code: number;
  readonly spec: Required<Omit<ToolSpec, 'availableFrom'>> & { readonly availableFrom?: string };
  /** Day index (0 = first day) on which each engineer adopts the tool. */
  readonly adoptDay: Int32Array;
  /** Day index on which an engineer stops (seat removed); NEVER when they keep it. */
  readonly churnDay: Int32Array;
  /** Per-engineer usage volume multiplier (log-normal, median 1). */
  readonly intensity: Float32Array;
  private readonly ctx: GeneratorContext;

  constructor(ctx: GeneratorContext, spec: ToolSpec) {
    this.ctx = ctx;
    this.name = spec.name;
    this.code = hashString(spec.name);
    const base = DEFAULT_TOOL_SPECS[spec.name];
    this.spec = { ...base, ...stripUndefined(spec) };
    const n = ctx.organisation.engineers.length;
    this.adoptDay = new Int32Array(n);
    this.churnDay = new Int32Array(n);
    this.intensity = new Float32Array(n);

    const start = clamp(this.spec.adoptionStart, 0.001, 0.98);
    const end = clamp(this.spec.adoptionEnd, start + 0.001, 0.99);
    const mid = clamp(this.spec.adoptionMidpoint, 0.01, 0.99);
    // Logistic f(x) = cap / (1 + exp(-(x - mid) / w)) through (0, start) and (1, end).
    const { cap, width } = fitLogistic(start, end, mid);
    for (let j = 0; j < n; j++) {
      const u = unit(hashInts(ctx.seed, 0xad0, this.code, j));
      let day: number;
      if (u >= cap) day = NEVER;
      else {
        const x = mid + width * Math.log(u / (cap - u));
        day = x < 0 ? BEFORE_WINDOW : x >= 1 ? NEVER : Math.floor(x * ctx.days);
      }
      this.adoptDay[j] = day;
      const c = unit(hashInts(ctx.seed, 0xc4a, this.code, j));
      this.churnDay[j] = day !== NEVER && c < 0.04 ? Math.min(NEVER, Math.max(day, 0) + 7 + Math.floor(c * 25 * ctx.days)) : NEVER;
      const z = normalFromHash(hashInts(ctx.seed, 0x1e7, this.code, j));
      this.intensity[j] = Math.exp(0.6 * z) * this.spec.intensity;
    }
  }

  /** Has the engineer got the tool on this day (adopted and not yet removed)? */
  holds(j: number, day: number): boolean {
    return (this.adoptDay[j] as number) <= day && day < (this.churnDay[j] as number);
  }

  /** Is the engineer active in the tool on this day? Pure hash test. */
  active(j: number, day: number): boolean {
    if (!this.holds(j, day)) return false;
    const e = this.ctx.organisation.engineers[j];
    if (!e) return false;
    const dayMs = this.ctx.startMs + day * DAY_MS;
    let p = this.spec.dailyActiveRate * Math.sqrt(e.activeness);
    if (isWeekend(dayMs)) p *= this.spec.weekendFactor;
    const sinceAdopt = day - (this.adoptDay[j] as number);
    if (sinceAdopt < 7) p *= 0.6;
    return unit(hashInts(this.ctx.seed, this.code, day, j, 0xac7)) < p;
  }

  /** Seed for the engineer's record on a day (before revisions). */
  recordSeed(j: number, day: number, salt = 0): number {
    return hashInts(this.ctx.seed, this.code, day, j, 0x5eed + salt);
  }

  /**
   * Vendors revise recent days: rows in the last three days of the window change a little at each
   * revision. Returns the multiplier for a row's counters.
   */
  revisionFactor(j: number, day: number, revision: number): number {
    if (revision <= 0 || day < this.ctx.days - 3) return 1;
    let f = 1;
    for (let r = 1; r <= revision; r++) f *= 1 + 0.08 * unit(hashInts(this.ctx.seed, this.code, day, j, 0x4e0 + r));
    return f;
  }

  /** Engineers holding the tool at the end of the window (or ever, with `everHeld`). */
  holders(lastDay: number, everHeld = false): number[] {
    const out: number[] = [];
    for (let j = 0; j < this.adoptDay.length; j++) {
      if (everHeld ? (this.adoptDay[j] as number) <= lastDay : this.holds(j, lastDay)) out.push(j);
    }
    return out;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function fitLogistic(start: number, end: number, mid: number): { cap: number; width: number } {
  // f(0) = start gives w = mid / ln(cap/start - 1) (needs cap > 2·start); pick the ceiling whose
  // curve also passes closest to f(1) = end.
  let best: { cap: number; width: number } | undefined;
  let bestErr = Number.POSITIVE_INFINITY;
  for (let cap = end + 0.005; cap <= 1.0001; cap += 0.005) {
    const w = mid / Math.log(cap / start - 1);
    if (!(w > 0) || !Number.isFinite(w)) continue;
    const err = Math.abs(cap / (1 + Math.exp(-(1 - mid) / w)) - end);
    if (err < bestErr) {
      bestErr = err;
      best = { cap, width: w };
    }
  }
  if (best && bestErr < 0.05) return best;
  // Start too high for the midpoint: fit the end point only.
  const cap = Math.min(1, end * 1.1);
  return { cap, width: -(1 - mid) / Math.log(cap / end - 1) };
}

function normalFromHash(h: number): number {
  const u = (unit(h) + 1e-9) * 0.999999;
  const v = unit(hashInts(h, 0x2));
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
