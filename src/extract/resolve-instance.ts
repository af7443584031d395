import { ExtractError, registerSecret } from '../errors/index.js';
import type { SourceDescriptor, SourceInstanceConfig } from './sources/index.js';

/** An instance with its credentials, base URL and settings read from the environment. */
export interface ResolvedInstance {
  readonly kind: string;
  readonly name: string;
  /** `<kind>.<name>` */
  readonly fullName: string;
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly authBody: Readonly<Record<string, unknown>>;
  readonly settings: Readonly<Record<string, string>>;
}

function envName(template: string, instance: string): string {
  return template.replace(/\{INSTANCE\}/g, instance.toUpperCase().replace(/[^A-Z0-9]+/g, '_'));
}

/**
 * Reads an instance's credentials (registering each as a secret), base URL and settings. Problems are
 * collected and returned as one `extract/config` error naming every variable to set.
 */
export function resolveInstance(
  descriptor: SourceDescriptor,
  cfg: SourceInstanceConfig,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedInstance {
  const problems: string[] = [];
  const creds: Record<string, string> = {};
  for (const spec of descriptor.credentials) {
    const name = cfg.env?.[spec.name] ?? envName(spec.env, cfg.name);
    const value = env[name];
    if (value === undefined || value === '') {
      if (spec.required !== false) problems.push(name);
      continue;
    }
    registerSecret(value);
    creds[spec.name] = value;
  }
  const baseEnv = cfg.env?.baseUrl ?? envName(descriptor.baseUrl.env, cfg.name);
  const baseUrl = env[`${baseEnv}_${envName('{INSTANCE}', cfg.name)}`] || env[baseEnv] || descriptor.baseUrl.default;
  if (!baseUrl) problems.push(baseEnv);
  const settings: Record<string, string> = {};
  for (const spec of descriptor.settings ?? []) {
    const fromEnv = spec.env !== undefined ? env[cfg.env?.[spec.name] ?? envName(spec.env, cfg.name)] : undefined;
    const value = cfg.settings?.[spec.name] ?? (fromEnv || undefined) ?? spec.default;
    if (value === undefined) {
      if (spec.required) problems.push(spec.env !== undefined ? envName(spec.env, cfg.name) : `settings.${spec.name}`);
      continue;
    }
    settings[spec.name] = value;
  }
  const fullName = `${cfg.kind}.${cfg.name}`;
  if (problems.length > 0) {
    throw new ExtractError('extract/config', `${fullName} is not configured: ${problems.join(', ')} ${problems.length === 1 ? 'is' : 'are'} not set`, {
      retryable: false,
      hint: `Set ${problems.join(', ')} in the environment (or leave ${fullName} out with --source).`,
    });
  }
  return {
    kind: cfg.kind,
    name: cfg.name,
    fullName,
    baseUrl: baseUrl!,
    headers: descriptor.headers(creds),
    authBody: descriptor.body?.(creds) ?? {},
    settings,
  };
}
