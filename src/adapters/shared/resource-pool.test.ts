import { describe, expect, it } from 'vitest';
import { ResourcePool } from './resource-pool.js';

describe('ResourcePool', () => {
  it('creates lazily up to max, then queues callers in order', async () => {
    let created = 0;
    const destroyed: number[] = [];
    const pool = new ResourcePool<number>(2, async () => ++created, (n) => void destroyed.push(n));
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect([a, b]).toEqual([1, 2]);
    const order: string[] = [];
    const c = pool.acquire().then((n) => order.push(`c:${n}`));
    const d = pool.acquire().then((n) => order.push(`d:${n}`));
    pool.release(b);
    pool.release(a);
    await Promise.all([c, d]);
    expect(order).toEqual(['c:2', 'd:1']);
    expect(created).toBe(2);
    await pool.close();
    await pool.close();
    expect(destroyed.sort()).toEqual([1, 2]);
    await expect(pool.acquire()).rejects.toThrow(/closed/);
  });

  it('gives the resource back even when the user throws', async () => {
    const pool = new ResourcePool<string>(1, async () => 'conn', () => undefined);
    await expect(pool.use(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await pool.use(async (r) => r)).toBe('conn');
  });

  it('rejects a size below one', () => {
    expect(() => new ResourcePool<number>(0, async () => 1, () => undefined)).toThrow(RangeError);
  });
});
