/**
 * Windsurf (Codeium) analytics: a roster keyed by API key, autocomplete rows per api_key × date ×
 * language × ide (the custom-query engine groups them), and Cascade activity per user per day.
 */
import type { ToolModel } from './ai-tools.js';
import { isoSeconds } from './calendar.js';
import type { GeneratorContext } from './context.js';
import { applyDrift } from './drift.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import { dayMsOf, dayStringOf, hexId, scaled } from './usage-common.js';

export interface WindsurfAutocompleteRow {
  api_key: string;
  date: string;
  language: string;
  ide: string;
  num_acceptances: number;
  num_lines_accepted: number;
  num_bytes_accepted: number;
}

export interface WindsurfCascadeDay {
  email: string;
  day: string;
  linesSuggested: number;
  linesAccepted: number;
  runs: { model: string; mode: string; messagesSent: number; promptsUsed: number }[];
}

const LANGS = ['TYPESCRIPT', 'PYTHON', 'GO', 'JAVA', 'SQL', 'KOTLIN', 'RUST'] as const;
const WIDE = ['vscode', 'jetbrains', 'windsurf'] as const;
const CASCADE_MODELS = ['MODEL_CLAUDE_4_5_SONNET', 'MODEL_SWE_1_5', 'MODEL_GPT_5'] as const;
const MODES = ['CONVERSATIONAL_PLANNER_MODE_DEFAULT', 'CONVERSATIONAL_PLANNER_MODE_READ_ONLY'] as const;

export class WindsurfUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;

  constructor(ctx: GeneratorContext, model: ToolModel) {
    this.ctx = ctx;
    this.model = model;
  }

  private readonly keys: (string | undefined)[] = [];

  apiKey(j: number): string {
    let k = this.keys[j];
    if (k === undefined) {
      k = hexId(40, this.ctx.seed, 0x5f, j);
      this.keys[j] = k;
    }
    return k;
  }

  /** The UserPageAnalytics roster over [fromDay, toDay] (day indexes, inclusive). */
  roster(fromDay: number, toDay: number): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const engineers = this.ctx.organisation.engineers;
    const drift = dayMsOf(this.ctx, toDay) >= this.ctx.schemaDriftFromMs;
    for (let j = 0; j < engineers.length; j++) {
      if ((this.model.adoptDay[j] as number) > toDay) continue;
      const e = engineers[j] as Engineer;
      let activeDays = 0;
      let last = -1;
      for (let d = Math.max(0, fromDay); d <= toDay; d++) {
        if (this.model.active(j, d)) {
          activeDays++;
          last = d;
        }
      }
      const entry: Record<string, unknown> = {
        name: e.name,
        email: e.email,
        apiKey: this.apiKey(j),
        activeDays,
        lastUpdateTime: isoSeconds(dayMsOf(this.ctx, toDay) + 3 * 3_600_000),
      };
      if (last >= 0) {
        entry['lastAutocompleteUsageTime'] = isoSeconds(dayMsOf(this.ctx, last) + 16 * 3_600_000);
        entry['lastChatUsageTime'] = isoSeconds(dayMsOf(this.ctx, last) + 17 * 3_600_000);
      }
      out.push(drift ? applyDrift('windsurf', entry) : entry);
    }
    return out;
  }

  /** Autocomplete rows for one day. */
  autocompleteRows(day: number, revision = 0): WindsurfAutocompleteRow[] {
    const date = dayStringOf(this.ctx, day);
    const out: WindsurfAutocompleteRow[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.active(j, day)) continue;
      const rng = new Rng(this.model.recordSeed(j, day));
      const f = this.model.revisionFactor(j, day, revision);
      const ide = WIDE[hashInts(this.ctx.seed, j, 0x1de) % WIDE.length] as string;
      const langs = rng.chance(0.6) ? 1 : 2;
      for (let l = 0; l < langs; l++) {
        const acceptances = scaled(1 + rng.count(35 * (this.model.intensity[j] as number) / langs), f);
        const lines = Math.round(acceptances * rng.logNormal(1.6, 0.3));
        out.push({
          api_key: this.apiKey(j),
          date,
          language: LANGS[(hashInts(this.ctx.seed, j, 0x1a) + l) % LANGS.length] as string,
          ide,
          num_acceptances: acceptances,
          num_lines_accepted: lines,
          num_bytes_accepted: Math.round(lines * rng.logNormal(34, 0.3)),
        });
      }
    }
    return out;
  }

  /** Cascade (agent) activity of one engineer on one day, or undefined when none. */
  cascade(j: number, day: number, revision = 0): WindsurfCascadeDay | undefined {
    if (!this.model.active(j, day)) return undefined;
    const rng = new Rng(this.model.recordSeed(j, day, 0xca5));
    if (!rng.chance(0.7)) return undefined;
    const e = this.ctx.organisation.engineers[j] as Engineer;
    const f = this.model.revisionFactor(j, day, revision);
    const messages = scaled(1 + rng.count(9 * (this.model.intensity[j] as number)), f);
    const suggested = Math.round(messages * rng.logNormal(30, 0.6));
    const runs: WindsurfCascadeDay['runs'] = [{ model: rng.pick(CASCADE_MODELS), mode: MODES[0], messagesSent: messages, promptsUsed: messages * 100 }];
    if (rng.chance(0.2)) runs.push({ model: rng.pick(CASCADE_MODELS), mode: MODES[1], messagesSent: 1 + rng.count(2), promptsUsed: 100 });
    return { email: e.email, day: dayStringOf(this.ctx, day), linesSuggested: suggested, linesAccepted: Math.round(suggested * (0.4 + 0.4 * rng.next())), runs };
  }
}
