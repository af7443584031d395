/** Decides, per request, which injected faults fire. */
import type { FaultKind, FaultPlan, FaultRule, SourceName } from './types.js';

/** What the faults do to one request. */
export interface FaultEffects {
  /** A fault that answers instead of the handler (first one wins). */
  readonly preempt?: FaultRule;
  readonly truncate?: FaultRule;
  readonly duplicatePage: boolean;
  readonly reorderPage: boolean;
  readonly drift: boolean;
  readonly lateUpdate?: FaultRule;
}

export const NO_EFFECTS: FaultEffects = { duplicatePage: false, reorderPage: false, drift: false };

const PREEMPTIVE: ReadonlySet<FaultKind> = new Set(['rate-limit', 'server-error', 'timeout', 'auth']);

interface RuleState {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

export interface FaultMatch {
  readonly source: SourceName;
  readonly route: string;
  readonly workspace?: string;
}

function routeMatches(pattern: string | undefined, route: string): boolean {
  if (pattern === undefined || pattern === '*') return true;
  if (pattern.endsWith('*')) return route.startsWith(pattern.slice(0, -1));
  return pattern === route;
}

export class FaultController {
  private rules: RuleState[] = [];

  constructor(plan: FaultPlan = []) {
    this.set(plan);
  }

  set(plan: FaultPlan): void {
    this.rules = plan.map((rule) => ({ rule, seen: 0, fired: 0 }));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** Counts the request against every matching rule and returns the effects that fire. */
  evaluate(m: FaultMatch): FaultEffects {
    if (this.rules.length === 0) return NO_EFFECTS;
    let preempt: FaultRule | undefined;
    let truncate: FaultRule | undefined;
    let lateUpdate: FaultRule | undefined;
    let duplicatePage = false;
    let reorderPage = false;
    let drift = false;
    for (const state of this.rules) {
      const r = state.rule;
      if (r.source !== undefined && r.source !== m.source) continue;
      if (!routeMatches(r.route, m.route)) continue;
      if (r.workspace !== undefined && r.workspace !== m.workspace) continue;
      state.seen++;
      if (state.seen <= (r.after ?? 0)) continue;
      if (state.fired >= (r.times ?? 1)) continue;
      // Only one preemptive fault can answer a request; later ones wait for the next request.
      if (PREEMPTIVE.has(r.kind) && preempt) {
        state.seen--;
        continue;
      }
      state.fired++;
      switch (r.kind) {
        case 'rate-limit':
        case 'server-error':
        case 'timeout':
        case 'auth':
          preempt = r;
          break;
        case 'truncated':
          truncate = r;
          break;
        case 'duplicate-page':
          duplicatePage = true;
          break;
        case 'reorder-page':
          reorderPage = true;
          break;
        case 'schema-drift':
          drift = true;
          break;
        case 'late-update':
          lateUpdate = r;
          break;
      }
    }
    return {
      ...(preempt ? { preempt } : {}),
      ...(truncate ? { truncate } : {}),
      ...(lateUpdate ? { lateUpdate } : {}),
      duplicatePage,
      reorderPage,
      drift,
    };
  }
}
