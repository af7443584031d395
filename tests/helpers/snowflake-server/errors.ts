/**
 * Snowflake error codes and SQL states, and the mapping of DuckDB errors onto them.
 */

export class SfError extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based line and 0-based position of an offset, as Snowflake reports them. */
export function lineAndPosition(sql: string, offset: number): { line: number; position: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < sql.length; i++) {
    if (sql[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, position: Math.max(0, offset - lineStart) };
}

/** Offset of the first whole-word, case-insensitive occurrence of `word` in sql[from, to), or -1. */
export function findInSource(sql: string, word: string, from = 0, to = sql.length): number {
  const hay = sql.slice(from, to).toLowerCase();
  const w = word.toLowerCase();
  let i = hay.indexOf(w);
  while (i >= 0) {
    const before = hay[i - 1];
    const after = hay[i + w.length];
    if ((before === undefined || !/[a-z0-9_$]/.test(before)) && (after === undefined || !/[a-z0-9_$]/.test(after))) return from + i;
    i = hay.indexOf(w, i + 1);
  }
  return -1;
}

/** The statement being executed: the request text and this statement's range in it. */
export interface SourceRange {
  readonly sql: string;
  readonly start: number;
  readonly end: number;
}

export const errors = {
  syntaxAt: (src: SourceRange, offset: number, unexpected: string) => {
    const { line, position } = lineAndPosition(src.sql, offset);
    return new SfError('001003', '42000', `SQL compilation error:\nsyntax error line ${line} at position ${position} unexpected '${unexpected}'.`);
  },
  invalidIdentifierAt: (name: string, src: SourceRange | undefined) => {
    const at = src ? findInSource(src.sql, name.replace(/^"|"$/g, ''), src.start, src.end) : -1;
    const { line, position } = src && at >= 0 ? lineAndPosition(src.sql, at) : { line: 1, position: 0 };
    return new SfError('000904', '42000', `SQL compilation error: error line ${line} at position ${position}\ninvalid identifier '${name.toUpperCase() === name ? name : `"${name}"`}'`);
  },
  syntax: (detail: string) => new SfError('001003', '42000', `SQL compilation error:\n${detail}`),
  objectMissing: (name: string, kind = 'Object') =>
    new SfError('002003', '42S02', `SQL compilation error:\n${kind} '${name}' does not exist or not authorized.`),
  schemaMissing: (name: string) => new SfError('002003', '02000', `SQL compilation error:\nSchema '${name}' does not exist or not authorized.`),
  databaseMissing: (name: string) => new SfError('002003', '02000', `SQL compilation error:\nDatabase '${name}' does not exist or not authorized.`),
  alreadyExists: (name: string) => new SfError('002002', '42710', `SQL compilation error:\nObject '${name}' already exists.`),
  invalidIdentifier: (name: string) => new SfError('000904', '42000', `SQL compilation error: error line 1 at position 0\ninvalid identifier '${name}'`),
  useMissing: () => new SfError('002043', '02000', 'SQL compilation error:\nObject does not exist, or operation cannot be performed.'),
  roleNotGranted: (role: string) =>
    new SfError('003013', '42501', `SQL execution error: Requested role '${role}' is not assigned to the executing user. Specify another role to activate.`),
  noDatabase: (what: string) =>
    new SfError('090105', '22000', `Cannot perform ${what}. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.`),
  noSchema: (what: string) =>
    new SfError('090106', '22000', `Cannot perform ${what}. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.`),
  timeout: (seconds: number) =>
    new SfError('000630', '57014', `Statement reached its statement or warehouse timeout of ${seconds} second(s) and was canceled.`),
  cancelled: () => new SfError('000604', '57014', 'SQL execution canceled'),
  statementCount: (actual: number, wanted: number) =>
    new SfError('000008', '0A000', `Actual statement count ${actual} did not match the desired statement count ${wanted}.`),
  unsupported: (what: string) => new SfError('002040', '0A000', `SQL compilation error:\nUnsupported feature '${what}'.`),
  conversion: (detail: string) => new SfError('100038', '22018', detail),
  notNull: (detail: string) => new SfError('100072', '22000', `NULL result in a non-nullable column${detail ? ` (${detail})` : ''}`),
  internal: (detail: string) => new SfError('000603', 'XX000', `SQL execution internal error:\n${detail}`),
};

/** Maps an error thrown by DuckDB to the Snowflake error a real account would have returned. */
export function fromDuckError(e: unknown, src?: SourceRange): SfError {
  if (e instanceof SfError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split('\n')[0] ?? msg;
  let m: RegExpExecArray | null;
  if ((m = /^Catalog Error: (?:Table|View|Table Function) with name "?([^"!]+)"? does not exist/.exec(first))) return errors.objectMissing(m[1]!.toUpperCase() === m[1] ? m[1]! : m[1]!);
  if ((m = /^Catalog Error: Schema with name "?([^"!]+)"? does not exist/.exec(first))) return errors.schemaMissing(m[1]!);
  if ((m = /^Catalog Error: (?:Catalog|Database) (?:with name )?"?([^"!]+)"? does not exist/.exec(first))) return errors.databaseMissing(m[1]!);
  if ((m = /^Catalog Error: (?:Table|View|Schema) with name "?([^"!]+)"? already exists/.exec(first))) return errors.alreadyExists(m[1]!);
  if ((m = /^Catalog Error: Existing object "?([^"!]+)"? is of type/.exec(first))) return errors.alreadyExists(m[1]!);
  if ((m = /^Catalog Error: Scalar Function with name "?([^"!]+)"? does not exist/.exec(first)))
    return new SfError('002140', '42601', `SQL compilation error:\nUnknown function ${m[1]!.toUpperCase()}`);
  if ((m = /^Binder Error: Referenced column "?([^"]+)"? (?:was )?not found/.exec(first))) return errors.invalidIdentifierAt(m[1]!, src);
  if ((m = /^Binder Error: Values list "?([^"]+)"? does not have a column named "?([^"]+)"?/.exec(first))) return errors.invalidIdentifierAt(m[2]!, src);
  if ((m = /^Binder Error: Table "?([^"]+)"? does not have a column named "?([^"]+)"?/.exec(first))) return errors.invalidIdentifierAt(m[2]!, src);
  if ((m = /^Binder Error: Referenced table "?([^"]+)"? not found/.exec(first))) return errors.invalidIdentifierAt(m[1]!, src);
  if (/^Parser Error/.test(first)) {
    const near = /at or near "([^"]*)"/.exec(first)?.[1];
    if (src && near !== undefined) {
      const at = findInSource(src.sql, near, src.start, src.end);
      if (at >= 0) return errors.syntaxAt(src, at, near);
    }
    if (src && /at end of input/.test(first)) return errors.syntaxAt(src, src.end, '<EOF>');
    return errors.syntax(`syntax error line 1 at position 0 ${first.replace(/^Parser Error: /, '')}.`);
  }
  if (/^Conversion Error/.test(first)) {
    const v = /string '([^']*)'/.exec(first);
    return errors.conversion(v ? `Numeric value '${v[1]}' is not recognized` : first.replace(/^Conversion Error: /, ''));
  }
  if (/^Constraint Error: NOT NULL constraint failed/.test(first)) return errors.notNull(first.replace(/^Constraint Error: NOT NULL constraint failed: /, ''));
  if (/^Constraint Error/.test(first)) return new SfError('100072', '22000', first.replace(/^Constraint Error: /, ''));
  if (/^INTERRUPT Error|Interrupted/.test(first)) return errors.cancelled();
  if (/^Binder Error|^Catalog Error|^Dependency Error|^Not implemented Error|^Invalid Input Error/.test(first))
    return new SfError('002003', '42000', `SQL compilation error:\n${first}`);
  if (/^TransactionContext Error/.test(first)) return new SfError('000603', '25000', first);
  return errors.internal(first);
}
