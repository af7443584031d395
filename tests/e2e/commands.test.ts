import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryDuckDB } from '../helpers/duckdb-file.js';
import { REPO_ROOT, copyFixture } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

describe('debug, JSON logs, hooks and clean on the shop fixture', () => {
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ dir, cleanup } = copyFixture('shop'));
    await queryDuckDB(join(dir, 'shop.duckdb'), readFileSync(join(dir, 'setup', 'raw.sql'), 'utf8'));
  });
  afterAll(() => cleanup());

  it('debug prints the target and tests the connection', async () => {
    const r = await runCli(['debug'], { cwd: dir });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('type: duckdb');
    expect(r.stdout).toContain('Connection test: [OK connection ok]');
    expect(r.stdout).toContain('All checks passed!');
  });

  it('--log-format json prints one JSON event per line, ending with the summary', async () => {
    const r = await runCli(['run', '--log-format', 'json', '-s', 'staging'], { cwd: dir });
    expect(r.code).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { info: { name: string; msg: string } });
    expect(events.length).toBeGreaterThan(5);
    expect(events.some((e) => e.info.name === 'LogStartLine')).toBe(true);
    expect(events.at(-1)!.info.msg).toBe('Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2');
  });

  it('clean removes target/ and keeps the warehouse file', async () => {
    expect(existsSync(join(dir, 'target'))).toBe(true);
    const r = await runCli(['clean'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'target'))).toBe(false);
    expect(existsSync(join(dir, 'shop.duckdb'))).toBe(true);
  });
});

describe('Ctrl-C', () => {
  it('stops a running model, skips the rest, leaves no half-built table and exits 2', async () => {
    const { dir, cleanup } = copyFixture('slow');
    try {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'opp'), 'run'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
      let out = '';
      const started = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('START sql table model main.slow_table')) resolve();
        }),
      );
      await started;
      const t0 = Date.now();
      child.kill('SIGINT');
      const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
      expect(code).toBe(2);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(out).toContain('Exited because of keyboard interrupt');
      expect(out).toContain('Done. PASS=1 WARN=0 ERROR=1 SKIP=1 TOTAL=3');
      const tables = await queryDuckDB(join(dir, 'opp.duckdb'), "select table_name from information_schema.tables where table_name like 'slow_table%'");
      expect(tables).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
