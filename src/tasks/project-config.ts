import { getAdapterFactory, knownConfigKeys } from '../adapters/index.js';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import { findProjectDir, readProjectConfig, resolveTarget } from '../config/index.js';
import { registerSecretEnvVars } from '../errors/index.js';

/** What every command that reads the project needs: flags shared by all commands. */
export interface SessionOptions {
  readonly projectDir?: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly threads?: number;
  /** `--vars` YAML text. */
  readonly vars?: string;
  /** The command (`run`, `build`, ...), readable in templates as `flags.WHICH`. */
  readonly command: string;
  readonly fullRefresh?: boolean;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The console's invocation id, so logs and artifacts agree. */
  readonly invocationId?: string;
  /**
   * Leave writing the parse cache to the command (`ProjectSession.writeParseCache()`, after its real
   * work), keeping serialisation off the critical path. Commands that do not call it leave this unset.
   */
  readonly deferParseCache?: boolean;
}

/** project.yml, the target and the environment, read and validated. */
export interface OpenedProjectConfig {
  readonly config: ProjectConfig;
  readonly target: TargetConfig;
  readonly env: NodeJS.ProcessEnv;
}

/** Finds, reads and validates the project and its target, without parsing models. */
export function openProjectConfig(opts: SessionOptions): OpenedProjectConfig {
  const env = opts.env ?? process.env;
  registerSecretEnvVars(env);
  const rootDir = findProjectDir(opts.projectDir ?? opts.cwd ?? process.cwd());
  const adapterConfigKeys = knownConfigKeys();
  const config = readProjectConfig(rootDir, { adapterConfigKeys, env });
  const resolved = resolveTarget({
    project: config,
    ...(opts.profilesDir !== undefined ? { profilesDir: opts.profilesDir } : {}),
    ...(opts.target !== undefined ? { targetName: opts.target } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    env,
  });
  const factory = getAdapterFactory(resolved.type); // an unknown type fails here, before any file is parsed
  const target = factory.prepareTarget ? factory.prepareTarget(resolved, config) : resolved;
  return { config, target, env };
}
