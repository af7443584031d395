/**
 * The table dbt prints when a unit test fails: daff's highlighter format (`TableDiff.hilite` rendered by
 * `TerminalDiffRender`, colours off), which dbt produces by comparing the sorted expected rows with the
 * sorted actual rows:
 *
 *     @@ ,id,name
 *     +++,3 ,carol
 *     →  ,2 ,bob→robert
 *     ---,4 ,dave
 *
 * - the first column is the action: `@@` the header, `+++` a row only in the actual result, `---` a row
 *   only in the expected rows, `→` a row whose cells changed (`expected→actual`, `NULL` for a null), blank
 *   an unchanged row shown as context, `...` rows left out;
 * - unchanged rows are shown only next to a change (one row of context, as daff's default), longer runs
 *   collapse into one `...` row;
 * - cells are CSV-quoted when needed and columns padded with daff's width rule (a column's width is the
 *   largest cell not beyond mean + 2σ of its cells, at least its header; no padding past 130 characters).
 *
 * Unlike daff, every compared column is shown (dbt compares only the columns named in `expect`, usually
 * few), and lines end with `\n` instead of `\r\n`. Pure.
 */

export interface DiffUnit {
  readonly kind: 'same' | 'modified' | 'added' | 'removed';
  /** Cell texts (null = NULL) of the expected row, if the unit has one. */
  readonly expected?: readonly (string | null)[];
  /** Cell texts of the actual row, if the unit has one. */
  readonly actual?: readonly (string | null)[];
  /** Values the units are ordered by. */
  readonly sortKey: readonly unknown[];
}

const ARROW = '\u2192';
const CONTEXT = 1;

/** daff's `quoteForDiff`: NULL for a null, and a leading `_` for text that would read as NULL. */
function quoteForDiff(text: string | null): string {
  if (text === null) return 'NULL';
  const m = /^_*/.exec(text)![0].length;
  return text.slice(m) === 'NULL' ? `_${text}` : text;
}

/** daff's `markSpaces`: when two texts differ only by spaces, the spaces of `sl` missing in `sr` show as ␣. */
function markSpaces(sl: string, sr: string): string {
  if (sl === sr) return sl;
  if (sl.replace(/ /g, '') !== sr.replace(/ /g, '')) return sl;
  let out = '';
  let ir = 0;
  for (let il = 0; il < sl.length; ) {
    const cl = sl[il]!;
    const cr = ir < sr.length ? sr[ir]! : '';
    if (cl === cr) {
      out += cl;
      il++;
      ir++;
    } else if (cr === ' ') {
      ir++;
    } else {
      out += '\u2423';
      il++;
    }
  }
  return out;
}

/** daff's CSV cell rendering: quoted when it has a comma, quote, tab or line break, or edge spaces. */
function csvCell(text: string): string {
  const needsQuote = /^ | $/.test(text) || /[",\r\n\t]/.test(text);
  return needsQuote ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Marks (daff's spreadContext): 1 changed, 2 context, 3 a `...` row, 0 hidden. */
function spreadContext(active: number[]): void {
  let mark = -CONTEXT - 1;
  for (let i = 0; i < active.length; i++) {
    if (active[i] === 0 || active[i] === 3) {
      if (i - mark <= CONTEXT) active[i] = 2;
      else if (i - mark === CONTEXT + 1) active[i] = 3;
    } else if (active[i] === 1) mark = i;
  }
  mark = active.length + CONTEXT + 1;
  for (let j = 0; j < active.length; j++) {
    const i = active.length - 1 - j;
    if (active[i] === 0 || active[i] === 3) {
      if (mark - i <= CONTEXT) active[i] = 2;
      else if (mark - i === CONTEXT + 1) active[i] = 3;
    } else if (active[i] === 1) mark = i;
  }
}

/** The highlighter table (first column: the action), with pretty arrows, before CSV quoting. */
function buildHighlightRows(columns: readonly string[], units: readonly DiffUnit[]): string[][] {
  const rows: string[][] = [['@@', ...columns]];
  const active: number[] = units.map((u) => (u.kind === 'same' ? 0 : 1));
  spreadContext(active);
  let showedDummy = false;
  units.forEach((u, i) => {
    const a = active[i]!;
    if (a === 0) return;
    if (a === 3) {
      if (!showedDummy) rows.push(new Array<string>(columns.length + 1).fill('...'));
      showedDummy = true;
      return;
    }
    showedDummy = false;
    const text = (t: string | null | undefined): string => t ?? '';
    switch (u.kind) {
      case 'same':
        rows.push(['', ...u.actual!.map(text)]);
        return;
      case 'added':
        rows.push(['+++', ...u.actual!.map(text)]);
        return;
      case 'removed':
        rows.push(['---', ...u.expected!.map(text)]);
        return;
      case 'modified': {
        const cells = columns.map((_, c) => {
          const l = u.expected![c] ?? null;
          const r = u.actual![c] ?? null;
          if (l === r) return text(l);
          const before = quoteForDiff(l);
          const after = quoteForDiff(r);
          return `${markSpaces(before, after)}${ARROW}${markSpaces(after, before)}`;
        });
        rows.push([ARROW, ...cells]);
        return;
      }
    }
  });
  return rows;
}

/** daff's `pickSizes`: each column's width, or undefined when the table is too wide to align. */
function pickSizes(cells: readonly (readonly string[])[]): number[] | undefined {
  const h = cells.length;
  const w = cells[0]?.length ?? 0;
  const sizes: number[] = [];
  let total = w - 1;
  let headerRow = -1;
  for (let x = 0; x < w; x++) {
    let m = 0;
    let m2 = 0;
    let mmin = -1;
    for (let y = 0; y < h; y++) {
      const txt = cells[y]![x]!;
      if (txt === '@@' && headerRow === -1) headerRow = y;
      const len = [...txt].length;
      if (y === headerRow) mmin = len;
      m += len;
      m2 += len * len;
    }
    const mean = m / h;
    const stddev = Math.sqrt(Math.max(0, m2 / h - mean * mean));
    const most = Math.floor(mean + stddev * 2 + 0.5);
    let mostmax = 0;
    for (let y = 0; y < h; y++) {
      const len = [...cells[y]![x]!].length;
      if (len <= most && len > mostmax) mostmax = len;
    }
    const size = mmin !== -1 && mostmax < mmin ? mmin : mostmax;
    sizes.push(size);
    total += size;
  }
  return total > 130 ? undefined : sizes;
}

/** Renders the diff of `units` over `columns` as daff's terminal table (no colours). */
export function renderTableDiff(columns: readonly string[], units: readonly DiffUnit[]): string {
  const cells = buildHighlightRows(columns, units).map((row) => row.map(csvCell));
  const sizes = pickSizes(cells);
  let out = '';
  for (const row of cells) {
    out +=
      row
        .map((c, x) => {
          if (!sizes) return c;
          const pad = sizes[x]! - [...c].length;
          return pad > 0 ? c + ' '.repeat(pad) : c;
        })
        .join(',') + '\n';
  }
  return out;
}
