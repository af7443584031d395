import { describe, expect, it } from 'vitest';
import { buildStoreFailuresAs, buildTestOutcome, buildTestRunConfig, buildTestSql } from './build-test-sql.js';

describe('buildTestSql (dbt default__get_test_sql)', () => {
  it('wraps the test query', () => {
    const sql = buildTestSql('select * from t where x is null', { failCalc: 'count(*)', warnIf: '!= 0', errorIf: '>10' }, 5);
    expect(sql).toBe(
      [
        'select',
        '      count(*) as failures,',
        '      count(*) != 0 as should_warn,',
        '      count(*) >10 as should_error',
        '    from (',
        '      select * from t where x is null',
        '      limit 5',
        '    ) dbt_internal_test',
      ].join('\n'),
    );
  });
});

describe('buildTestRunConfig', () => {
  it("fills dbt's defaults and upper-cases severity", () => {
    expect(buildTestRunConfig({ severity: 'warn' })).toEqual({ severity: 'WARN', failCalc: 'count(*)', warnIf: '!= 0', errorIf: '!= 0' });
    expect(buildTestRunConfig({ fail_calc: 'sum(n_records)', limit: 3, store_failures: true })).toMatchObject({ failCalc: 'sum(n_records)', limit: 3, storeFailuresAs: 'table' });
  });

  it('store_failures_as wins over store_failures; the flag applies when the config is silent', () => {
    expect(buildStoreFailuresAs({ store_failures: true, store_failures_as: 'ephemeral' })).toBe('ephemeral');
    expect(buildStoreFailuresAs({ store_failures: false, store_failures_as: 'view' })).toBe('view');
    expect(buildStoreFailuresAs({}, true)).toBe('table');
    expect(buildStoreFailuresAs({ store_failures: false }, true)).toBeUndefined();
  });
});

describe('buildTestOutcome (dbt build_test_run_result)', () => {
  const cfg = { severity: 'ERROR' as const, warnIf: '!= 0', errorIf: '!= 0' };
  it('pass, fail, warn', () => {
    expect(buildTestOutcome({ failures: 0, should_warn: false, should_error: false }, cfg)).toEqual({ status: 'pass', failures: 0, message: 'PASS' });
    expect(buildTestOutcome({ failures: 3, should_warn: true, should_error: true }, cfg)).toEqual({ status: 'fail', failures: 3, message: 'Got 3 results, configured to fail if != 0' });
    expect(buildTestOutcome({ failures: 1, should_warn: true, should_error: true }, { ...cfg, severity: 'WARN' })).toEqual({
      status: 'warn',
      failures: 1,
      message: 'Got 1 result, configured to warn if != 0',
    });
    expect(buildTestOutcome({ failures: 12, should_warn: true, should_error: false }, { ...cfg, warnIf: '>10', errorIf: '>20' })).toMatchObject({ status: 'warn', failures: 12 });
  });

  it('--warn-error fails a warning; a null sum counts as 0', () => {
    expect(buildTestOutcome({ failures: 2, should_warn: true, should_error: false }, cfg, { warnError: true })).toMatchObject({ status: 'fail', message: 'Got 2 results, configured to fail if != 0' });
    expect(buildTestOutcome({ failures: null, should_warn: null, should_error: null }, cfg)).toMatchObject({ status: 'pass', failures: 0 });
  });
});
