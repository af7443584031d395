import type { ErrorCode } from './codes.js';
import type { SourceLocation } from './location.js';

export interface OppErrorOptions {
  readonly location?: SourceLocation;
  /** One actionable sentence: what to do about it. */
  readonly hint?: string;
  readonly nodeId?: string;
  readonly cause?: unknown;
}

/**
 * The base of every error opp raises on purpose. Carries a stable `code`, the place in the project
 * where the problem is, and a hint. Only `cli/output` formats these for people.
 */
export class OppError extends Error {
  readonly code: ErrorCode;
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly nodeId?: string;

  constructor(code: ErrorCode, message: string, opts: OppErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.code = code;
    if (opts.location) this.location = opts.location;
    if (opts.hint) this.hint = opts.hint;
    if (opts.nodeId) this.nodeId = opts.nodeId;
  }

  /** Exit code when this error stops a command before anything ran. */
  get exitCode(): number {
    return 2;
  }
}

/** A bad command-line argument. */
export class UsageError extends OppError {}
/** project.yml, profiles.yml or a target is wrong. */
export class ConfigError extends OppError {}
/** A YAML properties file or the project's files are wrong; duplicate names. */
export class ProjectError extends OppError {}
/** A template does not parse or raised while rendering. */
export class CompileError extends OppError {}
/** An unknown ref/source, or a cycle. */
export class GraphError extends OppError {}
/** A selector does not parse or names something unknown. */
export class SelectionError extends OppError {}

/** A statement failed in the warehouse. `compiledPath` is the compiled SQL file, when there is one. */
export class DatabaseError extends OppError {
  readonly sql?: string;
  readonly queryId?: string;
  readonly compiledPath?: string;
  readonly vendorCode?: string;
  readonly sqlState?: string;

  constructor(
    code: ErrorCode,
    message: string,
    opts: OppErrorOptions & {
      sql?: string;
      queryId?: string;
      compiledPath?: string;
      vendorCode?: string;
      sqlState?: string;
    } = {},
  ) {
    super(code, message, opts);
    if (opts.sql !== undefined) this.sql = opts.sql;
    if (opts.queryId !== undefined) this.queryId = opts.queryId;
    if (opts.compiledPath !== undefined) this.compiledPath = opts.compiledPath;
    if (opts.vendorCode !== undefined) this.vendorCode = opts.vendorCode;
    if (opts.sqlState !== undefined) this.sqlState = opts.sqlState;
  }
}

/** An API call or load failed during extract. */
export class ExtractError extends OppError {
  readonly endpoint?: string;
  readonly status?: number;
  readonly attempts?: number;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    opts: OppErrorOptions & { endpoint?: string; status?: number; attempts?: number; retryable?: boolean } = {},
  ) {
    super(code, message, opts);
    if (opts.endpoint !== undefined) this.endpoint = opts.endpoint;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.attempts !== undefined) this.attempts = opts.attempts;
    this.retryable = opts.retryable ?? false;
  }
}

/** A bug in opp. Printed with "this is a bug in opp" and the stack. */
export class InternalError extends OppError {}

/**
 * Several problems found in one stage ("collect, then fail"). Loading and compiling gather every
 * diagnostic and throw this once at the end of the stage.
 */
export class DiagnosticsError extends OppError {
  readonly errors: readonly OppError[];

  constructor(errors: readonly OppError[]) {
    const first = errors[0];
    super(first?.code ?? 'internal/bug', first ? first.message : 'no diagnostics', {
      ...(first?.location ? { location: first.location } : {}),
      ...(first?.hint ? { hint: first.hint } : {}),
    });
    this.errors = errors;
  }
}

/** Wraps anything thrown that is not an OppError. */
export function toOppError(err: unknown): OppError {
  if (err instanceof OppError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError('internal/bug', message, { cause: err });
}

/** Throws one DiagnosticsError (or the single error) if `errors` is not empty. */
export function throwIfAny(errors: readonly OppError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new DiagnosticsError(errors);
}
