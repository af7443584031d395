/** readDemoTarget: the warehouse target the CLI will use for a project (profiles.yml, --target). */
import { existsSync, rmSync } from 'node:fs';
import type { TargetConfig } from '../config/index.js';
import { openProjectConfig } from '../tasks/index.js';

/** The target the CLI will use for a project (profiles.yml in the project folder, `--target`), resolved exactly as the CLI does. */
export function readDemoTarget(projectDir: string, targetName: string | undefined): TargetConfig {
  return openProjectConfig({ command: 'demo', projectDir, profilesDir: projectDir, ...(targetName ? { target: targetName } : {}) }).target;
}

/** The local database file of a target (an embedded DuckDB's `path`), or undefined for warehouses and in-memory databases. */
export function duckdbFileOf(target: TargetConfig): string | undefined {
  const path = target.settings['path'];
  return typeof path === 'string' && !path.startsWith(':memory:') ? path : undefined;
}

/** Deletes a DuckDB file and its write-ahead log, so the demo starts from an empty warehouse. */
export function removeDuckdbFile(path: string): void {
  for (const p of [path, `${path}.wal`]) if (existsSync(p)) rmSync(p, { force: true });
}
