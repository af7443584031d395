/**
 * `npm run demo [-- --scale N]`: the Operational Performance Platform end to end on one machine.
 *
 *  1. starts the sample vendor APIs (incident.io ×3, seven AI tools, Datadog) on 127.0.0.1 with
 *     generated data (90 days, 300 engineers by default);
 *  2. runs the real CLI as child processes — `opp extract --since <first day>` with the environment
 *     pointing every source at the sample APIs, then `opp build` (seeds, models, tests) — against the
 *     project's target (the embedded DuckDB file opp.duckdb at the repository root by default);
 *  3. prints where the results are and a summary an engineering manager wants.
 * Exit code 0 when every step passed, else the failing step's code.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '../adapters/index.js';
import { OppError } from '../errors/index.js';
import { buildAmplifySql } from './bench-amplify.js';
import { buildDemoEnv } from './demo-env.js';
import { DEMO_USAGE, parseDemoArgs, type DemoOptions } from './demo-options.js';
import { fetchDemoSummary, readMartRelations, renderDemoSummary } from './demo-summary.js';
import { duckdbFileOf, readDemoTarget, removeDuckdbFile } from './demo-warehouse.js';
import { DEMO_SEED } from './engineer-directory.js';
import { startDemoApis, type DemoApis } from './fake-apis/index.js';
import { executeOppCli, type CliRun } from './run-cli.js';
import { readRunTimings } from './run-timings.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function say(text = ''): void {
  process.stdout.write(`${text}\n`);
}

function secs(s: number): string {
  return `${s.toFixed(1)}s`;
}

async function runDemo(opts: DemoOptions): Promise<number> {
  const projectDir = resolve(opts.projectDir ?? REPO_ROOT);
  const target = readDemoTarget(projectDir, opts.target);
  const dbFile = duckdbFileOf(target);
  const common = ['--project-dir', projectDir, '--profiles-dir', projectDir, ...(opts.target ? ['--target', opts.target] : [])];
  const timings: [string, number][] = [];
  const t0 = performance.now();

  if (dbFile && !opts.keepDb) removeDuckdbFile(dbFile);

  say(`opp demo: ${opts.engineers} engineers, ${opts.days} days to ${opts.endDate}, ~${opts.incidentsPerDay} incidents/day in companya (scale ${opts.scale})`);
  let t = performance.now();
  let apis: DemoApis | undefined = await startDemoApis({
    seed: DEMO_SEED,
    days: opts.days,
    engineers: opts.engineers,
    incidentsPerDay: opts.incidentsPerDay,
    endDate: opts.endDate,
  });
  try {
    const ds = apis.dataset;
    timings.push(['generate data + start sample APIs', (performance.now() - t) / 1000]);
    say(`Sample APIs on 127.0.0.1: ${ds.workspaces.map((w) => `${w.name} ${w.count} incidents`).join(', ')}; ${ds.organisation.engineers.length} engineers; ${ds.slos.definitions.length} SLOs; data ${ds.startDate} to ${ds.endDate}`);
    say();

    const env = buildDemoEnv(apis, ds);
    const step = async (label: string, args: string[], withEnv: boolean): Promise<CliRun> => {
      say(`$ opp ${args.join(' ')}`);
      const run = await executeOppCli(REPO_ROOT, [...args, ...common], { cwd: projectDir, ...(withEnv ? { env } : {}) });
      timings.push([label, run.seconds]);
      say();
      return run;
    };

    const extract = await step('opp extract', ['extract', '--since', ds.startDate], true);
    if (extract.exitCode !== 0) {
      say(`opp extract failed (exit ${extract.exitCode}); see the lines above.`);
      return extract.exitCode;
    }
    if (!opts.bench) {
      await apis.close();
      apis = undefined;
    }
    if (opts.amplify > 1) {
      if (!duckdbFileOf(target)) throw new Error('--amplify works on an embedded DuckDB target only (its SQL copies RAW rows in place)');
      t = performance.now();
      const adapter = await createAdapter(target);
      await adapter.connect();
      try {
        for (const sql of buildAmplifySql(opts.amplify)) await adapter.execute(sql);
        const counts = (await adapter.execute("select (select count(*) from raw.incident_io__incidents) as incidents, (select count(*) from raw.litellm__user_daily_activity) + (select count(*) from raw.claude_code__usage_report) + (select count(*) from raw.openai__usage_completions) + (select count(*) from raw.github_copilot__user_metrics) + (select count(*) from raw.cursor__daily_usage) + (select count(*) from raw.windsurf__autocomplete) + (select count(*) from raw.windsurf__cascade_lines) + (select count(*) from raw.windsurf__cascade_runs) + (select count(*) from raw.claude_enterprise__user_activity) as usage_rows")).rows[0]!;
        say(`Amplified RAW x${opts.amplify}: ${String(counts['incidents'])} incidents, ${String(counts['usage_rows'])} AI usage rows`);
      } finally {
        await adapter.close();
      }
      timings.push([`amplify RAW x${opts.amplify}`, (performance.now() - t) / 1000]);
      say();
    }
    const build = await step('opp build', ['build'], false);
    if (build.exitCode !== 0) {
      say(`opp build failed (exit ${build.exitCode}); see the lines above.`);
      return build.exitCode;
    }

    if (opts.bench && apis) {
      say('Benchmark: the sample APIs move a day forward (open incidents progress, late edits, revised usage days).');
      apis.advance(apis.revision + 1);
      const incExtract = await step('opp extract (incremental)', ['extract'], true);
      if (incExtract.exitCode !== 0) return incExtract.exitCode;
      const inc = await step('opp run (incremental)', ['run'], false);
      if (inc.exitCode !== 0) return inc.exitCode;
      const incNodes = readRunTimings(projectDir);
      const full = await step('opp run --full-refresh', ['run', '--full-refresh'], false);
      if (full.exitCode !== 0) return full.exitCode;
      const fullNodes = readRunTimings(projectDir);
      say('Incremental run / full refresh:');
      say(`  whole run                              ${secs(inc.seconds)} / ${secs(full.seconds)} = ${(inc.seconds / full.seconds).toFixed(3)}`);
      for (const node of ['fct_ops__incidents', 'fct_ai_telemetry__tool_daily_metrics']) {
        const a = incNodes[node];
        const b = fullNodes[node];
        if (a !== undefined && b !== undefined) say(`  ${node.padEnd(38)} ${secs(a)} / ${secs(b)} = ${(a / b).toFixed(3)}`);
      }
      say();
    }

    t = performance.now();
    {
      const adapter = await createAdapter(target);
      await adapter.connect();
      try {
        say(renderDemoSummary(await fetchDemoSummary(adapter, readMartRelations(projectDir))));
      } finally {
        await adapter.close();
      }
      timings.push(['summary queries', (performance.now() - t) / 1000]);
    }

    const show = relative(process.cwd(), join(REPO_ROOT, 'bin', 'opp')) || 'bin/opp';
    say('');
    say('Where the results are:');
    if (dbFile) say(`  warehouse     ${dbFile}   (DuckDB; schemas raw, reference, staging, intermediate, marts)`);
    say(`  artifacts     ${join(projectDir, 'target')}   (manifest.json, run_results.json, compiled/ and run/ SQL)`);
    say(`  look at a mart   ${show} show --select fct_ops__weekly_engineering_health --limit 10`);
    say(`  ad-hoc SQL       ${show} show --inline "select tool, count(*) from marts.fct_ai_telemetry__tool_daily_metrics group by 1"`);
    say(`  lineage / docs   ${show} docs generate && ${show} docs serve`);
    say('');
    say(`Timings: ${timings.map(([k, v]) => `${k} ${secs(v)}`).join(' · ')} · total ${secs((performance.now() - t0) / 1000)}`);
    return 0;
  } finally {
    if (apis) await apis.close();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const opts = parseDemoArgs(argv);
    if (opts.help) {
      say(DEMO_USAGE);
      return 0;
    }
    return await runDemo(opts);
  } catch (err) {
    if (err instanceof OppError) {
      process.stderr.write(`error[${err.code}] ${err.message}${err.hint ? `\n  hint: ${err.hint}` : ''}\n`);
      return 2;
    }
    process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) process.exitCode = await main(process.argv.slice(2));
