import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  openLocalCsvReader,
  type Adapter,
  type Column,
  type ExecOptions,
  type ExecResult,
  type LoadColumn,
  type RelationInfo,
  type Row,
} from '../adapters/index.js';
import { ProjectError, type OppError } from '../errors/index.js';
import type { SeedNode } from '../manifest/index.js';
import type { AdapterResponse, NodeResult } from '../run/types.js';
import { isCsvReadError, locateColumnType, resolveSeedOptions, type SeedColumn, type SeedCsvOptions } from '../seeds/index.js';
import { checkSeedColumnTypes, type SeedProjectFiles } from './check-seed-column-types.js';
import { buildNodeError, buildNodeSuccess } from './node-outcome.js';
import { runInNodeSession } from './node-session.js';
import { NodeTimer } from '../util/node-timer.js';
import { buildSeedSelectList, planSeed, type SeedPlan } from './plan-seed.js';
import { fullErrorText, readSeedColumns, toMalformedCsvError } from './read-seed-columns.js';
import type { HookInput } from './types.js';

/** What executing a seed needs besides the node (a subset of the runner's model execution context). */
export interface SeedExecution {
  readonly adapter: Adapter;
  /** `--full-refresh` (the seed's `full_refresh` config wins when set). */
  readonly fullRefresh: boolean;
  /** Renders the seed's pre-/post-hooks (compile's `renderSql`); absent: hooks run as written. */
  readonly renderHooks?: (node: SeedNode) => Promise<{ readonly pre: readonly HookInput[]; readonly post: readonly HookInput[] }>;
  /**
   * Read the CSV with a local DuckDB and stream its rows through `adapter.bulkLoad` even when the
   * warehouse reads local files itself (tests of the Snowflake path).
   */
  readonly forceBulkLoad?: boolean;
  /**
   * The local DuckDB reading CSVs for the bulk-load path, shared by the seeds of a run (the caller opens it
   * with `openLocalCsvReader()` and closes it). Absent: each such seed opens and closes its own.
   */
  readonly csvReader?: Adapter;
  /** Project folder and project file, to locate a bad `column_types` entry (default: from the seed's paths). */
  readonly project?: SeedProjectFiles;
  readonly signal?: AbortSignal;
  /**
   * Receives the statements run, as one SQL text (the runner writes it to `target/run/...`); a bulk load
   * shows as a comment where the rows went in.
   */
  readonly writeRunSql?: (node: SeedNode, sql: string) => void;
}

/** The plan as one SQL text: statements separated by `;`, the bulk load as a comment. */
export function renderSeedPlan(plan: SeedPlan, dialect: Adapter['dialect']): string {
  const parts = plan.statements.map((s) => s.sql);
  if (plan.load) parts.splice(plan.load.at, 0, `-- rows loaded with bulkLoad into ${dialect.relationName(plan.load.into)}`);
  return parts.map((p) => (p.startsWith('--') ? p : `${p};`)).join('\n\n') + '\n';
}

function rawHooks(node: SeedNode): { pre: HookInput[]; post: HookInput[] } {
  const hooks = (key: 'pre-hook' | 'post-hook'): HookInput[] =>
    (node.config[key] ?? []).map((h) => ({ sql: h.sql, transaction: h.transaction }));
  return { pre: hooks('pre-hook'), post: hooks('post-hook') };
}

/** The target's columns and the planned types as the warehouse spells them, in one `limit 0` query. */
async function readExistingColumns(
  adapter: Adapter,
  existing: RelationInfo,
  plannedTypes: readonly string[],
  exec: ExecOptions,
): Promise<{ existingColumns: Column[]; engineTypes: string[] }> {
  const q = (s: string): string => adapter.dialect.quoteIdentifier(s);
  const probe = plannedTypes.map((t, i) => `cast(null as ${t}) as ${q(`__opp_probe_${i}`)}`).join(', ');
  const sql = `select * from (select * from ${adapter.dialect.relationName(existing)} limit 0) as t cross join (select ${probe}) as p limit 0`;
  const columns = (await adapter.execute(sql, exec)).columns;
  const split = columns.length - plannedTypes.length;
  return { existingColumns: columns.slice(0, split), engineTypes: columns.slice(split).map((c) => c.dataType) };
}

/**
 * A failing load of declared types: the first value that does not fit its `column_types` type, named with
 * the column and the YAML line that declares the type (`seed/bad-value`). Undefined when none is found.
 */
async function findBadDeclaredValue(
  reader: Adapter,
  seed: SeedNode,
  options: SeedCsvOptions,
  columns: readonly SeedColumn[],
  project: SeedProjectFiles | undefined,
): Promise<OppError | undefined> {
  const csv = reader.dialect.csv;
  if (!csv) return undefined;
  const source = csv.readAll(seed.absolutePath, options.format, columns.map((c) => c.name));
  for (const column of columns) {
    if (column.type.kind !== 'declared') continue;
    const q = reader.dialect.quoteIdentifier(column.name);
    const rows = await reader
      .execute(`select ${q} as v from ${source} where ${q} is not null and try_cast(${q} as ${column.type.sql}) is null limit 1`)
      .then((r) => r.rows)
      .catch(() => []);
    const value = rows[0]?.['v'];
    if (typeof value !== 'string') continue;
    const own = seed.unrenderedConfig['column_types'];
    const inProperties = seed.patchPath !== undefined && typeof own === 'object' && own !== null && column.name in own;
    const file = inProperties ? seed.patchPath! : (project?.file ?? 'project.yml');
    const root = project?.rootDir ?? seed.absolutePath.slice(0, seed.absolutePath.length - seed.originalFilePath.length - 1);
    const text = await readFile(join(root, file), 'utf8').catch(() => '');
    const pos = text ? locateColumnType(text, column.name, column.type.sql, inProperties ? { seed: seed.name } : {}) : undefined;
    return new ProjectError(
      'seed/bad-value',
      `seed '${seed.name}': the value '${value}' of column '${column.name}' in ${seed.originalFilePath} does not fit its column_types type '${column.type.sql}'`,
      {
        location: { file, ...(pos ? { line: pos.line, column: pos.column } : {}) },
        hint: `Fix the value in ${seed.originalFilePath}, or declare a type that holds it (e.g. varchar).`,
        nodeId: seed.uniqueId,
      },
    );
  }
  return undefined;
}

/** Rows streamed from the local reader: inferred types cast there (validated), declared ones as text. */
function readerRows(reader: Adapter, seed: SeedNode, options: SeedCsvOptions, columns: readonly SeedColumn[], plan: SeedPlan, exec: ExecOptions): AsyncIterable<Row> {
  const csv = reader.dialect.csv!;
  const names = plan.columns.map((c) => c.name);
  const select = buildSeedSelectList(columns, names, reader.dialect, (c) =>
    c.type.kind === 'declared' || c.type.logical === 'string' ? undefined : reader.dialect.typeFor(c.type.logical),
  );
  const sql = `select ${select.join(', ')} from ${csv.readAll(seed.absolutePath, options.format, columns.map((c) => c.name))}`;
  return reader.streamQuery!(sql, exec);
}

/** Runs a planned seed: its statements, and for a bulk-load plan the rows streamed in at `load.at`. */
async function runPlan(
  adapter: Adapter,
  plan: SeedPlan,
  rows: (() => AsyncIterable<Row>) | undefined,
  loadColumns: readonly LoadColumn[],
  exec: ExecOptions,
  config: Readonly<Record<string, unknown>>,
): Promise<number | undefined> {
  // One session for the node's settings (warehouse, query tag), the plan and the load.
  const session = <T>(fn: () => Promise<T>): Promise<T> => {
    const inNode = (): Promise<T> => runInNodeSession(adapter, config, exec, fn);
    return adapter.withSession ? adapter.withSession(inNode) : inNode();
  };
  if (!plan.load || !rows) {
    const results = await session(() => adapter.executePlan(plan.statements, exec));
    return rowsWritten(plan, results);
  }
  const load = plan.load;
  return session(async () => {
    const before = plan.statements.slice(0, load.at);
    const after = plan.statements.slice(load.at);
    const opened = before.some((s) => s.purpose === 'begin') && !before.some((s) => s.purpose === 'commit');
    await adapter.executePlan(before, exec);
    let count: number;
    try {
      count = await adapter.bulkLoad(load.into, loadColumns, rows());
      await adapter.executePlan(after, exec);
    } catch (err) {
      if (opened) await adapter.execute(adapter.dialect.rollback()).catch(() => undefined);
      else if (load.into !== plan.target) await adapter.execute(adapter.dialect.drop(load.into, 'table')).catch(() => undefined);
      throw err;
    }
    return count;
  });
}

function rowsWritten(plan: SeedPlan, results: readonly ExecResult[]): number | undefined {
  for (let i = plan.statements.length - 1; i >= 0; i--) {
    const p = plan.statements[i]!.purpose;
    if (p === 'insert' || p === 'create') return results[i]?.rowsAffected;
  }
  return undefined;
}

/**
 * Loads one seed (dbt's `seed` materialization). Never throws: a failure is the node's `error` result.
 *
 * Reads the header and infers types on the warehouse when it reads local files (DuckDB), else on an
 * in-memory DuckDB whose rows stream into the warehouse through `bulkLoad`; checks `column_types` with
 * the warehouse's parser; plans create / truncate / replace (`planSeed`); runs the plan so that a failed
 * load leaves the previous table as it was. The response is `INSERT <rows>`.
 */
export async function executeSeed(node: SeedNode, threadId: string, ctx: SeedExecution): Promise<NodeResult> {
  const timer = new NodeTimer();
  const { adapter } = ctx;
  const relation = { database: node.database, schema: node.schema, identifier: node.alias };
  const relationName = adapter.dialect.relationName(relation);
  const exec: ExecOptions = { nodeId: node.uniqueId, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  const native = adapter.capabilities.readsLocalFiles === true && adapter.dialect.csv !== undefined && ctx.forceBulkLoad !== true;
  let reader: Adapter | undefined;
  try {
    const options = resolveSeedOptions(node);
    await checkSeedColumnTypes(adapter, [node], ctx.project);
    reader = native ? adapter : (ctx.csvReader ?? (await openLocalCsvReader()));
    const columns = await readSeedColumns(reader, node, options, ctx.signal ? { signal: ctx.signal } : {});
    const hooks = ctx.renderHooks ? await ctx.renderHooks(node) : rawHooks(node);
    timer.end('compile');

    const existing = await adapter.getRelation(relation);
    const planInput = {
      node: { uniqueId: node.uniqueId, config: node.config, relation },
      columns,
      quoteColumns: options.quoteColumns,
      source: native ? ({ kind: 'read', from: adapter.dialect.csv!.readAll(node.absolutePath, options.format, columns.map((c) => c.name)) } as const) : ({ kind: 'bulk-load' } as const),
      ...(existing ? { existing } : {}),
      dialect: adapter.dialect,
      capabilities: adapter.capabilities,
      fullRefresh: ctx.fullRefresh,
      hooks,
    };
    let plan = planSeed(planInput);
    if (existing?.kind === 'table' && plan.mode === 'replace' && !ctx.fullRefresh && node.config.full_refresh !== true) {
      // Same columns → truncate and reload (dbt); only the engine knows whether the types are the same.
      const seen = await readExistingColumns(adapter, existing, plan.columns.map((c) => c.type), exec);
      plan = planSeed({ ...planInput, ...seen });
    }
    const reading = reader;
    const rows = native ? undefined : () => readerRows(reading, node, options, columns, plan, exec);
    const loadColumns: LoadColumn[] = plan.columns.map((c, i) => {
      const t = columns[i]!.type;
      return { name: c.name, type: t.kind === 'inferred' ? t.logical : 'string' };
    });
    let count: number | undefined;
    try {
      count = await runPlan(adapter, plan, rows, loadColumns, exec, node.config);
    } catch (err) {
      const text = fullErrorText(err);
      if (isCsvReadError(text)) throw await toMalformedCsvError(reader, reader.dialect.csv!, node, options, columns.map((c) => c.name), err);
      if (/Conversion Error|Could not convert|Invalid Input Error/i.test(text) && native) {
        const bad = await findBadDeclaredValue(reader, node, options, columns, ctx.project);
        if (bad) throw bad;
      }
      throw err;
    }
    timer.end('execute');
    ctx.writeRunSql?.(node, renderSeedPlan(plan, adapter.dialect));
    for (const ref of plan.transient) adapter.relations?.delete(ref);
    adapter.relations?.set({ ...relation, kind: 'table' });
    const response: AdapterResponse =
      count === undefined ? { message: 'INSERT', code: 'INSERT' } : { message: `INSERT ${count}`, code: 'INSERT', rowsAffected: count };
    return buildNodeSuccess(node.uniqueId, threadId, timer, { adapterResponse: response, relationName });
  } catch (err) {
    return buildNodeError(node.uniqueId, threadId, timer, err, { relationName });
  } finally {
    if (reader && reader !== adapter && reader !== ctx.csvReader) await reader.close().catch(() => undefined);
  }
}
