// `npm run bench`: opp's performance figures, measured side by side in one run and reported as numbers
// and ratios (never asserted: timings on a shared 2-core machine vary). Each command runs in a fresh
// process, as a user would run it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticProject } from './lib/synthetic-project.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(tmpdir(), 'opp-bench');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);

function measure(cwd, args) {
  const out = execFileSync(process.execPath, [join(here, 'lib', 'measure.mjs'), cwd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const result = JSON.parse(out.trim().split('\n').pop());
  if (result.code !== 0) throw new Error(`opp ${args.join(' ')} exited ${result.code} in ${cwd}`);
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const rows = [];
const report = (what, value, target = '') => {
  rows.push({ what, value, target });
  console.log(`${what.padEnd(58)} ${String(value).padStart(12)}  ${target}`);
};

console.log(`opp benchmarks on ${process.platform}/${process.arch}, node ${process.version}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);

if (want('compile')) {
  for (const models of [1000, 10000]) {
    const dir = join(work, `compile-${models}`);
    generateSyntheticProject(dir, { models });
    const cold = [];
    const cached = [];
    let rss = 0;
    for (let i = 0; i < 3; i++) {
      rmSync(join(dir, 'target'), { recursive: true, force: true });
      rmSync(join(dir, 'opp.duckdb'), { force: true });
      const c = measure(dir, ['compile']);
      cold.push(c.wallMs);
      rss = Math.max(rss, c.maxRssMb);
      cached.push(measure(dir, ['compile']).wallMs);
    }
    report(`compile ${models} models, cold (median of 3)`, fmt(median(cold)), models === 10000 ? 'target ≤ 2 s' : '');
    report(`compile ${models} models, peak RSS`, `${rss.toFixed(0)} MB`, models === 10000 ? 'target ≤ 500 MB' : '');
    report(`compile ${models} models, unchanged (cached)`, fmt(median(cached)), models === 10000 ? 'target ≤ 0.5 s' : '');
  }
}

if (want('run')) {
  const dir = join(work, 'run-1000-views');
  generateSyntheticProject(dir, { models: 1000, trivial: true });
  const db = join(dir, 'opp.duckdb');
  // opp once to learn the exact statements it issues; the baseline replays them
  rmSync(db, { force: true });
  measure(dir, ['run', '--threads', '1']);
  // the statements opp executed (target/run/), in the order it ran them (run_results.json, one thread)
  const byName = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else byName.set(e.name.replace(/\.sql$/, ''), readFileSync(join(d, e.name), 'utf8').trim().replace(/;$/, ''));
    }
  };
  walk(join(dir, 'target', 'run', 'synthetic', 'models'));
  const ran = JSON.parse(readFileSync(join(dir, 'target', 'run_results.json'), 'utf8')).results.map((r) => r.unique_id.split('.').pop());
  const statementsFile = join(dir, 'statements.json');
  writeFileSync(statementsFile, JSON.stringify(ran.map((name) => byName.get(name))));
  const oppTimes = [];
  const directTimes = [];
  for (let i = 0; i < 5; i++) {
    rmSync(db, { force: true });
    execFileSync(process.execPath, ['-e', `const{DuckDBInstance}=await import('@duckdb/node-api');const i=await DuckDBInstance.create(${JSON.stringify(db)});const c=await i.connect();await c.run('create schema if not exists main');c.closeSync();i.closeSync();`], { cwd: join(here, '..'), input: '' });
    const t0 = performance.now();
    execFileSync(process.execPath, [join(here, '..', 'bin', 'opp'), 'run', '--threads', '1'], { cwd: dir, stdio: 'ignore' });
    oppTimes.push(performance.now() - t0);
    rmSync(db, { force: true });
    const t1 = performance.now();
    execFileSync(process.execPath, [join(here, 'lib', 'direct-ddl.mjs'), db, statementsFile], { cwd: join(here, '..'), stdio: 'ignore' });
    directTimes.push(performance.now() - t1);
  }
  report('opp run, 1,000 trivial views (median of 5, process wall)', fmt(median(oppTimes)));
  report('same DDL through one DuckDB connection (process wall)', fmt(median(directTimes)));
  report('run overhead ratio', (median(oppTimes) / median(directTimes)).toFixed(2) + '×', 'target ≤ 1.2×');
}

if (want('extract')) {
  // Issue 4: extract + load of N incidents from the loopback fake against DuckDB read_json of the same
  // records (bench/extract.mjs; each role in its own process). 1M incidents is ~5 GB of JSON: opt in with
  // OPP_EXTRACT_SIZES=10000,100000,1000000 (or `node bench/extract.mjs`).
  const { benchExtract } = await import('./extract.mjs');
  const sizes = (process.env['OPP_EXTRACT_SIZES'] ?? '10000,100000').split(',').map(Number);
  await benchExtract({ sizes, report });
}

if (want('platform')) {
  // Issue 5: the platform at scale through the demo (`--bench`): extract from the sample APIs, copy RAW
  // OPP_PLATFORM_AMPLIFY times in SQL (distinct identities, RAW in arrival order), full `opp build`, then a
  // day of new and updated records, an incremental `opp run` and `opp run --full-refresh`, timed. The
  // issue's scale (~10 M usage rows, ~1 M incidents) is OPP_PLATFORM_AMPLIFY=240
  // OPP_PLATFORM_INCIDENTS_PER_DAY=25 (about half an hour here); the default is a few minutes.
  const dir = join(work, 'platform');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['project.yml', 'profiles.yml', 'sources.yml', 'models', 'macros', 'seeds', 'data-tests']) {
    cpSync(join(here, '..', f), join(dir, f), { recursive: true });
  }
  const amplify = process.env['OPP_PLATFORM_AMPLIFY'] ?? '20';
  const perDay = process.env['OPP_PLATFORM_INCIDENTS_PER_DAY'] ?? '6';
  const out = execFileSync(
    process.execPath,
    [join(here, '..', 'dist', 'demo', 'main.js'), '--bench', '--amplify', amplify, '--incidents-per-day', perDay, '--project-dir', dir],
    { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } },
  );
  const grab = (re) => out.match(re) ?? [];
  const [, incidents, usage] = grab(/Amplified RAW x\d+: (\d+) incidents, (\d+) AI usage rows/);
  const [, build] = grab(/opp build ([\d.]+)s/);
  const [, inc, full, ratio] = grab(/whole run\s+([\d.]+)s \/ ([\d.]+)s = ([\d.]+)/);
  report(`platform RAW (amplify x${amplify})`, `${incidents ?? '?'} incidents, ${usage ?? '?'} usage rows`);
  report('full opp build (seeds, models, tests)', `${build ?? '?'} s`);
  report('opp run after a day of changes (incremental)', `${inc ?? '?'} s`);
  report('opp run --full-refresh', `${full ?? '?'} s`);
  report('incremental / full refresh', ratio ?? '?', 'target ≤ 0.10');
  for (const m of out.matchAll(/^\s+(fct_\w+)\s+([\d.]+)s \/ ([\d.]+)s = ([\d.]+)/gm)) report(`  ${m[1]} incremental / full`, m[4]);
}

writeFileSync(join(work, 'results.json'), JSON.stringify(rows, null, 2));
console.log(`\nresults written to ${join(work, 'results.json')}`);
