import {
  CompileError,
  DatabaseError,
  DiagnosticsError,
  InternalError,
  OppError,
  formatLocation,
  scrubSecrets,
  toOppError,
  type SourceLocation,
} from '../../errors/index.js';
import type { NodeResult, NodeSummary } from '../../run/index.js';
import { NO_PAINT, type Paint } from './paint.js';

/** Reads a project file by its project-relative path; undefined when it cannot. Injected so output stays testable. */
export type FileReader = (projectRelativePath: string) => string | undefined;

export interface FormatErrorOptions {
  readonly readFile?: FileReader;
  readonly paint?: Paint;
  /** Lines shown before and after the error line in the code frame. Default 2. */
  readonly contextLines?: number;
}

/**
 * Formats any error for people: `path:line:col  error[code]  message`, a code frame, `  hint: ...`.
 * DiagnosticsError prints each of its errors; InternalError (and anything that is not an OppError) says
 * it is a bug in opp and prints the stack. The result passes through `scrubSecrets`.
 */
export function formatError(err: unknown, opts: FormatErrorOptions = {}): string {
  const e = err instanceof OppError ? err : toOppError(err);
  let out: string;
  if (e instanceof DiagnosticsError && e.errors.length > 0) {
    const blocks = e.errors.map((x) => formatOne(x, opts));
    const n = e.errors.length;
    blocks.push(`${n} ${n === 1 ? 'error' : 'errors'} found`);
    out = blocks.join('\n\n');
  } else out = formatOne(e, opts);
  return scrubSecrets(out);
}

function formatOne(e: OppError, opts: FormatErrorOptions): string {
  const paint = opts.paint ?? NO_PAINT;
  const [first = '', ...rest] = e.message.split('\n');
  const where = e.location ? `${formatLocation(e.location)}  ` : '';
  const lines = [`${where}${paint.red(`error[${e.code}]`)}  ${first}`];
  for (const line of rest) lines.push(`  ${line}`);
  if (e.location?.line !== undefined) {
    const source = opts.readFile?.(e.location.file) ?? (e instanceof DatabaseError ? e.sql : undefined);
    if (source !== undefined) {
      const frame = formatCodeFrame(source, e.location, opts.contextLines ?? 2);
      if (frame) lines.push(frame);
    }
  }
  if (e.hint) lines.push(`  hint: ${e.hint}`);
  if (e instanceof DatabaseError && e.compiledPath) lines.push(`  compiled code at ${e.compiledPath}`);
  if (e instanceof InternalError) {
    lines.push('  this is a bug in opp: please report it, with the stack below');
    const source = e.cause instanceof Error ? e.cause : e;
    const stack = (source.stack ?? '').split('\n').slice(1);
    for (const s of stack) if (s.trim() !== '') lines.push(`    ${s.trim()}`);
  }
  return lines.join('\n');
}

/**
 * A short code frame: `contextLines` lines either side of the error line, a gutter with line numbers,
 * `>` on the error line and a caret under the column (a run of carets to `endColumn` on the same line).
 */
export function formatCodeFrame(source: string, loc: Pick<SourceLocation, 'line' | 'column' | 'endLine' | 'endColumn'>, contextLines = 2): string {
  const lineNo = loc.line;
  if (lineNo === undefined) return '';
  const lines = source.split(/\r?\n/);
  if (lineNo < 1 || lineNo > lines.length) return '';
  const from = Math.max(1, lineNo - contextLines);
  const to = Math.min(lines.length, lineNo + contextLines);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const text = lines[n - 1]!;
    const marker = n === lineNo ? '>' : ' ';
    out.push(`  ${marker} ${String(n).padStart(width)} | ${text}`.trimEnd());
    if (n === lineNo && loc.column !== undefined && loc.column >= 1) {
      const col = Math.min(loc.column, text.length + 1);
      // Keep tabs so the caret lines up however the terminal expands them.
      const pad = text.slice(0, col - 1).replace(/[^\t]/g, ' ');
      const end = loc.endLine === undefined || loc.endLine === lineNo ? loc.endColumn : undefined;
      const span = end !== undefined && end > col ? Math.min(end, text.length + 1) - col : 1;
      out.push(`    ${' '.repeat(width)} | ${pad}${'^'.repeat(Math.max(1, span))}`);
    }
  }
  return out.join('\n');
}

/** What dbt calls the error: `Database Error`, `Compilation Error`, `Runtime Error`. */
function errorKind(err: OppError | undefined): string {
  if (err instanceof DatabaseError) return 'Database Error';
  if (err instanceof CompileError) return 'Compilation Error';
  return 'Runtime Error';
}

type NodeLabel = Pick<NodeSummary, 'resourceType' | 'name' | 'originalFilePath'>;

function nodeLabel(node: NodeLabel | undefined): string {
  if (!node) return '';
  return node.originalFilePath ? ` in ${node.resourceType} ${node.name} (${node.originalFilePath})` : ` in ${node.resourceType} ${node.name}`;
}

/** dbt's exception text: a header line, then the message and extras indented by two spaces. */
function buildExceptionText(kind: string, node: NodeLabel | undefined, message: string, extras: readonly string[]): string {
  const lines = [...message.split('\n'), ...extras];
  return [`${kind}${nodeLabel(node)}`, ...lines.map((l) => `  ${l}`)].join('\n');
}

/**
 * A failed statement as dbt prints it at the end of a run:
 * `Database Error in model x (models/x.sql)`, the warehouse's message, then `compiled code at target/run/...`.
 */
export function formatDatabaseError(err: DatabaseError, node?: NodeLabel, compiledPath?: string): string {
  const extras: string[] = [];
  if (err.hint) extras.push(`hint: ${err.hint}`);
  const path = compiledPath ?? err.compiledPath;
  if (path) extras.push(`compiled code at ${path}`);
  return scrubSecrets(buildExceptionText('Database Error', node, err.message, extras));
}

/** The error text of a failed node for the end-of-run summary (the node's error, else its message). */
export function formatResultError(result: NodeResult, node?: NodeLabel & Pick<NodeSummary, 'compiledPath'>): string {
  const err = result.error;
  if (err instanceof DatabaseError) return formatDatabaseError(err, node, err.compiledPath ?? result.compiledPath ?? node?.compiledPath);
  const extras: string[] = [];
  const loc = err?.location;
  if (loc && (loc.line !== undefined || loc.file !== node?.originalFilePath)) extras.push(`at ${formatLocation(loc)}`);
  if (err?.hint) extras.push(`hint: ${err.hint}`);
  const message = err?.message ?? result.message;
  return scrubSecrets(buildExceptionText(errorKind(err), node, message, extras));
}
