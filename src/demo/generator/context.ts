/** Shared, immutable facts every generator part needs. */
import type { Organisation } from './organisation.js';

export interface GeneratorContext {
  readonly seed: number;
  readonly organisation: Organisation;
  /** 00:00Z of the first day in the window. */
  readonly startMs: number;
  /** 00:00Z of the day after `endDate` (exclusive end of the window). */
  readonly endMs: number;
  readonly days: number;
  /** Length of one revision step (late updates): asOf(r) = endMs + r × step. */
  readonly revisionStepMs: number;
  /** Records dated on or after this instant carry schema drift (Infinity = never). */
  readonly schemaDriftFromMs: number;
  /** Fraction of incidents edited late at each revision. */
  readonly lateUpdateRate: number;
}

/** The instant the data describes at a revision: revision 0 is the end of `endDate`. */
export function asOfMs(ctx: GeneratorContext, revision: number): number {
  return ctx.endMs + Math.max(0, revision) * ctx.revisionStepMs;
}
