import type { NodeConfig } from '../config/types.js';
import type { NodeStatus } from '../run/types.js';

/**
 * The SQL a data test runs and how its one result row becomes a status, as dbt's test materialization,
 * `default__get_test_sql` and `TestRunner.build_test_run_result` do. Pure.
 */

/** A test's config, as read for running it (dbt's defaults filled in). */
export interface TestRunConfig {
  /** `ERROR` or `WARN` (upper-cased). */
  readonly severity: 'ERROR' | 'WARN';
  readonly failCalc: string;
  readonly warnIf: string;
  readonly errorIf: string;
  readonly limit?: number | string;
  /** Where failing rows go: `undefined` when they are not stored. */
  readonly storeFailuresAs?: 'table' | 'view';
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.trim() !== '' ? v : v === undefined || v === null ? fallback : String(v);
}

/**
 * Whether failing rows are stored, and how (dbt ≥ 1.7): `store_failures_as` wins when set (`ephemeral`
 * stores nothing); else `store_failures` (or the `--store-failures` flag when the config does not say)
 * stores a table.
 */
export function buildStoreFailuresAs(config: Readonly<Record<string, unknown>>, flag = false): 'table' | 'view' | 'ephemeral' | undefined {
  const as = config['store_failures_as'];
  if (typeof as === 'string' && as !== '') return as.toLowerCase() as 'table' | 'view' | 'ephemeral';
  const store = config['store_failures'];
  const on = store === undefined || store === null ? flag : store === true;
  return on ? 'table' : undefined;
}

export function buildTestRunConfig(config: NodeConfig | Readonly<Record<string, unknown>>, opts: { storeFailures?: boolean } = {}): TestRunConfig {
  const severity = str(config['severity'], 'ERROR').toUpperCase() === 'WARN' ? 'WARN' : 'ERROR';
  const limit = config['limit'];
  const as = buildStoreFailuresAs(config, opts.storeFailures === true);
  return {
    severity,
    failCalc: str(config['fail_calc'], 'count(*)'),
    warnIf: str(config['warn_if'], '!= 0'),
    errorIf: str(config['error_if'], '!= 0'),
    ...(limit !== undefined && limit !== null && limit !== '' ? { limit: limit as number | string } : {}),
    ...(as === 'table' || as === 'view' ? { storeFailuresAs: as } : {}),
  };
}

/** The test query with its `limit` (dbt's `main_sql` in the test materialization). */
export function buildLimitedSql(mainSql: string, limit: number | string | undefined): string {
  return limit === undefined ? mainSql : `${mainSql}\nlimit ${limit}`;
}

/**
 * dbt's `default__get_test_sql`:
 * `select <fail_calc> as failures, <fail_calc> <warn_if> as should_warn, <fail_calc> <error_if> as
 * should_error from (<main_sql> [limit n]) dbt_internal_test`.
 */
export function buildTestSql(mainSql: string, cfg: Pick<TestRunConfig, 'failCalc' | 'warnIf' | 'errorIf'>, limit?: number | string): string {
  return [
    'select',
    `      ${cfg.failCalc} as failures,`,
    `      ${cfg.failCalc} ${cfg.warnIf} as should_warn,`,
    `      ${cfg.failCalc} ${cfg.errorIf} as should_error`,
    '    from (',
    `      ${mainSql}`,
    `      ${limit !== undefined ? `limit ${limit}` : ''}`,
    '    ) dbt_internal_test',
  ].join('\n');
}

export interface TestOutcome {
  readonly status: Extract<NodeStatus, 'pass' | 'fail' | 'warn'>;
  readonly failures: number;
  /** dbt's result message: `Got 3 results, configured to fail if != 0`; `PASS` when the test passed. */
  readonly message: string;
}

function truthyCell(v: unknown): boolean {
  if (typeof v === 'string') return v.toLowerCase() === 'true' || v === '1';
  return v === true || (typeof v === 'number' && v !== 0);
}

function toCount(v: unknown): number {
  if (v === null || v === undefined) return 0;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

function pluralize(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * dbt's `build_test_run_result`: severity ERROR and should_error → `fail`; else should_warn → `warn`
 * (`fail` with `--warn-error`); else `pass`. Failures are counted only for fail and warn.
 */
export function buildTestOutcome(
  row: { readonly failures?: unknown; readonly should_warn?: unknown; readonly should_error?: unknown },
  cfg: Pick<TestRunConfig, 'severity' | 'warnIf' | 'errorIf'>,
  opts: { warnError?: boolean } = {},
): TestOutcome {
  const failures = toCount(row.failures);
  const results = pluralize(failures, 'result');
  if (cfg.severity === 'ERROR' && truthyCell(row.should_error)) {
    return { status: 'fail', failures, message: `Got ${results}, configured to fail if ${cfg.errorIf}` };
  }
  if (truthyCell(row.should_warn)) {
    if (opts.warnError) return { status: 'fail', failures, message: `Got ${results}, configured to fail if ${cfg.warnIf}` };
    return { status: 'warn', failures, message: `Got ${results}, configured to warn if ${cfg.warnIf}` };
  }
  return { status: 'pass', failures: 0, message: 'PASS' };
}
