import type { Column } from '../adapters/index.js';
import type { SchemaChanges } from './types.js';

function normalizeType(t: string): string {
  return t.trim().replace(/\s+/g, ' ').toUpperCase();
}

const STRING_TYPE = /^(VARCHAR|CHARACTER VARYING|CHAR VARYING|NVARCHAR|TEXT|STRING|CHAR|CHARACTER|NCHAR)\s*(\(\s*\d+\s*\))?$/;

/**
 * Two string types that differ only in length are no type change (dbt's `can_expand_to`: a longer
 * target column holds the staged values; a shorter one is widened first by `expand_target_column_types`).
 */
function sameStringFamily(a: string, b: string): boolean {
  return STRING_TYPE.test(a) && STRING_TYPE.test(b);
}

/**
 * Compares the staged rows' columns with the target's (names case-insensitively, types as the engine
 * prints them), as dbt's `check_for_schema_changes`.
 */
export function buildSchemaChanges(target: readonly Column[], staged: readonly Column[]): SchemaChanges {
  const targetByName = new Map(target.map((c) => [c.name.toLowerCase(), c]));
  const stagedNames = new Set(staged.map((c) => c.name.toLowerCase()));
  const added = staged.filter((c) => !targetByName.has(c.name.toLowerCase()));
  const removed = target.filter((c) => !stagedNames.has(c.name.toLowerCase()));
  const typeChanged: { name: string; from: string; to: string }[] = [];
  for (const c of staged) {
    const t = targetByName.get(c.name.toLowerCase());
    const from = t ? normalizeType(t.dataType) : '';
    const to = normalizeType(c.dataType);
    if (t && from !== to && !sameStringFamily(from, to)) {
      typeChanged.push({ name: t.name, from: t.dataType, to: c.dataType });
    }
  }
  return { added, removed, typeChanged };
}

export function hasSchemaChanges(changes: SchemaChanges): boolean {
  return changes.added.length > 0 || changes.removed.length > 0 || changes.typeChanged.length > 0;
}

/** `added: a (INTEGER); removed: b; type changed: c VARCHAR → BIGINT` */
export function describeSchemaChanges(changes: SchemaChanges): string {
  const parts: string[] = [];
  if (changes.added.length) parts.push(`added ${changes.added.map((c) => `${c.name} (${c.dataType})`).join(', ')}`);
  if (changes.removed.length) parts.push(`removed ${changes.removed.map((c) => c.name).join(', ')}`);
  if (changes.typeChanged.length) {
    parts.push(`type changed ${changes.typeChanged.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ')}`);
  }
  return parts.join('; ');
}
