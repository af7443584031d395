import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../src/cli/output/index.js';
import { clearSecrets, registerSecret } from '../../src/errors/index.js';
import type { NodeResult, NodeSummary } from '../../src/run/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opp-log-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => clearSecrets());

const NOW = Date.UTC(2024, 4, 6, 12, 34, 56, 789);
const view: NodeSummary = { uniqueId: 'model.proj.stg_x', resourceType: 'model', name: 'stg_x', materialized: 'view', schema: 'main', alias: 'stg_x' };
const ok: NodeResult = { kind: 'node-result', uniqueId: view.uniqueId, status: 'success', message: 'OK', executionTime: 0.04, timing: [], adapterResponse: {}, failures: null, threadId: 'Thread-1' };

describe('logs/opp.log', () => {
  it("appends dbt's debug-format lines, debug events included, without colour, scrubbed", async () => {
    registerSecret('l0gs3cret');
    const path = join(dir, 'logs', 'opp.log');
    const log = createFileLogger({ path, invocationId: 'inv-9', now: () => NOW });
    log.handle({ kind: 'invocation-started', version: '0.1.0', command: 'run' });
    log.handle({ kind: 'node-started', index: 1, total: 1, node: view, threadId: 'Thread-1', startedAt: NOW });
    log.handle({ kind: 'node-finished', index: 1, total: 1, node: view, result: ok });
    log.handle({ kind: 'log', level: 'debug', message: 'using password l0gs3cret' });
    expect(await log.close()).toBe(true);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toEqual([
      '',
      '',
      '============================== 2024-05-06T12:34:56.789Z | inv-9 ==============================',
      '12:34:56.789000 [info ] [MainThread]: Running with opp=0.1.0',
      '12:34:56.789000 [debug] [Thread-1  ]: Began running node model.proj.stg_x',
      `12:34:56.789000 [info ] [Thread-1  ]: 1 of 1 START sql view model main.stg_x${'.'.repeat(42)} [RUN]`,
      `12:34:56.789000 [info ] [Thread-1  ]: 1 of 1 OK created sql view model main.stg_x${'.'.repeat(37)} [OK in 0.04s]`,
      '12:34:56.789000 [debug] [Thread-1  ]: Finished running node model.proj.stg_x',
      '12:34:56.789000 [debug] [MainThread]: using password ****',
      '',
    ]);
    // a second invocation appends
    const again = createFileLogger({ path, invocationId: 'inv-10', now: () => NOW });
    again.handle({ kind: 'invocation-started', version: '0.1.0', command: 'run' });
    await again.close();
    expect((await readFile(path, 'utf8')).startsWith(text)).toBe(true);
  });

  it('flush hands buffered lines to the file without closing it', async () => {
    const path = join(dir, 'flush', 'opp.log');
    const log = createFileLogger({ path, invocationId: 'i', now: () => NOW });
    log.handle({ kind: 'log', level: 'info', message: 'first' });
    await log.flush();
    expect(await readFile(path, 'utf8')).toBe('12:34:56.789000 [info ] [MainThread]: first\n');
    log.handle({ kind: 'log', level: 'warn', message: 'second' });
    await log.flush();
    expect(await readFile(path, 'utf8')).toContain('[warn ] [MainThread]: second');
    expect(await log.close()).toBe(true);
  });

  it('gives up quietly when the log folder cannot be created', async () => {
    const file = join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const log = createFileLogger({ path: join(file, 'logs', 'opp.log'), invocationId: 'i' });
    log.handle({ kind: 'log', level: 'info', message: 'hello' });
    expect(await log.close()).toBe(false);
  });
});
