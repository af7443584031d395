/**
 * The engineering manager's summary printed at the end of the demo: MTTx by workspace over the last
 * 7 days against the 7 before, AI tool adoption (active engineers and tokens) over the same windows,
 * SLOs below target, and the row count of every mart. Read from the built marts through the adapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter } from '../adapters/index.js';

export const MARTS = [
  'fct_ops__incidents',
  'bridge_ops__incident_service',
  'fct_ops__weekly_engineering_health',
  'fct_ai_telemetry__tool_daily_metrics',
  'fct_ai_telemetry__weekly_eng_ai_tokens',
  'fct_slo__daily',
] as const;

export type MartName = (typeof MARTS)[number];

/** Relation names of the marts from target/manifest.json (they depend on the target's schemas). */
export function readMartRelations(projectDir: string, targetPath = 'target'): Record<MartName, string> {
  const manifest = JSON.parse(readFileSync(join(projectDir, targetPath, 'manifest.json'), 'utf8')) as {
    nodes: Record<string, { name: string; resource_type: string; relation_name?: string }>;
  };
  const out: Partial<Record<MartName, string>> = {};
  for (const node of Object.values(manifest.nodes)) {
    if (node.resource_type === 'model' && (MARTS as readonly string[]).includes(node.name) && node.relation_name) {
      out[node.name as MartName] = node.relation_name;
    }
  }
  for (const m of MARTS) if (!out[m]) throw new Error(`target/manifest.json has no model ${m}`);
  return out as Record<MartName, string>;
}

export interface DemoSummary {
  readonly lastDay: string;
  readonly incidents: readonly Record<string, unknown>[];
  readonly adoption: readonly Record<string, unknown>[];
  readonly slos: Record<string, unknown>;
  readonly martRows: Readonly<Record<MartName, number>>;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function fetchDemoSummary(adapter: Adapter, rel: Record<MartName, string>): Promise<DemoSummary> {
  const q = async (sql: string) => (await adapter.execute(sql)).rows;
  const martRows = {} as Record<MartName, number>;
  const counts = await q(MARTS.map((m) => `select '${m}' as mart, count(*) as n from ${rel[m]}`).join(' union all '));
  for (const r of counts) martRows[r['mart'] as MartName] = Number(r['n']);

  const lastDayRow = await q(`select cast(max(activity_date) as varchar) as d from ${rel.fct_ai_telemetry__tool_daily_metrics}`);
  const lastIncident = await q(`select cast(max(incident_date) as varchar) as d from ${rel.fct_ops__incidents}`);
  const lastDay = String(lastDayRow[0]?.['d'] ?? lastIncident[0]?.['d'] ?? '');
  const period = (col: string) =>
    `case when ${col} > date '${lastDay}' - 7 then 'this' when ${col} > date '${lastDay}' - 14 then 'last' end`;

  const incidents = await q(`
    with f as (
      select *, ${period('incident_date')} as period
      from ${rel.fct_ops__incidents}
      where is_mttx_eligible
    )
    select workspace,
      count(*) filter (where period = 'this') as incidents_this,
      count(*) filter (where period = 'last') as incidents_last,
      median(time_to_detect_sec) filter (where period = 'this') / 60.0 as mttd_min_this,
      median(time_to_detect_sec) filter (where period = 'last') / 60.0 as mttd_min_last,
      median(time_to_respond_sec) filter (where period = 'this') / 60.0 as mttr_respond_min_this,
      median(time_to_respond_sec) filter (where period = 'last') / 60.0 as mttr_respond_min_last,
      median(time_to_resolve_sec) filter (where period = 'this') / 3600.0 as mttr_resolve_h_this,
      median(time_to_resolve_sec) filter (where period = 'last') / 3600.0 as mttr_resolve_h_last
    from f
    group by workspace
    order by workspace`);

  const adoption = await q(`
    with f as (
      select *, ${period('activity_date')} as period
      from ${rel.fct_ai_telemetry__tool_daily_metrics}
      where actor_type = 'engineer'
    )
    select tool,
      count(distinct engineer_key) filter (where period = 'this') as engineers_this,
      count(distinct engineer_key) filter (where period = 'last') as engineers_last,
      coalesce(sum(total_tokens) filter (where period = 'this'), 0) as tokens_this,
      coalesce(sum(total_tokens) filter (where period = 'last'), 0) as tokens_last,
      bool_or(tokens_are_estimated) as estimated
    from f
    group by tool
    order by engineers_this desc, tool`);

  const slos = (
    await q(`
    with latest as (
      select * from ${rel.fct_slo__daily}
      where timeframe = '30d' and has_snapshot and sli_value is not null
      qualify row_number() over (partition by slo_id order by date_day desc) = 1
    )
    select count(*) as slos,
      count(*) filter (where not is_meeting_target) as below_target,
      min(error_budget_remaining) as worst_budget,
      arg_min(slo_name, error_budget_remaining) as worst_slo
    from latest`)
  )[0] ?? {};

  return { lastDay, incidents, adoption, slos, martRows };
}

function fmt(v: unknown, digits = 1): string {
  const n = num(v);
  if (n === null || Number.isNaN(n)) return '–';
  return Math.abs(n) >= 1e9 ? `${(n / 1e9).toFixed(2)}B` : Math.abs(n) >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

function change(now: unknown, before: unknown): string {
  const a = num(now);
  const b = num(before);
  if (a === null || b === null || b === 0) return '';
  const pct = ((a - b) / b) * 100;
  return ` (${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%)`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function renderDemoSummary(s: DemoSummary): string {
  const out: string[] = [];
  out.push(`Incidents (MTTx-eligible), last 7 days to ${s.lastDay} vs the 7 days before — medians:`);
  out.push(
    table(
      ['workspace', 'incidents', 'MTTD min', 'time to respond min', 'MTTR (resolve) h'],
      s.incidents.map((r) => [
        String(r['workspace']),
        `${fmt(r['incidents_this'])} vs ${fmt(r['incidents_last'])}`,
        `${fmt(r['mttd_min_this'])} vs ${fmt(r['mttd_min_last'])}${change(r['mttd_min_this'], r['mttd_min_last'])}`,
        `${fmt(r['mttr_respond_min_this'])} vs ${fmt(r['mttr_respond_min_last'])}${change(r['mttr_respond_min_this'], r['mttr_respond_min_last'])}`,
        `${fmt(r['mttr_resolve_h_this'])} vs ${fmt(r['mttr_resolve_h_last'])}${change(r['mttr_resolve_h_this'], r['mttr_resolve_h_last'])}`,
      ]),
    ),
  );
  out.push('');
  out.push('AI tool adoption, last 7 days vs the 7 days before (engineers who used the tool; tokens, * = partly estimated):');
  out.push(
    table(
      ['tool', 'active engineers', 'tokens'],
      s.adoption.map((r) => [
        `${String(r['tool'])}${r['estimated'] ? ' *' : ''}`,
        `${fmt(r['engineers_this'])} vs ${fmt(r['engineers_last'])}${change(r['engineers_this'], r['engineers_last'])}`,
        `${fmt(r['tokens_this'])} vs ${fmt(r['tokens_last'])}${change(r['tokens_this'], r['tokens_last'])}`,
      ]),
    ),
  );
  out.push('');
  const budget = num(s.slos['worst_budget']);
  out.push(
    `SLOs (30-day window, latest day with data): ${fmt(s.slos['slos'])} tracked, ${fmt(s.slos['below_target'])} below target` +
      (budget !== null ? `; least error budget left: ${String(s.slos['worst_slo'])} (${budget.toFixed(1)}%)` : ''),
  );
  out.push('');
  out.push(`Mart rows: ${Object.entries(s.martRows).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return out.join('\n');
}
