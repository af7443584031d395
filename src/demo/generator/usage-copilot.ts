/**
 * GitHub Copilot usage-metrics reports: one NDJSON object per user per day (login and numeric id, no
 * email), a user-teams report, and the seat roster.
 */
import type { ToolModel } from './ai-tools.js';
import { isoSeconds } from './calendar.js';
import type { GeneratorContext } from './context.js';
import { applyDrift } from './drift.js';
import { LANGUAGES } from './names.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import { compareText, dayMsOf, dayStringOf, scaled } from './usage-common.js';

export type CopilotUserDay = Record<string, unknown> & { day: string; user_id: number; user_login: string };

const FEATURES = ['code_completion', 'chat_panel_ask_mode', 'chat_panel_agent_mode', 'chat_panel_edit_mode', 'chat_inline', 'agent_edit'] as const;
const IDE_NAMES = ['vscode', 'jetbrains', 'visualstudio', 'neovim', 'xcode'] as const;
const CHAT_MODELS = ['gpt-4.1', 'claude-sonnet-4.5', 'gpt-5-mini', 'gemini-2.5-pro'] as const;

interface Counters {
  user_initiated_interaction_count: number;
  code_generation_activity_count: number;
  code_acceptance_activity_count: number;
  loc_suggested_to_add_sum: number;
  loc_suggested_to_delete_sum: number;
  loc_added_sum: number;
  loc_deleted_sum: number;
}

function zero(): Counters {
  return {
    user_initiated_interaction_count: 0,
    code_generation_activity_count: 0,
    code_acceptance_activity_count: 0,
    loc_suggested_to_add_sum: 0,
    loc_suggested_to_delete_sum: 0,
    loc_added_sum: 0,
    loc_deleted_sum: 0,
  };
}

function add(into: Counters, c: Counters): void {
  for (const k of Object.keys(into) as (keyof Counters)[]) into[k] += c[k];
}

export class CopilotUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;
  readonly org: string;
  readonly organizationId: string;
  readonly enterprise: string;
  readonly enterpriseId: string;

  constructor(ctx: GeneratorContext, model: ToolModel, org: string) {
    this.ctx = ctx;
    this.model = model;
    this.org = org;
    this.organizationId = String(10_000_000 + (hashInts(ctx.seed, 0x0c9) % 80_000_000));
    this.enterprise = `${org}-enterprise`;
    this.enterpriseId = String(1000 + (hashInts(ctx.seed, 0xe9) % 9000));
  }

  /** Users with activity on a day, as the users-1-day report lists them (sorted by login). */
  userDays(day: number, revision = 0): CopilotUserDay[] {
    const dayText = dayStringOf(this.ctx, day);
    const drift = dayMsOf(this.ctx, day) >= this.ctx.schemaDriftFromMs;
    const out: CopilotUserDay[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.active(j, day)) continue;
      const e = engineers[j] as Engineer;
      const rng = new Rng(this.model.recordSeed(j, day));
      const f = this.model.revisionFactor(j, day, revision);
      const k = this.model.intensity[j] as number;
      const byFeature = new Map<string, Counters>();
      const usedChat = rng.chance(0.6);
      const usedAgent = rng.chance(0.3);
      const usedCli = rng.chance(0.08);
      for (const feature of FEATURES) {
        const c = zero();
        if (feature === 'code_completion') {
          c.code_generation_activity_count = scaled(rng.count(45 * k), f);
          c.code_acceptance_activity_count = Math.round(c.code_generation_activity_count * (0.2 + 0.2 * rng.next()));
          c.loc_suggested_to_add_sum = Math.round(c.code_generation_activity_count * rng.logNormal(2.2, 0.3));
          c.loc_added_sum = Math.round(c.code_acceptance_activity_count * rng.logNormal(2, 0.3));
        } else if ((feature.startsWith('chat') && usedChat) || (feature.includes('agent') && usedAgent)) {
          if (!rng.chance(feature === 'chat_panel_ask_mode' ? 0.9 : 0.5)) continue;
          c.user_initiated_interaction_count = scaled(1 + rng.count(5 * k), f);
          c.code_generation_activity_count = rng.count(c.user_initiated_interaction_count * 1.5);
          c.code_acceptance_activity_count = Math.round(c.code_generation_activity_count * 0.4 * rng.next());
          c.loc_suggested_to_add_sum = Math.round(c.code_generation_activity_count * rng.logNormal(12, 0.6));
          c.loc_suggested_to_delete_sum = Math.round(c.loc_suggested_to_add_sum * 0.2 * rng.next());
          c.loc_added_sum = Math.round(c.loc_suggested_to_add_sum * (0.3 + 0.5 * rng.next()));
          c.loc_deleted_sum = Math.round(c.loc_suggested_to_delete_sum * 0.8);
        } else continue;
        byFeature.set(feature, c);
      }
      const totals = zero();
      for (const c of byFeature.values()) add(totals, c);
      const ide = IDE_NAMES[hashInts(this.ctx.seed, j, 0x1de) % 3] as string;
      const lang1 = LANGUAGES[hashInts(this.ctx.seed, j, 0x1a9) % LANGUAGES.length] as string;
      const lang2 = LANGUAGES[(hashInts(this.ctx.seed, j, 0x1a9) + 3) % LANGUAGES.length] as string;
      const byLanguage: Record<string, unknown>[] = [];
      for (const [feature, c] of byFeature) {
        const split = 0.6 + 0.3 * rng.next();
        for (const [language, share] of [[lang1, split], [lang2, 1 - split]] as const) {
          byLanguage.push({
            language,
            feature,
            code_generation_activity_count: Math.round(c.code_generation_activity_count * share),
            code_acceptance_activity_count: Math.round(c.code_acceptance_activity_count * share),
            loc_suggested_to_add_sum: Math.round(c.loc_suggested_to_add_sum * share),
            loc_suggested_to_delete_sum: Math.round(c.loc_suggested_to_delete_sum * share),
            loc_added_sum: Math.round(c.loc_added_sum * share),
            loc_deleted_sum: Math.round(c.loc_deleted_sum * share),
          });
        }
      }
      const byModel: Record<string, unknown>[] = [];
      for (const [feature, c] of byFeature) {
        byModel.push({ model: feature === 'code_completion' ? 'default' : (CHAT_MODELS[hashInts(j, day, 0x30d) % CHAT_MODELS.length] as string), feature, ...c });
      }
      const sampledAt = isoSeconds(dayMsOf(this.ctx, day) + 9 * 3_600_000 + (hashInts(j, day) % 28_800_000));
      const record: CopilotUserDay = {
        day: dayText,
        organization_id: this.organizationId,
        user_id: e.githubId,
        user_login: e.githubLogin,
        ...totals,
        used_chat: usedChat,
        used_agent: usedAgent,
        used_cli: usedCli,
        totals_by_ide: [
          {
            ide,
            ...totals,
            last_known_plugin_version: { sampled_at: sampledAt, plugin: 'copilot-chat', plugin_version: `0.${28 + (hashInts(j, 1) % 5)}.${hashInts(j, 2) % 4}` },
            last_known_ide_version: { sampled_at: sampledAt, ide_version: ide === 'vscode' ? `1.${100 + (hashInts(j, 3) % 6)}.0` : '2025.2' },
          },
        ],
        totals_by_feature: [...byFeature].map(([feature, c]) => ({ feature, ...c })),
        totals_by_language_feature: byLanguage,
        totals_by_model_feature: byModel,
      };
      if (usedCli) {
        const requests = 1 + rng.count(12 * k);
        record['totals_by_cli'] = {
          session_count: 1 + rng.count(1),
          request_count: requests,
          prompt_count: Math.max(1, Math.round(requests * 0.6)),
          token_usage: { prompt_tokens_sum: Math.round(requests * rng.logNormal(4200, 0.4)), output_tokens_sum: Math.round(requests * rng.logNormal(450, 0.4)) },
        };
      }
      out.push(drift ? applyDrift('copilot', record) : record);
    }
    out.sort((a, b) => compareText(a.user_login, b.user_login));
    return out;
  }

  /** users-to-teams rows for a day (seat holders only). */
  userTeams(day: number): Record<string, unknown>[] {
    const dayText = dayStringOf(this.ctx, day);
    const out: Record<string, unknown>[] = [];
    const { engineers, teams } = this.ctx.organisation;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.holds(j, day)) continue;
      const e = engineers[j] as Engineer;
      const team = teams[e.teamIndex];
      out.push({ day: dayText, organization_id: this.organizationId, user_id: e.githubId, user_login: e.githubLogin, team_id: team?.githubTeamId, team_slug: team?.slug });
    }
    return out;
  }

  /** Copilot seat assignments on a day (the billing/seats roster). */
  seats(day: number): Record<string, unknown>[] {
    const { engineers, teams } = this.ctx.organisation;
    const out: Record<string, unknown>[] = [];
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.holds(j, day)) continue;
      const e = engineers[j] as Engineer;
      let lastActive = -1;
      for (let d = day; d >= Math.max(0, day - 30); d--) {
        if (this.model.active(j, d)) {
          lastActive = d;
          break;
        }
      }
      const adopted = Math.max(-90, this.model.adoptDay[j] as number);
      const created = isoSeconds(dayMsOf(this.ctx, adopted) + 10 * 3_600_000);
      const team = teams[e.teamIndex];
      const seat: Record<string, unknown> = {
        created_at: created,
        updated_at: created,
        pending_cancellation_date: null,
        last_activity_at: lastActive >= 0 ? isoSeconds(dayMsOf(this.ctx, lastActive) + 15 * 3_600_000 + (hashInts(j, lastActive) % 7_200_000)) : null,
        last_activity_editor: lastActive >= 0 ? 'vscode/1.104.0/copilot-chat/0.31.0' : null,
        plan_type: 'business',
        assignee: {
          login: e.githubLogin,
          id: e.githubId,
          node_id: `MDQ6VXNlcj${e.githubId}`,
          avatar_url: `https://avatars.githubusercontent.com/u/${e.githubId}?v=4`,
          url: `https://api.github.com/users/${e.githubLogin}`,
          html_url: `https://github.com/${e.githubLogin}`,
          type: 'User',
          site_admin: false,
        },
      };
      if (team && hashInts(j, 0x7ea) % 2 === 0) seat['assigning_team'] = { id: team.githubTeamId, name: team.name, slug: team.slug };
      out.push(seat);
    }
    return out;
  }
}
