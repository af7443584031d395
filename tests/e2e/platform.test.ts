import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../src/demo/engineer-directory.js';
import { generateDataset, type Dataset } from '../../src/demo/generator/index.js';
import { queryDuckDB } from '../helpers/duckdb-file.js';
import { REPO_ROOT } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

// The Operational Performance Platform end to end, as `npm run demo` runs it but small: the sample APIs,
// the real `opp extract` and `opp build` as child processes, on a temp copy of the project.
const PROJECT_FILES = ['project.yml', 'profiles.yml', 'sources.yml', 'models', 'macros', 'seeds', 'data-tests'];
const SMALL = { days: 14, engineers: 12, incidentsPerDay: 3 };
const MARTS = [
  'fct_ops__incidents',
  'bridge_ops__incident_service',
  'fct_ops__weekly_engineering_health',
  'fct_ai_telemetry__tool_daily_metrics',
  'fct_ai_telemetry__weekly_eng_ai_tokens',
  'fct_slo__daily',
];

function yesterday(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

function runDemo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, NO_COLOR: '1' })) if (v !== undefined && k !== 'OPP_PROFILES_DIR' && k !== 'OPP_PII_SALT') env[k] = v;
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'demo', 'main.js'), ...args], { cwd: REPO_ROOT, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** incident.io timestamp value by name from a generated incident (undefined when unset). */
function timestampValue(incident: Record<string, unknown>, name: string): string | undefined {
  const values = incident['incident_timestamp_values'] as { incident_timestamp: { name: string }; value?: { value: string } | null }[];
  return values.find((v) => v.incident_timestamp.name === name)?.value?.value ?? undefined;
}


describe('the platform demo, small', () => {
  let dir: string;
  let db: string;
  let dataset: Dataset;
  let demo: { code: number; stdout: string; stderr: string };
  const endDate = yesterday();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opp-platform-'));
    for (const f of PROJECT_FILES) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
    db = join(dir, 'opp.duckdb');
    dataset = generateDataset({ seed: DEMO_SEED, engineers: SMALL.engineers, incidentsPerDay: SMALL.incidentsPerDay, days: SMALL.days, endDate });
    demo = await runDemo([
      '--project-dir', dir,
      '--days', String(SMALL.days),
      '--engineers', String(SMALL.engineers),
      '--incidents-per-day', String(SMALL.incidentsPerDay),
      '--end-date', endDate,
    ]);
  }, 150_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('extracts and builds with exit code 0, every test passing, and prints the summary', () => {
    expect(demo.code, demo.stdout + demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/\$ opp extract --since \d{4}-\d\d-\d\d/);
    expect(demo.stdout).toContain('$ opp build');
    expect(demo.stdout).toContain('Incidents (MTTx-eligible), last 7 days');
    expect(demo.stdout).toContain('AI tool adoption');
    expect(demo.stdout).toContain(db);
    const results = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
    const bad = results.results.filter((r) => !['success', 'pass'].includes(r.status));
    expect(bad).toEqual([]);
    const kinds = new Set(results.results.map((r) => r.unique_id.split('.')[0]));
    expect([...kinds].sort()).toEqual(['model', 'seed', 'test', 'unit_test']);
  });

  it('fills every mart', async () => {
    const rows = await queryDuckDB(db, MARTS.map((m) => `select '${m}' as mart, count(*)::int as n from marts.${m}`).join(' union all '));
    for (const r of rows) expect(r['n'], String(r['mart'])).toBeGreaterThan(0);
    const tools = await queryDuckDB(db, 'select distinct tool from marts.fct_ai_telemetry__tool_daily_metrics order by 1');
    expect(tools.map((t) => t['tool'])).toEqual(['claude_code', 'claude_enterprise', 'copilot', 'cursor', 'litellm', 'openai', 'windsurf']);
    const incidents = await queryDuckDB(db, 'select workspace, count(*)::int as n from marts.fct_ops__incidents group by 1 order by 1');
    expect(incidents).toEqual(dataset.workspaces.map((w) => ({ workspace: w.name, n: w.count })));
  });

  it('lets no email-like value reach a mart', async () => {
    const columns = await queryDuckDB(db, "select table_name, column_name from information_schema.columns where table_schema = 'marts'");
    expect(columns.length).toBeGreaterThan(50);
    const probes = columns.map((c) => `select count(*)::int as n from marts.${String(c['table_name'])} where regexp_matches(cast("${String(c['column_name'])}" as varchar), '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}')`);
    const hits = await queryDuckDB(db, `select sum(n)::int as n from (${probes.join(' union all ')})`);
    expect(hits).toEqual([{ n: 0 }]);
    // ...while RAW does hold emails: the guard is meaningful.
    const raw = await queryDuckDB(db, "select count(*)::int as n from raw.cursor__daily_usage where email like '%@%'");
    expect(raw[0]!['n']).toBeGreaterThan(0);
  });

  it('maps each workspace quirk as the generator recorded it', async () => {
    // ISO-8601 with milliseconds, as the generator writes its timestamps.
    const iso = (c: string) => `strftime(${c}, '%Y-%m-%dT%H:%M:%S.%gZ') as ${c}`;
    const rows = await queryDuckDB(db, `select workspace, incident_id, ${iso('detected_at')}, ${iso('impact_started_at')}, ${iso('fixed_at')} from marts.fct_ops__incidents`);
    const byKey = new Map(rows.map((r) => [`${String(r['workspace'])}:${String(r['incident_id'])}`, r]));
    const detection: Record<string, string> = { companya: 'Impact started', companyb: 'Identified at', companyc: 'Detected at' };
    let checked = 0;
    for (const ws of dataset.workspaces) {
      for (let i = 0; i < ws.count; i++) {
        const inc = ws.incident(i) as Record<string, unknown>;
        const row = byKey.get(`${ws.name}:${String(inc['id'])}`);
        expect(row, `${ws.name} ${String(inc['id'])}`).toBeDefined();
        const detected = timestampValue(inc, detection[ws.name]!);
        expect(row!['detected_at'], `${ws.name} detected_at of ${String(inc['reference'])}`).toBe(detected ?? null);
        if (ws.name === 'companya') expect(row!['impact_started_at']).toBe(row!['detected_at']);
        if (ws.name === 'companyc') expect(row!['fixed_at']).toBeNull();
        else {
          const fixed = timestampValue(inc, 'Fixed at');
          expect(row!['fixed_at']).toBe(fixed ?? null);
        }
        checked++;
      }
    }
    expect(checked).toBe(rows.length);
  });

  it('re-reads only the lookback window on an incremental run, everything on --full-refresh', async () => {
    // One incident updated within 7 days of the newest update, one older; rename both in RAW.
    const picks = await queryDuckDB(db, `
      with m as (select max(updated_at) as newest from raw.incident_io__incidents)
      select
        (select id from raw.incident_io__incidents, m where updated_at > newest - interval 2 day order by updated_at desc limit 1) as recent_id,
        (select _workspace from raw.incident_io__incidents, m where updated_at > newest - interval 2 day order by updated_at desc limit 1) as recent_ws,
        (select id from raw.incident_io__incidents, m where updated_at < newest - interval 8 day order by updated_at limit 1) as old_id,
        (select _workspace from raw.incident_io__incidents, m where updated_at < newest - interval 8 day order by updated_at limit 1) as old_ws`);
    const p = picks[0]!;
    expect(p['recent_id']).toBeTruthy();
    expect(p['old_id']).toBeTruthy();
    await queryDuckDB(db, `update raw.incident_io__incidents set name = 'renamed late' where (id = '${String(p['recent_id'])}' and _workspace = '${String(p['recent_ws'])}') or (id = '${String(p['old_id'])}' and _workspace = '${String(p['old_ws'])}')`);
    const before = await queryDuckDB(db, 'select count(*)::int as n from marts.fct_ops__incidents');

    const inc = await runCli(['run', '--select', '+fct_ops__incidents'], { cwd: dir, timeoutMs: 60_000 });
    expect(inc.code, inc.stdout + inc.stderr).toBe(0);
    const names = async () =>
      Object.fromEntries(
        (await queryDuckDB(db, `select incident_key, incident_name from marts.fct_ops__incidents where incident_key in ('${String(p['recent_ws'])}:${String(p['recent_id'])}', '${String(p['old_ws'])}:${String(p['old_id'])}')`)).map((r) => [
          String(r['incident_key']),
          r['incident_name'],
        ]),
      );
    let after = await names();
    expect(after[`${String(p['recent_ws'])}:${String(p['recent_id'])}`]).toBe('renamed late');
    expect(after[`${String(p['old_ws'])}:${String(p['old_id'])}`]).not.toBe('renamed late');
    expect(await queryDuckDB(db, 'select count(*)::int as n from marts.fct_ops__incidents')).toEqual(before);

    const full = await runCli(['run', '--select', '+fct_ops__incidents', '--full-refresh'], { cwd: dir, timeoutMs: 60_000 });
    expect(full.code, full.stdout + full.stderr).toBe(0);
    after = await names();
    expect(after[`${String(p['old_ws'])}:${String(p['old_id'])}`]).toBe('renamed late');
    expect(await queryDuckDB(db, 'select count(*)::int as n from marts.fct_ops__incidents')).toEqual(before);
  });

  it('fails the PII guard when an email reaches a mart', async () => {
    await queryDuckDB(db, "update marts.bridge_ops__incident_service set service_name = 'owner ada.lovelace@example.test' where incident_service_key = (select min(incident_service_key) from marts.bridge_ops__incident_service)");
    const r = await runCli(['test', '--select', 'assert_no_email_in_marts'], { cwd: dir, timeoutMs: 60_000 });
    expect(r.code, r.stdout).toBe(1);
    expect(r.lines.some((l) => /FAIL 1 assert_no_email_in_marts/.test(l))).toBe(true);
  });
});
