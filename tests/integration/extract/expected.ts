import type { Dataset } from '../../../src/demo/generator/index.js';

const DAY = 86_400_000;

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Day indexes of the data set inside [today + fromOffset, today + toOffset] (clamped to the data). */
function days(ds: Dataset, now: number, fromOffset: number, toOffset: number): number[] {
  const today = Math.floor(now / DAY) * DAY;
  const out: number[] = [];
  for (let ms = today + fromOffset * DAY; ms <= today + toOffset * DAY; ms += DAY) {
    const i = Math.round((ms - ds.startMs) / DAY);
    if (i >= 0 && i < ds.days) out.push(i);
  }
  return out;
}

function distinct<T>(rows: Iterable<T>, key: (r: T) => string): number {
  const s = new Set<string>();
  for (const r of rows) s.add(key(r));
  return s.size;
}

type R = Record<string, unknown>;

/**
 * What a first run (no watermarks, default windows) must load into each RAW table, counted from the
 * data set itself by each table's natural key. incident.io tables are per workspace.
 */
export function expectedFirstRun(ds: Dataset, now: number, revision = 0): { workspaces: Record<string, Record<string, number>>; tools: Record<string, number> } {
  const workspaces: Record<string, Record<string, number>> = {};
  for (const ws of ds.workspaces) {
    let updates = 0;
    for (let i = 0; i < ws.count; i++) updates += ws.updates(i, revision).length;
    workspaces[ws.name] = {
      incident_io__incidents: ws.count,
      incident_io__incident_updates: updates,
      incident_io__severities: ws.catalogue.severities.length,
      incident_io__incident_timestamps: ws.catalogue.timestamps.length,
      incident_io__custom_fields: ws.catalogue.customFields.length,
      incident_io__catalog_entries: ws.catalogue.servicesFieldKind === 'catalog' ? ws.catalogue.catalogEntries.length : 0,
    };
  }
  const u = ds.usage;
  const last = ds.days - 1;
  const d30 = days(ds, now, -30, 0);
  const rowsOf = <T>(f: (d: number) => readonly T[], ds_: number[]): T[] => ds_.flatMap((d) => [...f(d)]);

  const roster = u.windsurf.roster(0, last);
  const rosterEmails = new Set(roster.map((r) => String(r['email'])));
  const engineers = ds.organisation.engineers;
  let cascadeLines = 0;
  const cascadeRuns = new Set<string>();
  for (let j = 0; j < engineers.length; j++) {
    if (!rosterEmails.has(engineers[j]!.email)) continue;
    for (const d of d30) {
      const c = u.windsurf.cascade(j, d, revision);
      if (!c) continue;
      cascadeLines++;
      for (const r of c.runs) cascadeRuns.add(`${j}|${d}|${r.model}|${r.mode}`);
    }
  }
  const slos = ds.slos.definitions.length;
  const tools: Record<string, number> = {
    litellm__users: u.litellm.users(last).length,
    litellm__user_daily_activity: distinct(rowsOf((d) => u.litellm.rows(d, revision), d30), (r) => `${r.user_id}|${r.date}`),
    claude_code__usage_report: distinct(rowsOf((d) => u.claudeCode.records(d, revision) as unknown as R[], d30), (r) => {
      const a = r['actor'] as R;
      return JSON.stringify([r['date'], a['type'], a['email_address'] ?? a['api_key_name']]);
    }),
    openai__users: u.openai.users(last).length,
    openai__usage_completions: distinct(rowsOf((d) => u.openai.rows(d, revision).map((r) => ({ ...r, d })), d30), (r) => `${r.d}|${r.user_id}|${r.model}`),
    github_copilot__seats: u.copilot.seats(last).length,
    github_copilot__user_metrics: distinct(rowsOf((d) => u.copilot.userDays(d, revision) as unknown as R[], days(ds, now, -28, -1)), (r) => `${r['day']}|${r['user_id']}`),
    cursor__members: u.cursor.members(last).length,
    cursor__daily_usage: distinct(rowsOf((d) => u.cursor.dailyRows(d, revision) as unknown as R[], d30), (r) => `${r['date']}|${r['email']}`),
    windsurf__users: roster.length,
    windsurf__autocomplete: distinct(rowsOf((d) => u.windsurf.autocompleteRows(d, revision), d30), (r) => `${r.api_key}|${r.date}`),
    windsurf__cascade_lines: cascadeLines,
    windsurf__cascade_runs: cascadeRuns.size,
    claude_enterprise__user_activity: rowsOf((d) => u.claudeEnterprise.records(d, revision), days(ds, now, -30, -1)).length,
    datadog__slos: slos,
    datadog__slo_history: slos * 31,
  };
  return { workspaces, tools };
}

/** The incidents a workspace's API serves at a revision, as parsed JSON, by id. */
export function apiIncidents(ds: Dataset, workspace: string, revision = 0): Map<string, R> {
  const ws = ds.workspace(workspace)!;
  const out = new Map<string, R>();
  for (let i = 0; i < ws.count; i++) {
    const rec = JSON.parse(ws.renderIncident(ws.lifecycle(i), revision)) as R;
    out.set(String(rec['id']), rec);
  }
  return out;
}

export { iso };
