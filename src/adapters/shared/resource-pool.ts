/**
 * A small FIFO pool: creates resources lazily up to `max`, hands idle ones out first, and queues callers
 * when all are busy. Used for warehouse connections (DuckDB connections, Snowflake sessions).
 */
export class ResourcePool<T> {
  private readonly idle: T[] = [];
  private readonly all: T[] = [];
  private readonly waiters: ((resource: T) => void)[] = [];
  private creating = 0;
  private closed = false;

  constructor(
    private readonly max: number,
    private readonly create: () => Promise<T>,
    private readonly destroy: (resource: T) => void | Promise<void>,
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

  /** Destroys every resource; later `acquire` calls fail. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const all = this.all.splice(0);
    this.idle.length = 0;
    for (const resource of all) await this.destroy(resource);
  }
}
