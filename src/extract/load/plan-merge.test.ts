import { describe, expect, it } from 'vitest';
import type { Dialect, MergeOptions, RelationRef, Statement } from '../../adapters/contract.js';
import { incidentIoSource } from '../sources/index.js';
import { planWatermarkWrite } from '../state/index.js';
import { planStageInsert, planStageMerge } from './plan-merge.js';
import { buildRawTableSpec, buildRejectsSpec } from './raw-table.js';

/** A minimal ANSI dialect: the planners only need quoting, relation names and merge/insert builders. */
const q = (n: string) => `"${n.replace(/"/g, '""')}"`;
const rel = (r: RelationRef) => [r.database, r.schema, r.identifier].filter(Boolean).map((p) => q(p!)).join('.');
const dialect = {
  quoteIdentifier: q,
  quoteLiteral: (v: unknown) => (v instanceof Date ? `TIMESTAMP '${v.toISOString()}'` : typeof v === 'string' ? `'${v.replace(/'/g, "''")}'` : String(v)),
  normalizeName: (n: string) => n,
  relationName: rel,
  insertInto: (r: RelationRef, cols: readonly string[], select: string) => `insert into ${rel(r)} (${cols.map(q).join(', ')}) ${select}`,
  merge: (t: RelationRef, s: RelationRef, o: MergeOptions): Statement[] => [{ purpose: 'merge', sql: `MERGE ${rel(t)} USING ${rel(s)} ON ${o.uniqueKey.join(',')} COLS ${o.columns.length}` }],
  deleteInsert: (t: RelationRef, s: RelationRef, o: MergeOptions): Statement[] => [
    { purpose: 'delete', sql: `DELETE ${rel(t)} KEYS ${o.uniqueKey.join(',')}` },
    { purpose: 'insert', sql: `INSERT ${rel(t)} FROM ${rel(s)}` },
  ],
} as unknown as Dialect;

const incidents = incidentIoSource.streams.find((s) => s.name === 'incidents')!;

describe('buildRawTableSpec', () => {
  it('adds the metadata columns around the typed ones and keys on (partition, _key)', () => {
    const spec = buildRawTableSpec(incidentIoSource, incidents, 'Company A', { schema: 'raw' });
    expect(spec.ref).toEqual({ schema: 'raw', identifier: 'incident_io__incidents' });
    expect(spec.stage).toEqual({ schema: 'raw', identifier: 'incident_io__incidents__opp_stage__company_a' });
    const names = spec.columns.map((c) => c.name);
    expect(names.slice(0, 4)).toEqual(['_source', '_workspace', '_key', 'id']);
    expect(names.slice(-4)).toEqual(['_raw', '_record_hash', '_extracted_at', '_run_id']);
    expect(spec.columns.find((c) => c.name === '_raw')!.type).toBe('json');
    expect(spec.columns.find((c) => c.name === 'updated_at')!.type).toBe('timestamp_tz');
    expect(spec.uniqueKey).toEqual(['_workspace', '_key']);
  });
});

describe('planStageMerge', () => {
  const spec = buildRawTableSpec(incidentIoSource, incidents, 'companya', { schema: 'raw' });

  it('drops unchanged staged rows, merges once on the key, then clears the stage', () => {
    const steps = planStageMerge(dialect, spec, true);
    expect(steps.map((s) => s.purpose)).toEqual(['delete', 'merge', 'delete']);
    expect(steps[0]!.sql).toBe(
      'delete from "raw"."incident_io__incidents__opp_stage__companya" where ("_workspace", "_key", "_record_hash") in ' +
        '(select r."_workspace", r."_key", r."_record_hash" from "raw"."incident_io__incidents" as r inner join "raw"."incident_io__incidents__opp_stage__companya" as s ' +
        'on r."_workspace" = s."_workspace" and r."_key" = s."_key" and r."_record_hash" = s."_record_hash")',
    );
    expect(steps[1]!.sql).toBe(`MERGE "raw"."incident_io__incidents" USING "raw"."incident_io__incidents__opp_stage__companya" ON _workspace,_key COLS ${spec.columns.length}`);
    expect(steps[2]!.sql).toBe('delete from "raw"."incident_io__incidents__opp_stage__companya"');
  });

  it('falls back to delete+insert without native MERGE', () => {
    expect(planStageMerge(dialect, spec, false).map((s) => s.purpose)).toEqual(['delete', 'delete', 'insert', 'delete']);
  });

  it('appends rejects not already kept', () => {
    const steps = planStageInsert(dialect, buildRejectsSpec('companya', { schema: 'raw' }));
    expect(steps.map((s) => s.purpose)).toEqual(['delete', 'insert', 'delete']);
    expect(steps[0]!.sql).toContain('("source", "stream", "workspace", "record_hash") in');
    expect(steps[1]!.sql).toMatch(/^insert into "raw"."_rejects" \("source", "stream", "raw_table", "workspace", "record", "reason", "record_hash", "rejected_at", "run_id"\) select/);
  });
});

describe('planWatermarkWrite', () => {
  it('replaces one (source, partition) row with literals, nothing else', () => {
    const steps = planWatermarkWrite(dialect, { schema: 'raw', identifier: '_opp_watermarks' }, {
      source: 'incident_io.incidents',
      partition: "o'brien",
      watermark: '2026-03-31T12:00:00.000Z',
      updatedAt: Date.parse('2026-04-01T00:00:00Z'),
      runId: 'r1',
    });
    expect(steps.map((s) => s.sql)).toEqual([
      `delete from "raw"."_opp_watermarks" where "source" = 'incident_io.incidents' and "partition" = 'o''brien'`,
      `insert into "raw"."_opp_watermarks" ("source", "partition", "watermark", "updated_at", "run_id") select 'incident_io.incidents', 'o''brien', '2026-03-31T12:00:00.000Z', TIMESTAMP '2026-04-01T00:00:00.000Z', 'r1'`,
    ]);
  });
});
