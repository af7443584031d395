/**
 * Serialises warehouse writes. Sources fetch in parallel, but their stage → merge → watermark
 * sequences run one at a time: an embedded DuckDB file has one writer, and two merges into the same
 * RAW table must not interleave on any engine.
 */
export class WriteLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
