import { createAdapter, getAdapterFactory, type Adapter, type AdapterFactory, type Dialect } from '../adapters/index.js';
import type { TargetConfig } from '../config/types.js';

/**
 * The warehouse of a command that may not need it (`opp compile`: only incremental models and
 * `run_query` do). Optional abilities of an adapter factory, behind type guards:
 *
 * - `connectionDialect(target)`: the dialect a connected adapter uses, without loading the driver;
 * - `probeWarehouse(target)`: `{ stamp, empty }`: a stamp that changes whenever the warehouse may have
 *   changed, and whether no relation can exist yet (DuckDB: no database file, or in memory).
 *
 * A factory without them gets its adapter created and connected at once, as before.
 */

export interface WarehouseProbe {
  readonly stamp: string;
  readonly empty: boolean;
}

interface ProbingFactory extends AdapterFactory {
  probeWarehouse(target: TargetConfig): WarehouseProbe;
  connectionDialect(target: TargetConfig): Dialect;
}

function isProbing(factory: AdapterFactory): factory is ProbingFactory {
  const f = factory as Partial<ProbingFactory>;
  return typeof f.probeWarehouse === 'function' && typeof f.connectionDialect === 'function';
}

/** The warehouse's probe, when the target's adapter can tell without connecting. */
export function probeWarehouse(target: TargetConfig): WarehouseProbe | undefined {
  const factory = getAdapterFactory(target.type);
  return isProbing(factory) ? factory.probeWarehouse(target) : undefined;
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
    const factory = getAdapterFactory(target.type);
    if (isProbing(factory)) return new LazyWarehouse(target, factory.connectionDialect(target));
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
