import { describe, expect, it } from 'vitest';
import { createBufferedWriter } from './writer.js';

describe('createBufferedWriter', () => {
  it('batches every line written in one tick into one stream write, on a microtask', async () => {
    const writes: string[] = [];
    const w = createBufferedWriter({ write: (s) => (writes.push(s), true) });
    for (let i = 0; i < 10_000; i++) w.write(`line ${i}\n`);
    expect(writes).toHaveLength(0);
    await Promise.resolve();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toHaveLength(10_001);
    w.write('later\n');
    await w.flush();
    expect(writes).toEqual([writes[0], 'later\n']);
  });

  it('flush waits for drain when the stream is full', async () => {
    let drain: (() => void) | undefined;
    const w = createBufferedWriter({ write: () => false, once: (_e, cb) => (drain = cb) });
    w.write('x\n');
    let done = false;
    const p = w.flush().then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    drain!();
    await p;
    expect(done).toBe(true);
  });

  it('writes 10,000 node lines with one write and little CPU', async () => {
    let bytes = 0;
    let calls = 0;
    const w = createBufferedWriter({ write: (s) => ((bytes += s.length), calls++, true) });
    const line = `12:34:56  1 of 10000 OK created sql view model main.stg_x${'.'.repeat(30)} [OK in 0.04s]\n`;
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 10_000; i++) w.write(line);
    await w.flush();
    const cpu = process.cpuUsage(cpu0);
    expect(bytes).toBe(line.length * 10_000);
    expect(calls).toBe(1);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(500);
  });
});
