import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, ExtractError, scrubSecrets } from '../errors/index.js';
import { resolveInstance } from './resolve-instance.js';
import { githubCopilotSource, incidentIoSource, windsurfSource } from './sources/index.js';

afterEach(() => clearSecrets());

describe('resolveInstance', () => {
  it('reads the per-workspace key, registers it as a secret and builds the auth header', () => {
    const r = resolveInstance(incidentIoSource, { kind: 'incident_io', name: 'companyb' }, { INCIDENT_IO_API_KEY_COMPANYB: 'inc-key-b-123' });
    expect(r.fullName).toBe('incident_io.companyb');
    expect(r.headers.authorization).toBe('Bearer inc-key-b-123');
    expect(r.baseUrl).toBe('https://api.incident.io');
    expect(scrubSecrets('x inc-key-b-123 y')).toBe('x **** y');
  });
  it('lets configuration rename variables and override the base URL per instance', () => {
    const r = resolveInstance(
      incidentIoSource,
      { kind: 'incident_io', name: 'companyd', env: { apiKey: 'MY_KEY' } },
      { MY_KEY: 'k-d-1234', INCIDENT_IO_BASE_URL: 'http://127.0.0.1:1', INCIDENT_IO_BASE_URL_COMPANYD: 'http://127.0.0.1:2' },
    );
    expect(r.headers.authorization).toBe('Bearer k-d-1234');
    expect(r.baseUrl).toBe('http://127.0.0.1:2');
  });
  it('puts Windsurf service_key in the body, never in headers', () => {
    const r = resolveInstance(windsurfSource, { kind: 'windsurf', name: 'default' }, { WINDSURF_SERVICE_KEY: 'svc-key-9' });
    expect(r.authBody).toEqual({ service_key: 'svc-key-9' });
    expect(Object.values(r.headers)).not.toContain('svc-key-9');
    expect(r.settings.filterGte).toBe('QUERY_FILTER_GE');
  });
  it('names every missing variable in one config error', () => {
    const err = (() => {
      try {
        resolveInstance(githubCopilotSource, { kind: 'github_copilot', name: 'default' }, {});
      } catch (e) {
        return e;
      }
      return undefined;
    })() as ExtractError;
    expect(err).toBeInstanceOf(ExtractError);
    expect(err.code).toBe('extract/config');
    expect(err.message).toContain('GITHUB_COPILOT_TOKEN');
    expect(err.message).toContain('GITHUB_COPILOT_ORG');
  });
});
