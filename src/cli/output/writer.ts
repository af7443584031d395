/** The part of a Node stream the writer uses (process.stdout, a file stream, a test double). */
export interface OutputStream {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
}

/** Where every byte opp prints goes. */
export interface OutputWriter {
  /** Queues text (include the newline); it is written on the next microtask or at `flush`. */
  write(text: string): void;
  /** Writes what is queued and waits until the stream has taken it. Call before exit. */
  flush(): Promise<void>;
}

/**
 * Batches writes: everything written in the same tick becomes one `stream.write`, on a microtask.
 * 10,000 lines written in a burst cost one system call instead of 10,000.
 */
export function createBufferedWriter(stream: OutputStream): OutputWriter {
  let chunks: string[] = [];
  let scheduled = false;
  let draining: Promise<void> | undefined;

  const drain = (): void => {
    scheduled = false;
    if (chunks.length === 0) return;
    const text = chunks.length === 1 ? chunks[0]! : chunks.join('');
    chunks = [];
    const ok = stream.write(text);
    if (!ok && stream.once && !draining) {
      draining = new Promise<void>((resolve) => {
        stream.once!('drain', () => {
          draining = undefined;
          resolve();
        });
      });
    }
  };

  return {
    write(text: string): void {
      chunks.push(text);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(drain);
      }
    },
    async flush(): Promise<void> {
      drain();
      if (draining) await draining;
    },
  };
}

/** A writer that keeps everything in memory (tests, `--output json` capture). */
export interface MemoryWriter extends OutputWriter {
  text(): string;
  /** The text split into lines, without the trailing empty line. */
  lines(): string[];
}

export function createMemoryWriter(): MemoryWriter {
  const chunks: string[] = [];
  return {
    write(text: string): void {
      chunks.push(text);
    },
    async flush(): Promise<void> {},
    text: () => chunks.join(''),
    lines(): string[] {
      const all = chunks.join('').split('\n');
      if (all.at(-1) === '') all.pop();
      return all;
    },
  };
}
