import { describe, expect, it } from 'vitest';
import { SNOWFLAKE_CAPABILITIES, SnowflakeDialect } from '../adapters/index.js';
import { ConfigError } from '../errors/index.js';
import { desiredGrants, planGrantChanges, planGrants, shouldRevokeGrants } from './plan-grants.js';
import { makeInput } from './test-fixtures.js';

const snowflake = new SnowflakeDialect({ database: 'dev' });
const sf = (config: Record<string, unknown>, existing?: 'table' | 'view') => ({
  ...makeInput({ materialized: 'table', ...config }, existing ? { existing } : {}),
  dialect: snowflake,
  capabilities: SNOWFLAKE_CAPABILITIES,
});
const ref = { database: 'dev', schema: 'analytics', identifier: 'orders' };

describe('grants', () => {
  it('is a no-op on engines without grant support (DuckDB) and without config', () => {
    expect(desiredGrants(makeInput({ grants: { select: ['r'] } }))).toBeUndefined();
    expect(desiredGrants(sf({}))).toBeUndefined();
    expect(desiredGrants(sf({ grants: { select: [] } }))).toBeUndefined();
    expect(desiredGrants(sf({ grants: { SELECT: 'reporter' } }))).toEqual({ select: ['reporter'] });
    expect(() => desiredGrants(sf({ grants: ['select'] }))).toThrow(ConfigError);
  });

  it("follows dbt's should_revoke: new → no, replaced → copy_grants, written into → yes", () => {
    expect(shouldRevokeGrants(sf({}), undefined, true)).toBe(false);
    expect(shouldRevokeGrants(sf({}, 'table'), { ...ref, kind: 'table' }, true)).toBe(false);
    expect(shouldRevokeGrants(sf({ copy_grants: true }, 'table'), { ...ref, kind: 'table' }, true)).toBe(true);
    expect(shouldRevokeGrants(sf({}, 'table'), { ...ref, kind: 'table' }, false)).toBe(true);
  });

  it('grants outright after a replace, and lists first when grants may have survived', () => {
    const direct = planGrants(sf({ grants: { select: ['reporter', 'analyst'] } }, 'table'), 'table', true);
    expect(direct.kind === 'grant' && direct.statements.map((s) => s.sql)).toEqual([
      'grant select on table dev.analytics.orders to role reporter',
      'grant select on table dev.analytics.orders to role analyst',
    ]);
    const diff = planGrants(sf({ grants: { select: ['reporter'] } }, 'table'), 'table', false);
    expect(diff.kind).toBe('diff');
    expect(diff.kind === 'diff' && diff.show.sql).toBe('show grants on dev.analytics.orders');
  });

  it('revokes what is no longer configured and grants only what is missing (names compared as Snowflake folds them)', () => {
    const changes = planGrantChanges(snowflake, ref, 'table', { select: ['reporter', 'analyst'], insert: ['loader'] }, { SELECT: ['REPORTER', 'OLD_ROLE'] });
    expect(changes.map((s) => s.sql)).toEqual([
      'revoke select on table dev.analytics.orders from role OLD_ROLE',
      'grant select on table dev.analytics.orders to role analyst',
      'grant insert on table dev.analytics.orders to role loader',
    ]);
    expect(planGrantChanges(snowflake, ref, 'table', { select: ['reporter'] }, { SELECT: ['REPORTER'] })).toEqual([]);
  });
});
