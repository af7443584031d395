import { renderTableDiff, type DiffUnit } from './render-diff.js';

/**
 * Compares a unit test's actual rows with its expected rows as dbt does: only the columns named in
 * `expect`, both sides sorted (NULLs last) and compared as a multiset of rows, each value compared by its
 * text — the expected values were already cast to the actual column types in SQL, so `1` and `1.0`,
 * `'2024-01-01'` and a DATE, `'true'` and TRUE agree; doubles are compared to 15 significant digits. The
 * difference is rendered as dbt prints it (daff's highlighter, see `render-diff.ts`). Pure.
 */

/** Rows of one side, projected on the compared columns, with each column's engine type. */
export interface ComparedTable {
  readonly columns: readonly string[];
  /** DuckDB type names, parallel to `columns` (`TIMESTAMP` values print with a space, as Python does). */
  readonly types: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface Comparison {
  readonly equal: boolean;
  /** `actual differs from expected:` and the diff table, when not equal. */
  readonly message?: string;
  /** The diff table alone. */
  readonly diff?: string;
}

/** A value as Python's `str()` would print the agate value dbt compares (null stays null). */
export function buildCellText(value: unknown, type = ''): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number': {
      if (Object.is(value, -0)) return '0';
      if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
      return String(Number(value.toPrecision(15)));
    }
    case 'bigint':
      return value.toString();
    case 'string': {
      if (/^TIMESTAMP/i.test(type) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.replace('T', ' ').replace(/Z$/, '+00:00');
      return value;
    }
    default:
      if (value instanceof Uint8Array) return Array.from(value, (b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
      return JSON.stringify(value);
  }
}

function compareValues(a: unknown, b: unknown): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const as = typeof a === 'string' ? a : String(buildCellText(a));
  const bs = typeof b === 'string' ? b : String(buildCellText(b));
  return as < bs ? -1 : as > bs ? 1 : 0;
}

/** dbt's sort: row by row, each value ordered with NULLs last. */
function compareRows(a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

interface PreparedRow {
  readonly raw: readonly unknown[];
  readonly text: readonly (string | null)[];
  readonly key: string;
}

function prepare(table: ComparedTable): PreparedRow[] {
  const rows = [...table.rows].sort(compareRows);
  return rows.map((raw) => {
    const text = raw.map((v, i) => buildCellText(v, table.types[i] ?? ''));
    return { raw, text, key: text.map((t) => (t === null ? '\u0000' : t)).join('\u0001') };
  });
}

function sharedCells(a: PreparedRow, b: PreparedRow): number {
  let n = 0;
  for (let i = 0; i < a.text.length; i++) if (a.text[i] === b.text[i]) n++;
  return n;
}

/** Compares `actual` with `expected` (same columns, in the same order). */
export function compareUnitTestRows(expected: ComparedTable, actual: ComparedTable): Comparison {
  const e = prepare(expected);
  const a = prepare(actual);
  const pairedA = new Array<number>(a.length).fill(-1);
  const pairedE = new Array<number>(e.length).fill(-1);
  const exact = new Map<string, number[]>();
  a.forEach((row, j) => {
    const list = exact.get(row.key);
    if (list) list.push(j);
    else exact.set(row.key, [j]);
  });
  let differs = e.length !== a.length;
  e.forEach((row, i) => {
    const j = exact.get(row.key)?.shift();
    if (j === undefined) {
      differs = true;
      return;
    }
    pairedE[i] = j;
    pairedA[j] = i;
  });
  if (!differs) return { equal: true };

  // Rows left on both sides: a pair sharing the most values (at least one) is a modification; ties go to
  // the earliest row, so a leading key column decides.
  const modified = new Set<number>();
  e.forEach((row, i) => {
    if (pairedE[i] !== -1) return;
    let best = -1;
    let bestShared = 0;
    a.forEach((other, j) => {
      if (pairedA[j] !== -1) return;
      const shared = sharedCells(row, other);
      if (shared > bestShared) {
        best = j;
        bestShared = shared;
      }
    });
    if (best !== -1) {
      pairedE[i] = best;
      pairedA[best] = i;
      modified.add(i);
    }
  });

  const units: DiffUnit[] = [];
  e.forEach((row, i) => {
    const j = pairedE[i]!;
    if (j === -1) units.push({ kind: 'removed', expected: row.text, sortKey: row.raw });
    else units.push({ kind: modified.has(i) ? 'modified' : 'same', expected: row.text, actual: a[j]!.text, sortKey: a[j]!.raw });
  });
  a.forEach((row, j) => {
    if (pairedA[j] === -1) units.push({ kind: 'added', actual: row.text, sortKey: row.raw });
  });
  // Stable: among equal keys the expected side comes first.
  units.sort((x, y) => compareRows(x.sortKey, y.sortKey));
  const diff = renderTableDiff(expected.columns, units);
  return { equal: false, diff, message: `actual differs from expected:\n\n${diff}` };
}
