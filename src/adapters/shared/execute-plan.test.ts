import { describe, expect, it } from 'vitest';
import type { Statement } from '../contract.js';
import { executePlanSequentially } from './execute-plan.js';

const s = (purpose: Statement['purpose'], sql: string): Statement => ({ purpose, sql });

function recorder(failOn?: string) {
  const ran: string[] = [];
  return {
    ran,
    run: async (step: Statement) => {
      ran.push(step.sql);
      if (step.sql === failOn) throw new Error(`failed: ${step.sql}`);
      return { rows: [], columns: [] };
    },
    rollback: async () => {
      ran.push('ROLLBACK');
    },
  };
}

describe('executePlanSequentially', () => {
  it('runs every statement in order', async () => {
    const r = recorder();
    const results = await executePlanSequentially([s('create', 'a'), s('insert', 'b')], r);
    expect(r.ran).toEqual(['a', 'b']);
    expect(results).toHaveLength(2);
  });

  it('stops at the first failure without a rollback when no transaction is open', async () => {
    const r = recorder('b');
    await expect(executePlanSequentially([s('create', 'a'), s('insert', 'b'), s('insert', 'c')], r)).rejects.toThrow('failed: b');
    expect(r.ran).toEqual(['a', 'b']);
  });

  it('rolls back the transaction the plan opened', async () => {
    const r = recorder('b');
    await expect(executePlanSequentially([s('begin', 'begin'), s('insert', 'b'), s('commit', 'commit')], r)).rejects.toThrow();
    expect(r.ran).toEqual(['begin', 'b', 'ROLLBACK']);
  });

  it('recognises transaction control by its SQL too', async () => {
    const r = recorder('x');
    await expect(executePlanSequentially([s('hook', 'BEGIN TRANSACTION'), s('hook', 'x')], r)).rejects.toThrow();
    expect(r.ran).toEqual(['BEGIN TRANSACTION', 'x', 'ROLLBACK']);
    const after = recorder('y');
    await expect(executePlanSequentially([s('hook', 'begin'), s('hook', 'commit'), s('hook', 'y')], after)).rejects.toThrow();
    expect(after.ran).toEqual(['begin', 'commit', 'y']);
  });

  it('rolls back when COMMIT itself fails', async () => {
    const r = recorder('commit');
    await expect(executePlanSequentially([s('begin', 'begin'), s('commit', 'commit')], r)).rejects.toThrow();
    expect(r.ran).toEqual(['begin', 'commit', 'ROLLBACK']);
  });

  it('joins an outer transaction: skips its own BEGIN/COMMIT and leaves the rollback to the owner', async () => {
    const r = recorder('b');
    await expect(
      executePlanSequentially([s('begin', 'begin'), s('insert', 'b'), s('commit', 'commit')], { ...r, outerTransaction: true }),
    ).rejects.toThrow();
    expect(r.ran).toEqual(['b']);
  });

  it('continues a transaction opened by an earlier plan', async () => {
    const r = recorder('b');
    await expect(executePlanSequentially([s('insert', 'b'), s('commit', 'commit')], { ...r, transactionOpen: true })).rejects.toThrow();
    expect(r.ran).toEqual(['b', 'ROLLBACK']);
  });
});
