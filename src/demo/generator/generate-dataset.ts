/**
 * generateDataset: the entry point. Builds the small structures (organisation, workspace catalogues,
 * tool adoption, SLO definitions) eagerly and exposes everything large (incidents, usage rows) as
 * pure functions of their coordinates plus streaming iterators. Same options → same bytes.
 */
import { UsageError } from '../../errors/index.js';
import { ToolModel, type ToolName, type ToolSpec, TOOL_NAMES } from './ai-tools.js';
import { DAY_MS, HOUR_MS, formatDay, parseDay } from './calendar.js';
import { type GeneratorContext, asOfMs } from './context.js';
import { IncidentWorkspace, type IncidentRecord } from './incident-workspace.js';
import { type Organisation, buildOrganisation } from './organisation.js';
import { SloCatalog } from './slos.js';
import { ClaudeCodeUsage } from './usage-claude-code.js';
import { ClaudeEnterpriseUsage } from './usage-claude-enterprise.js';
import { CopilotUsage } from './usage-copilot.js';
import { CursorUsage } from './usage-cursor.js';
import { LiteLLMUsage } from './usage-litellm.js';
import { OpenAIUsage } from './usage-openai.js';
import { WindsurfUsage } from './usage-windsurf.js';
import type { WorkspaceSpec } from './workspaces.js';

export interface DatasetOptions {
  readonly seed: number;
  readonly engineers: number;
  /** Incidents per day in a volume-1 workspace (companya); others scale by their volume. */
  readonly incidentsPerDay: number;
  readonly days: number;
  /** Last complete day of data, `YYYY-MM-DD`. */
  readonly endDate: string;
  /** Default: companya, companyb, companyc. */
  readonly workspaces?: readonly WorkspaceSpec[];
  /** Overrides of the seven tools' adoption models (unlisted tools keep their defaults). */
  readonly tools?: readonly ToolSpec[];
  /** Email domain without `.test` (default `opp-demo`). */
  readonly domain?: string;
  /** GitHub organisation slug (default `opp-demo`). */
  readonly githubOrg?: string;
  /** Number of Datadog SLOs (default 14, 10–20 is realistic). */
  readonly slos?: number;
  /** Hours the world moves forward per revision (late updates); default 24. */
  readonly revisionStepHours?: number;
  /** Fraction of incidents edited late at each revision (default 0.002, at least 3). */
  readonly lateUpdateRate?: number;
  /** Records dated on/after this day (`YYYY-MM-DD`) carry schema drift; default never. */
  readonly schemaDriftFrom?: string;
}

export interface AiUsage {
  readonly litellm: LiteLLMUsage;
  readonly claudeCode: ClaudeCodeUsage;
  readonly openai: OpenAIUsage;
  readonly copilot: CopilotUsage;
  readonly cursor: CursorUsage;
  readonly windsurf: WindsurfUsage;
  readonly claudeEnterprise: ClaudeEnterpriseUsage;
}

export interface Dataset {
  readonly options: DatasetOptions;
  readonly seed: number;
  readonly startDate: string;
  readonly endDate: string;
  readonly days: number;
  /** 00:00Z of the first day. */
  readonly startMs: number;
  /** 00:00Z of the day after endDate: the data's "now" at revision 0. */
  readonly endMs: number;
  readonly revisionStepMs: number;
  readonly githubOrg: string;
  readonly organisation: Organisation;
  readonly workspaces: readonly IncidentWorkspace[];
  readonly tools: Readonly<Record<ToolName, ToolModel>>;
  readonly usage: AiUsage;
  readonly slos: SloCatalog;
  workspace(name: string): IncidentWorkspace | undefined;
  /** The instant the data describes at a revision (revision 0 = end of endDate). */
  asOf(revision: number): number;
  /** Day index (0 = startDate) of a `YYYY-MM-DD` day, or -1 outside the window. */
  dayIndex(day: string): number;
  /** `YYYY-MM-DD` of a day index. */
  day(index: number): string;
  /** The tool's native rows for one day (see usageRows docs in README). */
  usageRows(tool: ToolName, day: number, revision?: number): readonly object[];
  /** Streams every usage row of a tool over the window (or a day range), day by day. */
  iterateUsage(tool: ToolName, opts?: { revision?: number; fromDay?: number; toDay?: number }): Generator<object>;
  /** Streams every incident of a workspace at a revision, oldest first. */
  iterateIncidents(workspace: string, revision?: number): Generator<IncidentRecord>;
}

function check(condition: boolean, message: string, hint: string): void {
  if (!condition) throw new UsageError('usage/bad-flag', message, { hint });
}

export function generateDataset(opts: DatasetOptions): Dataset {
  check(Number.isInteger(opts.seed), `seed must be an integer, got ${opts.seed}`, 'pass a whole number such as 42.');
  check(Number.isInteger(opts.engineers) && opts.engineers >= 1, `engineers must be a positive integer, got ${opts.engineers}`, 'pass at least 1 engineer.');
  check(Number.isInteger(opts.days) && opts.days >= 1, `days must be a positive integer, got ${opts.days}`, 'pass at least 1 day.');
  check(Number.isFinite(opts.incidentsPerDay) && opts.incidentsPerDay >= 0, `incidentsPerDay must be >= 0, got ${opts.incidentsPerDay}`, 'pass 0 or more incidents per day.');
  const endDayMs = parseDay(opts.endDate);
  check(Number.isFinite(endDayMs), `endDate must be YYYY-MM-DD, got '${opts.endDate}'`, "use a calendar day such as '2026-03-31'.");
  const workspaceSpecs = opts.workspaces ?? [{ name: 'companya' }, { name: 'companyb' }, { name: 'companyc' }];
  check(workspaceSpecs.length <= 31, 'at most 31 workspaces are supported', 'split the data set.');
  const names = new Set<string>();
  for (const ws of workspaceSpecs) {
    check(/^[a-z0-9_-]+$/.test(ws.name) && !names.has(ws.name), `workspace name '${ws.name}' is invalid or repeated`, 'use unique lowercase names such as companyd.');
    names.add(ws.name);
  }
  for (const t of opts.tools ?? []) check(TOOL_NAMES.includes(t.name), `unknown tool '${t.name}'`, `use one of ${TOOL_NAMES.join(', ')}.`);
  let driftMs = Number.POSITIVE_INFINITY;
  if (opts.schemaDriftFrom !== undefined) {
    driftMs = parseDay(opts.schemaDriftFrom);
    check(Number.isFinite(driftMs), `schemaDriftFrom must be YYYY-MM-DD, got '${opts.schemaDriftFrom}'`, "use a day such as '2026-03-01'.");
  }

  const domain = opts.domain ?? 'opp-demo';
  const startMs = endDayMs - (opts.days - 1) * DAY_MS;
  const organisation = buildOrganisation(opts.seed, opts.engineers, domain);
  const ctx: GeneratorContext = {
    seed: opts.seed,
    organisation,
    startMs,
    endMs: endDayMs + DAY_MS,
    days: opts.days,
    revisionStepMs: (opts.revisionStepHours ?? 24) * HOUR_MS,
    schemaDriftFromMs: driftMs,
    lateUpdateRate: opts.lateUpdateRate ?? 0.002,
  };

  const workspaces = workspaceSpecs.map((spec, i) => new IncidentWorkspace(ctx, spec, i + 1, opts.incidentsPerDay));
  const byName = new Map(workspaces.map((w) => [w.name, w]));

  const tools = Object.fromEntries(
    TOOL_NAMES.map((name) => [name, new ToolModel(ctx, opts.tools?.find((t) => t.name === name) ?? { name })]),
  ) as Record<ToolName, ToolModel>;
  const githubOrg = opts.githubOrg ?? 'opp-demo';
  const usage: AiUsage = {
    litellm: new LiteLLMUsage(ctx, tools.litellm),
    claudeCode: new ClaudeCodeUsage(ctx, tools.claude_code),
    openai: new OpenAIUsage(ctx, tools.openai),
    copilot: new CopilotUsage(ctx, tools.copilot, githubOrg),
    cursor: new CursorUsage(ctx, tools.cursor),
    windsurf: new WindsurfUsage(ctx, tools.windsurf),
    claudeEnterprise: new ClaudeEnterpriseUsage(ctx, tools.claude_enterprise, tools.claude_code),
  };
  const slos = new SloCatalog(ctx, Math.max(1, Math.min(50, opts.slos ?? 14)));

  const usageRows = (tool: ToolName, day: number, revision = 0): readonly object[] => {
    if (day < 0 || day >= opts.days) return [];
    switch (tool) {
      case 'litellm':
        return usage.litellm.rows(day, revision);
      case 'claude_code':
        return usage.claudeCode.records(day, revision);
      case 'openai':
        return usage.openai.rows(day, revision);
      case 'copilot':
        return usage.copilot.userDays(day, revision);
      case 'cursor':
        return usage.cursor.dailyRows(day, revision);
      case 'windsurf':
        return usage.windsurf.autocompleteRows(day, revision);
      case 'claude_enterprise':
        return usage.claudeEnterprise.records(day, revision);
    }
  };

  return {
    options: opts,
    seed: opts.seed,
    startDate: formatDay(startMs),
    endDate: opts.endDate,
    days: opts.days,
    startMs,
    endMs: ctx.endMs,
    revisionStepMs: ctx.revisionStepMs,
    githubOrg,
    organisation,
    workspaces,
    tools,
    usage,
    slos,
    workspace: (name) => byName.get(name),
    asOf: (revision) => asOfMs(ctx, revision),
    dayIndex(day) {
      const ms = parseDay(day);
      if (!Number.isFinite(ms)) return -1;
      const i = Math.round((ms - startMs) / DAY_MS);
      return i >= 0 && i < opts.days ? i : -1;
    },
    day: (index) => formatDay(startMs + index * DAY_MS),
    usageRows,
    *iterateUsage(tool, o = {}) {
      const from = Math.max(0, o.fromDay ?? 0);
      const to = Math.min(opts.days - 1, o.toDay ?? opts.days - 1);
      for (let d = from; d <= to; d++) yield* usageRows(tool, d, o.revision ?? 0);
    },
    *iterateIncidents(workspace, revision = 0) {
      const ws = byName.get(workspace);
      if (ws) yield* ws.incidents(revision);
    },
  };
}
