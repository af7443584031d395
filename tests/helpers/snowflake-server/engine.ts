/**
 * The DuckDB side of the server: one in-memory DuckDB instance in which every Snowflake database is an
 * attached in-memory catalog, the metadata catalog, sessions, and the execution of one request's SQL
 * (binds, array binds, multi-statement requests) through the statement handlers.
 */
import { DuckDBInstance, type DuckDBResultReader } from '@duckdb/node-api';
import { Catalog, type UserSpec } from './catalog.js';
import { errors, fromDuckError, SfError } from './errors.js';
import { infoSchemaSql, SETUP_SQL } from './info-schema.js';
import { MACRO_SQL } from './sql/macros.js';
import { checkAborted, Session, type RunControl } from './session.js';
import { SqlSyntaxError, splitStatements, tokenize, type Token } from './sql/tokenize.js';
import { quoteIdent, quoteString, Translator, type TranslateEnv } from './sql/translate.js';
import { buildTree, plainText, type Group, type Node } from './sql/tree.js';
import { executeStatement, schemaExists, type Outcome, type StatementContext } from './statements.js';
import { encodeDuckResult, type EncodeOptions, type WireResult } from './wire.js';

export interface EngineOptions {
  readonly databases: readonly string[];
  readonly warehouses: readonly string[];
  readonly roles: readonly string[];
  readonly users: readonly UserSpec[];
  /** Account-level parameter defaults (e.g. TIMEZONE). */
  readonly parameters: Readonly<Record<string, string | number | boolean>>;
  readonly timestamptzAs: 'timestamp_ltz' | 'timestamp_tz';
}

export interface Binding {
  readonly type: string;
  readonly value: string | null | readonly (string | null)[];
}

export interface LoginRequest {
  readonly user: string;
  readonly database?: string | undefined;
  readonly schema?: string | undefined;
  readonly warehouse?: string | undefined;
  readonly role?: string | undefined;
  readonly sessionParameters?: Record<string, unknown> | undefined;
}

function upperUnquoted(name: string): string {
  return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toUpperCase();
}

export class Engine {
  readonly catalog = new Catalog();

  private constructor(
    readonly instance: DuckDBInstance,
    readonly options: EngineOptions,
  ) {}

  static async create(options: EngineOptions): Promise<Engine> {
    const instance = await DuckDBInstance.create(':memory:');
    const engine = new Engine(instance, options);
    const c = await instance.connect();
    try {
      await c.run(SETUP_SQL);
      await c.run(MACRO_SQL);
      await c.run(`ATTACH ':memory:' AS "_NO_DATABASE"`);
    } finally {
      c.closeSync();
    }
    for (const w of options.warehouses) engine.catalog.warehouses.add(upperUnquoted(w));
    for (const r of ['PUBLIC', ...options.roles]) engine.catalog.roles.add(upperUnquoted(r));
    for (const u of options.users) engine.catalog.users.set(upperUnquoted(u.name), { ...u, name: upperUnquoted(u.name) });
    for (const d of options.databases) await engine.createDatabase(upperUnquoted(d), { orReplace: false, ifNotExists: true, transient: false, comment: null });
    return engine;
  }

  async close(): Promise<void> {
    this.instance.closeSync();
  }

  /** Creates a database (an attached in-memory catalog with a PUBLIC schema). Returns false when it existed. */
  async createDatabase(name: string, opts: { orReplace: boolean; ifNotExists: boolean; transient: boolean; comment: string | null }): Promise<boolean> {
    if (this.catalog.databases.has(name)) {
      if (opts.ifNotExists) return false;
      if (!opts.orReplace) throw errors.alreadyExists(name);
      await this.dropDatabase(name, true);
    }
    const c = await this.instance.connect();
    try {
      await c.run(`ATTACH ':memory:' AS ${quoteIdent(name)}`);
      await c.run(`CREATE SCHEMA ${quoteIdent(name)}."PUBLIC"`);
    } finally {
      c.closeSync();
    }
    this.catalog.databases.set(name, { name, created: new Date(), comment: opts.comment, transient: opts.transient });
    this.catalog.setSchema(name, 'PUBLIC');
    return true;
  }

  async dropDatabase(name: string, ifExists: boolean): Promise<boolean> {
    if (!this.catalog.databases.has(name)) {
      if (ifExists) return false;
      throw errors.databaseMissing(name);
    }
    const c = await this.instance.connect();
    try {
      await c.run(`USE memory.main`);
      await c.run(`DETACH ${quoteIdent(name)}`);
    } finally {
      c.closeSync();
    }
    this.catalog.dropDatabase(name);
    return true;
  }

  /** Opens a session after validating database, schema, warehouse and role (login errors 390201/390189). */
  async openSession(req: LoginRequest): Promise<Session> {
    const role = req.role ? upperUnquoted(req.role) : (this.options.roles[0] ? upperUnquoted(this.options.roles[0]) : 'PUBLIC');
    if (!this.catalog.roles.has(role)) {
      throw new SfError(
        '390189',
        '08004',
        `Role '${role}' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.`,
      );
    }
    const db = req.database ? upperUnquoted(req.database) : null;
    if (db !== null && !this.catalog.databases.has(db)) throw new SfError('390201', '08004', 'The requested database does not exist or not authorized.');
    const wh = req.warehouse ? upperUnquoted(req.warehouse) : null;
    if (wh !== null && !this.catalog.warehouses.has(wh)) throw new SfError('390201', '08004', 'The requested warehouse does not exist or not authorized.');
    const conn = await this.instance.connect();
    // Snowflake sorts NULLs last ascending and first descending
    await conn.run(`SET default_null_order = 'nulls_last_on_asc_first_on_desc'`);
    const session = new Session(upperUnquoted(req.user), role, 'fake', conn, this.options.parameters);
    session.warehouse = wh;
    if (db !== null) {
      session.database = db;
      const schema = req.schema ? upperUnquoted(req.schema) : 'PUBLIC';
      // Snowflake accepts a login naming a schema that does not exist (yet): the session has no current schema
      const exists = await schemaExists({ run: (sql) => conn.runAndReadAll(sql) }, db, schema);
      session.schema = exists ? schema : null;
    }
    for (const [k, v] of Object.entries(req.sessionParameters ?? {})) {
      const key = k.toUpperCase();
      if (key === 'TIMEZONE') await session.setTimezone(String(v));
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') session.params.set(key, v);
    }
    return session;
  }

  async closeSession(session: Session): Promise<void> {
    if (session.closed) return;
    session.closed = true;
    await session.exclusive(async () => {
      try {
        if (session.inTransaction) await session.conn.run('ROLLBACK');
        for (const t of session.temporaryObjects) {
          if (this.catalog.object(t.db, t.schema, t.name)?.temporary) {
            await session.conn.run(`DROP ${t.kind} IF EXISTS ${quoteIdent(t.db)}.${quoteIdent(t.schema)}.${quoteIdent(t.name)}`).catch(() => undefined);
            this.catalog.dropObject(t.db, t.schema, t.name);
          }
        }
      } finally {
        session.conn.closeSync();
      }
    });
  }

  private readonly offsetFormats = new Map<string, Intl.DateTimeFormat>();
  private readonly encodeOptionsByTz = new Map<string, EncodeOptions>();

  encodeOptions(session: Session): EncodeOptions {
    const tz = session.timezone;
    const cached = this.encodeOptionsByTz.get(tz);
    if (cached) return cached;
    let fmt = this.offsetFormats.get(tz);
    if (!fmt) {
      fmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
      this.offsetFormats.set(tz, fmt);
    }
    const f = fmt;
    const opts: EncodeOptions = {
      timestamptzAs: this.options.timestamptzAs,
      offsetMinutes: (ms) => {
        const part = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
        const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
        return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      },
    };
    this.encodeOptionsByTz.set(tz, opts);
    return opts;
  }

  /**
   * Executes the SQL of one query request. Returns one outcome per statement (more than one only for
   * multi-statement requests allowed by MULTI_STATEMENT_COUNT).
   */
  async execute(
    session: Session,
    sqlText: string,
    bindings: Readonly<Record<string, Binding>> | undefined,
    ctl: RunControl,
    requestParams: Readonly<Record<string, unknown>> = {},
    sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    describeOnly = false,
  ): Promise<Outcome[]> {
    let tokens: Token[];
    try {
      tokens = tokenize(sqlText);
    } catch (e) {
      const pos = (e as SqlSyntaxError).position ?? 0;
      throw errors.syntaxAt({ sql: sqlText, start: 0, end: sqlText.length }, pos, sqlText.slice(pos, pos + 10).split(/\s/)[0] ?? '');
    }
    const statements = splitStatements(tokens);
    if (statements.length === 0) throw new SfError('000900', '42000', 'SQL compilation error:\nEmpty SQL statement.');
    const wanted = Number(requestParams.MULTI_STATEMENT_COUNT ?? session.param('MULTI_STATEMENT_COUNT'));
    if (statements.length > 1 && wanted !== 0 && wanted !== statements.length) throw errors.statementCount(statements.length, wanted);
    const outcomes: Outcome[] = [];
    for (const st of statements) outcomes.push(await this.executeOne(session, sqlText, st, bindings, ctl, sleep, describeOnly));
    return outcomes;
  }

  private async executeOne(
    session: Session,
    sqlText: string,
    tokens: Token[],
    bindings: Readonly<Record<string, Binding>> | undefined,
    ctl: RunControl,
    sleep: (ms: number) => Promise<void>,
    describeOnly: boolean,
  ): Promise<Outcome> {
    let nodes;
    try {
      nodes = buildTree(tokens);
    } catch (e) {
      const pos = (e as SqlSyntaxError).position ?? 0;
      throw errors.syntaxAt({ sql: sqlText, start: 0, end: sqlText.length }, pos, sqlText.slice(pos, pos + 1));
    }
    const binds = bindings ?? {};
    const arrayLen = Object.values(binds).reduce<number>((m, b) => (Array.isArray(b.value) ? Math.max(m, b.value.length) : m), -1);
    // SYSTEM$WAIT inside an expression: the translator adds its time, the statement sleeps before it runs
    let waitMs = 0;
    const sleepChecked = async (ms: number): Promise<void> => {
      checkAborted(ctl);
      await sleep(ms);
      checkAborted(ctl);
    };
    const run = async (sql: string): Promise<DuckDBResultReader> => {
      if (waitMs > 0) {
        const ms = waitMs;
        waitMs = 0;
        await sleepChecked(ms);
      }
      return session.run(sql, ctl);
    };
    const makeCtx = (env: Omit<TranslateEnv, 'session'>): StatementContext => ({
      session,
      catalog: this.catalog,
      sqlText,
      nodes,
      describeOnly,
      run,
      translator: () => new Translator({ session, ...env }),
      encode: (reader) => this.encode(session, reader),
      createDatabase: (name, opts) => this.createDatabase(name, opts),
      dropDatabase: async (name, ifExists) => {
        const dropped = await this.dropDatabase(name, ifExists);
        if (dropped && session.database === name) {
          session.database = null;
          session.schema = null;
          session.invalidateUse();
        }
        return dropped;
      },
      sleep: sleepChecked,
    });
    const scans = await this.materializeResultScans(session, nodes, ctl);
    const common = {
      infoSchemaView: (db: string | null, view: string) => infoSchemaSql(this.catalog, db, view),
      lastQueryId: (n: number) => session.queryIdAt(n),
      variable: (name: string) => session.variables.get(name),
      resultScan: (arg: string) => scans.get(arg),
      wait: (ms: number) => {
        waitMs += ms;
      },
    };
    try {
      if (arrayLen < 0) {
        return await executeStatement(makeCtx({ ...common, bind: (n) => bindLiteral(binds, n) }));
      }
      if (tokens.some((t) => t.kind === 'word' && t.value === 'VALUES')) {
        const source = await this.stageArrayBinds(session, binds, arrayLen, ctl);
        return await executeStatement(
          makeCtx({
            ...common,
            bind: (n) => source.column(n),
            arrayBindSource: () => source.from,
          }),
        );
      }
      // no VALUES tuple to expand: run once per bound row
      let last: Outcome | undefined;
      let total = 0;
      for (let r = 0; r < arrayLen; r++) {
        const row: Record<string, Binding> = {};
        for (const [k, b] of Object.entries(binds)) row[k] = { type: b.type, value: Array.isArray(b.value) ? (b.value[r] ?? null) : (b.value as string | null) };
        last = await executeStatement(makeCtx({ ...common, bind: (n) => bindLiteral(row, n) }));
        total += Number(last.result.rows[0]?.[0] ?? 0);
      }
      if (!last) throw errors.syntax('empty array bind');
      if (last.statementTypeId >= 0x3000 && last.statementTypeId < 0x4000) {
        return { ...last, result: { ...last.result, rows: [[String(total), ...last.result.rows[0]!.slice(1)]] } };
      }
      return last;
    } catch (e) {
      const src = { sql: sqlText, start: tokens[0]?.start ?? 0, end: tokens.length ? tokens[tokens.length - 1]!.start + tokens[tokens.length - 1]!.text.length : sqlText.length };
      if (e instanceof SqlSyntaxError) {
        const near = sqlText.slice(e.position).match(/^\S+/)?.[0] ?? '<EOF>';
        if (e.message.startsWith('unexpected') || e.message.startsWith('unterminated')) throw errors.syntaxAt(src, e.position, near);
        throw new SfError('001003', '42000', `SQL compilation error:\n${e.message}`);
      }
      throw fromDuckError(e, src);
    }
  }

  /** Stages array binds in a temp table through the appender; returns column expressions for the placeholders. */
  private async stageArrayBinds(
    session: Session,
    binds: Readonly<Record<string, Binding>>,
    rows: number,
    ctl: RunControl,
  ): Promise<{ from: string; column(n: number): string }> {
    const keys = Object.keys(binds)
      .map(Number)
      .sort((a, b) => a - b);
    const width = keys.length ? keys[keys.length - 1]! : 0;
    await session.run(`CREATE OR REPLACE TEMP TABLE _sf_binds (${Array.from({ length: width }, (_, k) => `c${k + 1} VARCHAR`).join(', ')})`, ctl);
    const appender = await session.conn.createAppender('_sf_binds', 'main', 'temp');
    const cols = Array.from({ length: width }, (_, k) => binds[String(k + 1)]?.value);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < width; c++) {
        const col = cols[c];
        const v = Array.isArray(col) ? col[r] : col;
        if (v === null || v === undefined) appender.appendNull();
        else appender.appendVarchar(v as string);
      }
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    const casts = new Map<number, string>();
    for (let c = 0; c < width; c++) {
      const b = binds[String(c + 1)];
      const values = (Array.isArray(b?.value) ? b.value : [b?.value]) as (string | null)[];
      let cast = '';
      switch (b?.type) {
        case 'FIXED':
          cast = values.every((v) => v === null || /^-?\d{1,18}$/.test(v)) ? 'BIGINT' : 'DOUBLE';
          break;
        case 'REAL':
          cast = 'DOUBLE';
          break;
        case 'BOOLEAN':
          cast = 'BOOLEAN';
          break;
      }
      casts.set(c + 1, cast);
    }
    return {
      from: 'temp.main._sf_binds AS _B',
      column: (n) => {
        if (n < 1 || n > width) throw new SfError('002049', '42601', `SQL compilation error: error line 1 at position 0\nBind variable ${n} not set.`);
        const cast = casts.get(n);
        return cast ? `CAST(_B.c${n} AS ${cast})` : `_B.c${n}`;
      },
    };
  }

  /** Materialises the results referenced by RESULT_SCAN(…) as temp tables; returns arg text → table. */
  private async materializeResultScans(session: Session, nodes: readonly Node[], ctl: RunControl): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const visit = async (list: readonly Node[]): Promise<void> => {
      for (let i = 0; i < list.length; i++) {
        const n = list[i]!;
        if (n.kind === 'group') await visit(n.items);
        else if (n.kind === 'word' && n.value === 'RESULT_SCAN' && list[i + 1]?.kind === 'group') {
          const arg = (list[i + 1] as Group).items;
          const key = plainText(arg).toUpperCase();
          if (found.has(key)) continue;
          let id: string | null = null;
          if (arg.length === 1 && arg[0]!.kind === 'str') id = arg[0]!.value;
          else if (arg[0]?.kind === 'word' && arg[0].value === 'LAST_QUERY_ID') {
            const g = arg[1]?.kind === 'group' ? arg[1].items : [];
            id = session.queryIdAt(g.length ? Number(plainText(g).replace(/\s+/g, "")) : -1);
          }
          const result = id ? session.recentResults.get(id) : undefined;
          if (!result) throw new SfError('000709', '02000', `Statement ${id ?? key} not found`);
          const table = `temp.main."_sf_result_${found.size}"`;
          await this.materializeResult(session, table, result, ctl);
          found.set(key, table);
        }
      }
    };
    await visit(nodes);
    return found;
  }

  private async materializeResult(session: Session, table: string, result: WireResult, ctl: RunControl): Promise<void> {
    const cols = result.columns;
    await session.run(`CREATE OR REPLACE TEMP TABLE _sf_result_stage (${cols.map((_, k) => `c${k} VARCHAR`).join(', ') || 'c0 VARCHAR'})`, ctl);
    const app = await session.conn.createAppender('_sf_result_stage', 'main', 'temp');
    for (const row of result.rows) {
      for (let k = 0; k < cols.length; k++) {
        const v = row[k];
        if (v === null || v === undefined) app.appendNull();
        else app.appendVarchar(v);
      }
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
    const exprs = cols.map((c, k) => {
      const v = `c${k}`;
      let e: string;
      switch (c.type) {
        case 'fixed':
          e = (c.scale ?? 0) > 0 ? `CAST(${v} AS DECIMAL(${c.precision ?? 38},${c.scale}))` : `CAST(${v} AS HUGEINT)`;
          break;
        case 'real':
          e = `CAST(${v} AS DOUBLE)`;
          break;
        case 'boolean':
          e = `(${v} = '1')`;
          break;
        case 'date':
          e = `(DATE '1970-01-01' + CAST(${v} AS INTEGER))`;
          break;
        case 'timestamp_ntz':
          e = `make_timestamp(CAST(CAST(${v} AS DECIMAL(38,9)) * 1000000 AS BIGINT))`;
          break;
        case 'timestamp_ltz':
        case 'timestamp_tz':
          e = `to_timestamp(CAST(split_part(${v}, ' ', 1) AS DOUBLE))`;
          break;
        case 'variant':
        case 'object':
        case 'array':
          e = `CAST(${v} AS JSON)`;
          break;
        case 'binary':
          e = `unhex(${v})`;
          break;
        default:
          e = v;
      }
      return `${e} AS ${quoteIdent(c.name)}`;
    });
    await session.run(`CREATE OR REPLACE TEMP TABLE ${table.replace(/^temp\.main\./, '')} AS SELECT ${exprs.join(', ')} FROM temp.main._sf_result_stage`, ctl);
  }

  encode(session: Session, reader: DuckDBResultReader): WireResult {
    return encodeDuckResult(reader, this.encodeOptions(session));
  }
}

/** A single bind value as a SQL literal. */
export function bindLiteral(binds: Readonly<Record<string, Binding>>, n: number): string {
  const b = binds[String(n)];
  if (!b) throw new SfError('002049', '42601', `SQL compilation error: error line 1 at position 0\nBind variable ${n} not set.`);
  const v = b.value;
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) throw new SfError('002049', '42601', 'Array bind used where a single value was expected.');
  const s = v as string;
  switch (b.type) {
    case 'FIXED':
      return /^-?\d+(\.\d+)?$/.test(s) ? s : quoteString(s);
    case 'REAL':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s) ? `CAST(${s} AS DOUBLE)` : `CAST(${quoteString(s)} AS DOUBLE)`;
    case 'BOOLEAN':
      return s.toLowerCase() === 'true' || s === '1' ? 'TRUE' : 'FALSE';
    default:
      return quoteString(s);
  }
}
