/** dbt's printer width: node lines are padded with dots to this many characters. */
export const PRINTER_WIDTH = 80;

export interface FancyLine {
  /** `START sql view model main.stg_x`, `OK created ...`, `PASS not_null_x_id`. */
  readonly msg: string;
  /** What goes inside the brackets: `RUN`, `OK`, `PASS`, possibly wrapped in colour codes. */
  readonly status: string;
  readonly index?: number;
  readonly total?: number;
  /** Seconds; adds ` in 0.04s` after the status. */
  readonly executionTime?: number;
  /** Hooks: cut the dotted part to the width and end it with `...`. */
  readonly truncate?: boolean;
  readonly width?: number;
}

/**
 * dbt's `format_fancy_output_line`: `"{index} of {total} {msg}"` left-justified to 80 columns with dots,
 * then ` [{status} in {t:.2f}s]`. A message longer than the width is not padded (nor cut, unless `truncate`).
 */
export function formatFancyOutputLine(line: FancyLine): string {
  const width = line.width ?? PRINTER_WIDTH;
  const progress = line.index === undefined || line.total === undefined ? '' : `${line.index} of ${line.total} `;
  let justified = progress + line.msg;
  if (justified.length < width) justified += '.'.repeat(width - justified.length);
  const truncateWidth = width - 3;
  if (line.truncate && justified.length > truncateWidth) justified = justified.slice(0, truncateWidth) + '...';
  const statusTime = line.executionTime === undefined ? '' : ` in ${formatSeconds(line.executionTime)}s`;
  return `${justified} [${line.status}${statusTime}]`;
}

/** Python's `{x:0.2f}`. */
export function formatSeconds(seconds: number): string {
  return (Number.isFinite(seconds) ? seconds : 0).toFixed(2);
}

/** dbt's `humanize_execution_time`: ` in 0 hours 0 minutes and 0.51 seconds`. */
export function humanizeExecutionTime(seconds: number): string {
  const minutesTotal = Math.floor(seconds / 60);
  const rest = seconds - minutesTotal * 60;
  const hours = Math.floor(minutesTotal / 60);
  const minutes = minutesTotal - hours * 60;
  return ` in ${hours} hours ${minutes} minutes and ${formatSeconds(rest)} seconds`;
}

/** Plural forms of dbt's NodeType.pluralize (`test` → `data_tests`, `analysis` → `analyses`). */
const PLURALS: Readonly<Record<string, string>> = {
  analysis: 'analyses',
  test: 'data_tests',
  saved_query: 'saved_queries',
  unit_test: 'unit_tests',
};

/**
 * dbt's `pluralize(count, string)`: the singular for exactly 1, else the node type's plural; underscores
 * become spaces (`1 test`, `2 data tests`, `3 view models`, `1 unit test`).
 */
export function pluralize(count: number, word: string): string {
  const form = count === 1 ? word : PLURALS[word] ?? `${word}s`;
  return `${count} ${form.replaceAll('_', ' ')}`;
}

/** `12 models, 3 seeds, 10 data tests` from an ordered count map. */
export function buildStatLine(counts: Readonly<Record<string, number>>): string {
  const parts: string[] = [];
  for (const [type, count] of Object.entries(counts)) if (count !== 0) parts.push(pluralize(count, type));
  return parts.join(', ');
}
