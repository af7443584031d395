/** readDemoTarget: the warehouse target the CLI will use for a project (profiles.yml, --target). */
import { existsSync, rmSync } from 'node:fs';
import { getAdapterFactory, knownConfigKeys } from '../adapters/index.js';
import { readProjectConfig, resolveTarget, type TargetConfig } from '../config/index.js';

/** As the CLI resolves it: profiles.yml in the project folder, then the adapter's defaults (DuckDB: the file path relative to the project). */
export function readDemoTarget(projectDir: string, targetName: string | undefined): TargetConfig {
  const project = readProjectConfig(projectDir, { adapterConfigKeys: knownConfigKeys() });
  const resolved = resolveTarget({ project, profilesDir: projectDir, ...(targetName ? { targetName } : {}) });
  const factory = getAdapterFactory(resolved.type);
  return factory.prepareTarget ? factory.prepareTarget(resolved, project) : resolved;
}

/** The DuckDB file of a target, or undefined for other warehouses and in-memory databases. */
export function duckdbFileOf(target: TargetConfig): string | undefined {
  const path = target.settings['path'];
  return target.type === 'duckdb' && typeof path === 'string' && !path.startsWith(':memory:') ? path : undefined;
}

/** Deletes a DuckDB file and its write-ahead log, so the demo starts from an empty warehouse. */
export function removeDuckdbFile(path: string): void {
  for (const p of [path, `${path}.wal`]) if (existsSync(p)) rmSync(p, { force: true });
}
