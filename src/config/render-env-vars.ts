import { createRequire } from 'node:module';
import type { Environment } from 'nunjucks';
import { looksSecret, registerSecret } from '../errors/index.js';

/** Raised inside a template when `env_var('X')` has no default and X is unset. */
class MissingEnvVar extends Error {
  constructor(readonly variable: string) {
    super(`environment variable '${variable}' is not set`);
  }
}

export type EnvRenderResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly missingVar?: string; readonly message: string };

let environment: Environment | undefined;

/** nunjucks is loaded on first use: most profiles have no templates, and start-up time matters. */
function getEnvironment(): Environment {
  if (!environment) {
    const require = createRequire(import.meta.url);
    const nunjucks = require('nunjucks') as typeof import('nunjucks');
    environment = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
    // dbt's casting filters: the caller converts typed keys (threads, port, ...) after rendering.
    for (const name of ['as_text', 'as_number', 'as_bool', 'as_native']) environment.addFilter(name, (v: unknown) => v);
  }
  return environment;
}

/** True when a YAML string needs rendering. */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * Renders `{{ env_var('X') }}` / `{{ env_var('X', 'default') }}` in one string value (Jinja syntax,
 * rendered with nunjucks). Values of variables whose names look secret are registered for scrubbing.
 * Never throws: a missing variable or a template error comes back as `ok: false`.
 */
export function renderEnvVars(text: string, env: NodeJS.ProcessEnv): EnvRenderResult {
  if (!isTemplated(text)) return { ok: true, value: text };
  let missing: string | undefined;
  const envVar = (name: unknown, fallback?: unknown): string => {
    const key = String(name);
    const value = env[key];
    if (value !== undefined) {
      if (looksSecret(key)) registerSecret(value);
      return value;
    }
    if (fallback !== undefined) return String(fallback);
    missing = key;
    throw new MissingEnvVar(key);
  };
  try {
    const value = getEnvironment().renderString(text, { env_var: envVar });
    return { ok: true, value };
  } catch (err) {
    if (missing !== undefined) {
      return { ok: false, missingVar: missing, message: `environment variable '${missing}' is not set` };
    }
    const message = err instanceof Error ? err.message.replace(/\s+/g, ' ').trim() : String(err);
    return { ok: false, message: `cannot render ${JSON.stringify(text)}: ${message}` };
  }
}
