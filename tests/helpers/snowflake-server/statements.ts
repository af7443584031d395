/**
 * Statement handlers: Snowflake statements recognised by their leading words and executed on DuckDB
 * (USE, ALTER SESSION, SHOW, DESCRIBE, CREATE/DROP/ALTER of databases, schemas, tables and views,
 * COMMENT, GRANT, transactions, DML and queries).
 */
import type { DuckDBResultReader } from '@duckdb/node-api';
import type { Catalog, ObjectMeta } from './catalog.js';
import type { Token } from './sql/tokenize.js';
import { errors, SfError } from './errors.js';
import { displayName, duckName, parseName, resolveName, resolveSchema, type ObjectName } from './sql/names.js';
import { findWord, isIdent, isOp, isParen, isWord, nodeEnd, plainText, splitCommas, type Group, type Node } from './sql/tree.js';
import { quoteIdent, quoteString, type Translator } from './sql/translate.js';
import { declaredStillApplies, duckTypeFor, parseType, sfTypeFromDuck, sfTypeJson, sfTypeText, type SfType } from './sql/types.js';
import type { Session } from './session.js';
import { column, countResult, statusResult, type WireResult, type WireRow } from './wire.js';

export const STATEMENT_TYPE = {
  SELECT: 0x1000,
  DML: 0x3000,
  INSERT: 0x3100,
  UPDATE: 0x3200,
  DELETE: 0x3300,
  MERGE: 0x3400,
  SCL: 0x4000,
  ALTER_SESSION: 0x4100,
  USE: 0x4300,
  SHOW: 0x4400,
  DESCRIBE: 0x4500,
  TCL: 0x5000,
  DDL: 0x6000,
} as const;

export interface Outcome {
  readonly result: WireResult;
  readonly statementTypeId: number;
}

/** What a handler needs from the engine for one statement. */
export interface StatementContext {
  readonly session: Session;
  readonly catalog: Catalog;
  /** Source text of the whole request (token offsets refer to it). */
  readonly sqlText: string;
  /** Significant top-level nodes of this statement. */
  readonly nodes: Node[];
  run(sql: string): Promise<DuckDBResultReader>;
  translator(): Translator;
  encode(reader: DuckDBResultReader): WireResult;
  createDatabase(name: string, opts: { orReplace: boolean; ifNotExists: boolean; transient: boolean; comment: string | null }): Promise<boolean>;
  dropDatabase(name: string, ifExists: boolean): Promise<boolean>;
  /** Sleeps (abortably) — SYSTEM$WAIT. */
  sleep(ms: number): Promise<void>;
  /** The driver's describeOnly flag: return the result's columns without rows. */
  readonly describeOnly?: boolean;
}

const ok = (): Outcome => ({ result: statusResult('Statement executed successfully.'), statementTypeId: STATEMENT_TYPE.DDL });
const ddl = (msg: string): Outcome => ({ result: statusResult(msg), statementTypeId: STATEMENT_TYPE.DDL });

/** Source text with unquoted identifiers upper-cased (as Snowflake echoes clustering keys). */
function upperText(nodes: readonly Node[]): string {
  return plainText(nodes.map((n) => (n.kind === 'word' ? { ...n, text: n.value } : n)));
}

function source(ctx: StatementContext): { sql: string; start: number; end: number } {
  const n = ctx.nodes;
  return { sql: ctx.sqlText, start: n[0]?.start ?? 0, end: n.length ? nodeEnd(n[n.length - 1]!) : ctx.sqlText.length };
}

function cap(s: string): string {
  return s.charAt(0) + s.slice(1).toLowerCase();
}

/** Renders a query with Snowflake column naming (unaliased expressions are named by their text). */
export function renderQuery(ctx: StatementContext, nodes: readonly Node[], t = ctx.translator()): string {
  return t.render(aliasSelectList(nodes, ctx.sqlText));
}

const SELECT_END = new Set(['FROM', 'WHERE', 'GROUP', 'HAVING', 'QUALIFY', 'ORDER', 'LIMIT', 'UNION', 'EXCEPT', 'MINUS', 'INTERSECT', 'WINDOW', 'INTO', 'OFFSET', 'FETCH']);
const NOT_ALIAS = new Set(['END', 'NULL', 'TRUE', 'FALSE', 'CURRENT_DATE', 'CURRENT_TIMESTAMP', 'CURRENT_TIME', 'LOCALTIMESTAMP', 'DISTINCT']);

/** Adds `AS "<TEXT>"` to top-level select items that are neither aliased nor plain column references. */
export function aliasSelectList(nodes: readonly Node[], source: string): Node[] {
  if (nodes.length === 1 && isParen(nodes[0])) {
    const g = nodes[0] as Group;
    return [{ ...g, items: aliasSelectList(g.items, source) }];
  }
  let i = 0;
  if (isWord(nodes[0], 'WITH')) {
    i = findWord(nodes, 1, 'SELECT');
    if (i < 0) return [...nodes];
  } else if (!isWord(nodes[0], 'SELECT')) return [...nodes];
  let start = i + 1;
  if (isWord(nodes[start], 'DISTINCT', 'ALL')) start++;
  let end = start;
  while (end < nodes.length && !(isWord(nodes[end]) && SELECT_END.has((nodes[end] as { value: string }).value))) end++;
  const items = splitCommas(nodes.slice(start, end));
  const out: Node[] = nodes.slice(0, start);
  items.forEach((item, k) => {
    if (k > 0) out.push({ kind: 'op', text: ',', value: ',', start: -1 });
    out.push(...item);
    if (needsAlias(item)) {
      const text = source.slice(item[0]!.start, nodeEnd(item[item.length - 1]!)).replace(/\s+/g, ' ').toUpperCase();
      out.push({ kind: 'word', text: 'AS', value: 'AS', start: -1 }, { kind: 'qid', text: quoteIdent(text), value: text, start: -1 });
    }
  });
  out.push(...nodes.slice(end));
  return out;
}

function needsAlias(item: readonly Node[]): boolean {
  if (item.length === 0) return false;
  if (item.some((n) => n.start < 0)) return false;
  if (item.some((n) => isOp(n, '*'))) return false;
  // plain column reference a / t.a / "a"
  let j = 0;
  let plain = isIdent(item[0]);
  while (plain && j + 2 < item.length + 1 && j < item.length - 1) {
    if (isOp(item[j + 1], '.') && isIdent(item[j + 2])) j += 2;
    else {
      plain = false;
      break;
    }
  }
  if (plain && j === item.length - 1) return false;
  const last = item[item.length - 1]!;
  const prev = item[item.length - 2];
  if (isIdent(last) && prev && !(last.kind === 'word' && NOT_ALIAS.has(last.value)) && !isOp(prev, '.', '::', ':')) {
    if (isWord(prev, 'AS') || !(prev.kind === 'op')) return false;
  }
  return true;
}

// ───────────────────────────────── dispatch ─────────────────────────────────

export async function executeStatement(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  const w0 = isWord(n[0]) ? (n[0] as Token).value : isParen(n[0]) ? '(' : '';
  switch (w0) {
    case 'SELECT':
    case 'WITH':
    case '(':
    case 'VALUES':
    case 'TABLE':
      return query(ctx);
    case 'INSERT':
      return insert(ctx);
    case 'UPDATE':
      return dml(ctx, 'UPDATE');
    case 'DELETE':
      return dml(ctx, 'DELETE');
    case 'MERGE':
      return merge(ctx);
    case 'USE':
      return use(ctx);
    case 'ALTER':
      return alter(ctx);
    case 'CREATE':
      await implicitCommit(ctx);
      return create(ctx);
    case 'DROP':
      await implicitCommit(ctx);
      return drop(ctx);
    case 'TRUNCATE':
      return truncate(ctx);
    case 'COMMENT':
      await implicitCommit(ctx);
      return comment(ctx);
    case 'BEGIN':
    case 'START':
      return transaction(ctx, 'BEGIN');
    case 'COMMIT':
    case 'END':
      return transaction(ctx, 'COMMIT');
    case 'ROLLBACK':
    case 'ABORT':
      return transaction(ctx, 'ROLLBACK');
    case 'GRANT':
    case 'REVOKE':
      return ok();
    case 'SHOW':
      return show(ctx);
    case 'DESCRIBE':
    case 'DESC':
      return describe(ctx);
    case 'SET':
      return setVariable(ctx);
    case 'UNSET':
      return unsetVariable(ctx);
    case 'CALL':
      if (isWord(n[1], 'SYSTEM$WAIT')) return systemWait(ctx, n.slice(1));
      throw errors.unsupported(`CALL ${plainText(n.slice(1, 2))}`);
    case 'EXPLAIN':
    case 'PUT':
    case 'GET':
    case 'COPY':
    case 'LIST':
    case 'LS':
    case 'REMOVE':
    case 'RM':
    case 'EXECUTE':
    case 'UNDROP':
      throw errors.unsupported(w0);
    default:
      throw errors.syntaxAt(source(ctx), n[0]!.start, plainText(n.slice(0, 1)));
  }
}

async function implicitCommit(ctx: StatementContext): Promise<void> {
  if (ctx.session.inTransaction) {
    await ctx.run('COMMIT');
    ctx.session.inTransaction = false;
  }
}

// ───────────────────────────────── queries & DML ─────────────────────────────────

async function query(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  if (isWord(n[0], 'SELECT') && isWord(n[1], 'SYSTEM$WAIT') && isParen(n[2])) {
    const alias = n.length === 3 ? undefined : n.length === 5 && isWord(n[3], 'AS') && isIdent(n[4]) ? n[4] : n.length === 4 && isIdent(n[3]) ? n[3] : null;
    if (alias !== null) return systemWait(ctx, n.slice(1, 3), alias === undefined ? undefined : (alias as Token).value);
  }
  let nodes = n;
  // SELECT [DISTINCT] TOP n … → … LIMIT n
  const topAt = isWord(n[1], 'TOP') ? 1 : isWord(n[1], 'DISTINCT') && isWord(n[2], 'TOP') ? 2 : -1;
  if (isWord(n[0], 'SELECT') && topAt > 0 && n[topAt + 1]?.kind === 'num') {
    const limit = n[topAt + 1]!;
    nodes = [...n.slice(0, topAt), ...n.slice(topAt + 2), { kind: 'word', text: 'LIMIT', value: 'LIMIT', start: -1 }, limit];
  }
  if (isWord(n[0], 'TABLE') && n.length >= 2) nodes = [{ kind: 'word', text: 'SELECT', value: 'SELECT', start: -1 }, { kind: 'op', text: '*', value: '*', start: -1 }, { kind: 'word', text: 'FROM', value: 'FROM', start: -1 }, ...n.slice(1)];
  const sql = renderQuery(ctx, nodes);
  const reader = await ctx.run(ctx.describeOnly ? `SELECT * FROM (${sql}) AS _describe LIMIT 0` : sql);
  return { result: ctx.encode(reader), statementTypeId: STATEMENT_TYPE.SELECT };
}

async function systemWait(ctx: StatementContext, nodes: readonly Node[], alias?: string): Promise<Outcome> {
  const g = nodes[1] as Group;
  const args = splitCommas(g.items);
  const amount = Number(args[0]?.[0] && args[0][0].kind !== 'group' ? args[0][0].text : NaN);
  const unitNode = args[1]?.[0];
  const unit = unitNode && unitNode.kind === 'str' ? unitNode.value.toUpperCase() : 'SECONDS';
  if (!Number.isFinite(amount)) throw errors.syntax('SYSTEM$WAIT needs a number');
  const ms = unit.startsWith('MILLI') ? amount : unit.startsWith('MINUTE') ? amount * 60_000 : unit.startsWith('HOUR') ? amount * 3_600_000 : amount * 1000;
  await ctx.sleep(ms);
  const name = alias ?? ctx.sqlText.slice(nodes[0]!.start, nodeEnd(nodes[nodes.length - 1]!)).toUpperCase();
  return { result: { columns: [column(name, 'text')], rows: [[`waited ${amount} ${unit.toLowerCase()}`]] }, statementTypeId: STATEMENT_TYPE.SELECT };
}

function firstCount(reader: DuckDBResultReader): number {
  const cols = reader.getColumns();
  const v = cols[0]?.[0];
  return v === undefined || v === null ? 0 : Number(v);
}

async function insert(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  let i = 1;
  let overwrite = false;
  if (isWord(n[i], 'OVERWRITE')) {
    overwrite = true;
    i++;
  }
  if (isWord(n[i], 'ALL', 'FIRST')) throw errors.unsupported('multi-table INSERT');
  if (!isWord(n[i], 'INTO')) throw errors.syntaxAt(source(ctx), n[i]?.start ?? 0, plainText(n.slice(i, i + 1)));
  const name = parseName(n, i + 1);
  if (!name) throw errors.syntax('missing table name');
  const target = resolveName(name.parts, ctx.session, 'INSERT');
  const t = ctx.translator();
  let rest = n.slice(name.end);
  let cols = '';
  if (isParen(rest[0]) && !isWord((rest[0] as Group).items[0], 'SELECT', 'WITH')) {
    cols = ` (${t.render((rest[0] as Group).items)})`;
    rest = rest.slice(1);
  }
  const body = isWord(rest[0], 'VALUES') ? t.render(rest) : renderQuery(ctx, rest, t);
  if (overwrite) await ctx.run(`DELETE FROM ${duckName(target)}`);
  const reader = await ctx.run(`INSERT INTO ${duckName(target)}${cols} ${body}`);
  return { result: countResult([['number of rows inserted', firstCount(reader)]]), statementTypeId: STATEMENT_TYPE.INSERT };
}

/** Strips table qualifiers from `SET a.b = …` targets (DuckDB rejects them). */
function stripSetQualifiers(nodes: readonly Node[], from: number, stopWords: readonly string[]): Node[] {
  const out = [...nodes];
  let i = from;
  let atTarget = true;
  while (i < out.length && !(isWord(out[i]) && stopWords.includes((out[i] as { value: string }).value))) {
    if (atTarget && isIdent(out[i]) && isOp(out[i + 1], '.') && isIdent(out[i + 2]) && isOp(out[i + 3], '=')) {
      out.splice(i, 2);
    }
    atTarget = false;
    if (isOp(out[i], ',')) atTarget = true;
    i++;
  }
  return out;
}

async function dml(ctx: StatementContext, kind: 'UPDATE' | 'DELETE'): Promise<Outcome> {
  let nodes = ctx.nodes;
  if (kind === 'UPDATE') {
    const s = findWord(nodes, 1, 'SET');
    if (s > 0) nodes = stripSetQualifiers(nodes, s + 1, ['FROM', 'WHERE']);
  }
  const reader = await ctx.run(ctx.translator().render(nodes));
  const n = firstCount(reader);
  if (kind === 'UPDATE') return { result: countResult([['number of rows updated', n], ['number of multi-joined rows updated', 0]]), statementTypeId: STATEMENT_TYPE.UPDATE };
  return { result: countResult([['number of rows deleted', n]]), statementTypeId: STATEMENT_TYPE.DELETE };
}

async function merge(ctx: StatementContext): Promise<Outcome> {
  let nodes = [...ctx.nodes];
  let hasInsert = false;
  let hasUpdate = false;
  let hasDelete = false;
  for (let i = 0; i < nodes.length; i++) {
    if (isWord(nodes[i], 'THEN')) {
      if (isWord(nodes[i + 1], 'INSERT')) hasInsert = true;
      if (isWord(nodes[i + 1], 'DELETE')) hasDelete = true;
      if (isWord(nodes[i + 1], 'UPDATE') && isWord(nodes[i + 2], 'SET')) {
        hasUpdate = true;
        nodes = stripSetQualifiers(nodes, i + 3, ['WHEN']);
      }
    }
  }
  const sql = ctx.translator().render(nodes) + ' RETURNING merge_action';
  const reader = await ctx.run(sql);
  const actions = reader.getColumns()[0] ?? [];
  let ins = 0;
  let upd = 0;
  let del = 0;
  for (const a of actions) {
    if (a === 'INSERT') ins++;
    else if (a === 'UPDATE') upd++;
    else if (a === 'DELETE') del++;
  }
  const counts: [string, number][] = [];
  if (hasInsert) counts.push(['number of rows inserted', ins]);
  if (hasUpdate) counts.push(['number of rows updated', upd]);
  if (hasDelete) counts.push(['number of rows deleted', del]);
  if (counts.length === 0) counts.push(['number of rows updated', upd]);
  return { result: countResult(counts), statementTypeId: STATEMENT_TYPE.MERGE };
}

// ───────────────────────────────── session statements ─────────────────────────────────

async function use(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  const s = ctx.session;
  const done: Outcome = { result: statusResult('Statement executed successfully.'), statementTypeId: STATEMENT_TYPE.USE };
  let i = 1;
  let kind = 'AUTO';
  if (isWord(n[1], 'ROLE', 'WAREHOUSE', 'DATABASE', 'SCHEMA')) {
    kind = (n[1] as { value: string }).value;
    i = 2;
  } else if (isWord(n[1], 'SECONDARY')) return done;
  const name = parseName(n, i);
  if (!name) throw errors.syntax('USE needs a name');
  const parts = name.parts;
  switch (kind) {
    case 'ROLE': {
      const role = parts[0]!;
      if (!ctx.catalog.roles.has(role)) throw errors.roleNotGranted(role);
      s.role = role;
      return done;
    }
    case 'WAREHOUSE': {
      const wh = parts[0]!;
      if (!ctx.catalog.warehouses.has(wh)) throw errors.useMissing();
      s.warehouse = wh;
      return done;
    }
    case 'DATABASE': {
      const db = parts[0]!;
      if (!ctx.catalog.databases.has(db)) throw errors.useMissing();
      const schema = (await schemaExists(ctx, db, 'PUBLIC')) ? 'PUBLIC' : null;
      s.database = db;
      s.schema = schema;
      return done;
    }
    case 'SCHEMA': {
      const r = resolveSchema(parts, s, 'USE SCHEMA');
      if (!ctx.catalog.databases.has(r.db) || !(await schemaExists(ctx, r.db, r.schema))) throw errors.useMissing();
      s.database = r.db;
      s.schema = r.schema;
      return done;
    }
    default: {
      if (parts.length >= 2) {
        const r = resolveSchema(parts, s, 'USE');
        if (!ctx.catalog.databases.has(r.db) || !(await schemaExists(ctx, r.db, r.schema))) throw errors.useMissing();
        s.database = r.db;
        s.schema = r.schema;
      } else {
        const db = parts[0]!;
        if (!ctx.catalog.databases.has(db)) throw errors.useMissing();
        const schema = (await schemaExists(ctx, db, 'PUBLIC')) ? 'PUBLIC' : null;
        s.database = db;
        s.schema = schema;
      }
      return done;
    }
  }
}

export async function schemaExists(ctx: Pick<StatementContext, 'run'>, db: string, schema: string): Promise<boolean> {
  if (schema === 'INFORMATION_SCHEMA') return true;
  const r = await ctx.run(`SELECT 1 FROM duckdb_schemas() WHERE database_name = ${quoteString(db)} AND schema_name = ${quoteString(schema)}`);
  return r.currentRowCount > 0;
}

async function objectKind(ctx: StatementContext, o: ObjectName): Promise<'TABLE' | 'VIEW' | undefined> {
  const r = await ctx.run(
    `SELECT 'TABLE' FROM duckdb_tables() WHERE database_name = ${quoteString(o.db)} AND schema_name = ${quoteString(o.schema)} AND table_name = ${quoteString(o.name)}
     UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE database_name = ${quoteString(o.db)} AND schema_name = ${quoteString(o.schema)} AND view_name = ${quoteString(o.name)}`,
  );
  const v = r.getColumns()[0]?.[0];
  return v === undefined ? undefined : (v as 'TABLE' | 'VIEW');
}

/** Reads a `= value` or plain value at nodes[i]: returns the literal text/number and the next index. */
function readValue(nodes: readonly Node[], i: number): { value: string; end: number } {
  let j = i;
  if (isOp(nodes[j], '=')) j++;
  const v = nodes[j];
  if (!v) throw errors.syntax('missing value');
  if (isOp(v, '-') && nodes[j + 1]?.kind === 'num') return { value: '-' + (nodes[j + 1] as { text: string }).text, end: j + 2 };
  if (v.kind === 'group') return { value: plainText([v]), end: j + 1 };
  return { value: v.kind === 'word' ? v.value : v.kind === 'str' || v.kind === 'qid' ? v.value : v.text, end: j + 1 };
}

async function alterSession(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  const s = ctx.session;
  const done: Outcome = { result: statusResult('Statement executed successfully.'), statementTypeId: STATEMENT_TYPE.ALTER_SESSION };
  if (isWord(n[2], 'SET')) {
    let i = 3;
    while (i < n.length) {
      if (isOp(n[i], ',')) {
        i++;
        continue;
      }
      if (!isWord(n[i])) throw errors.syntax(`unexpected '${plainText([n[i]!])}'`);
      const key = (n[i] as { value: string }).value;
      const { value, end } = readValue(n, i + 1);
      i = end;
      if (key === 'TIMEZONE') await s.setTimezone(value);
      else if (key === 'STATEMENT_TIMEOUT_IN_SECONDS') {
        const secs = Number(value);
        if (!Number.isFinite(secs) || secs < 0) throw new SfError('002151', '22023', `Invalid value [${value}] for parameter 'STATEMENT_TIMEOUT_IN_SECONDS'`);
        s.params.set(key, secs);
      } else if (key === 'AUTOCOMMIT' || key === 'JS_TREAT_INTEGER_AS_BIGINT' || key === 'QUOTED_IDENTIFIERS_IGNORE_CASE') s.params.set(key, value.toUpperCase() === 'TRUE');
      else if (key === 'MULTI_STATEMENT_COUNT') s.params.set(key, Number(value));
      else s.params.set(key, value);
    }
    return done;
  }
  if (isWord(n[2], 'UNSET')) {
    for (const p of splitCommas(n.slice(3))) {
      const key = isWord(p[0]) ? (p[0] as Token).value : '';
      s.params.delete(key);
      if (key === 'TIMEZONE') await s.setTimezone(s.timezone);
    }
    return done;
  }
  throw errors.syntax('ALTER SESSION needs SET or UNSET');
}

function setVariable(ctx: StatementContext): Outcome {
  const n = ctx.nodes;
  if (!isWord(n[1]) || !isOp(n[2], '=')) throw errors.unsupported('SET (multiple variables)');
  const v = n[3];
  if (!v || n.length !== 4 || (v.kind !== 'str' && v.kind !== 'num')) throw errors.unsupported('SET with an expression');
  ctx.session.variables.set((n[1] as { value: string }).value, v.kind === 'str' ? quoteString(v.value) : v.text);
  return { result: statusResult('Statement executed successfully.'), statementTypeId: STATEMENT_TYPE.SCL };
}

function unsetVariable(ctx: StatementContext): Outcome {
  const n = ctx.nodes;
  if (isWord(n[1])) ctx.session.variables.delete((n[1] as { value: string }).value);
  return { result: statusResult('Statement executed successfully.'), statementTypeId: STATEMENT_TYPE.SCL };
}

async function transaction(ctx: StatementContext, kind: 'BEGIN' | 'COMMIT' | 'ROLLBACK'): Promise<Outcome> {
  const s = ctx.session;
  const done: Outcome = { result: statusResult('Statement executed successfully.'), statementTypeId: STATEMENT_TYPE.TCL };
  if (kind === 'BEGIN') {
    if (!s.inTransaction) {
      await ctx.run('BEGIN TRANSACTION');
      s.inTransaction = true;
    }
    return done;
  }
  if (s.inTransaction) {
    s.inTransaction = false;
    await ctx.run(kind);
  }
  return done;
}

// ───────────────────────────────── CREATE ─────────────────────────────────

interface CreateHead {
  orReplace: boolean;
  modifiers: Set<string>;
  kind: string;
  ifNotExists: boolean;
  nameParts: string[];
  /** index after the name */
  i: number;
}

function createHead(n: readonly Node[]): CreateHead {
  let i = 1;
  let orReplace = false;
  if (isWord(n[1], 'OR') && isWord(n[2], 'REPLACE')) {
    orReplace = true;
    i = 3;
  }
  const modifiers = new Set<string>();
  while (isWord(n[i], 'LOCAL', 'GLOBAL', 'TEMP', 'TEMPORARY', 'VOLATILE', 'TRANSIENT', 'SECURE', 'RECURSIVE', 'MATERIALIZED', 'HYBRID', 'DYNAMIC', 'ICEBERG', 'EXTERNAL')) {
    modifiers.add((n[i] as { value: string }).value);
    i++;
  }
  if (!isWord(n[i])) throw errors.syntax(`syntax error line 1 at position 0 unexpected '${plainText(n.slice(i, i + 1))}'.`);
  let kind = (n[i] as { value: string }).value;
  i++;
  if (kind === 'FILE' && isWord(n[i], 'FORMAT')) {
    kind = 'FILE FORMAT';
    i++;
  }
  let ifNotExists = false;
  if (isWord(n[i], 'IF') && isWord(n[i + 1], 'NOT') && isWord(n[i + 2], 'EXISTS')) {
    ifNotExists = true;
    i += 3;
  }
  const name = parseName(n, i);
  if (!name) throw errors.syntax(`syntax error line 1 at position 0 unexpected '${plainText(n.slice(i, i + 1))}'.`);
  return { orReplace, modifiers, kind, ifNotExists, nameParts: name.parts, i: name.end };
}

async function create(ctx: StatementContext): Promise<Outcome> {
  const h = createHead(ctx.nodes);
  switch (h.kind) {
    case 'TABLE':
      return createTable(ctx, h);
    case 'VIEW':
      return createView(ctx, h);
    case 'SCHEMA':
      return createSchema(ctx, h);
    case 'DATABASE': {
      const comment = tableOptions(ctx.nodes, h.i).comment;
      const created = await ctx.createDatabase(h.nameParts[0]!, { orReplace: h.orReplace, ifNotExists: h.ifNotExists, transient: h.modifiers.has('TRANSIENT'), comment });
      if (created) {
        ctx.session.database = h.nameParts[0]!;
        ctx.session.schema = 'PUBLIC';
        return ddl(`Database ${h.nameParts[0]} successfully created.`);
      }
      return ddl(`${h.nameParts[0]} already exists, statement succeeded.`);
    }
    case 'WAREHOUSE':
      ctx.catalog.warehouses.add(h.nameParts[0]!);
      return ddl(`Warehouse ${h.nameParts[0]} successfully created.`);
    case 'ROLE':
      ctx.catalog.roles.add(h.nameParts[0]!);
      return ddl(`Role ${h.nameParts[0]} successfully created.`);
    case 'USER':
      ctx.catalog.users.set(h.nameParts[0]!, { name: h.nameParts[0]! });
      return ddl(`User ${h.nameParts[0]} successfully created.`);
    default:
      throw errors.unsupported(`CREATE ${h.kind}`);
  }
}

interface TableOptions {
  clusterBy: string | null;
  comment: string | null;
  copyGrants: boolean;
  /** index of a top-level AS (query follows), or -1 */
  asIndex: number;
}

/** Reads Snowflake table/view options up to `AS` (CLUSTER BY, COPY GRANTS, COMMENT = …, KEY = value…). */
function tableOptions(n: readonly Node[], from: number): TableOptions {
  const o: TableOptions = { clusterBy: null, comment: null, copyGrants: false, asIndex: -1 };
  let i = from;
  while (i < n.length) {
    const w = n[i];
    if (isWord(w, 'AS')) {
      o.asIndex = i;
      return o;
    }
    if (isWord(w, 'CLUSTER') && isWord(n[i + 1], 'BY')) {
      let j = i + 2;
      if (isWord(n[j], 'LINEAR')) j++;
      o.clusterBy = isParen(n[j]) ? `LINEAR(${upperText((n[j] as Group).items)})` : null;
      i = j + 1;
      continue;
    }
    if (isWord(w, 'COPY') && isWord(n[i + 1], 'GRANTS')) {
      o.copyGrants = true;
      i += 2;
      continue;
    }
    if (isWord(w, 'COMMENT') && (isOp(n[i + 1], '=') || n[i + 1]?.kind === 'str')) {
      const v = readValue(n, i + 1);
      o.comment = v.value;
      i = v.end;
      continue;
    }
    if (isWord(w, 'WITH') && isWord(n[i + 1], 'TAG', 'MANAGED')) {
      i += isParen(n[i + 2]) ? 3 : 3;
      continue;
    }
    if (isWord(w, 'WITH') && isWord(n[i + 1], 'ROW', 'MASKING', 'AGGREGATION')) {
      while (i < n.length && !isWord(n[i], 'AS')) i++;
      continue;
    }
    if (isWord(w) && isOp(n[i + 1], '=')) {
      i = readValue(n, i + 1).end;
      continue;
    }
    if (isWord(w, 'CHANGE_TRACKING', 'ENABLE_SCHEMA_EVOLUTION')) {
      i++;
      continue;
    }
    i++;
  }
  return o;
}

interface ColumnDef {
  name: string;
  sql: string;
  type: SfType | null;
  comment: string | null;
}

/** Translates an inline column list; drops PRIMARY KEY/UNIQUE/FOREIGN KEY (not enforced by Snowflake). */
function columnDefs(ctx: StatementContext, g: Group, t: Translator): ColumnDef[] {
  const defs: ColumnDef[] = [];
  for (const part of splitCommas(g.items)) {
    if (part.length === 0) continue;
    if (isWord(part[0], 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')) continue;
    const nameNode = part[0]!;
    if (!isIdent(nameNode)) throw errors.syntax(`unexpected '${plainText([nameNode])}'`);
    const name = nameNode.value;
    const parsed = parseType(part, 1);
    let sql = quoteIdent(name);
    let i = 1;
    let type: SfType | null = null;
    if (parsed) {
      type = parsed.type;
      sql += ' ' + duckTypeFor(parsed.type, parsed.integerAlias);
      i = parsed.end;
    }
    let commentText: string | null = null;
    while (i < part.length) {
      const w = part[i]!;
      if (isWord(w, 'NOT') && isWord(part[i + 1], 'NULL')) {
        sql += ' NOT NULL';
        i += 2;
      } else if (isWord(w, 'NULL')) i++;
      else if (isWord(w, 'DEFAULT')) {
        let j = i + 1;
        while (j < part.length && !isWord(part[j], 'NOT', 'NULL', 'PRIMARY', 'UNIQUE', 'COMMENT', 'REFERENCES', 'CONSTRAINT', 'COLLATE', 'WITH')) j++;
        sql += ' DEFAULT ' + t.render(part.slice(i + 1, j));
        i = j;
      } else if (isWord(w, 'COMMENT')) {
        const v = readValue(part, i + 1);
        commentText = v.value;
        i = v.end;
      } else if (isWord(w, 'COLLATE')) i += 2;
      else if (isWord(w, 'PRIMARY') && isWord(part[i + 1], 'KEY')) i += 2;
      else if (isWord(w, 'AUTOINCREMENT', 'IDENTITY')) i += isParen(part[i + 1]) ? 2 : 1;
      else if (isWord(w, 'START', 'INCREMENT')) i += 2;
      else if (isWord(w, 'ORDER', 'NOORDER', 'UNIQUE')) i++;
      else if (isWord(w, 'REFERENCES')) {
        i += 2;
        if (isParen(part[i])) i++;
      } else if (isWord(w, 'WITH', 'MASKING', 'PROJECTION', 'TAG', 'POLICY', 'USING', 'CONSTRAINT')) i++;
      else i++;
    }
    defs.push({ name, sql, type, comment: commentText });
  }
  return defs;
}

async function createTable(ctx: StatementContext, h: CreateHead): Promise<Outcome> {
  const n = ctx.nodes;
  const s = ctx.session;
  const target = resolveName(h.nameParts, s, 'CREATE TABLE');
  const t = ctx.translator();
  const temporary = h.modifiers.has('TEMP') || h.modifiers.has('TEMPORARY') || h.modifiers.has('VOLATILE');
  let i = h.i;
  let defs: ColumnDef[] | null = null;
  if (isParen(n[i])) {
    defs = columnDefs(ctx, n[i] as Group, t);
    i++;
  }
  let source: string | null = null;
  let copyMeta: ObjectMeta | undefined;
  if (isWord(n[i], 'LIKE', 'CLONE')) {
    const other = parseName(n, i + 1);
    if (!other) throw errors.syntax('missing source table');
    const src = resolveName(other.parts, s, 'CREATE TABLE');
    source = `SELECT * FROM ${duckName(src)}${isWord(n[i], 'LIKE') ? ' WHERE FALSE' : ''}`;
    copyMeta = ctx.catalog.object(src.db, src.schema, src.name);
    i = other.end;
  }
  const opts = tableOptions(n, i);
  if (opts.asIndex >= 0) source = renderQuery(ctx, n.slice(opts.asIndex + 1), t);
  if (!(await schemaExists(ctx, target.db, target.schema)) && ctx.catalog.databases.has(target.db)) throw errors.schemaMissing(`${target.db}.${target.schema}`);
  if (!ctx.catalog.databases.has(target.db)) throw errors.databaseMissing(target.db);
  if (h.ifNotExists && (await objectKind(ctx, target))) return ddl(`${target.name} already exists, statement succeeded.`);
  const verb = `CREATE ${h.orReplace ? 'OR REPLACE ' : ''}TABLE ${duckName(target)}`;
  if (defs && source !== null) {
    await ctx.run(`${verb} (${defs.map((d) => d.sql).join(', ')})`);
    await ctx.run(`INSERT INTO ${duckName(target)} SELECT * FROM (${source}) _src`);
  } else if (defs) {
    await ctx.run(`${verb} (${defs.map((d) => d.sql).join(', ')})`);
  } else if (source !== null) {
    await ctx.run(`${verb} AS ${source}`);
  } else throw errors.syntax('CREATE TABLE needs columns or AS');
  const meta = ctx.catalog.setObject(target.db, target.schema, target.name, {
    kind: 'TABLE',
    transient: h.modifiers.has('TRANSIENT'),
    temporary,
    clusterBy: opts.clusterBy,
    comment: opts.comment,
  });
  if (copyMeta) for (const [c, ty] of copyMeta.columnTypes) meta.columnTypes.set(c, ty);
  for (const d of defs ?? []) {
    if (d.type) meta.columnTypes.set(d.name, d.type);
    if (d.comment !== null) meta.columnComments.set(d.name, d.comment);
  }
  if (temporary) s.temporaryObjects.push({ ...target, kind: 'TABLE' });
  return ddl(`Table ${target.name} successfully created.`);
}

async function createView(ctx: StatementContext, h: CreateHead): Promise<Outcome> {
  const n = ctx.nodes;
  const s = ctx.session;
  const target = resolveName(h.nameParts, s, 'CREATE VIEW');
  const t = ctx.translator();
  let i = h.i;
  const opts0 = tableOptions(n, i);
  let colSql = '';
  const comments = new Map<string, string>();
  // the column list may come before or after COPY GRANTS / COMMENT
  for (let k = i; k < (opts0.asIndex < 0 ? n.length : opts0.asIndex); k++) {
    if (isParen(n[k])) {
      const names: string[] = [];
      for (const part of splitCommas((n[k] as Group).items)) {
        const nm = part[0];
        if (!isIdent(nm)) continue;
        names.push(quoteIdent(nm.value));
        const c = findWord(part, 1, 'COMMENT');
        if (c > 0) comments.set(nm.value, readValue(part, c + 1).value);
      }
      colSql = ` (${names.join(', ')})`;
      i = k + 1;
    }
  }
  if (opts0.asIndex < 0) throw errors.syntax('CREATE VIEW needs AS');
  const body = renderQuery(ctx, n.slice(opts0.asIndex + 1), t);
  if (!ctx.catalog.databases.has(target.db)) throw errors.databaseMissing(target.db);
  if (!(await schemaExists(ctx, target.db, target.schema))) throw errors.schemaMissing(`${target.db}.${target.schema}`);
  if (h.ifNotExists && (await objectKind(ctx, target))) return ddl(`${target.name} already exists, statement succeeded.`);
  await ctx.run(`CREATE ${h.orReplace ? 'OR REPLACE ' : ''}VIEW ${duckName(target)}${colSql} AS ${body}`);
  const meta = ctx.catalog.setObject(target.db, target.schema, target.name, {
    kind: 'VIEW',
    secure: h.modifiers.has('SECURE'),
    temporary: h.modifiers.has('TEMP') || h.modifiers.has('TEMPORARY'),
    comment: opts0.comment,
    text: ctx.sqlText.slice(n[0]!.start, nodeEnd(n[n.length - 1]!)),
  });
  for (const [c, v] of comments) meta.columnComments.set(c, v);
  if (meta.temporary) s.temporaryObjects.push({ ...target, kind: 'VIEW' });
  return ddl(`View ${target.name} successfully created.`);
}

async function createSchema(ctx: StatementContext, h: CreateHead): Promise<Outcome> {
  const r = resolveSchema(h.nameParts, ctx.session, 'CREATE SCHEMA');
  if (!ctx.catalog.databases.has(r.db)) throw errors.databaseMissing(r.db);
  const exists = await schemaExists(ctx, r.db, r.schema);
  const q = `${quoteIdent(r.db)}.${quoteIdent(r.schema)}`;
  const opts = tableOptions(ctx.nodes, h.i);
  if (exists) {
    if (h.ifNotExists) return ddl(`${r.schema} already exists, statement succeeded.`);
    if (!h.orReplace) throw errors.alreadyExists(r.schema);
    await ctx.run(`DROP SCHEMA ${q} CASCADE`);
    ctx.catalog.dropSchema(r.db, r.schema);
  }
  await ctx.run(`CREATE SCHEMA ${q}`);
  ctx.catalog.setSchema(r.db, r.schema, { transient: h.modifiers.has('TRANSIENT'), comment: opts.comment, managed: findWord(ctx.nodes, h.i, 'MANAGED') >= 0 });
  // Snowflake makes a newly created schema current
  ctx.session.database = r.db;
  ctx.session.schema = r.schema;
  return ddl(`Schema ${r.schema} successfully created.`);
}

// ───────────────────────────────── DROP / TRUNCATE ─────────────────────────────────

async function drop(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  let i = 1;
  if (isWord(n[i], 'MATERIALIZED', 'DYNAMIC', 'EXTERNAL', 'ICEBERG', 'HYBRID')) i++;
  const kind = isWord(n[i]) ? (n[i] as { value: string }).value : '';
  i++;
  let ifExists = false;
  if (isWord(n[i], 'IF') && isWord(n[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  const name = parseName(n, i);
  if (!name) throw errors.syntax('DROP needs a name');
  switch (kind) {
    case 'TABLE':
    case 'VIEW': {
      const o = resolveName(name.parts, ctx.session, `DROP ${kind}`);
      const actual = await objectKind(ctx, o);
      if (!actual) {
        if (ifExists) return ddl(`Drop statement executed successfully (${o.name} already dropped).`);
        throw errors.objectMissing(displayName(o), cap(kind));
      }
      if (actual !== kind) throw new SfError('002203', '02000', `SQL compilation error: Object found is of type '${actual}', not specified type '${kind}'.`);
      await ctx.run(`DROP ${kind} ${duckName(o)}${kind === 'TABLE' ? ' CASCADE' : ''}`);
      ctx.catalog.dropObject(o.db, o.schema, o.name);
      return ddl(`${o.name} successfully dropped.`);
    }
    case 'SCHEMA': {
      const r = resolveSchema(name.parts, ctx.session, 'DROP SCHEMA');
      if (!ctx.catalog.databases.has(r.db) || !(await schemaExists(ctx, r.db, r.schema))) {
        if (ifExists) return ddl(`Drop statement executed successfully (${r.schema} already dropped).`);
        throw errors.schemaMissing(`${r.db}.${r.schema}`);
      }
      await ctx.run(`DROP SCHEMA ${quoteIdent(r.db)}.${quoteIdent(r.schema)} CASCADE`);
      ctx.catalog.dropSchema(r.db, r.schema);
      if (ctx.session.database === r.db && ctx.session.schema === r.schema) {
        ctx.session.schema = null;
        ctx.session.invalidateUse();
      }
      return ddl(`${r.schema} successfully dropped.`);
    }
    case 'DATABASE': {
      const db = name.parts[0]!;
      const dropped = await ctx.dropDatabase(db, ifExists);
      if (!dropped) return ddl(`Drop statement executed successfully (${db} already dropped).`);
      return ddl(`${db} successfully dropped.`);
    }
    case 'WAREHOUSE':
      ctx.catalog.warehouses.delete(name.parts[0]!);
      return ddl(`${name.parts[0]} successfully dropped.`);
    case 'ROLE':
      ctx.catalog.roles.delete(name.parts[0]!);
      return ddl(`${name.parts[0]} successfully dropped.`);
    default:
      throw errors.unsupported(`DROP ${kind}`);
  }
}

async function truncate(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  let i = 1;
  if (isWord(n[i], 'TABLE')) i++;
  let ifExists = false;
  if (isWord(n[i], 'IF') && isWord(n[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  const name = parseName(n, i);
  if (!name) throw errors.syntax('TRUNCATE needs a table');
  const o = resolveName(name.parts, ctx.session, 'TRUNCATE');
  if (ifExists && (await objectKind(ctx, o)) !== 'TABLE') return ok();
  await ctx.run(`DELETE FROM ${duckName(o)}`);
  return ok();
}

// ───────────────────────────────── ALTER / COMMENT ─────────────────────────────────

async function alter(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  const kind = isWord(n[1]) ? (n[1] as { value: string }).value : '';
  switch (kind) {
    case 'SESSION':
      return alterSession(ctx);
    case 'WAREHOUSE':
    case 'USER':
    case 'ACCOUNT':
    case 'ROLE':
    case 'DATABASE':
      if (kind === 'DATABASE' && findWord(n, 2, 'RENAME', 'SWAP') >= 0) throw errors.unsupported('ALTER DATABASE RENAME/SWAP');
      return ok();
    case 'SCHEMA':
      if (findWord(n, 2, 'RENAME', 'SWAP') >= 0) throw errors.unsupported('ALTER SCHEMA RENAME/SWAP');
      return ok();
    case 'TABLE':
    case 'VIEW':
    case 'MATERIALIZED':
      await implicitCommit(ctx);
      return alterRelation(ctx, kind === 'MATERIALIZED' ? 'VIEW' : kind, kind === 'MATERIALIZED' ? 3 : 2);
    default:
      throw errors.unsupported(`ALTER ${kind}`);
  }
}

async function alterRelation(ctx: StatementContext, kind: 'TABLE' | 'VIEW', from: number): Promise<Outcome> {
  const n = ctx.nodes;
  const s = ctx.session;
  let i = from;
  let ifExists = false;
  if (isWord(n[i], 'IF') && isWord(n[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  const name = parseName(n, i);
  if (!name) throw errors.syntax(`ALTER ${kind} needs a name`);
  const o = resolveName(name.parts, s, `ALTER ${kind}`);
  i = name.end;
  const actual = await objectKind(ctx, o);
  if (!actual) {
    if (ifExists) return ok();
    throw errors.objectMissing(displayName(o), cap(kind));
  }
  const meta = ctx.catalog.ensureObject(o.db, o.schema, o.name, actual);
  const w = isWord(n[i]) ? (n[i] as { value: string }).value : '';
  const t = ctx.translator();
  switch (w) {
    case 'RENAME': {
      if (isWord(n[i + 1], 'COLUMN')) {
        const from = n[i + 2];
        const to = n[i + 4];
        if (!isIdent(from) || !isWord(n[i + 3], 'TO') || !isIdent(to)) throw errors.syntax('RENAME COLUMN a TO b');
        await ctx.run(`ALTER TABLE ${duckName(o)} RENAME COLUMN ${quoteIdent(from.value)} TO ${quoteIdent(to.value)}`);
        moveKey(meta.columnTypes, from.value, to.value);
        moveKey(meta.columnComments, from.value, to.value);
        return ok();
      }
      const to = parseName(n, i + 2);
      if (!isWord(n[i + 1], 'TO') || !to) throw errors.syntax('RENAME TO needs a name');
      const target = resolveName(to.parts, s, `ALTER ${kind}`);
      if (target.db !== o.db) throw errors.unsupported('rename across databases');
      if (target.schema === o.schema) {
        await ctx.run(`ALTER ${actual} ${duckName(o)} RENAME TO ${quoteIdent(target.name)}`);
      } else if (actual === 'TABLE') {
        await ctx.run(`CREATE TABLE ${duckName(target)} AS SELECT * FROM ${duckName(o)}`);
        await ctx.run(`DROP TABLE ${duckName(o)}`);
      } else throw errors.unsupported('moving a view to another schema');
      ctx.catalog.renameObject(o.db, o.schema, o.name, target.schema, target.name);
      return ok();
    }
    case 'SWAP': {
      const other = parseName(n, i + 2);
      if (!isWord(n[i + 1], 'WITH') || !other) throw errors.syntax('SWAP WITH needs a name');
      const b = resolveName(other.parts, s, 'ALTER TABLE');
      const bKind = await objectKind(ctx, b);
      if (!bKind) throw errors.objectMissing(displayName(b), 'Table');
      if (b.schema !== o.schema || b.db !== o.db) throw errors.unsupported('SWAP WITH across schemas');
      const tmp = `__swap_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
      await ctx.run(`ALTER ${actual} ${duckName(o)} RENAME TO ${quoteIdent(tmp)}`);
      await ctx.run(`ALTER ${bKind} ${duckName(b)} RENAME TO ${quoteIdent(o.name)}`);
      await ctx.run(`ALTER ${actual} ${duckName({ ...o, name: tmp })} RENAME TO ${quoteIdent(b.name)}`);
      ctx.catalog.swapObjects(o.db, o.schema, o.name, b.schema, b.name);
      return ok();
    }
    case 'CLUSTER':
      meta.clusterBy = isParen(n[i + 2]) ? `LINEAR(${upperText((n[i + 2] as Group).items)})` : meta.clusterBy;
      return ok();
    case 'DROP':
      if (isWord(n[i + 1], 'CLUSTERING')) {
        meta.clusterBy = null;
        return ok();
      }
      if (isWord(n[i + 1], 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'ROW', 'SEARCH')) return ok();
      return dropColumns(ctx, o, meta, n.slice(isWord(n[i + 1], 'COLUMN') ? i + 2 : i + 1));
    case 'ADD':
      if (isWord(n[i + 1], 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'ROW', 'SEARCH')) return ok();
      return addColumns(ctx, o, meta, n.slice(isWord(n[i + 1], 'COLUMN') ? i + 2 : i + 1), t);
    case 'ALTER':
    case 'MODIFY':
      return alterColumns(ctx, o, actual, meta, n.slice(i + 1));
    case 'SET':
    case 'UNSET': {
      const set = w === 'SET';
      for (let k = i + 1; k < n.length; k++) {
        if (isWord(n[k], 'COMMENT')) meta.comment = set ? readValue(n, k + 1).value : null;
        if (isWord(n[k], 'SECURE')) meta.secure = set;
      }
      return ok();
    }
    case 'SUSPEND':
    case 'RESUME':
    case 'REFRESH':
      return ok();
    default:
      throw errors.unsupported(`ALTER ${kind} … ${w}`);
  }
}

function moveKey<V>(m: Map<string, V>, from: string, to: string): void {
  const v = m.get(from);
  m.delete(from);
  if (v !== undefined) m.set(to, v);
}

async function addColumns(ctx: StatementContext, o: ObjectName, meta: ObjectMeta, rest: Node[], t: Translator): Promise<Outcome> {
  for (let part of splitCommas(rest)) {
    if (isWord(part[0], 'COLUMN')) part = part.slice(1);
    let ifNot = '';
    if (isWord(part[0], 'IF') && isWord(part[1], 'NOT') && isWord(part[2], 'EXISTS')) {
      ifNot = 'IF NOT EXISTS ';
      part = part.slice(3);
    }
    const g: Group = { kind: 'group', open: '(', items: part, start: part[0]?.start ?? 0, end: 0 };
    const [d] = columnDefs(ctx, g, t);
    if (!d) continue;
    await ctx.run(`ALTER TABLE ${duckName(o)} ADD COLUMN ${ifNot}${d.sql}`);
    if (d.type) meta.columnTypes.set(d.name, d.type);
    if (d.comment !== null) meta.columnComments.set(d.name, d.comment);
  }
  return ok();
}

async function dropColumns(ctx: StatementContext, o: ObjectName, meta: ObjectMeta, rest: Node[]): Promise<Outcome> {
  let ifExists = '';
  if (isWord(rest[0], 'IF') && isWord(rest[1], 'EXISTS')) {
    ifExists = 'IF EXISTS ';
    rest = rest.slice(2);
  }
  for (const part of splitCommas(rest)) {
    const c = part[0];
    if (!isIdent(c)) continue;
    await ctx.run(`ALTER TABLE ${duckName(o)} DROP COLUMN ${ifExists}${quoteIdent(c.value)}`);
    meta.columnTypes.delete(c.value);
    meta.columnComments.delete(c.value);
  }
  return ok();
}

/** ALTER|MODIFY [COLUMN] c SET DATA TYPE t | TYPE t | SET/DROP NOT NULL | SET/DROP DEFAULT | COMMENT 'x' | UNSET COMMENT, … */
async function alterColumns(ctx: StatementContext, o: ObjectName, kind: 'TABLE' | 'VIEW', meta: ObjectMeta, rest: Node[]): Promise<Outcome> {
  if (isParen(rest[0]) && rest.length === 1) rest = (rest[0] as Group).items;
  for (let part of splitCommas(rest)) {
    if (isWord(part[0], 'COLUMN')) part = part.slice(1);
    const c = part[0];
    if (!isIdent(c)) throw errors.syntax('ALTER COLUMN needs a column name');
    const col = c.value;
    const q = `ALTER TABLE ${duckName(o)} ALTER COLUMN ${quoteIdent(col)}`;
    let j = 1;
    if (isWord(part[j], 'SET') && isWord(part[j + 1], 'DATA') && isWord(part[j + 2], 'TYPE')) j += 3;
    else if (isWord(part[j], 'TYPE')) j += 1;
    else j = -1;
    if (j > 0) {
      const parsed = parseType(part, j);
      if (!parsed) throw errors.syntax('SET DATA TYPE needs a type');
      if (kind === 'VIEW') throw errors.unsupported('changing a view column type');
      await ctx.run(`${q} SET DATA TYPE ${duckTypeFor(parsed.type, parsed.integerAlias)}`);
      meta.columnTypes.set(col, parsed.type);
      continue;
    }
    if (isWord(part[1], 'COMMENT')) {
      meta.columnComments.set(col, readValue(part, 2).value);
      continue;
    }
    if (isWord(part[1], 'UNSET') && isWord(part[2], 'COMMENT')) {
      meta.columnComments.delete(col);
      continue;
    }
    if (isWord(part[1], 'SET') && isWord(part[2], 'NOT') && isWord(part[3], 'NULL')) {
      await ctx.run(`${q} SET NOT NULL`);
      continue;
    }
    if (isWord(part[1], 'DROP') && isWord(part[2], 'NOT') && isWord(part[3], 'NULL')) {
      await ctx.run(`${q} DROP NOT NULL`);
      continue;
    }
    if (isWord(part[1], 'SET') && isWord(part[2], 'DEFAULT')) {
      await ctx.run(`${q} SET DEFAULT ${ctx.translator().render(part.slice(3))}`);
      continue;
    }
    if (isWord(part[1], 'DROP') && isWord(part[2], 'DEFAULT')) {
      await ctx.run(`${q} DROP DEFAULT`);
      continue;
    }
    if (isWord(part[1], 'SET', 'UNSET') && isWord(part[2], 'MASKING', 'TAG')) continue;
    throw errors.unsupported(`ALTER COLUMN ${plainText(part.slice(1, 3))}`);
  }
  return ok();
}

async function comment(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  let i = 1;
  let ifExists = false;
  if (isWord(n[i], 'IF') && isWord(n[i + 1], 'EXISTS')) {
    ifExists = true;
    i += 2;
  }
  if (!isWord(n[i], 'ON')) throw errors.syntax('COMMENT ON');
  const kind = isWord(n[i + 1]) ? (n[i + 1] as { value: string }).value : '';
  const name = parseName(n, i + 2);
  const isIdx = findWord(n, i + 2, 'IS');
  if (!name || isIdx < 0) throw errors.syntax('COMMENT ON … IS');
  const text = readValue(n, isIdx + 1).value;
  switch (kind) {
    case 'TABLE':
    case 'VIEW': {
      const o = resolveName(name.parts, ctx.session, 'COMMENT');
      const actual = await objectKind(ctx, o);
      if (!actual) {
        if (ifExists) return ok();
        throw errors.objectMissing(displayName(o), cap(kind));
      }
      ctx.catalog.ensureObject(o.db, o.schema, o.name, actual).comment = text;
      return ok();
    }
    case 'COLUMN': {
      const parts = name.parts;
      const col = parts[parts.length - 1]!;
      const o = resolveName(parts.slice(0, -1), ctx.session, 'COMMENT');
      const actual = await objectKind(ctx, o);
      if (!actual) {
        if (ifExists) return ok();
        throw errors.objectMissing(displayName(o), 'Table');
      }
      ctx.catalog.ensureObject(o.db, o.schema, o.name, actual).columnComments.set(col, text);
      return ok();
    }
    case 'SCHEMA': {
      const r = resolveSchema(name.parts, ctx.session, 'COMMENT');
      const m = ctx.catalog.schema(r.db, r.schema);
      if (m) m.comment = text;
      else ctx.catalog.setSchema(r.db, r.schema, { comment: text });
      return ok();
    }
    case 'DATABASE': {
      const m = ctx.catalog.databases.get(name.parts[0]!);
      if (m) m.comment = text;
      return ok();
    }
    default:
      return ok();
  }
}

// ───────────────────────────────── SHOW / DESCRIBE ─────────────────────────────────

interface ShowFilter {
  like: RegExp | null;
  startsWith: string | null;
  limit: number | null;
  from: string | null;
  scope: { kind: 'ACCOUNT' | 'DATABASE' | 'SCHEMA' | 'TABLE' | 'VIEW'; parts: string[] } | null;
}

function likeToRegex(p: string): RegExp {
  let re = '';
  for (const c of p) {
    if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is');
}

function showFilter(n: readonly Node[], from: number): ShowFilter {
  const f: ShowFilter = { like: null, startsWith: null, limit: null, from: null, scope: null };
  let i = from;
  while (i < n.length) {
    if (isWord(n[i], 'LIKE') && n[i + 1]?.kind === 'str') {
      f.like = likeToRegex((n[i + 1] as { value: string }).value);
      i += 2;
    } else if (isWord(n[i], 'IN')) {
      let j = i + 1;
      let kind: 'ACCOUNT' | 'DATABASE' | 'SCHEMA' | 'TABLE' | 'VIEW' = 'SCHEMA';
      if (isWord(n[j], 'ACCOUNT')) {
        f.scope = { kind: 'ACCOUNT', parts: [] };
        i = j + 1;
        continue;
      }
      if (isWord(n[j], 'DATABASE', 'SCHEMA', 'TABLE', 'VIEW')) {
        kind = (n[j] as { value: string }).value as typeof kind;
        j++;
      }
      const name = parseName(n, j);
      f.scope = { kind, parts: name?.parts ?? [] };
      if (!name && kind === 'SCHEMA') f.scope = { kind, parts: [] };
      i = name ? name.end : j;
      if (f.scope.kind === 'SCHEMA' && isWord(n[j - 1], 'IN') && f.scope.parts.length === 1) {
        // `IN x` without a keyword: a database name when x is a database
        f.scope = { kind: 'SCHEMA', parts: f.scope.parts };
      }
    } else if (isWord(n[i], 'STARTS') && isWord(n[i + 1], 'WITH') && n[i + 2]?.kind === 'str') {
      f.startsWith = (n[i + 2] as { value: string }).value;
      i += 3;
    } else if (isWord(n[i], 'LIMIT') && n[i + 1]?.kind === 'num') {
      f.limit = Number((n[i + 1] as { text: string }).text);
      i += 2;
      if (isWord(n[i], 'FROM') && n[i + 1]?.kind === 'str') {
        f.from = (n[i + 1] as { value: string }).value;
        i += 2;
      }
    } else i++;
  }
  return f;
}

function applyFilter<T extends { name: string }>(rows: T[], f: ShowFilter, sort = true): T[] {
  let out = rows.filter((r) => (!f.like || f.like.test(r.name)) && (!f.startsWith || r.name.startsWith(f.startsWith)) && (!f.from || r.name > f.from));
  if (sort) out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (f.limit !== null) out = out.slice(0, f.limit);
  return out;
}

function tsValue(d: Date): string {
  return `${Math.floor(d.getTime() / 1000)}.${String(d.getTime() % 1000).padStart(3, '0')}000000`;
}

interface ShowCol {
  name: string;
  type: 'text' | 'fixed' | 'timestamp_ltz' | 'boolean';
}

function showResult(cols: readonly ShowCol[], rows: readonly Record<string, string | number | boolean | Date | null>[]): Outcome {
  const wireRows: WireRow[] = rows.map((r) =>
    cols.map((c) => {
      const v = r[c.name];
      if (v === null || v === undefined) return null;
      if (v instanceof Date) return tsValue(v);
      if (typeof v === 'boolean') return c.type === 'boolean' ? (v ? '1' : '0') : v ? 'Y' : 'N';
      return String(v);
    }),
  );
  return { result: { columns: cols.map((c) => column(c.name, c.type)), rows: wireRows }, statementTypeId: STATEMENT_TYPE.SHOW };
}

const T = (name: string): ShowCol => ({ name, type: 'text' });
const N = (name: string): ShowCol => ({ name, type: 'fixed' });
const TS = (name: string): ShowCol => ({ name, type: 'timestamp_ltz' });

async function listObjects(ctx: StatementContext, db: string, schema: string | null): Promise<{ schema: string; name: string; kind: 'TABLE' | 'VIEW'; rows: number | null }[]> {
  const sf = schema === null ? '' : ` AND schema_name = ${quoteString(schema)}`;
  const r = await ctx.run(
    `SELECT schema_name, table_name, 'TABLE', CAST(estimated_size AS BIGINT) FROM duckdb_tables() WHERE database_name = ${quoteString(db)} AND schema_name <> 'main'${sf}
     UNION ALL SELECT schema_name, view_name, 'VIEW', NULL FROM duckdb_views() WHERE database_name = ${quoteString(db)} AND NOT internal AND schema_name <> 'main'${sf}`,
  );
  const cols = r.getColumns();
  const out: { schema: string; name: string; kind: 'TABLE' | 'VIEW'; rows: number | null }[] = [];
  for (let k = 0; k < r.currentRowCount; k++) {
    out.push({ schema: cols[0]![k] as string, name: cols[1]![k] as string, kind: cols[2]![k] as 'TABLE' | 'VIEW', rows: cols[3]![k] === null ? null : Number(cols[3]![k]) });
  }
  return out;
}

async function show(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  const s = ctx.session;
  let i = 1;
  let terse = false;
  if (isWord(n[i], 'TERSE')) {
    terse = true;
    i++;
  }
  const what = isWord(n[i]) ? (n[i] as { value: string }).value : '';
  const f = showFilter(n, i + 1);
  const scopeDb = (): string => {
    if (f.scope?.kind === 'DATABASE') return f.scope.parts[0]!;
    if (f.scope?.kind === 'SCHEMA' && f.scope.parts.length >= 2) return f.scope.parts[0]!;
    if (f.scope?.kind === 'SCHEMA' && f.scope.parts.length === 1 && ctx.catalog.databases.has(f.scope.parts[0]!) && what === 'SCHEMAS') return f.scope.parts[0]!;
    if (!s.database) throw errors.noDatabase(`SHOW ${what}`);
    return s.database;
  };
  switch (what) {
    case 'DATABASES': {
      const rows = applyFilter(
        [...ctx.catalog.databases.values()].map((d) => ({
          created_on: d.created, name: d.name, is_default: 'N', is_current: s.database === d.name ? 'Y' : 'N', origin: '', owner: 'SYSADMIN',
          comment: d.comment ?? '', options: d.transient ? 'TRANSIENT' : '', retention_time: '1', kind: 'STANDARD', owner_role_type: 'ROLE',
        })),
        f,
      );
      const cols = terse ? [TS('created_on'), T('name'), T('kind'), T('database_name'), T('schema_name')] : [TS('created_on'), T('name'), T('is_default'), T('is_current'), T('origin'), T('owner'), T('comment'), T('options'), T('retention_time'), T('kind'), T('owner_role_type')];
      return showResult(cols, rows);
    }
    case 'SCHEMAS': {
      const db = scopeDb();
      if (!ctx.catalog.databases.has(db)) throw errors.databaseMissing(db);
      const r = await ctx.run(`SELECT schema_name FROM duckdb_schemas() WHERE database_name = ${quoteString(db)} AND schema_name <> 'main'`);
      const names = [...(r.getColumns()[0] ?? []).map(String), 'INFORMATION_SCHEMA'];
      const rows = applyFilter(
        names.map((name) => {
          const m = ctx.catalog.schema(db, name);
          return {
            created_on: m?.created ?? new Date(0), name, is_default: 'N', is_current: s.database === db && s.schema === name ? 'Y' : 'N', database_name: db,
            owner: name === 'INFORMATION_SCHEMA' ? '' : 'SYSADMIN', comment: m?.comment ?? '', options: m?.transient ? 'TRANSIENT' : m?.managed ? 'MANAGED ACCESS' : '',
            retention_time: '1', owner_role_type: 'ROLE', kind: null, schema_name: null,
          };
        }),
        f,
      );
      const cols = terse ? [TS('created_on'), T('name'), T('kind'), T('database_name'), T('schema_name')] : [TS('created_on'), T('name'), T('is_default'), T('is_current'), T('database_name'), T('owner'), T('comment'), T('options'), T('retention_time'), T('owner_role_type')];
      return showResult(cols, rows);
    }
    case 'OBJECTS':
    case 'TABLES':
    case 'VIEWS': {
      let db: string;
      let schema: string | null = null;
      if (f.scope?.kind === 'DATABASE') db = f.scope.parts[0]!;
      else if (f.scope?.kind === 'SCHEMA' && f.scope.parts.length > 0) {
        const r = resolveSchema(f.scope.parts, s, `SHOW ${what}`);
        db = r.db;
        schema = r.schema;
      } else if (f.scope?.kind === 'ACCOUNT') throw errors.unsupported(`SHOW ${what} IN ACCOUNT`);
      else {
        if (!s.database) throw errors.noDatabase(`SHOW ${what}`);
        if (!s.schema) throw errors.noSchema(`SHOW ${what}`);
        db = s.database;
        schema = s.schema;
      }
      if (!ctx.catalog.databases.has(db)) throw errors.databaseMissing(db);
      if (schema !== null && !(await schemaExists(ctx, db, schema))) throw errors.schemaMissing(`${db}.${schema}`);
      let objs = await listObjects(ctx, db, schema);
      if (what === 'TABLES') objs = objs.filter((o) => o.kind === 'TABLE');
      if (what === 'VIEWS') objs = objs.filter((o) => o.kind === 'VIEW');
      const rows = applyFilter(
        objs.map((o) => {
          const m = ctx.catalog.object(db, o.schema, o.name);
          return {
            created_on: m?.created ?? new Date(0), name: o.name, database_name: db, schema_name: o.schema,
            // SHOW OBJECTS says TABLE/VIEW; SHOW TABLES says TABLE/TRANSIENT/TEMPORARY
            kind: o.kind === 'VIEW' ? 'VIEW' : what === 'TABLES' && m?.transient ? 'TRANSIENT' : what === 'TABLES' && m?.temporary ? 'TEMPORARY' : 'TABLE',
            comment: m?.comment ?? '', cluster_by: m?.clusterBy ?? '', rows: o.rows, bytes: o.rows === null ? null : o.rows * 64, owner: 'SYSADMIN',
            retention_time: '1', owner_role_type: 'ROLE', budget: null, is_hybrid: 'N', is_dynamic: 'N', is_iceberg: 'N', is_secure: m?.secure ? 'true' : 'false',
            reserved: '', text: m?.text ?? '', is_materialized: 'false', automatic_clustering: 'OFF', change_tracking: 'OFF', search_optimization: 'OFF',
            is_external: 'N', enable_schema_evolution: 'N', is_event: 'N',
          };
        }),
        f,
      );
      let cols: ShowCol[];
      if (terse) cols = [TS('created_on'), T('name'), T('kind'), T('database_name'), T('schema_name')];
      else if (what === 'OBJECTS') cols = [TS('created_on'), T('name'), T('database_name'), T('schema_name'), T('kind'), T('comment'), T('cluster_by'), N('rows'), N('bytes'), T('owner'), T('retention_time'), T('owner_role_type'), T('budget'), T('is_hybrid'), T('is_dynamic'), T('is_iceberg')];
      else if (what === 'TABLES') cols = [TS('created_on'), T('name'), T('database_name'), T('schema_name'), T('kind'), T('comment'), T('cluster_by'), N('rows'), N('bytes'), T('owner'), T('retention_time'), T('automatic_clustering'), T('change_tracking'), T('search_optimization'), T('is_external'), T('enable_schema_evolution'), T('owner_role_type'), T('is_event'), T('budget'), T('is_hybrid'), T('is_iceberg'), T('is_dynamic')];
      else cols = [TS('created_on'), T('name'), T('reserved'), T('database_name'), T('schema_name'), T('owner'), T('comment'), T('text'), T('is_secure'), T('is_materialized'), T('owner_role_type'), T('change_tracking')];
      return showResult(cols, rows);
    }
    case 'COLUMNS': {
      let rel: ObjectName | null = null;
      if (f.scope?.kind === 'TABLE' || f.scope?.kind === 'VIEW') rel = resolveName(f.scope.parts, s, 'SHOW COLUMNS');
      else if (f.scope?.kind === 'SCHEMA' && f.scope.parts.length === 3) rel = resolveName(f.scope.parts, s, 'SHOW COLUMNS');
      if (!rel) throw errors.unsupported('SHOW COLUMNS without IN TABLE');
      const cols = await describeColumns(ctx, rel);
      const rows = applyFilter(
        cols.map((c) => ({
          table_name: rel.name, schema_name: rel.schema, name: c.name, column_name: c.name, data_type: sfTypeJson(c.type, c.nullable), 'null?': c.nullable ? 'true' : 'false',
          default: c.default ?? '', kind: 'COLUMN', expression: '', comment: c.comment ?? '', database_name: rel.db, autoincrement: '', schema_evolution_record: null,
        })),
        f,
        false,
      );
      return showResult([T('table_name'), T('schema_name'), T('column_name'), T('data_type'), T('null?'), T('default'), T('kind'), T('expression'), T('comment'), T('database_name'), T('autoincrement'), T('schema_evolution_record')], rows);
    }
    case 'WAREHOUSES': {
      const rows = applyFilter([...ctx.catalog.warehouses].map((name) => ({ name, state: 'STARTED', type: 'STANDARD', size: 'X-Small', is_current: s.warehouse === name ? 'Y' : 'N', owner: 'SYSADMIN', comment: '' })), f);
      return showResult([T('name'), T('state'), T('type'), T('size'), T('is_current'), T('owner'), T('comment')], rows);
    }
    case 'ROLES': {
      const rows = applyFilter([...ctx.catalog.roles].map((name) => ({ created_on: new Date(0), name, is_default: 'N', is_current: s.role === name ? 'Y' : 'N', owner: '', comment: '' })), f);
      return showResult([TS('created_on'), T('name'), T('is_default'), T('is_current'), T('owner'), T('comment')], rows);
    }
    case 'PARAMETERS': {
      const keys = new Set([...Object.keys(s.defaults), ...s.params.keys()]);
      const rows = applyFilter([...keys].map((key) => ({ name: key, key, value: String(s.param(key)), default: '', level: s.params.has(key) ? 'SESSION' : '', description: '', type: 'STRING' })), f);
      return showResult([T('key'), T('value'), T('default'), T('level'), T('description'), T('type')], rows);
    }
    case 'GRANTS':
      return showResult([TS('created_on'), T('privilege'), T('granted_on'), T('name'), T('granted_to'), T('grantee_name'), T('grant_option'), T('granted_by')], []);
    default:
      throw errors.unsupported(`SHOW ${what}`);
  }
}

interface ColumnInfo {
  name: string;
  type: SfType;
  nullable: boolean;
  default: string | null;
  comment: string | null;
}

async function describeColumns(ctx: StatementContext, o: ObjectName): Promise<ColumnInfo[]> {
  const r = await ctx.run(
    `SELECT column_name, data_type, is_nullable, column_default, comment FROM duckdb_columns()
     WHERE database_name = ${quoteString(o.db)} AND schema_name = ${quoteString(o.schema)} AND table_name = ${quoteString(o.name)} ORDER BY column_index`,
  );
  if (r.currentRowCount === 0) throw errors.objectMissing(displayName(o), 'Table');
  const meta = ctx.catalog.object(o.db, o.schema, o.name);
  const c = r.getColumns();
  const out: ColumnInfo[] = [];
  for (let k = 0; k < r.currentRowCount; k++) {
    const name = c[0]![k] as string;
    const actual = sfTypeFromDuck(String(c[1]![k]));
    const declared = meta?.columnTypes.get(name);
    out.push({
      name,
      type: declared && declaredStillApplies(declared, actual) ? declared : actual,
      nullable: c[2]![k] as boolean,
      default: (c[3]![k] as string | null) ?? null,
      comment: meta?.columnComments.get(name) ?? ((c[4]![k] as string | null) || null),
    });
  }
  return out;
}

async function describe(ctx: StatementContext): Promise<Outcome> {
  const n = ctx.nodes;
  let i = 1;
  let kind = 'TABLE';
  if (isWord(n[i], 'TABLE', 'VIEW')) {
    kind = (n[i] as { value: string }).value;
    i++;
  } else if (isWord(n[i], 'SCHEMA', 'DATABASE', 'WAREHOUSE', 'FUNCTION', 'STAGE', 'RESULT', 'USER')) throw errors.unsupported(`DESCRIBE ${(n[i] as { value: string }).value}`);
  const name = parseName(n, i);
  if (!name) throw errors.syntax('DESCRIBE needs a name');
  const o = resolveName(name.parts, ctx.session, 'DESCRIBE');
  const actual = await objectKind(ctx, o);
  if (!actual) throw errors.objectMissing(displayName(o), cap(kind));
  const cols = await describeColumns(ctx, o);
  const rows = cols.map((c) => ({
    name: c.name, type: sfTypeText(c.type), kind: 'COLUMN', 'null?': c.nullable ? 'Y' : 'N', default: c.default, 'primary key': 'N', 'unique key': 'N',
    check: null, expression: null, comment: c.comment, 'policy name': null, 'privacy domain': null,
  }));
  const out = showResult([T('name'), T('type'), T('kind'), T('null?'), T('default'), T('primary key'), T('unique key'), T('check'), T('expression'), T('comment'), T('policy name'), T('privacy domain')], rows);
  return { ...out, statementTypeId: STATEMENT_TYPE.DESCRIBE };
}
