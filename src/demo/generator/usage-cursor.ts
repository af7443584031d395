/**
 * Cursor Admin API: team members, one daily-usage row per seat holder per day (inactive days
 * included, flagged `isActive: false`), and per-request usage events with tokens.
 */
import type { ToolModel } from './ai-tools.js';
import type { GeneratorContext } from './context.js';
import { applyDrift } from './drift.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import { dayMsOf, scaled } from './usage-common.js';

export type CursorDailyRow = Record<string, unknown> & { date: number; email: string; isActive: boolean };
export type CursorUsageEvent = Record<string, unknown> & { timestamp: string; userEmail: string };

export interface CursorMember {
  id: number;
  name: string;
  email: string;
  role: 'owner' | 'member';
  isRemoved?: boolean;
}

const MODELS = ['claude-4.5-sonnet', 'gpt-5', 'claude-4.5-sonnet-thinking', 'auto', 'gemini-2.5-pro'] as const;
const EXTENSIONS = ['ts', 'tsx', 'py', 'go', 'java', 'sql'] as const;

export class CursorUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;

  constructor(ctx: GeneratorContext, model: ToolModel) {
    this.ctx = ctx;
    this.model = model;
  }

  userId(j: number): number {
    return 100_000 + (hashInts(this.ctx.seed, 0xc5, j) % 900_000);
  }

  /** Team members as of a day: current seat holders plus removed ones (flagged). */
  members(day: number): CursorMember[] {
    const out: CursorMember[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if ((this.model.adoptDay[j] as number) > day) continue;
      const e = engineers[j] as Engineer;
      const member: CursorMember = { id: this.userId(j), name: e.name, email: e.email, role: out.length === 0 ? 'owner' : 'member' };
      if (!this.model.holds(j, day)) member.isRemoved = true;
      out.push(member);
    }
    return out;
  }

  /** Daily usage rows for one day, one per seat holder, in member order. */
  dailyRows(day: number, revision = 0): CursorDailyRow[] {
    const dateMs = dayMsOf(this.ctx, day);
    const drift = dateMs >= this.ctx.schemaDriftFromMs;
    const out: CursorDailyRow[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.holds(j, day)) continue;
      const e = engineers[j] as Engineer;
      const active = this.model.active(j, day);
      const row: CursorDailyRow = { date: dateMs, userId: this.userId(j), email: e.email, isActive: active, ...this.counters(j, day, revision, active) };
      out.push(drift ? applyDrift('cursor', row) : row);
    }
    return out;
  }

  private counters(j: number, day: number, revision: number, active: boolean): Record<string, unknown> {
    if (!active) {
      return {
        totalLinesAdded: 0, totalLinesDeleted: 0, acceptedLinesAdded: 0, acceptedLinesDeleted: 0, totalApplies: 0, totalAccepts: 0,
        totalRejects: 0, totalTabsShown: 0, totalTabsAccepted: 0, composerRequests: 0, chatRequests: 0, agentRequests: 0,
        cmdkUsages: 0, subscriptionIncludedReqs: 0, apiKeyReqs: 0, usageBasedReqs: 0, bugbotUsages: 0,
      };
    }
    const rng = new Rng(this.model.recordSeed(j, day));
    const f = this.model.revisionFactor(j, day, revision);
    const k = this.model.intensity[j] as number;
    const tabsShown = scaled(rng.count(120 * k), f);
    const tabsAccepted = Math.round(tabsShown * (0.25 + 0.2 * rng.next()));
    const agent = scaled(rng.count(14 * k), f);
    const chat = rng.count(4 * k);
    const composer = rng.count(3 * k);
    const cmdk = rng.count(3 * k);
    const applies = Math.round((agent + composer) * (0.8 + rng.next()));
    const accepts = Math.round(applies * (0.6 + 0.3 * rng.next()));
    const linesAdded = Math.round(applies * rng.logNormal(25, 0.6) + tabsAccepted * 1.5);
    const linesDeleted = Math.round(linesAdded * (0.15 + 0.3 * rng.next()));
    const requests = agent + chat + composer + cmdk;
    const usageBased = rng.chance(0.15) ? Math.round(requests * 0.2) : 0;
    return {
      totalLinesAdded: linesAdded,
      totalLinesDeleted: linesDeleted,
      acceptedLinesAdded: Math.round(linesAdded * (0.6 + 0.3 * rng.next())),
      acceptedLinesDeleted: Math.round(linesDeleted * 0.7),
      totalApplies: applies,
      totalAccepts: accepts,
      totalRejects: Math.max(0, applies - accepts - rng.int(0, 2)),
      totalTabsShown: tabsShown,
      totalTabsAccepted: tabsAccepted,
      composerRequests: composer,
      chatRequests: chat,
      agentRequests: agent,
      cmdkUsages: cmdk,
      subscriptionIncludedReqs: requests - usageBased,
      apiKeyReqs: 0,
      usageBasedReqs: usageBased,
      bugbotUsages: rng.chance(0.1) ? rng.int(1, 3) : 0,
      mostUsedModel: MODELS[hashInts(this.ctx.seed, j, 0x30d) % MODELS.length],
      applyMostUsedExtension: EXTENSIONS[hashInts(j, 0xe1) % EXTENSIONS.length],
      tabMostUsedExtension: EXTENSIONS[hashInts(j, 0xe2) % EXTENSIONS.length],
      clientVersion: `1.${5 + (day % 3)}.${hashInts(j, 0xc1) % 9}`,
    };
  }

  /** Per-request usage events of one engineer on one day (empty when inactive), oldest first. */
  events(j: number, day: number, revision = 0): CursorUsageEvent[] {
    if (!this.model.active(j, day)) return [];
    const row = this.counters(j, day, revision, true);
    const n = Math.min(80, Number(row['agentRequests']) + Number(row['chatRequests']) + Number(row['composerRequests']) + Number(row['cmdkUsages']));
    const e = this.ctx.organisation.engineers[j] as Engineer;
    const rng = new Rng(this.model.recordSeed(j, day, 0xe7));
    const start = dayMsOf(this.ctx, day) + 8 * 3_600_000;
    const out: CursorUsageEvent[] = [];
    for (let i = 0; i < n; i++) {
      const input = Math.round(rng.logNormal(9000, 0.7));
      const output = Math.round(rng.logNormal(700, 0.6));
      const cacheRead = Math.round(input * 2.5 * rng.next());
      const cacheWrite = Math.round(input * 0.3 * rng.next());
      const usageBased = rng.chance(0.1);
      out.push({
        timestamp: String(start + Math.floor(((i + rng.next()) / Math.max(1, n)) * 10 * 3_600_000)),
        model: (row['mostUsedModel'] as string) ?? 'auto',
        kind: usageBased ? 'Usage-based' : 'Included in Business',
        maxMode: rng.chance(0.05),
        requestsCosts: usageBased ? 1 : 0,
        isTokenBasedCall: true,
        tokenUsage: {
          inputTokens: input,
          outputTokens: output,
          cacheWriteTokens: cacheWrite,
          cacheReadTokens: cacheRead,
          totalCents: Math.round(((input * 3 + output * 15 + cacheRead * 0.3 + cacheWrite * 3.75) / 1e6) * 100 * 100) / 100,
        },
        isFreeBugbot: false,
        userEmail: e.email,
      });
    }
    return out;
  }
}
