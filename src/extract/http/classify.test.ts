import { describe, expect, it } from 'vitest';
import { classifyStatus, readErrorMessage } from './classify.js';

const h = (x: Record<string, string> = {}) => ({ get: (n: string) => x[n] ?? null });

describe('classifyStatus', () => {
  it('retries 429, 5xx and 408 only', () => {
    expect(classifyStatus(200, h())).toBe('ok');
    expect(classifyStatus(204, h())).toBe('ok');
    expect(classifyStatus(429, h())).toBe('rate-limited');
    expect(classifyStatus(500, h())).toBe('server-error');
    expect(classifyStatus(503, h())).toBe('server-error');
    expect(classifyStatus(408, h())).toBe('server-error');
  });
  it('never retries auth failures', () => {
    expect(classifyStatus(401, h())).toBe('auth');
    expect(classifyStatus(403, h())).toBe('auth');
  });
  it('treats a GitHub 403 with no quota left (or retry-after) as a rate limit', () => {
    expect(classifyStatus(403, h({ 'x-ratelimit-remaining': '0' }))).toBe('rate-limited');
    expect(classifyStatus(403, h({ 'retry-after': '30' }))).toBe('rate-limited');
  });
  it('does not retry other client errors', () => {
    expect(classifyStatus(400, h())).toBe('client-error');
    expect(classifyStatus(404, h())).toBe('client-error');
    expect(classifyStatus(422, h())).toBe('client-error');
  });
});

describe('readErrorMessage', () => {
  it('reads each vendor envelope', () => {
    expect(readErrorMessage({ errors: [{ code: 'x', message: 'slow down' }] })).toBe('slow down');
    expect(readErrorMessage({ type: 'error', error: { type: 'rate_limit_error', message: 'too many' } })).toBe('too many');
    expect(readErrorMessage({ errors: ['Forbidden'] })).toBe('Forbidden');
    expect(readErrorMessage({ message: 'bad' })).toBe('bad');
    expect(readErrorMessage({ error: 'nope' })).toBe('nope');
    expect(readErrorMessage({})).toBeUndefined();
  });
});
