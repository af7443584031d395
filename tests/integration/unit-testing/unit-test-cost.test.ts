import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeResult } from '../../../src/run/types.js';
import { executeUnitTest, openUnitTestEngine, type UnitTestEngine } from '../../../src/unit-testing/index.js';
import { loadUnitProject, snowflakeTarget, type UnitProject } from './helpers.js';

/**
 * What one unit test costs once the engine is warm (the compile session and the model templates built,
 * DuckDB open): every unit-shop test, many times. CPU time (this process, all threads) rather than wall
 * clock, so a busy machine does not fail the guard. `OPP_BENCH=1` also prints the alternatives measured
 * for the design (a connection or a schema per test, csv through read_csv on a temp file).
 */

let project: UnitProject;
let engine: UnitTestEngine;
const ROUNDS = 10;

beforeAll(async () => {
  project = await loadUnitProject('unit-shop', snowflakeTarget());
  engine = openUnitTestEngine();
});

afterAll(async () => {
  await engine?.close();
});

function runAll(): Promise<NodeResult[]> {
  return Promise.all(
    project.built.unitTests.map((t) =>
      executeUnitTest(t, 'Thread-1', { engine, manifest: project.manifest, target: snowflakeTarget(), vars: { ttd_threshold_minutes: 30 }, env: {}, rootDir: '/tmp', targetPath: 'target' }),
    ),
  );
}

async function measure<T>(n: number, fn: () => Promise<T>): Promise<{ wallMs: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  const c = process.cpuUsage(c0);
  return { wallMs: (performance.now() - t0) / n, cpuMs: (c.user + c.system) / 1000 / n };
}

describe('unit test cost', () => {
  it('a warm unit test costs a few milliseconds of CPU', async () => {
    const first = await measure(1, runAll); // builds the session, opens DuckDB, compiles templates
    const n = project.built.unitTests.length;
    const warm = await measure(ROUNDS, runAll);
    const perTest = { wallMs: warm.wallMs / n, cpuMs: warm.cpuMs / n };
    console.log(
      `unit tests: first run of ${n} tests ${first.wallMs.toFixed(0)} ms wall; warm: ${perTest.wallMs.toFixed(2)} ms wall, ${perTest.cpuMs.toFixed(2)} ms CPU per test`,
    );
    expect(perTest.cpuMs).toBeLessThan(60);
  });

  it.runIf(process.env['OPP_BENCH'] === '1')('alternatives: connection or schema per test, read_csv from a temp file', async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await instance.connect();
    const connect = await measure(200, async () => (await instance.connect()).closeSync());
    const schema = await measure(200, async () => {
      await conn.run('create schema ut_x');
      await conn.run('drop schema ut_x cascade');
    });
    const dir = mkdtempSync(join(tmpdir(), 'opp-ut-'));
    const csv = 'incident_id,severity,minutes_to_detect\n1,sev1,10\n2,sev1,50\n3,sev2,5\n';
    const viaFile = await measure(200, async () => {
      const file = join(dir, 'f.csv');
      writeFileSync(file, csv);
      await conn.runAndReadAll(`select * from read_csv('${file}', header = true)`);
    });
    const inline = await measure(200, () =>
      conn.runAndReadAll(
        "select cast(1 as INTEGER) as incident_id, cast('sev1' as VARCHAR) as severity, cast(10 as INTEGER) as minutes_to_detect union all select 2, 'sev1', 50 union all select 3, 'sev2', 5",
      ),
    );
    const select1 = await measure(200, () => conn.runAndReadAll('select 1'));
    console.log(
      [
        `select 1: ${select1.cpuMs.toFixed(3)} ms CPU`,
        `new connection + close: ${connect.cpuMs.toFixed(3)} ms CPU`,
        `create + drop schema: ${schema.cpuMs.toFixed(3)} ms CPU`,
        `csv via read_csv on a temp file: ${viaFile.cpuMs.toFixed(3)} ms CPU`,
        `csv as inline casts: ${inline.cpuMs.toFixed(3)} ms CPU`,
      ].join('\n'),
    );
    conn.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });
});
