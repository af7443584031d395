/**
 * Claude Enterprise Analytics (claude.ai chat): per-user engagement for one day, rows sorted by email.
 * Seat holders active in the last seven days are listed (zeros when idle that day).
 */
import type { ToolModel } from './ai-tools.js';
import type { GeneratorContext } from './context.js';
import { applyDrift } from './drift.js';
import type { Engineer } from './organisation.js';
import { Rng } from './prng.js';
import { base62Id, dayMsOf, dayStringOf, scaled } from './usage-common.js';

export type ClaudeEnterpriseRecord = Record<string, unknown> & { user: { id: string; email_address: string } };

export class ClaudeEnterpriseUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;
  /** Tool model of Claude Code, for the embedded (to-be-ignored) claude_code_metrics. */
  private readonly claudeCode: ToolModel | undefined;

  constructor(ctx: GeneratorContext, model: ToolModel, claudeCode?: ToolModel) {
    this.ctx = ctx;
    this.model = model;
    this.claudeCode = claudeCode;
  }

  private readonly ids: (string | undefined)[] = [];

  userId(j: number): string {
    let id = this.ids[j];
    if (id === undefined) {
      id = `user_${base62Id(24, this.ctx.seed, 0xce, j)}`;
      this.ids[j] = id;
    }
    return id;
  }

  records(day: number, revision = 0): ClaudeEnterpriseRecord[] {
    const drift = dayMsOf(this.ctx, day) >= this.ctx.schemaDriftFromMs;
    const out: ClaudeEnterpriseRecord[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.holds(j, day)) continue;
      let last = -1;
      for (let d = day; d >= Math.max(0, day - 6); d--) {
        if (this.model.active(j, d)) {
          last = d;
          break;
        }
      }
      if (last < 0) continue;
      const e = engineers[j] as Engineer;
      const activeToday = last === day;
      const rng = new Rng(this.model.recordSeed(j, day));
      const f = this.model.revisionFactor(j, day, revision);
      const k = this.model.intensity[j] as number;
      const conversations = activeToday ? scaled(1 + rng.count(3 * k), f) : 0;
      const messages = activeToday ? scaled(conversations * (2 + rng.count(6)), f) : 0;
      const cc = this.claudeCode?.active(j, day) ?? false;
      const ccRng = new Rng(this.model.recordSeed(j, day, 0xcc));
      const record: ClaudeEnterpriseRecord = {
        user: { id: this.userId(j), email_address: e.email },
        chat_metrics: {
          distinct_conversation_count: conversations,
          message_count: messages,
          thinking_message_count: Math.round(messages * 0.2 * rng.next()),
          distinct_projects_used_count: activeToday && rng.chance(0.3) ? rng.int(1, 3) : 0,
          distinct_projects_created_count: activeToday && rng.chance(0.05) ? 1 : 0,
          distinct_files_uploaded_count: activeToday && rng.chance(0.25) ? rng.int(1, 5) : 0,
          distinct_artifacts_created_count: activeToday && rng.chance(0.2) ? rng.int(1, 3) : 0,
        },
        claude_code_metrics: {
          core_metrics: {
            distinct_session_count: cc ? 1 + ccRng.count(2) : 0,
            commit_count: cc ? ccRng.count(1.5) : 0,
            pull_request_count: cc ? ccRng.count(0.4) : 0,
            lines_of_code: { added_count: cc ? Math.round(ccRng.logNormal(200, 0.8)) : 0, removed_count: cc ? Math.round(ccRng.logNormal(50, 0.8)) : 0 },
          },
        },
        web_search_count: activeToday ? rng.count(messages * 0.1) : 0,
        last_activity_date: dayStringOf(this.ctx, last),
      };
      out.push(drift ? applyDrift('claude_enterprise', record) : record);
    }
    out.sort((a, b) => (a.user.email_address < b.user.email_address ? -1 : a.user.email_address > b.user.email_address ? 1 : 0));
    return out;
  }
}
