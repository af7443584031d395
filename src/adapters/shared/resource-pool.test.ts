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
    const c = pool.acquire().then((n) => (order.push(`c:${n}`), n));
    const d = pool.acquire().then((n) => (order.push(`d:${n}`), n));
    pool.release(b);
    pool.release(a);
    const [gotC, gotD] = await Promise.all([c, d]);
    expect(order).toEqual(['c:2', 'd:1']);
    expect(created).toBe(2);
    pool.release(gotC);
    pool.release(gotD);
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

describe('ResourcePool.close with resources in use', () => {
  it('interrupts a resource in use and destroys it only after it is released', async () => {
    const events: string[] = [];
    const pool = new ResourcePool<string>(2, async () => 'conn', (r) => void events.push(`destroy ${r}`));
    const held = await pool.acquire();
    const closed = pool.close((r) => events.push(`interrupt ${r}`));
    await Promise.resolve();
    expect(events).toEqual(['interrupt conn']);
    pool.release(held);
    await closed;
    expect(events).toEqual(['interrupt conn', 'destroy conn']);
    await expect(pool.acquire()).rejects.toThrow('closed');
  });

  it('destroys a resource never given back once the grace period is over', async () => {
    const destroyed: string[] = [];
    const pool = new ResourcePool<string>(1, async () => 'leaked', (r) => void destroyed.push(r), { closeGraceMs: 20 });
    await pool.acquire();
    await pool.close();
    expect(destroyed).toEqual(['leaked']);
  });
});
