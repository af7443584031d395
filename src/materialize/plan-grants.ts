import type { Dialect, GrantMap, RelationInfo, RelationRef, Statement } from '../adapters/index.js';
import { ConfigError } from '../errors/index.js';
import type { MaterializationInput } from './types.js';

/**
 * dbt's grants (`grants: {select: ['reporter']}`), on engines whose dialect has `grants` (Snowflake):
 *
 * - when no earlier grant can have survived (a new relation, or one replaced without `copy_grants`),
 *   the configured grants are simply granted — one statement per privilege and grantee, as dbt-snowflake;
 * - otherwise (`should_revoke`: an incremental run on an existing table, or `copy_grants`) the current
 *   grants are listed first (`show grants on ...`) and only the difference is revoked and granted.
 *
 * Pure: the orchestrator runs the listing and calls `planGrantChanges` with its rows.
 */

/** The configured grants, privileges lower-cased, grantees as written; undefined when none (or no support). */
export function desiredGrants(input: MaterializationInput): GrantMap | undefined {
  if (!input.dialect.grants) return undefined;
  const raw = input.node.config.grants;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError('config/invalid-value', `${input.node.uniqueId}: grants must be a mapping of privilege to grantees`, {
      nodeId: input.node.uniqueId,
      hint: "Write e.g. grants: {select: ['reporter', 'analyst']}.",
    });
  }
  const out: Record<string, string[]> = {};
  for (const [privilege, grantees] of Object.entries(raw as Record<string, unknown>)) {
    const list = typeof grantees === 'string' ? [grantees] : Array.isArray(grantees) ? grantees : undefined;
    if (!list || list.some((g) => typeof g !== 'string')) {
      throw new ConfigError('config/invalid-value', `${input.node.uniqueId}: grants.${privilege} must be a list of grantee names`, {
        nodeId: input.node.uniqueId,
        hint: `Write e.g. grants: {${privilege}: ['reporter']}.`,
      });
    }
    const names = (list as string[]).map((g) => g.trim()).filter((g) => g !== '');
    out[privilege.trim().toLowerCase()] = names;
  }
  return Object.values(out).some((l) => l.length > 0) ? out : undefined;
}

/**
 * dbt's `should_revoke(existing, full_refresh_mode)`: a relation that did not exist has no grants to
 * revoke; a replaced one keeps its grants only with `copy_grants`; a table written into keeps them.
 */
export function shouldRevokeGrants(input: MaterializationInput, existing: RelationInfo | undefined, replaced: boolean): boolean {
  if (!existing) return false;
  if (replaced) return input.node.config['copy_grants'] === true;
  return existing.kind === 'table';
}

function key(dialect: Dialect, name: string): string {
  return dialect.grants!.normalize(name);
}

/** Revokes of what is granted but not configured, then grants of what is configured but not granted. */
export function planGrantChanges(
  dialect: Dialect,
  ref: RelationRef,
  kind: 'table' | 'view',
  desired: GrantMap,
  current: GrantMap,
): Statement[] {
  const grants = dialect.grants!;
  const norm = (m: GrantMap): Map<string, Map<string, string>> => {
    const out = new Map<string, Map<string, string>>();
    for (const [privilege, grantees] of Object.entries(m)) {
      const p = privilege.toUpperCase();
      const set = out.get(p) ?? new Map<string, string>();
      for (const g of grantees) set.set(key(dialect, g), g);
      out.set(p, set);
    }
    return out;
  };
  const want = norm(desired);
  const have = norm(current);
  const revokes: Statement[] = [];
  const adds: Statement[] = [];
  for (const [privilege, grantees] of have) {
    const wanted = want.get(privilege);
    for (const [k, name] of grantees) {
      if (!wanted?.has(k)) revokes.push({ purpose: 'grant', sql: grants.revoke(ref, kind, privilege.toLowerCase(), name) });
    }
  }
  for (const [privilege, grantees] of want) {
    const had = have.get(privilege);
    for (const [k, name] of grantees) {
      if (!had?.has(k)) adds.push({ purpose: 'grant', sql: grants.grant(ref, kind, privilege.toLowerCase(), name) });
    }
  }
  return [...revokes, ...adds];
}

/** What applying the grants takes: grant statements outright, or a listing to diff against first. */
export type GrantsPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'grant'; readonly statements: readonly Statement[] }
  | { readonly kind: 'diff'; readonly show: Statement; readonly desired: GrantMap; readonly relationKind: 'table' | 'view' };

export function planGrants(input: MaterializationInput, relationKind: 'table' | 'view', replaced: boolean): GrantsPlan {
  const desired = desiredGrants(input);
  if (!desired) return { kind: 'none' };
  const ref = input.node.relation;
  if (shouldRevokeGrants(input, input.existing, replaced)) {
    return { kind: 'diff', show: { purpose: 'select', sql: input.dialect.grants!.show(ref) }, desired, relationKind };
  }
  return { kind: 'grant', statements: planGrantChanges(input.dialect, ref, relationKind, desired, {}) };
}
