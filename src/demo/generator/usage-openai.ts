/**
 * OpenAI organisation usage (completions). Base rows are at the finest grain the API can group by
 * (user × model × project × API key); the server folds them by the requested `group_by`. Service
 * account keys have no user (`user_id` null).
 */
import type { ToolModel } from './ai-tools.js';
import { isoTime } from './calendar.js';
import type { GeneratorContext } from './context.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts, hashString } from './prng.js';
import { base62Id, compareText, dayMsOf, scaled } from './usage-common.js';

export interface OpenAIUsageRow {
  user_id: string | null;
  model: string;
  project_id: string;
  api_key_id: string;
  batch: boolean;
  input_tokens: number;
  output_tokens: number;
  input_cached_tokens: number;
  input_audio_tokens: number;
  output_audio_tokens: number;
  num_model_requests: number;
}

export interface OpenAIUser {
  object: 'organization.user';
  id: string;
  name: string;
  email: string;
  role: 'owner' | 'reader';
  added_at: number;
  is_service_account: boolean;
}

const MODELS = ['gpt-4.1-2025-04-14', 'gpt-4o-mini-2024-07-18', 'o4-mini-2025-04-16', 'gpt-5-codex'] as const;

export class OpenAIUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;

  constructor(ctx: GeneratorContext, model: ToolModel) {
    this.ctx = ctx;
    this.model = model;
  }

  private readonly ids = new Map<string, string>();

  private cached(key: string, make: () => string): string {
    let v = this.ids.get(key);
    if (v === undefined) {
      v = make();
      this.ids.set(key, v);
    }
    return v;
  }

  userId(j: number): string {
    return this.cached(`u${j}`, () => `user-${base62Id(24, this.ctx.seed, 0x0a1, j)}`);
  }

  projectId(unit: string): string {
    return this.cached(`p${unit}`, () => `proj_${base62Id(24, this.ctx.seed, hashString(unit))}`);
  }

  apiKeyId(j: number, k = 0): string {
    return this.cached(`k${j}/${k}`, () => `key_${base62Id(16, this.ctx.seed, 0x0a2 + k, j)}`);
  }

  /** Organisation users (everyone who ever used it by the last day), oldest first. */
  users(lastDay: number): OpenAIUser[] {
    const holders = this.model.holders(lastDay, true);
    const out = holders.map((j) => {
      const e = this.ctx.organisation.engineers[j] as Engineer;
      const added = dayMsOf(this.ctx, Math.max(-60, this.model.adoptDay[j] as number)) + (hashInts(j, 0xadd) % 30_000_000);
      return {
        object: 'organization.user' as const,
        id: this.userId(j),
        name: e.name,
        email: e.email,
        role: j % 17 === 0 ? ('owner' as const) : ('reader' as const),
        added_at: Math.floor(added / 1000),
        is_service_account: false,
      };
    });
    out.sort((a, b) => a.added_at - b.added_at || compareText(a.id, b.id));
    return out;
  }

  /** Base usage rows for one day. */
  rows(day: number, revision = 0): OpenAIUsageRow[] {
    const out: OpenAIUsageRow[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.active(j, day)) continue;
      const e = engineers[j] as Engineer;
      const rng = new Rng(this.model.recordSeed(j, day));
      const factor = this.model.revisionFactor(j, day, revision);
      const models = new Set<string>([rng.pick(MODELS)]);
      if (rng.chance(0.35)) models.add(rng.pick(MODELS));
      for (const model of models) {
        out.push(this.row(rng, this.userId(j), model, this.projectId(e.businessUnit), this.apiKeyId(j), rng.count(18 * (this.model.intensity[j] as number) / models.size) + 1, factor));
      }
    }
    // Two service-account keys: no user behind them.
    for (let s = 0; s < 2; s++) {
      const rng = new Rng(this.model.recordSeed(0x20000 + s, day));
      if (!rng.chance(0.9)) continue;
      out.push(this.row(rng, null, MODELS[1], this.projectId(`service-${s}`), this.apiKeyId(0x20000 + s), rng.count(400), this.model.revisionFactor(0x20000 + s, day, revision), s === 1));
    }
    return out;
  }

  private row(rng: Rng, userId: string | null, model: string, project: string, key: string, requests: number, factor: number, batch = false): OpenAIUsageRow {
    const req = scaled(requests, factor);
    const input = Math.round(req * rng.logNormal(2500, 0.6));
    return {
      user_id: userId,
      model,
      project_id: project,
      api_key_id: key,
      batch,
      input_tokens: input,
      output_tokens: Math.round(req * rng.logNormal(400, 0.6)),
      input_cached_tokens: Math.round(input * 0.35 * rng.next()),
      input_audio_tokens: 0,
      output_audio_tokens: 0,
      num_model_requests: req,
    };
  }

  /** Display helper for the users list (`added_at` as ISO). */
  static addedAtIso(user: OpenAIUser): string {
    return isoTime(user.added_at * 1000);
  }
}
