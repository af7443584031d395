import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, looksSecret, registerSecretEnvVars, scrubSecrets } from './secrets.js';

describe('secret scrubbing', () => {
  afterEach(() => clearSecrets());

  it('treats credential-like names as secrets, including the PII hashing salt', () => {
    for (const name of ['SNOWFLAKE_PASSWORD', 'DD_API_KEY', 'GITHUB_COPILOT_TOKEN', 'private_key_passphrase', 'OPP_PII_SALT']) expect(looksSecret(name)).toBe(true);
    for (const name of ['HOME', 'SNOWFLAKE_ACCOUNT', 'OPP_PROFILES_DIR']) expect(looksSecret(name)).toBe(false);
  });

  it('scrubs the values of secret environment variables from any text', () => {
    registerSecretEnvVars({ OPP_PII_SALT: 'pepper-1234', HOME: '/root' });
    expect(scrubSecrets("sha256('pepper-1234' || lower(email)) from /root")).toBe("sha256('****' || lower(email)) from /root");
  });
});
