/**
 * A small FIFO pool: creates resources lazily up to `max`, hands idle ones out first, and queues callers
 * when all are busy. Used for warehouse connections (DuckDB connections, Snowflake sessions).
 */
export class ResourcePool<T> {
  private readonly idle: T[] = [];
  private readonly all: T[] = [];
  private readonly waiters: ((resource: T) => void)[] = [];
  /** Resources handed out while the pool closes: resolved when they come back. */
  private readonly returned = new Map<T, () => void>();
  private creating = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly max: number,
    private readonly create: () => Promise<T>,
    private readonly destroy: (resource: T) => void | Promise<void>,
    /** How long `close` waits for a resource in use to come back before destroying it anyway. */
    private readonly opts: { readonly closeGraceMs?: number } = {},
  ) {
    if (!(max >= 1)) throw new RangeError(`pool size must be at least 1, got ${max}`);
  }

  get size(): number {
    return this.all.length;
  }

  /** Adds an already-created resource (e.g. the first connection opened by `connect`). */
  add(resource: T): void {
    this.all.push(resource);
    this.release(resource);
  }

  async acquire(): Promise<T> {
    if (this.closed) throw new Error('the connection pool is closed');
    const ready = this.idle.pop();
    if (ready !== undefined) return ready;
    if (this.all.length + this.creating < this.max) {
      this.creating++;
      try {
        const resource = await this.create();
        this.all.push(resource);
        return resource;
      } finally {
        this.creating--;
      }
    }
    return new Promise<T>((resolve) => this.waiters.push(resolve));
  }

  release(resource: T): void {
    if (this.closed) {
      this.returned.get(resource)?.();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(resource);
    else this.idle.push(resource);
  }

  /** Runs `fn` with a resource and always gives it back. */
  async use<R>(fn: (resource: T) => Promise<R>): Promise<R> {
    const resource = await this.acquire();
    try {
      return await fn(resource);
    } finally {
      this.release(resource);
    }
  }

  /**
   * Destroys every resource; later `acquire` calls fail. Resources still in use are first offered to
   * `interrupt` (cancel their work) and destroyed once they are released — destroying a native
   * connection under a running query crashes the process — or, for a resource never given back, after
   * `closeGraceMs` (default 10 s). Idempotent.
   */
  close(interrupt?: (resource: T) => void): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    const idle = new Set(this.idle);
    const inUse = this.all.filter((r) => !idle.has(r));
    const backs = inUse.map((r) => new Promise<void>((resolve) => this.returned.set(r, resolve)));
    for (const r of inUse) interrupt?.(r);
    const grace = this.opts.closeGraceMs ?? 10_000;
    this.closing = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)));
      await Promise.race([Promise.all(backs), timeout]);
      clearTimeout(timer);
      const all = this.all.splice(0);
      this.idle.length = 0;
      this.returned.clear();
      for (const resource of all) await this.destroy(resource);
    })();
    return this.closing;
  }
}
