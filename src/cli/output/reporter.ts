import type { RunEvent } from '../../run/index.js';

/** Receives every event of a command. `handle` is bound: pass it as `runDag`'s `onEvent`. */
export interface Reporter {
  readonly handle: (event: RunEvent) => void;
  /** Writes what is buffered. Call before exit. */
  flush(): Promise<void>;
}

/** Sends every event to each reporter (the console and logs/opp.log). */
export function combineReporters(...reporters: readonly Reporter[]): Reporter {
  return {
    handle: (event) => {
      for (const r of reporters) r.handle(event);
    },
    flush: async () => {
      await Promise.all(reporters.map((r) => r.flush()));
    },
  };
}

/** `HH:MM:SS` of an epoch-milliseconds time, cached per second (dbt prints UTC). */
export function createClockFormatter(timezone: 'utc' | 'local' = 'utc'): (ms: number) => string {
  let lastSecond = -1;
  let last = '';
  return (ms: number): string => {
    const second = Math.floor(ms / 1000);
    if (second !== lastSecond) {
      const d = new Date(second * 1000);
      const [h, m, s] = timezone === 'utc' ? [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()] : [d.getHours(), d.getMinutes(), d.getSeconds()];
      last = `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
      lastSecond = second;
    }
    return last;
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
