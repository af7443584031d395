import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, throwIfAny } from '../errors/index.js';
import { projectFileIn } from './find-project-dir.js';
import { parseProjectConfig } from './parse-project-config.js';
import type { ProjectConfig } from './types.js';

export interface ReadProjectConfigOptions {
  /** Config keys contributed by adapters, accepted in folder configs. */
  readonly adapterConfigKeys?: readonly string[];
  /** Environment for env_var() in top-level settings. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Reads and validates `project.yml` (or `dbt_project.yml`) in `rootDir`. Every problem in the file is
 * collected and thrown at once (a ConfigError, or a DiagnosticsError holding several).
 */
export function readProjectConfig(rootDir: string, opts: ReadProjectConfigOptions = {}): ProjectConfig {
  const root = resolve(rootDir);
  const file = projectFileIn(root);
  if (!file) {
    throw new ConfigError('config/missing-key', `no project.yml or dbt_project.yml in ${root}`, {
      hint: 'create a project.yml with at least a name, or point --project-dir at the project folder.',
    });
  }
  let text: string;
  try {
    text = readFileSync(join(root, file), 'utf8');
  } catch (cause) {
    throw new ConfigError('config/invalid-value', `cannot read ${join(root, file)}`, { cause, location: { file } });
  }
  const { config, errors } = parseProjectConfig(text, {
    rootDir: root,
    file,
    ...(opts.adapterConfigKeys ? { adapterConfigKeys: opts.adapterConfigKeys } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  throwIfAny(errors);
  return config!;
}
