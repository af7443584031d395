/** Claude Code Analytics (Anthropic Admin API): one record per actor per day. */
import type { ToolModel } from './ai-tools.js';
import type { GeneratorContext } from './context.js';
import { applyDrift } from './drift.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import { compareText, dayMsOf, dayStringOf, round, scaled, uuidId } from './usage-common.js';

export type ClaudeCodeRecord = Record<string, unknown> & {
  date: string;
  actor: { type: 'user_actor'; email_address: string } | { type: 'api_actor'; api_key_name: string };
};

const MODELS = [
  { name: 'claude-sonnet-4-5-20250929', inPerM: 3, outPerM: 15, weight: 0.7 },
  { name: 'claude-opus-4-1-20250805', inPerM: 15, outPerM: 75, weight: 0.1 },
  { name: 'claude-haiku-4-5-20251001', inPerM: 1, outPerM: 5, weight: 0.2 },
] as const;
const TERMINALS = ['vscode', 'iTerm.app', 'tmux', 'Apple_Terminal', 'jetbrains', 'cursor'] as const;
const API_ACTORS = ['ci-claude-review', 'docs-bot'] as const;

export class ClaudeCodeUsage {
  private readonly ctx: GeneratorContext;
  readonly model: ToolModel;
  readonly organizationId: string;

  constructor(ctx: GeneratorContext, model: ToolModel) {
    this.ctx = ctx;
    this.model = model;
    this.organizationId = uuidId(ctx.seed, 0xc1a);
  }

  /** Records for one UTC day, sorted by actor (users by email, then API keys). */
  records(day: number, revision = 0): ClaudeCodeRecord[] {
    const date = `${dayStringOf(this.ctx, day)}T00:00:00Z`;
    const drift = dayMsOf(this.ctx, day) >= this.ctx.schemaDriftFromMs;
    const out: ClaudeCodeRecord[] = [];
    const engineers = this.ctx.organisation.engineers;
    for (let j = 0; j < engineers.length; j++) {
      if (!this.model.active(j, day)) continue;
      const e = engineers[j] as Engineer;
      const rng = new Rng(this.model.recordSeed(j, day));
      const factor = this.model.revisionFactor(j, day, revision);
      const terminal = TERMINALS[hashInts(this.ctx.seed, j, 0x7e) % TERMINALS.length] as string;
      const sessions = Math.max(1, rng.count(3 * (this.model.intensity[j] as number)));
      out.push(this.record(rng, date, { type: 'user_actor', email_address: e.email }, terminal, sessions, factor, drift));
      if (rng.chance(0.08)) {
        // Same person on a second terminal that day: the API returns a second record; sum them.
        out.push(this.record(rng, date, { type: 'user_actor', email_address: e.email }, 'tmux', 1, factor, drift));
      }
    }
    API_ACTORS.forEach((name, k) => {
      const rng = new Rng(this.model.recordSeed(0x10000 + k, day));
      if (day < Math.floor(this.ctx.days / 3) || !rng.chance(0.85)) return;
      out.push(this.record(rng, date, { type: 'api_actor', api_key_name: name }, 'non-interactive', rng.int(5, 40), 1, drift));
    });
    out.sort((a, b) => compareText(actorKey(a), actorKey(b)));
    return out;
  }

  private record(rng: Rng, date: string, actor: ClaudeCodeRecord['actor'], terminal: string, sessions: number, factor: number, drift: boolean): ClaudeCodeRecord {
    const added = scaled(Math.round(sessions * rng.logNormal(90, 0.8)), factor);
    const removed = Math.round(added * (0.1 + 0.4 * rng.next()));
    const edits = scaled(Math.round(sessions * rng.logNormal(8, 0.6)), factor);
    const action = (n: number) => {
      const rejected = Math.round(n * 0.12 * rng.next());
      return { accepted: n - rejected, rejected };
    };
    const breakdown = MODELS.filter((m, i) => i === 0 || rng.chance(m.weight)).map((m) => {
      const input = scaled(Math.round(sessions * rng.logNormal(60_000, 0.6)), factor);
      const output = Math.round(input * (0.04 + 0.04 * rng.next()));
      const cacheRead = Math.round(input * (2 + 6 * rng.next()));
      const cacheCreation = Math.round(input * (0.2 + 0.3 * rng.next()));
      const usd = (input * m.inPerM + output * m.outPerM + cacheRead * m.inPerM * 0.1 + cacheCreation * m.inPerM * 1.25) / 1e6;
      return {
        model: m.name,
        tokens: { input, output, cache_read: cacheRead, cache_creation: cacheCreation },
        estimated_cost: { currency: 'USD', amount: round(usd * 100, 2) },
      };
    });
    const record: ClaudeCodeRecord = {
      date,
      actor,
      organization_id: this.organizationId,
      customer_type: 'api',
      terminal_type: terminal,
      core_metrics: {
        num_sessions: scaled(sessions, factor),
        lines_of_code: { added, removed },
        commits_by_claude_code: rng.count(sessions * 0.6),
        pull_requests_by_claude_code: rng.count(sessions * 0.15),
      },
      tool_actions: {
        edit_tool: action(edits),
        multi_edit_tool: action(Math.round(edits * 0.3)),
        write_tool: action(Math.round(edits * 0.2)),
        notebook_edit_tool: action(rng.chance(0.1) ? rng.int(1, 4) : 0),
      },
      model_breakdown: breakdown,
    };
    return drift ? applyDrift('claude_code', record) : record;
  }
}

function actorKey(r: ClaudeCodeRecord): string {
  return r.actor.type === 'user_actor' ? `0${r.actor.email_address}` : `1${r.actor.api_key_name}`;
}
