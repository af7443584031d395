import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, scrubSecrets } from '../errors/index.js';
import { renderEnvVars } from './render-env-vars.js';

afterEach(() => clearSecrets());

describe('renderEnvVars', () => {
  const env = { SF_ACCOUNT: 'acme-eu1', SF_PASSWORD: 'hunter2-secret', EMPTY: '' };

  it('leaves plain strings alone', () => {
    expect(renderEnvVars('plain', env)).toEqual({ ok: true, value: 'plain' });
  });

  it('renders env_var with and without default', () => {
    expect(renderEnvVars("{{ env_var('SF_ACCOUNT') }}", env)).toEqual({ ok: true, value: 'acme-eu1' });
    expect(renderEnvVars("{{ env_var('NOPE', 'fallback') }}", env)).toEqual({ ok: true, value: 'fallback' });
    expect(renderEnvVars("db_{{ env_var('SF_ACCOUNT') }}_x", env)).toEqual({ ok: true, value: 'db_acme-eu1_x' });
    expect(renderEnvVars("{{ env_var('EMPTY', 'd') }}", env)).toEqual({ ok: true, value: '' });
    expect(renderEnvVars("{{ env_var('THREADS', 4) | as_number }}", env)).toEqual({ ok: true, value: '4' });
  });

  it('reports the missing variable', () => {
    expect(renderEnvVars("{{ env_var('SF_USER') }}", env)).toEqual({ ok: false, missingVar: 'SF_USER', message: "environment variable 'SF_USER' is not set" });
  });

  it('reports template errors without throwing', () => {
    const r = renderEnvVars('{{ env_var( }}', env);
    expect(r.ok).toBe(false);
    expect(r.ok ? undefined : r.missingVar).toBeUndefined();
  });

  it('registers secret-looking variables for scrubbing', () => {
    renderEnvVars("{{ env_var('SF_PASSWORD') }}", env);
    expect(scrubSecrets('login with hunter2-secret')).toBe('login with ****');
  });
});
