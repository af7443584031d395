import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../../errors/index.js';
import type { NodeResult, NodeSummary, RunEvent } from '../../run/index.js';
import { createJsonReporter } from './json-reporter.js';
import { createMemoryWriter } from './writer.js';

const NOW = Date.UTC(2024, 4, 6, 12, 34, 56, 789);
const view: NodeSummary = { uniqueId: 'model.proj.stg_x', resourceType: 'model', name: 'stg_x', materialized: 'view', schema: 'main', alias: 'stg_x', originalFilePath: 'models/stg_x.sql' };
const ok: NodeResult = {
  kind: 'node-result',
  uniqueId: view.uniqueId,
  status: 'success',
  message: 'OK',
  executionTime: 0.04,
  timing: [],
  adapterResponse: {},
  failures: null,
  threadId: 'Thread-2',
};

afterEach(() => clearSecrets());

describe('json reporter (--log-format json)', () => {
  const run = (events: RunEvent[], debug = false) => {
    const writer = createMemoryWriter();
    const r = createJsonReporter({ writer, invocationId: 'inv-1', now: () => NOW, pid: 42, debug });
    for (const e of events) r.handle(e);
    return writer.lines().map((l) => JSON.parse(l) as { info: Record<string, unknown>; data: Record<string, unknown> });
  };

  it('writes one parseable dbt-shaped object per line, with the human line as msg', () => {
    const lines = run([
      { kind: 'invocation-started', version: '0.1.0', command: 'run' },
      { kind: 'run-started', command: 'run', total: 1, threads: 1, targetName: 'dev', counts: { model: 1 } },
      { kind: 'node-started', index: 1, total: 1, node: view, threadId: 'Thread-2', startedAt: NOW },
      { kind: 'node-finished', index: 1, total: 1, node: view, result: ok },
      { kind: 'run-finished', results: [ok], elapsedSeconds: 0.1, interrupted: false },
    ]);
    expect(lines.map((l) => l.info.name)).toEqual([
      'MainReportVersion',
      'FoundStats',
      'ConcurrencyLine',
      'LogStartLine',
      'LogModelResult',
      'FinishedRunningStats',
      'EndOfRunSummary',
      'StatsLine',
    ]);
    const start = lines[3]!;
    expect(start.info).toMatchObject({
      code: 'Q011',
      level: 'info',
      invocation_id: 'inv-1',
      pid: 42,
      thread: 'Thread-2',
      ts: '2024-05-06T12:34:56.789Z',
      msg: `1 of 1 START sql view model main.stg_x${'.'.repeat(42)} [RUN]`,
    });
    expect(start.data).toMatchObject({ description: 'sql view model main.stg_x', index: 1, total: 1 });
    expect((start.data.node_info as Record<string, unknown>).unique_id).toBe('model.proj.stg_x');
    expect((start.data.node_info as Record<string, unknown>).node_relation).toEqual({ database: null, schema: 'main', alias: 'stg_x', relation_name: null });
    expect(lines[4]!.data).toMatchObject({ status: 'OK', execution_time: 0.04 });
    expect(lines[7]!.data).toEqual({ stats: { pass: 1, warn: 0, error: 0, skip: 0, noop: 0, total: 1 } });
    expect(lines[7]!.info.msg).toBe('Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1');
  });

  it('wraps command output as ListCmdOut (or the given event name)', () => {
    const lines = run([
      { kind: 'output', text: 'proj.orders' },
      { kind: 'output', text: '{"x": 1}', name: 'ShowNode' },
    ]);
    expect(lines.map((l) => [l.info.name, l.info.code, l.info.msg, l.data.msg])).toEqual([
      ['ListCmdOut', 'Z049', 'proj.orders', 'proj.orders'],
      ['ShowNode', '', '{"x": 1}', '{"x": 1}'],
    ]);
  });

  it('includes debug events only when asked', () => {
    const events: RunEvent[] = [{ kind: 'node-started', index: 1, total: 1, node: view, threadId: 'Thread-1', startedAt: NOW }];
    expect(run(events).map((l) => l.info.name)).toEqual(['LogStartLine']);
    expect(run(events, true).map((l) => l.info.name)).toEqual(['NodeStart', 'LogStartLine']);
  });

  it('scrubs secrets, including ones that JSON would escape', () => {
    registerSecret('pa"ss\\word');
    const writer = createMemoryWriter();
    const r = createJsonReporter({ writer, invocationId: 'x', now: () => NOW });
    r.handle({ kind: 'log', level: 'info', message: 'password is pa"ss\\word' });
    expect(writer.text()).not.toContain('ss\\\\word');
    const line = JSON.parse(writer.lines()[0]!) as { info: { msg: string }; data: { msg: string } };
    expect(line.info.msg).toBe('password is ****');
    expect(line.data.msg).toBe('password is ****');
  });
});
