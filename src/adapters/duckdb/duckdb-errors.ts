import { DatabaseError, positionAt, type SourceLocation } from '../../errors/index.js';
import type { ExecOptions } from '../contract.js';

/**
 * DuckDB errors → opp's DatabaseError.
 *
 * DuckDB reports a failing statement as `<Kind> Error: <message>` plus, for parser/binder/conversion
 * errors, a trailer pointing at the spot:
 *
 *     Binder Error: Referenced column "nope" not found in FROM clause!
 *     Candidate bindings: "id"
 *
 *     LINE 3: where nope = 1
 *                   ^
 *
 * The caret counts display columns (tabs and combining marks 0, wide CJK 2) and long lines are shown
 * as a window with `...` on either side, so the position is recovered by finding the shown text in the
 * statement's line and walking display widths.
 */

export interface DuckDBErrorParts {
  /** `Binder`, `Parser`, `Catalog`, `Conversion`, `IO`, `INTERRUPT`, ... */
  readonly kind?: string;
  /** The first line. */
  readonly message: string;
  /** Lines after the first, without the LINE/caret trailer (e.g. `Did you mean "orders"?`). */
  readonly details: string;
  /** 0-based offset of the reported position in the statement. */
  readonly offset?: number;
}

const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
const ZERO = /[\u0000-\u001F\u007F\p{M}\u200B-\u200F]/u;

function displayWidth(ch: string): number {
  if (ZERO.test(ch)) return 0;
  if (WIDE.test(ch) || (ch.codePointAt(0) ?? 0) >= 0x1f300) return 2;
  return 1;
}

/** Index in `text` (UTF-16) of the character at display column `width` (0-based). */
function indexAtDisplayWidth(text: string, width: number): number {
  let w = 0;
  let i = 0;
  for (const ch of text) {
    if (w >= width && displayWidth(ch) > 0) return i;
    w += displayWidth(ch);
    i += ch.length;
  }
  return i;
}

export function parseDuckDBError(raw: string, sql: string): DuckDBErrorParts {
  const lines = raw.split('\n');
  const first = lines[0] ?? raw;
  const kindMatch = /^([A-Za-z ]+?) Error: /.exec(first);
  let offset: number | undefined;
  const detailLines: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^LINE (\d+): (.*)$/.exec(line);
    if (m) {
      const caretLine = lines[i + 1] ?? '';
      offset = locate(sql, Number(m[1]), m[2]!, caretLine.indexOf('^') - (line.length - m[2]!.length));
      i++;
      continue;
    }
    if (line.trim() !== '') detailLines.push(line);
  }
  return {
    ...(kindMatch ? { kind: kindMatch[1] } : {}),
    message: first,
    details: detailLines.join('\n'),
    ...(offset !== undefined ? { offset } : {}),
  };
}

/** Offset in `sql` of the caret at display column `caret` of the shown window of line `lineNo`. */
function locate(sql: string, lineNo: number, shown: string, caret: number): number | undefined {
  if (caret < 0) return undefined;
  const lines = sql.split('\n');
  const lineText = lines[lineNo - 1];
  if (lineText === undefined) return undefined;
  let core = shown;
  let width = caret;
  if (core.startsWith('...')) {
    core = core.slice(3);
    width -= 3;
  }
  if (core.endsWith('...') && !lineText.endsWith(core)) core = core.slice(0, -3);
  const start = Math.max(0, lineText.indexOf(core));
  let lineStart = 0;
  for (let i = 0; i < lineNo - 1; i++) lineStart += lines[i]!.length + 1;
  return lineStart + start + indexAtDisplayWidth(core, Math.max(0, width));
}

export function isInterrupt(err: unknown): boolean {
  return err instanceof Error && /^INTERRUPT Error/.test(err.message);
}

/**
 * A DuckDB error → `DatabaseError` (`database/query-failed`, or `run/interrupted` for a cancelled
 * statement). The location is mapped into `opts.compiledSql` when the statement embeds it (so it points
 * into the compiled file), else into the statement itself.
 */
export function toDuckDBError(err: unknown, sql: string, opts: ExecOptions = {}): DatabaseError {
  if (err instanceof DatabaseError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const parts = parseDuckDBError(raw, sql);
  let location: SourceLocation | undefined;
  let where = '';
  if (parts.offset !== undefined) {
    const compiled = opts.compiledSql;
    const at = compiled !== undefined && compiled.length > 0 ? sql.indexOf(compiled) : -1;
    if (at >= 0 && parts.offset >= at && parts.offset <= at + compiled!.length) {
      location = { file: opts.compiledPath ?? '<compiled sql>', ...positionAt(compiled!, parts.offset - at) };
    } else if (compiled === undefined) {
      location = { file: opts.compiledPath ?? '<sql>', ...positionAt(sql, parts.offset) };
    } else {
      const pos = positionAt(sql, parts.offset);
      where = ` (statement line ${pos.line}, column ${pos.column})`;
    }
  }
  const interrupted = isInterrupt(err);
  return new DatabaseError(interrupted ? 'run/interrupted' : 'database/query-failed', `${parts.message}${where}`, {
    sql,
    cause: err,
    ...(location ? { location } : {}),
    ...(opts.nodeId ? { nodeId: opts.nodeId } : {}),
    ...(opts.compiledPath ? { compiledPath: opts.compiledPath } : {}),
    ...(parts.kind ? { vendorCode: parts.kind } : {}),
    hint: interrupted ? 'The statement was cancelled; run the command again to redo it.' : hintFor(parts),
  });
}

function hintFor(parts: DuckDBErrorParts): string {
  if (parts.details) return parts.details.replace(/\n+/g, ' ');
  switch (parts.kind) {
    case 'Parser':
      return 'Check the SQL syntax at the position shown.';
    case 'Catalog':
      return 'Check that the relation exists (run its upstream models first) and that the name is spelled right.';
    case 'Conversion':
      return 'A value does not fit the target type; cast it explicitly or filter it out.';
    case 'Constraint':
      return 'A row breaks a constraint of the table (NOT NULL, PRIMARY KEY, UNIQUE).';
    case 'TransactionContext':
      return 'Another statement changed the same rows or names concurrently; run again, or run with --threads 1.';
    default:
      return 'See the statement in the compiled SQL file and the DuckDB message above.';
  }
}

/** Opening the database failed: locked by another process, missing folder, not a DuckDB file. */
export function toDuckDBConnectionError(err: unknown, path: string): DatabaseError {
  const raw = err instanceof Error ? err.message : String(err);
  const first = raw.split('\n')[0] ?? raw;
  let hint: string;
  if (/lock/i.test(raw)) {
    hint = `Another process holds the database file '${path}' open (a DuckDB CLI, a notebook, another opp run); close it and retry.`;
  } else if (/No such file or directory|Cannot open file|cannot open|does not exist/i.test(raw)) {
    hint = `Check that the folder of '${path}' exists and is writable (target setting 'path').`;
  } else if (/not a valid DuckDB database|Unrecognized|version/i.test(raw)) {
    hint = `'${path}' is not a DuckDB database this version can open; point 'path' at another file.`;
  } else {
    hint = `Check the target's 'path' ('${path}'), 'settings' and 'extensions'.`;
  }
  return new DatabaseError('database/connection-failed', `could not open DuckDB database '${path}': ${first}`, {
    cause: err,
    hint,
  });
}
