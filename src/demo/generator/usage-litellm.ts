/**
 * LiteLLM gateway usage. The proxy stores one spend row per user × day × virtual key × model; its
 * `/user/daily/activity` endpoint pages over those rows and folds each page into per-date results
 * (schema drift is applied there, to the per-date results).
 */
import type { GeneratorContext } from './context.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import type { ToolModel } from './ai-tools.js';
import { dayMsOf, dayStringOf, hexId, round, scaled } from './usage-common.js';
import { isoTime } from './calendar.js';

export interface LiteLLMSpendRow {
  date: string;
  user_id: string;
  api_key: string;
  key_alias: string | null;
  team_id: string | null;
  model: string;
  model_group: string;
  custom_llm_provider: string;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  total_tokens: number;
  spend: number;
  api_requests: number;
  successful_requests: number;
  failed_requests: number;
}

export interface LiteLLMUser {
  user_id: string;
  user_email: string | null;
  user_alias: string | null;
  user_role: string;
  teams: string[];
  max_budget: number | null;
  spend: number;
  key_count: number;
  created_at: string;
  updated_at: string;
}

interface ModelDef {
  readonly name: string;
  readonly provider: string;
  readonly inPerM: number;
  readonly outPerM: number;
  readonly weight: number;
}

const MODELS: readonly ModelDef[] = [
  { name: 'claude-sonnet-4-5', provider: 'anthropic', inPerM: 3, outPerM: 15, weight: 0.4 },
  { name: 'gpt-4o', provider: 'openai', inPerM: 2.5, outPerM: 10, weight: 0.2 },
  { name: 'gemini-2.5-pro', provider: 'gemini', inPerM: 1.25, outPerM: 10, weight: 0.15 },
  { name: 'claude-haiku-4-5', provider: 'anthropic', inPerM: 1, outPerM: 5, weight: 0.15 },
  { name: 'gpt-4.1-mini', provider: 'openai', inPerM: 0.4, outPerM: 1.6, weight: 0.1 },
];

const MODEL_WEIGHTS = MODELS.map((m) => m.weight);

/** User id used by LiteLLM for traffic on keys that belong to no user. */
export const LITELLM_DEFAULT_USER = 'default_user_id';

export interface LiteLLMKey {
  readonly hash: string;
  readonly alias: string;
}

export class LiteLLMUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;
  private readonly serviceKey: LiteLLMKey;

  constructor(ctx: GeneratorContext, model: ToolModel) {
    this.ctx = ctx;
    this.model = model;
    this.serviceKey = { hash: hexId(64, ctx.seed, 0x117, 0xffff), alias: 'ci-batch-jobs' };
  }

  /** LiteLLM user id: SSO-provisioned users are keyed by email, older ones by a short handle. */
  userId(j: number): string {
    const e = this.ctx.organisation.engineers[j] as Engineer;
    return hashInts(this.ctx.seed, 0x11d, j) % 100 < 55 ? e.email : `u-${e.githubLogin}`;
  }

  private readonly keyCache: (LiteLLMKey[] | undefined)[] = [];

  keys(j: number): LiteLLMKey[] {
    const cached = this.keyCache[j];
    if (cached) return cached;
    const e = this.ctx.organisation.engineers[j] as Engineer;
    const first = e.email.split('.')[0] ?? 'user';
    const h = hashInts(this.ctx.seed, 0x11e, j);
    const keys: LiteLLMKey[] = [{ hash: hexId(64, this.ctx.seed, j, 1), alias: `${first}-laptop` }];
    if (h % 3 === 0) keys.push({ hash: hexId(64, this.ctx.seed, j, 2), alias: `${first}-ci` });
    // Claude Code routed through the gateway: the de-duplication seed must exclude this alias.
    if (h % 5 === 0) keys.push({ hash: hexId(64, this.ctx.seed, j, 3), alias: 'claude-code-gateway' });
    this.keyCache[j] = keys;
    return keys;
  }

  teamId(j: number): string {
    const e = this.ctx.organisation.engineers[j] as Engineer;
    return `team-${e.team.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  }

  /** `/user/list` users: everyone who ever had a key by the last day, plus the proxy admin. */
  users(lastDay: number): LiteLLMUser[] {
    const out: LiteLLMUser[] = [];
    const adminCreated = isoTime(this.ctx.startMs - 200 * 86_400_000);
    out.push({
      user_id: LITELLM_DEFAULT_USER,
      user_email: null,
      user_alias: null,
      user_role: 'proxy_admin',
      teams: [],
      max_budget: null,
      spend: 0,
      key_count: 1,
      created_at: adminCreated,
      updated_at: adminCreated,
    });
    for (const j of this.model.holders(lastDay, true)) {
      const e = this.ctx.organisation.engineers[j] as Engineer;
      const created = isoTime(dayMsOf(this.ctx, Math.max(-30, this.model.adoptDay[j] as number)) + (hashInts(j, 9) % 28_800_000));
      const id = this.userId(j);
      out.push({
        user_id: id,
        user_email: id.includes('@') && hashInts(this.ctx.seed, j, 0x1e) % 4 === 0 ? null : e.email,
        user_alias: e.name,
        user_role: 'internal_user',
        teams: [this.teamId(j)],
        max_budget: hashInts(j, 0xb) % 2 === 0 ? 200 : null,
        spend: 0,
        key_count: this.keys(j).length,
        created_at: created,
        updated_at: created,
      });
    }
    return out;
  }

  /** Spend rows for one day (user × key × model), in storage order. */
  rows(day: number, revision = 0): LiteLLMSpendRow[] {
    const out: LiteLLMSpendRow[] = [];
    const n = this.ctx.organisation.engineers.length;
    for (let j = 0; j < n; j++) this.userRows(j, day, revision, out);
    this.serviceRows(day, revision, out);
    return out;
  }

  /** One engineer's spend rows for a day (appended to `out` when given). */
  userRows(j: number, day: number, revision = 0, out: LiteLLMSpendRow[] = []): LiteLLMSpendRow[] {
    if (!this.model.active(j, day)) return out;
    const date = dayStringOf(this.ctx, day);
    const rng = new Rng(this.model.recordSeed(j, day));
    const factor = this.model.revisionFactor(j, day, revision);
    const keys = this.keys(j);
    const userId = this.userId(j);
    const volume = (this.model.intensity[j] as number) * 24;
    const modelCount = rng.chance(0.5) ? 1 : rng.chance(0.7) ? 2 : 3;
    const chosen = new Set<number>();
    for (let m = 0; m < modelCount; m++) chosen.add(rng.weighted(MODEL_WEIGHTS));
    for (const key of keys) {
      if (key !== keys[0] && !rng.chance(0.4)) continue;
      for (const mi of chosen) {
        const model = MODELS[mi] as ModelDef;
        const requests = Math.max(1, scaled(rng.count(volume / chosen.size / (key === keys[0] ? 1 : 2)), factor));
        out.push(this.row(rng, date, userId, key, this.teamId(j), model, requests));
      }
    }
    return out;
  }

  /** Rows of keys that belong to no user (CI batch jobs, `default_user_id`). */
  serviceRows(day: number, revision = 0, out: LiteLLMSpendRow[] = []): LiteLLMSpendRow[] {
    const rng = new Rng(this.model.recordSeed(0x7fff, day, 1));
    const requests = scaled(rng.count(60), this.model.revisionFactor(0x7fff, day, revision));
    if (requests > 0) out.push(this.row(rng, dayStringOf(this.ctx, day), LITELLM_DEFAULT_USER, this.serviceKey, null, MODELS[4] as ModelDef, requests));
    return out;
  }

  private row(rng: Rng, date: string, userId: string, key: LiteLLMKey, teamId: string | null, model: ModelDef, requests: number): LiteLLMSpendRow {
    const prompt = Math.round(requests * rng.logNormal(3500, 0.5));
    const completion = Math.round(requests * rng.logNormal(350, 0.5));
    const anthropic = model.provider === 'anthropic';
    const cacheRead = anthropic ? Math.round(prompt * (0.2 + 0.4 * rng.next())) : 0;
    const cacheCreation = anthropic ? Math.round(prompt * 0.05 * rng.next()) : 0;
    const failed = rng.chance(0.3) ? Math.min(requests, rng.int(1, Math.max(1, Math.round(requests * 0.05)))) : 0;
    const row: LiteLLMSpendRow = {
      date,
      user_id: userId,
      api_key: key.hash,
      key_alias: key.alias,
      team_id: teamId,
      model: model.name,
      model_group: model.name,
      custom_llm_provider: model.provider,
      prompt_tokens: prompt,
      completion_tokens: completion,
      cache_read_input_tokens: cacheRead,
      cache_creation_input_tokens: cacheCreation,
      total_tokens: prompt + completion,
      spend: round((prompt * model.inPerM + completion * model.outPerM) / 1e6, 6),
      api_requests: requests,
      successful_requests: requests - failed,
      failed_requests: failed,
    };
    return row;
  }
}
