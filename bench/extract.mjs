// Extract benchmark (issue 4): N incident records from the loopback fake incident.io server into a DuckDB
// file through `runExtract` (HTTP, paging, contract, stage → merge, watermark), at several sizes; records/s
// and peak RSS of the extracting process; and the floor — DuckDB reading the same records from an NDJSON
// file with `read_json` — with the ratio between the two.
//
// Every role runs in its own process: the fake server (so rendering pages does not steal the extractor's
// core), the extract (measured: wall, CPU, kernel max RSS), the floor. The TypeScript sources are bundled
// once with esbuild into the work directory (nothing in dist/ is needed).
//
// Usage: node bench/extract.mjs [--sizes 10000,100000,1000000] [--batch 10000] [--keep]
//        node bench/run.mjs extract            (as a section of `npm run bench`)
// Environment: OPP_EXTRACT_SIZES overrides the sizes (comma-separated), OPP_EXTRACT_CPU_PROF=DIR writes a
// V8 CPU profile of each extract process there, OPP_EXTRACT_DUCKDB_SETTINGS='{"memory_limit":"256MB"}' adds
// DuckDB settings to the target (as a profile's `settings:` would), OPP_EXTRACT_SAMPLES=PREFIX writes the
// extract's memory samples ([ms, rss, heapTotal, heapUsed, external] MB every 0.5 s) to PREFIX-N.json,
// OPP_EXTRACT_MEM=1 prints DuckDB's own memory account (duckdb_memory()) at the end of the extract.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = join(tmpdir(), 'opp-bench', 'extract');

// The three roles, bundled into one module that dispatches on argv[2].
const ENTRY = `
import { appendFileSync, createWriteStream, readFileSync } from 'node:fs';
import { createAdapter } from './src/adapters/registry.js';
import { buildDemoEnv } from './src/demo/demo-env.js';
import { startFakeApis } from './src/demo/fake-apis/index.js';
import { generateDataset } from './src/demo/generator/index.js';
import { runExtract } from './src/extract/index.js';
import { incidentIoSource } from './src/extract/sources/incident-io.js';

const DAYS = 400;
const datasetFor = (n) => generateDataset({ seed: 7, engineers: 200, incidentsPerDay: Math.max(1, Math.ceil(n / DAYS)), days: DAYS, endDate: '2026-03-31', workspaces: [{ name: 'companya' }] });

async function server(n, ndjsonPath) {
  const dataset = datasetFor(n);
  const ws = dataset.workspace('companya');
  if (ndjsonPath) {
    // The floor's input: the records exactly as the list endpoint renders them, one per line.
    const out = createWriteStream(ndjsonPath);
    let buf = '';
    for (let i = ws.count - 1; i >= 0; i--) {
      buf += ws.renderIncident(ws.lifecycle(i), 0) + '\\n';
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
        buf = '';
      }
    }
    out.end(buf);
    await new Promise((r) => out.once('finish', r));
  }
  const apis = await startFakeApis({ dataset });
  process.stdout.write(JSON.stringify({ count: ws.count, env: buildDemoEnv(apis, dataset) }) + '\\n');
  process.stdin.resume();
  process.stdin.on('end', () => apis.close().then(() => process.exit(0)));
}

async function extract(envFile, dbPath, batchSize) {
  const env = JSON.parse(readFileSync(envFile, 'utf8'));
  const incidents = incidentIoSource.streams.find((s) => s.name === 'incidents');
  const descriptor = { ...incidentIoSource, streams: [incidents] };
  const settings = JSON.parse(process.env.OPP_EXTRACT_DUCKDB_SETTINGS || '{}');
  const adapter = await createAdapter({ name: 'bench', profileName: 'bench', type: 'duckdb', database: '', schema: 'main', threads: 1, settings: { path: dbPath, ...(Object.keys(settings).length ? { settings } : {}) } });
  const samples = [];
  const t0 = performance.now();
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    samples.push([Math.round(performance.now() - t0), Math.round(m.rss / 1e6), Math.round(m.heapTotal / 1e6), Math.round(m.heapUsed / 1e6), Math.round(m.external / 1e6)]);
  }, 500);
  const cpu0 = process.cpuUsage();
  const res = await runExtract({
    adapter,
    env,
    sources: ['incident_io.companya'],
    instances: [{ kind: 'incident_io', name: 'companya' }],
    descriptors: [descriptor],
    ...(batchSize ? { batchSize } : {}),
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  const r = res.results[0];
  if (r.status !== 'success') throw new Error('extract failed: ' + (r.message ?? JSON.stringify(r.error)));
  const rows = Number((await adapter.execute('select count(*) as n from raw.incident_io__incidents')).rows[0].n);
  if (process.env.OPP_EXTRACT_MEM) {
    // DuckDB's own account of its memory at the end (buffer pool by tag), for the memory investigation.
    const mem = (await adapter.execute("select tag, memory_usage_bytes // 1000000 as mb, temporary_storage_bytes // 1000000 as tmp_mb from duckdb_memory() where memory_usage_bytes > 0 or temporary_storage_bytes > 0")).rows;
    process.stderr.write('duckdb_memory ' + JSON.stringify(mem) + ' rss ' + Math.round(process.memoryUsage().rss / 1e6) + ' MB\\n');
  }
  await adapter.close();
  process.stdout.write(JSON.stringify({ records: r.recordsLoaded, rows, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, samples }) + '\\n');
}

async function floor(ndjsonPath, dbPath) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(dbPath);
  const conn = await instance.connect();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await conn.run("create table floor as select * from read_json(" + "'" + ndjsonPath.replace(/'/g, "''") + "'" + ", format = 'newline_delimited')");
  await conn.run('checkpoint');
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const n = Number((await conn.runAndReadAll('select count(*) as n from floor')).getRowObjectsJS()[0].n);
  conn.closeSync();
  instance.closeSync();
  process.stdout.write(JSON.stringify({ rows: n, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\\n');
}

const [role, ...args] = process.argv.slice(2);
if (role === 'server') await server(Number(args[0]), args[1]);
else if (role === 'extract') await extract(args[0], args[1], Number(args[2] ?? 0));
else if (role === 'floor') await floor(args[0], args[1]);
else throw new Error('unknown role ' + role);
`;

async function bundle() {
  const { build } = await import('esbuild');
  // Inside node_modules/.cache so the bundle's external imports (@duckdb/node-api) resolve from the project.
  const buildDir = join(root, 'node_modules', '.cache', 'opp-bench');
  mkdirSync(buildDir, { recursive: true });
  const outfile = join(buildDir, 'bench-extract.mjs');
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'bench-extract-entry.ts' },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: ['@duckdb/node-api', 'snowflake-sdk', 'nunjucks', 'nunjucks/*'],
    banner: { js: "import { createRequire as __oppCreateRequire } from 'node:module'; const require = __oppCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs one role to completion; its last stdout line is JSON. */
async function runRole(script, args, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit']});
  let last = '';
  for await (const line of createInterface({ input: child.stdout })) if (line.trim()) last = line;
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`${args[0] ?? 'role'} exited ${code}`);
  return JSON.parse(last);
}

/** Starts the fake server for n incidents (writing the NDJSON copy first); resolves once it listens. */
async function startServer(script, n, ndjsonPath) {
  const child = spawn(process.execPath, [script, 'server', String(n), ndjsonPath], { cwd: root, stdio: ['pipe', 'pipe', 'inherit']});
  const lines = createInterface({ input: child.stdout });
  const [first] = await Promise.race([once(lines, 'line'), once(child, 'close').then(([code]) => Promise.reject(new Error(`fake server exited ${code}`)))]);
  return {
    ...JSON.parse(first),
    stop: async () => {
      child.stdin.end();
      await once(child, 'close');
    },
  };
}

const fmtRate = (n) => Math.round(n).toLocaleString('en-US');

/**
 * Runs the benchmark for each size and returns one result per size. `report(what, value, target)` is
 * called for each figure (bench/run.mjs passes its own).
 */
export async function benchExtract({ sizes, batchSize, keep = false, report }) {
  const script = await bundle();
  const profDir = process.env['OPP_EXTRACT_CPU_PROF'];
  const out = [];
  for (const n of sizes) {
    const dir = join(work, `n${n}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const ndjson = join(dir, 'incidents.ndjson');
    const server = await startServer(script, n, ndjson);
    let ex;
    try {
      const { writeFileSync } = await import('node:fs');
      const envFile = join(dir, 'env.json');
      writeFileSync(envFile, JSON.stringify(server.env));
      const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=extract-${n}.cpuprofile`] : [];
      ex = await runRole(script, ['extract', envFile, join(dir, 'extract.duckdb'), String(batchSize ?? 0)], nodeArgs);
    } finally {
      await server.stop();
    }
    if (ex.rows !== server.count) throw new Error(`extract loaded ${ex.rows} rows, the fake holds ${server.count}`);
    const fl = await runRole(script, ['floor', ndjson, join(dir, 'floor.duckdb')]);
    if (fl.rows !== server.count) throw new Error(`read_json read ${fl.rows} rows, expected ${server.count}`);
    const rps = ex.records / (ex.wallMs / 1000);
    const floorRps = fl.rows / (fl.wallMs / 1000);
    const mb = statSync(ndjson).size / 1e6;
    const label = `${server.count.toLocaleString('en-US')} incidents`;
    report(`extract ${label} (${Math.round(mb)} MB JSON): records/s`, fmtRate(rps), 'target ≥ 50,000');
    report(`extract ${label}: wall / CPU`, `${(ex.wallMs / 1000).toFixed(1)} s / ${(ex.cpuMs / 1000).toFixed(1)} s`);
    report(`extract ${label}: peak RSS`, `${Math.round(ex.maxRssMb)} MB`, 'target ≤ 300 MB, flat');
    report(`read_json floor ${label}: records/s`, fmtRate(floorRps));
    report(`read_json floor ${label}: peak RSS`, `${Math.round(fl.maxRssMb)} MB`);
    report(`extract ${label}: floor / extract`, `${(floorRps / rps).toFixed(1)}×`);
    if (process.env['OPP_EXTRACT_SAMPLES']) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${process.env['OPP_EXTRACT_SAMPLES']}-${n}.json`, JSON.stringify(ex.samples));
    }
    out.push({ n: server.count, ndjsonMb: mb, extract: ex, floor: fl, recordsPerSecond: rps, floorRecordsPerSecond: floorRps });
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (opt('--sizes') ?? process.env['OPP_EXTRACT_SIZES'] ?? '10000,100000,1000000').split(',').map(Number);
  const batch = opt('--batch');
  console.log(`extract benchmark on ${process.platform}/${process.arch}, node ${process.version}, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
  const results = await benchExtract({
    sizes,
    ...(batch ? { batchSize: Number(batch) } : {}),
    keep: argv.includes('--keep'),
    report: (what, value, target = '') => console.log(`${what.padEnd(62)} ${String(value).padStart(14)}  ${target}`),
  });
  console.log('\n' + JSON.stringify(results.map(({ extract: { samples, ...e }, ...r }) => ({ ...r, extract: e }))));
}
