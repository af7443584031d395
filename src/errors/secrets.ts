/**
 * Secret scrubbing. Every credential opp reads (passwords, API keys, private-key passphrases, values of
 * environment variables whose names look secret) is registered here, and every message, log line and
 * artifact passes through `scrubSecrets` before it leaves the process.
 */
const secrets = new Set<string>();
const MIN_SECRET_LENGTH = 4;
const SECRET_NAME = /(pass(word|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|auth|salt|pepper)/i;

export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
}

/** True when a key or environment variable name suggests its value is a credential. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Registers the values of every environment variable whose name looks like a credential. */
export function registerSecretEnvVars(env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, value] of Object.entries(env)) if (looksSecret(name)) registerSecret(value);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('****');
  }
  return out;
}

/** Test hook: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}
