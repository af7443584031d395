import { createAdapter, getAdapterFactory, type Adapter, type Dialect, type WarehouseProbe } from '../adapters/index.js';
import type { TargetConfig } from '../config/types.js';

/**
 * The warehouse of a command that may not need it (`opp compile`: only incremental models and
 * `run_query` do). A factory that can describe its warehouse without connecting
 * (`AdapterFactory.probeWarehouse` / `connectionDialect`) loads nothing until the adapter is asked for;
 * any other gets its adapter created and connected at once.
 */

/** The warehouse's probe, when the target's adapter can tell without connecting. */
export function probeWarehouse(target: TargetConfig): WarehouseProbe | undefined {
  return getAdapterFactory(target.type).probeWarehouse?.(target);
}

async function connect(adapter: Adapter): Promise<Adapter> {
  try {
    await adapter.connect();
  } catch (err) {
    await adapter.close().catch(() => undefined);
    throw err;
  }
  return adapter;
}

/** An adapter created and connected on first use; `close()` closes it if it was ever opened. */
export class LazyWarehouse {
  private opening: Promise<Adapter> | undefined;
  /** The connected adapter's dialect (known before connecting when the factory can tell). */
  readonly dialect: Dialect;

  private constructor(
    private readonly target: TargetConfig,
    dialect: Dialect,
  ) {
    this.dialect = dialect;
  }

  /**
   * For a factory that can describe its warehouse without connecting, nothing is loaded yet; otherwise
   * the adapter is created and connected now (its dialect is the adapter's).
   */
  static async open(target: TargetConfig): Promise<LazyWarehouse> {
    const dialect = getAdapterFactory(target.type).connectionDialect?.(target);
    if (dialect) return new LazyWarehouse(target, dialect);
    const adapter = await connect(await createAdapter(target));
    const lazy = new LazyWarehouse(target, adapter.dialect);
    lazy.opening = Promise.resolve(adapter);
    return lazy;
  }

  /** True once the adapter was asked for (it is then connected, or failed to connect). */
  get opened(): boolean {
    return this.opening !== undefined;
  }

  /** The connected adapter (created and connected on the first call). */
  adapter(): Promise<Adapter> {
    this.opening ??= createAdapter(this.target).then(connect);
    return this.opening;
  }

  async close(): Promise<void> {
    const adapter = await this.opening?.catch(() => undefined);
    await adapter?.close();
  }
}
