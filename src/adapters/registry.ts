import type { TargetConfig } from '../config/types.js';
import { ConfigError } from '../errors/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { Adapter, AdapterFactory, Dialect } from './contract.js';
import { duckdbAdapterFactory } from './duckdb/duckdb-factory.js';
import { snowflakeAdapterFactory } from './snowflake/snowflake-factory.js';

/**
 * Adapter factories by target `type`. DuckDB is registered here statically; an adapter whose driver is
 * costly to load (Snowflake: snowflake-sdk) registers a factory whose `create` imports the driver lazily,
 * so DuckDB users never pay for it.
 */
const factories = new Map<string, AdapterFactory>();

export function registerAdapter(factory: AdapterFactory): void {
  factories.set(factory.type.toLowerCase(), factory);
}

registerAdapter(duckdbAdapterFactory);
// Its `create` imports the adapter and snowflake-sdk on first use only.
registerAdapter(snowflakeAdapterFactory);

/** Registered target types, sorted. */
export function knownAdapterTypes(): string[] {
  return [...factories.keys()].sort();
}

/** The factory for `type`; an unknown type is a ConfigError listing the known ones. */
export function getAdapterFactory(type: string): AdapterFactory {
  const factory = factories.get(type.toLowerCase());
  if (factory) return factory;
  const known = knownAdapterTypes();
  const suggestion = didYouMean(type, known);
  throw new ConfigError(
    'config/unknown-adapter',
    `no adapter for target type '${type}' (known: ${known.join(', ')})`,
    { hint: suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : `Set type to one of: ${known.join(', ')}.` },
  );
}

/** The target's dialect, without loading its driver. */
export function createDialect(target: TargetConfig): Dialect {
  return getAdapterFactory(target.type).createDialect(target);
}

/** Builds (does not connect) the adapter for a target. */
export async function createAdapter(target: TargetConfig): Promise<Adapter> {
  return getAdapterFactory(target.type).create(target);
}

/** Every model config key some adapter adds (`cluster_by`, ...), for strict config validation. */
export function knownConfigKeys(): string[] {
  const keys = new Set<string>();
  for (const factory of factories.values()) for (const key of factory.configKeys) keys.add(key);
  return [...keys].sort();
}

/** Every target key some adapter reads from profiles.yml, for strict profile validation. */
export function knownTargetKeys(): string[] {
  const keys = new Set<string>();
  for (const factory of factories.values()) for (const key of factory.targetKeys) keys.add(key);
  return [...keys].sort();
}
