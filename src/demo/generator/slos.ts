/**
 * Datadog SLOs: 10–20 definitions over the service catalogue (metric and monitor types, 7d/30d/90d
 * thresholds) and a daily series of good/total events (metric) or downtime (monitor). History
 * responses are computed from the daily series for any window, the way the SLO history API reports.
 */
import { DAY_MS } from './calendar.js';
import type { GeneratorContext } from './context.js';
import { applyDrift } from './drift.js';
import type { Engineer, Service } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import { hexId, round } from './usage-common.js';

export type Timeframe = '7d' | '30d' | '90d';

export interface SloThreshold {
  timeframe: Timeframe;
  target: number;
  target_display: string;
  warning: number;
  warning_display: string;
}

export type SloDefinition = Record<string, unknown> & {
  id: string;
  name: string;
  type: 'metric' | 'monitor';
  type_id: 0 | 1;
  thresholds: SloThreshold[];
  tags: string[];
  created_at: number;
  modified_at: number;
};

interface SloModel {
  readonly definition: SloDefinition;
  readonly service: Service;
  readonly volume: number;
  readonly target: number;
}

const KINDS = [
  ['availability', 'metric'],
  ['latency p99 < 500ms', 'metric'],
  ['uptime', 'monitor'],
] as const;

function display(n: number): string {
  return String(n);
}

export class SloCatalog {
  private readonly ctx: GeneratorContext;
  private readonly models: SloModel[] = [];

  constructor(ctx: GeneratorContext, count: number) {
    this.ctx = ctx;
    const services = ctx.organisation.services;
    const creators = ctx.organisation.engineers.slice(0, 5);
    for (let i = 0; i < count; i++) {
      const rng = new Rng(hashInts(ctx.seed, 0x510, i));
      const service = services[(i * 7) % Math.max(1, services.length)] as Service;
      const [kind, type] = KINDS[i % KINDS.length] as (typeof KINDS)[number];
      const target = service.tier === 1 ? rng.pick([99.9, 99.95]) : rng.pick([99, 99.5, 99.9]);
      const thresholds: SloThreshold[] = (['7d', '30d', '90d'] as const).map((timeframe) => {
        const warning = round(target + (100 - target) / 2, 3);
        return { timeframe, target, target_display: display(target), warning, warning_display: display(warning) };
      });
      const creator = creators.length ? (creators[i % creators.length] as Engineer) : undefined;
      const created = Math.floor((ctx.startMs - rng.int(30, 700) * DAY_MS) / 1000);
      const definition: SloDefinition = {
        id: hexId(32, ctx.seed, 0x510, i),
        name: `${service.name} ${kind}`,
        description: `${kind} of ${service.name} as seen by customers.`,
        type,
        type_id: type === 'metric' ? 1 : 0,
        thresholds,
        tags: [`service:${service.name}`, `team:${service.team.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, `bu:${service.businessUnit.toLowerCase()}`, 'env:prod'],
        created_at: created,
        modified_at: created + rng.int(0, 200) * 86_400,
        creator: creator ? { email: creator.email, handle: creator.email, name: creator.name } : null,
        monitor_tags: [],
      };
      if (type === 'metric') {
        const q = kind.startsWith('latency') ? `trace.http.request.hits{service:${service.name},env:prod,duration:<500ms}` : `trace.http.request.hits{service:${service.name},env:prod,!http.status_class:5xx}`;
        definition['query'] = { numerator: `sum:${q}.as_count()`, denominator: `sum:trace.http.request.hits{service:${service.name},env:prod}.as_count()` };
      } else {
        definition['monitor_ids'] = [10_000_000 + (hashInts(ctx.seed, i, 0x30) % 89_999_999)];
        definition['groups'] = [];
      }
      this.models.push({ definition, service, volume: rng.logNormal(service.tier === 1 ? 3e6 : 4e5, 0.5), target });
    }
  }

  get definitions(): readonly SloDefinition[] {
    return this.models.map((m) => m.definition);
  }

  indexOf(id: string): number {
    return this.models.findIndex((m) => m.definition.id === id);
  }

  /** One day (index) of an SLO: good/total events (metric) or down/total seconds (monitor). */
  day(slo: number, day: number): { good: number; total: number } {
    const m = this.models[slo] as SloModel;
    const rng = new Rng(hashInts(this.ctx.seed, 0x51d, slo, day));
    const bad = rng.chance(0.05) ? 20 + rng.next() * 40 : rng.logNormal(0.25, 0.8);
    const errorRate = ((100 - m.target) / 100) * bad;
    if (m.definition.type === 'monitor') {
      const total = 86_400;
      const down = bad > 10 ? Math.round(total * Math.min(0.2, errorRate)) : rng.chance(0.1) ? rng.int(60, 600) : 0;
      return { good: total - down, total };
    }
    const total = Math.round(m.volume * (0.7 + 0.6 * rng.next()));
    return { good: total - Math.round(total * Math.min(0.5, errorRate)), total };
  }

  /** The SLO history payload (`data`) for a window [fromTs, toTs] in epoch seconds. */
  history(slo: number, fromTs: number, toTs: number, target?: number): Record<string, unknown> {
    const m = this.models[slo] as SloModel;
    const def = m.definition;
    const firstDay = Math.floor((fromTs * 1000 - this.ctx.startMs) / DAY_MS);
    const lastDay = Math.max(firstDay, Math.ceil((toTs * 1000 - this.ctx.startMs) / DAY_MS) - 1);
    let good = 0;
    let total = 0;
    const times: number[] = [];
    const numerator: number[] = [];
    const denominator: number[] = [];
    const history: [number, number][] = [];
    for (let d = Math.max(0, firstDay); d <= Math.min(this.ctx.days - 1, lastDay); d++) {
      const v = this.day(slo, d);
      good += v.good;
      total += v.total;
      const ts = Math.floor((this.ctx.startMs + d * DAY_MS) / 1000);
      times.push(ts * 1000);
      numerator.push(v.good);
      denominator.push(v.total);
      history.push([ts, v.good === v.total ? 1 : 0]);
    }
    const sli = total > 0 ? round((100 * good) / total, 4) : null;
    const budget = (t: number) => (sli === null ? null : round(((sli - t) / (100 - t)) * 100, 2));
    const errorBudget: Record<string, number | null> = {};
    const thresholds: Record<string, unknown> = {};
    const precision: Record<string, number> = {};
    for (const th of def.thresholds) {
      errorBudget[th.timeframe] = budget(th.target);
      thresholds[th.timeframe] = { ...th };
      precision[th.timeframe] = 2;
    }
    if (target !== undefined && Number.isFinite(target)) {
      errorBudget['custom'] = budget(target);
      thresholds['custom'] = { target, target_display: display(target), timeframe: 'custom' };
      precision['custom'] = 2;
    }
    const overall: Record<string, unknown> = {
      name: def.name,
      preview: false,
      sli_value: sli,
      span_precision: 2,
      uptime: sli,
      precision,
      corrections: [],
      error_budget_remaining: errorBudget,
    };
    const data: Record<string, unknown> = { from_ts: fromTs, to_ts: toTs, type: def.type, type_id: def.type_id, slo: def, thresholds, overall };
    if (def.type === 'metric') {
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      data['series'] = {
        numerator: { count: numerator.length, sum: sum(numerator), values: numerator, metadata: { query_index: 0, aggr: 'sum', scope: `service:${m.service.name}`, metric: 'trace.http.request.hits', unit: null, expression: (def['query'] as Record<string, string>)['numerator'] } },
        denominator: { count: denominator.length, sum: sum(denominator), values: denominator, metadata: { query_index: 1, aggr: 'sum', scope: `service:${m.service.name}`, metric: 'trace.http.request.hits', unit: null, expression: (def['query'] as Record<string, string>)['denominator'] } },
        interval: 86_400,
        query: `${(def['query'] as Record<string, string>)['numerator']} / ${(def['query'] as Record<string, string>)['denominator']}`,
        res_type: 'time_series',
        resp_version: 2,
        times,
      };
    } else {
      overall['monitor_type'] = 'service check';
      overall['history'] = history;
      data['monitors'] = [{ ...overall, monitor_id: (def['monitor_ids'] as number[])[0] }];
    }
    if (toTs * 1000 >= this.ctx.schemaDriftFromMs) applyDrift('datadog', data);
    return data;
  }
}
