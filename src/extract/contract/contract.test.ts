import { describe, expect, it } from 'vitest';
import { applyContract, InvalidRecord } from './contract.js';
import type { ColumnSpec } from './contract.js';
import { DriftTracker } from './drift.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: 'string', required: true },
  { name: 'updated_at', type: 'timestamp_tz', required: true, format: 'iso' },
  { name: 'severity_rank', type: 'integer', path: 'severity.rank' },
  { name: 'user_id', type: 'string', value: (_r, ctx) => ctx.key },
];
const ctx = { partition: 'companya', key: 'u-1' };

describe('applyContract', () => {
  it('builds the typed row from paths, computed values and coercions', () => {
    const out = applyContract({ id: 'A', updated_at: '2025-03-04T12:30:00Z', severity: { rank: '2' } }, columns, ctx);
    expect(out).toEqual({ ok: true, row: { id: 'A', updated_at: '2025-03-04T12:30:00.000Z', severity_rank: 2, user_id: 'u-1' } });
  });
  it('rejects a missing required field with its name', () => {
    const out = applyContract({ updated_at: '2025-03-04T12:30:00Z' }, columns, ctx);
    expect(out).toEqual({ ok: false, reason: "missing required field 'id'" });
  });
  it('collects every problem in one reason', () => {
    const out = applyContract({ id: null, updated_at: 'not a time', severity: { rank: 'high' } }, columns, ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.reason).toContain("missing required field 'id'");
      expect(out.reason).toContain("updated_at: 'not a time' is not a timestamp");
      expect(out.reason).toContain("severity_rank: 'high' is not an integer");
    }
  });
  it('rejects records that are not objects, and unparsable lines', () => {
    expect(applyContract([1, 2], columns, ctx)).toEqual({ ok: false, reason: 'record is not a JSON object (array)' });
    expect(applyContract(null, columns, ctx)).toEqual({ ok: false, reason: 'record is not a JSON object (null)' });
    expect(applyContract(new InvalidRecord('{x', 'the NDJSON line is not valid JSON'), columns, ctx)).toEqual({
      ok: false,
      reason: 'the NDJSON line is not valid JSON',
    });
  });
});

describe('DriftTracker', () => {
  it('reports added and missing fields once, with their names', () => {
    const d = new DriftTracker(['id', 'summary?', 'metrics', 'metrics.spend', 'metrics.cache_creation_input_tokens', 'breakdown?']);
    d.observe({ id: 1, metrics: { spend: 1, cache_creation_input_tokens: 0 } });
    d.observe({ id: 2, postmortem_document_url: 'x', metrics: { spend: 1, tool_call_requests: 0 } });
    d.observe({ id: 3, postmortem_document_url: 'y', metrics: { spend: 1 } });
    expect(d.takeReport()).toEqual({ added: ['metrics.tool_call_requests', 'postmortem_document_url'], missing: ['metrics.cache_creation_input_tokens'] });
    expect(d.takeReport()).toBeUndefined();
  });
  it('stays quiet without drift and never flags optional fields', () => {
    const d = new DriftTracker(['id', 'summary?']);
    d.observe({ id: 1 });
    expect(d.takeReport()).toBeUndefined();
  });
});
