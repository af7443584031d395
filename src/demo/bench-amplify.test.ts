import { describe, expect, it } from 'vitest';
import { AMPLIFIED_TABLES, buildAmplifySql } from './bench-amplify.js';

describe('buildAmplifySql', () => {
  it('adds copies 1..n-1 of each amplified table with suffixed identities and keys', () => {
    const sql = buildAmplifySql(4);
    expect(sql).toHaveLength(AMPLIFIED_TABLES.length);
    const incidents = sql.find((s) => s.startsWith('create or replace table raw.incident_io__incidents '))!;
    expect(incidents).toContain("id || '~' || k as id");
    expect(incidents).toContain("_key || '~' || k as _key");
    expect(incidents).toContain('range(1, 4)');
    const cursor = sql.find((s) => s.startsWith('create or replace table raw.cursor__daily_usage '))!;
    expect(cursor).toContain("regexp_replace(email, '@', '+' || k || '@') as email");
    // directories are appended to; dated tables rewritten in the order daily extracts append them
    expect(sql.find((s) => s.startsWith('insert into raw.cursor__members '))).toBeDefined();
    expect(cursor).toMatch(/ order by date, _key$/);
    expect(incidents).toMatch(/ order by updated_at, _key$/);
  });

  it('does nothing for fewer than two copies', () => {
    expect(buildAmplifySql(1)).toEqual([]);
    expect(buildAmplifySql(0)).toEqual([]);
  });

  it('never copies reference lists', () => {
    const tables = AMPLIFIED_TABLES.map((t) => t.table);
    for (const ref of ['incident_io__severities', 'incident_io__incident_timestamps', 'incident_io__catalog_entries', 'datadog__slos', 'github_copilot__seats']) {
      expect(tables).not.toContain(ref);
    }
  });
});
