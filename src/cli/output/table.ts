import { scrubSecrets } from '../../errors/index.js';
import type { OutputWriter } from './writer.js';

export type TableRow = Readonly<Record<string, unknown>>;
export type TableColumn = string | { readonly name: string; readonly type?: string };

export interface TableOptions {
  /** Cells longer than this are cut and end in `...` (agate's default is 20). */
  readonly maxColumnWidth?: number;
  /** Rows after this many become one `...` row. Default: all. */
  readonly maxRows?: number;
  /** Columns after this many become one `...` column. Default: all. */
  readonly maxColumns?: number;
}

const NUMERIC_TYPE = /^(tinyint|smallint|integer|int\d*|bigint|hugeint|ubigint|uinteger|usmallint|utinyint|uhugeint|decimal.*|numeric.*|number.*|double|float\d*|real)$/i;

function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || typeof v === 'bigint';
}

function decimalPlaces(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || Number.isInteger(v)) return 0;
  const s = String(v);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2)) + (s.indexOf('.') >= 0 ? e - s.indexOf('.') - 1 : 0);
  return s.length - s.indexOf('.') - 1;
}

function formatNumber(v: number | bigint, places: number): string {
  if (typeof v === 'bigint') return v.toLocaleString('en-US');
  if (!Number.isFinite(v)) return String(v);
  return v.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}

function formatCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? String(v) : v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return String(v);
}

function columnName(c: TableColumn): string {
  return typeof c === 'string' ? c : c.name;
}

/**
 * agate's `print_table`, as `dbt show` prints it:
 *
 *     | order_id | status   |
 *     | -------- | -------- |
 *     |        1 | returned |
 *
 * Numbers are right-aligned with thousands separators and the column's largest number of decimals;
 * text is left-aligned; null is empty; long cells are cut to `maxColumnWidth` with `...`.
 */
export function renderTable(rows: readonly TableRow[], columns: readonly TableColumn[], opts: TableOptions = {}): string {
  const maxWidth = Math.max(4, opts.maxColumnWidth ?? 20);
  const maxRows = opts.maxRows ?? Infinity;
  const maxColumns = opts.maxColumns ?? Infinity;
  const shownCols = columns.slice(0, Math.min(columns.length, maxColumns));
  const shownRows = rows.slice(0, Math.min(rows.length, maxRows));
  const moreCols = columns.length > shownCols.length;
  const moreRows = rows.length > shownRows.length;

  const numeric = shownCols.map((c) => {
    const type = typeof c === 'string' ? undefined : c.type;
    if (type !== undefined) return NUMERIC_TYPE.test(type.trim());
    let seen = false;
    for (const r of rows) {
      const v = r[columnName(c)];
      if (v === null || v === undefined) continue;
      if (!isNumeric(v)) return false;
      seen = true;
    }
    return seen;
  });
  const places = shownCols.map((c, j) => {
    if (!numeric[j]) return 0;
    let p = 0;
    for (const r of shownRows) p = Math.max(p, decimalPlaces(r[columnName(c)]));
    return p;
  });

  const cut = (s: string): string => (s.length > maxWidth ? `${s.slice(0, maxWidth - 3)}...` : s);
  const header = shownCols.map((c) => cut(columnName(c)));
  const body = shownRows.map((r) =>
    shownCols.map((c, j) => {
      const v = r[columnName(c)];
      const text = numeric[j] && isNumeric(v) ? formatNumber(v as number | bigint, places[j]!) : formatCell(v);
      return cut(text.replace(/\r?\n/g, ' '));
    }),
  );
  const widths = header.map((h, j) => Math.max(h.length, ...body.map((row) => row[j]!.length), moreRows ? 3 : 1));

  const line = (cells: readonly string[]): string => {
    const parts = cells.map((cell, j) => (numeric[j] ? cell.padStart(widths[j]!) : cell.padEnd(widths[j]!)));
    if (moreCols) parts.push('...');
    return `| ${parts.join(' | ')} |`;
  };
  const out = [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')}${moreCols ? ' | ---' : ''} |`];
  for (const row of body) out.push(line(row));
  if (moreRows) out.push(line(widths.map(() => '...')));
  return scrubSecrets(out.join('\n'));
}

export interface ShowOutputOptions extends TableOptions {
  readonly output?: 'text' | 'json';
  /** The model shown; omitted for `--inline`. */
  readonly nodeName?: string;
}

/**
 * `opp show` output as dbt prints it: `Previewing node 'orders':` and the table, or with `--output json`
 * `{"node": "orders", "show": [ ...rows ]}` (indent 2; `{"show": [...]}` for inline SQL).
 */
export function renderShowOutput(rows: readonly TableRow[], columns: readonly TableColumn[], opts: ShowOutputOptions = {}): string {
  if (opts.output === 'json') {
    const names = columns.map(columnName);
    const shown = rows.map((r) => Object.fromEntries(names.map((n) => [n, r[n] ?? null])));
    const body = opts.nodeName === undefined ? { show: shown } : { node: opts.nodeName, show: shown };
    return scrubSecrets(JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v), 2));
  }
  const title = opts.nodeName === undefined ? 'Previewing inline node:' : `Previewing node '${opts.nodeName}':`;
  return `${title}\n${renderTable(rows, columns, opts)}`;
}

/** Writes the table (or JSON) through the output writer, followed by a newline. */
export function printTable(rows: readonly TableRow[], columns: readonly TableColumn[], opts: ShowOutputOptions & { readonly writer: OutputWriter }): void {
  opts.writer.write(`${renderShowOutput(rows, columns, opts)}\n`);
}
