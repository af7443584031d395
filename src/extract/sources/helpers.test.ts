import { describe, expect, it } from 'vitest';
import { mergeClaudeCodeRecords } from './claude-code.js';
import { deepSum, fillPath, listSetting } from './helpers.js';

describe('deepSum (LiteLLM split pages)', () => {
  it('adds numbers, merges objects key by key and keeps the first string', () => {
    const a = { date: '2026-03-01', metrics: { spend: 1.5, api_requests: 3 }, breakdown: { models: { 'gpt-4o': { metrics: { api_requests: 3 } } } } };
    const b = { date: '2026-03-01', metrics: { spend: 0.5, api_requests: 2 }, breakdown: { models: { 'gpt-4o': { metrics: { api_requests: 1 } }, claude: { metrics: { api_requests: 1 } } } } };
    expect(deepSum(a, b)).toEqual({
      date: '2026-03-01',
      metrics: { spend: 2, api_requests: 5 },
      breakdown: { models: { 'gpt-4o': { metrics: { api_requests: 4 } }, claude: { metrics: { api_requests: 1 } } } },
    });
  });
});

describe('mergeClaudeCodeRecords', () => {
  it('sums an actor split over terminal types, model breakdowns merged by model', () => {
    const base = { date: '2026-03-01T00:00:00Z', actor: { type: 'user_actor', email_address: 'a@x.test' }, customer_type: 'api' };
    const a = { ...base, terminal_type: 'vscode', core_metrics: { num_sessions: 2 }, model_breakdown: [{ model: 'm1', tokens: { input: 10 }, estimated_cost: { amount: 5, currency: 'USD' } }] };
    const b = {
      ...base,
      terminal_type: 'tmux',
      core_metrics: { num_sessions: 1 },
      model_breakdown: [
        { model: 'm1', tokens: { input: 5 }, estimated_cost: { amount: 1, currency: 'USD' } },
        { model: 'm2', tokens: { input: 7 }, estimated_cost: { amount: 2, currency: 'USD' } },
      ],
    };
    expect(mergeClaudeCodeRecords(a, b)).toEqual({
      ...base,
      terminal_type: 'tmux,vscode',
      core_metrics: { num_sessions: 3 },
      model_breakdown: [
        { model: 'm1', tokens: { input: 15 }, estimated_cost: { amount: 6, currency: 'USD' } },
        { model: 'm2', tokens: { input: 7 }, estimated_cost: { amount: 2, currency: 'USD' } },
      ],
    });
  });
});

describe('fillPath and listSetting', () => {
  it('fills and URL-encodes placeholders, and fails on a missing one', () => {
    expect(fillPath('/api/v1/slo/{key}/history', { key: 'a/b' })).toBe('/api/v1/slo/a%2Fb/history');
    expect(() => fillPath('/orgs/{org}/x', {})).toThrow(/\{org\}/);
  });
  it('splits comma lists', () => {
    expect(listSetting(' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(listSetting(undefined)).toEqual([]);
  });
});
