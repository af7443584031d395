import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.js';
import { runDag } from './scheduler.js';
import { buildSkippedResult } from './skipped-result.js';
import type { NodeResult, NodeStatus } from './types.js';

function result(id: string, status: NodeStatus, threadId = 'Thread-1'): NodeResult {
  return {
    kind: 'node-result',
    uniqueId: id,
    status,
    message: status === 'success' ? 'OK' : status,
    executionTime: 0,
    timing: [],
    adapterResponse: {},
    failures: null,
    threadId,
  };
}

/** a → b → d, a → c → d, e independent */
const diamond = {
  order: ['a', 'b', 'c', 'd', 'e'],
  parents: new Map<string, string[]>([
    ['b', ['a']],
    ['c', ['a']],
    ['d', ['b', 'c']],
  ]),
};

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('runDag', () => {
  it('runs nodes exactly in order with threads=1', async () => {
    const log: string[] = [];
    // A reversed-but-valid order: e first, then the diamond.
    const order = ['e', 'a', 'c', 'b', 'd'];
    const results = await runDag({
      order,
      parents: diamond.parents,
      threads: 1,
      failFast: false,
      execute: async (id, ctx) => {
        log.push(`${ctx.index}:${id}:${ctx.threadId}`);
        await tick();
        return result(id, 'success');
      },
      skipResult: buildSkippedResult,
    });
    expect(log).toEqual(['1:e:Thread-1', '2:a:Thread-1', '3:c:Thread-1', '4:b:Thread-1', '5:d:Thread-1']);
    expect(results.map((r) => r.uniqueId)).toEqual(order);
    expect(results.interrupted).toBe(false);
  });

  it('honours the concurrency limit with threads=4 and starts a node as soon as its parents finish', async () => {
    const order = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const parents = new Map<string, string[]>([['n19', ['n0']]]);
    let running = 0;
    let peak = 0;
    const threadsSeen = new Set<string>();
    const active = new Set<string>();
    const results = await runDag({
      order,
      parents,
      threads: 4,
      failFast: false,
      execute: async (id, ctx) => {
        running++;
        peak = Math.max(peak, running);
        expect(active.has(ctx.threadId)).toBe(false);
        active.add(ctx.threadId);
        threadsSeen.add(ctx.threadId);
        await new Promise((r) => setTimeout(r, id === 'n0' ? 1 : 5));
        active.delete(ctx.threadId);
        running--;
        return result(id, 'success', ctx.threadId);
      },
      skipResult: buildSkippedResult,
    });
    expect(peak).toBe(4);
    expect(threadsSeen).toEqual(new Set(['Thread-1', 'Thread-2', 'Thread-3', 'Thread-4']));
    expect(results).toHaveLength(20);
    // n19 is ready early (after n0) but the ready queue prefers the earliest position in the order.
    expect(results.at(-1)!.uniqueId).toBe('n19');
  });

  it('skips every descendant of a failure, naming the failed ancestor, while independent branches continue', async () => {
    const events: RunEvent[] = [];
    const executed: string[] = [];
    const results = await runDag({
      ...diamond,
      threads: 1,
      failFast: false,
      execute: async (id) => {
        executed.push(id);
        return result(id, id === 'b' ? 'error' : 'success');
      },
      skipResult: buildSkippedResult,
      onEvent: (e) => events.push(e),
    });
    expect(executed).toEqual(['a', 'b', 'c', 'e']);
    const d = results.find((r) => r.uniqueId === 'd')!;
    expect(d.status).toBe('skipped');
    expect(d.message).toBe('skipped due to failure of b');
    expect(results.find((r) => r.uniqueId === 'e')!.status).toBe('success');
    // The skip takes the next index, in order, like dbt's "5 of 5 SKIP relation ..."
    const finishedIdx = events.filter((e) => e.kind === 'node-finished').map((e) => (e.kind === 'node-finished' ? `${e.index}:${e.node.uniqueId}:${e.skipReason ?? ''}` : ''));
    expect(finishedIdx).toEqual(['1:a:', '2:b:', '3:c:', '4:d:upstream', '5:e:']);
    expect(events.filter((e) => e.kind === 'node-started').map((e) => (e.kind === 'node-started' ? e.node.uniqueId : ''))).toEqual(['a', 'b', 'c', 'e']);
  });

  it('propagates the root cause through skipped nodes', async () => {
    const order = ['a', 'b', 'c'];
    const parents = new Map([
      ['b', ['a']],
      ['c', ['b']],
    ]);
    const results = await runDag({
      order,
      parents,
      threads: 2,
      failFast: false,
      execute: async (id) => result(id, id === 'a' ? 'fail' : 'success'),
      skipResult: buildSkippedResult,
    });
    expect(results.map((r) => `${r.uniqueId}:${r.status}:${r.message}`)).toEqual([
      'a:fail:fail',
      'b:skipped:skipped due to failure of a',
      'c:skipped:skipped due to failure of a',
    ]);
  });

  it('does not skip descendants of a warning, and honours a custom isBlocking', async () => {
    const order = ['a', 'b'];
    const parents = new Map([['b', ['a']]]);
    const warnRun = await runDag({
      order,
      parents,
      threads: 1,
      failFast: false,
      execute: async (id) => result(id, id === 'a' ? 'warn' : 'success'),
      skipResult: buildSkippedResult,
    });
    expect(warnRun.map((r) => r.status)).toEqual(['warn', 'success']);
    const strict = await runDag({
      order,
      parents,
      threads: 1,
      failFast: false,
      execute: async (id) => result(id, id === 'a' ? 'warn' : 'success'),
      skipResult: buildSkippedResult,
      isBlocking: (r) => r.status !== 'success',
    });
    expect(strict.map((r) => r.status)).toEqual(['warn', 'skipped']);
  });

  it('--fail-fast stops scheduling, lets running nodes finish, aborts their signal and skips the rest', async () => {
    const order = ['a', 'b', 'c', 'd', 'e', 'f'];
    const started: string[] = [];
    let bSignal: AbortSignal | undefined;
    const results = await runDag({
      order,
      parents: new Map(),
      threads: 2,
      failFast: true,
      execute: async (id, ctx) => {
        started.push(id);
        if (id === 'a') {
          await tick();
          return result(id, 'error');
        }
        bSignal = ctx.signal;
        // b is still running when a fails: it sees the abort and finishes anyway.
        await new Promise((r) => setTimeout(r, 20));
        return result(id, ctx.signal.aborted ? 'error' : 'success');
      },
      skipResult: buildSkippedResult,
    });
    expect(started).toEqual(['a', 'b']);
    expect(bSignal?.aborted).toBe(true);
    expect(results.failedFast).toBe(true);
    expect(results.interrupted).toBe(false);
    expect(results.map((r) => `${r.uniqueId}:${r.status}`)).toEqual(['a:error', 'b:error', 'c:skipped', 'd:skipped', 'e:skipped', 'f:skipped']);
    expect(results[2]!.message).toBe('Skipping due to fail_fast');
  });

  it('an abort signal stops cleanly and returns partial results flagged interrupted', async () => {
    const controller = new AbortController();
    const order = ['a', 'b', 'c', 'd'];
    const parents = new Map([['d', ['c']]]);
    const started: string[] = [];
    const results = await runDag({
      order,
      parents,
      threads: 1,
      failFast: false,
      signal: controller.signal,
      execute: async (id, ctx) => {
        started.push(id);
        if (id === 'b') {
          controller.abort();
          expect(ctx.signal.aborted).toBe(true);
        }
        await tick();
        return result(id, 'success');
      },
      skipResult: buildSkippedResult,
    });
    expect(started).toEqual(['a', 'b']);
    expect(results.interrupted).toBe(true);
    expect(results.map((r) => `${r.uniqueId}:${r.status}`)).toEqual(['a:success', 'b:success', 'c:skipped', 'd:skipped']);
    expect(results[2]!.message).toBe('skipped due to an interrupted run');
  });

  it('an already-aborted signal runs nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const results = await runDag({
      order: ['a'],
      parents: new Map(),
      threads: 1,
      failFast: false,
      signal: controller.signal,
      execute: async (id) => {
        calls++;
        return result(id, 'success');
      },
      skipResult: buildSkippedResult,
    });
    expect(calls).toBe(0);
    expect(results.interrupted).toBe(true);
    expect(results[0]!.status).toBe('skipped');
  });

  it('assigns indexes deterministically at start, skipping uncounted nodes', async () => {
    const order = ['eph', 'a', 'b'];
    const parents = new Map([['a', ['eph']]]);
    const seen: string[] = [];
    await runDag({
      order,
      parents,
      threads: 3,
      failFast: false,
      counted: (id) => id !== 'eph',
      execute: async (id, ctx) => {
        seen.push(`${id}:${ctx.index}/${ctx.total}`);
        return result(id, 'success');
      },
      skipResult: buildSkippedResult,
    });
    // eph and b start together (both ready); a starts after eph.
    expect(seen).toEqual(['eph:0/2', 'b:1/2', 'a:2/2']);
  });

  it('turns a throwing executor into an error result and keeps going', async () => {
    const results = await runDag({
      order: ['a', 'b'],
      parents: new Map([['b', ['a']]]),
      threads: 1,
      failFast: false,
      execute: async (id) => {
        if (id === 'a') throw new Error('boom');
        return result(id, 'success');
      },
      skipResult: buildSkippedResult,
    });
    expect(results[0]!.status).toBe('error');
    expect(results[0]!.message).toBe('boom');
    expect(results[0]!.error?.code).toBe('internal/bug');
    expect(results[1]!.status).toBe('skipped');
  });

  it('rejects when the parents form a cycle instead of hanging', async () => {
    await expect(
      runDag({
        order: ['a', 'b'],
        parents: new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
        threads: 1,
        failFast: false,
        execute: async (id) => result(id, 'success'),
        skipResult: buildSkippedResult,
      }),
    ).rejects.toThrow(/never became ready/);
  });

  it('rejects when onEvent throws', async () => {
    await expect(
      runDag({
        order: ['a'],
        parents: new Map(),
        threads: 1,
        failFast: false,
        execute: async (id) => result(id, 'success'),
        skipResult: buildSkippedResult,
        onEvent: (e) => {
          if (e.kind === 'node-finished') throw new Error('reporter bug');
        },
      }),
    ).rejects.toThrow('reporter bug');
  });

  it('schedules 10,000 trivial nodes with little overhead', async () => {
    const order = Array.from({ length: 10_000 }, (_, i) => `model.p.m${i}`);
    const parents = new Map<string, string[]>();
    for (let i = 1; i < order.length; i++) parents.set(order[i]!, [order[Math.floor((i - 1) / 2)]!]);
    const cpu0 = process.cpuUsage();
    const results = await runDag({
      order,
      parents,
      threads: 4,
      failFast: false,
      execute: async (id, ctx) => result(id, 'success', ctx.threadId),
      skipResult: buildSkippedResult,
      onEvent: () => {},
    });
    const cpu = process.cpuUsage(cpu0);
    expect(results).toHaveLength(10_000);
    // CPU, not wall time (the machine is shared): a few µs per node; anything quadratic would be seconds.
    expect((cpu.user + cpu.system) / 10_000).toBeLessThan(200);
  });
});
