import type { Capabilities, Column, Dialect, RelationInfo, RelationRef, Statement } from '../adapters/index.js';
import type { SeedColumn } from '../seeds/index.js';
import { buildHookedStatements } from './hooks.js';
import { planTable } from './plan-table.js';
import { backupRelation, tempRelation } from './relation-names.js';
import type { HookInput, MaterializationNode } from './types.js';

/** Where a seed's rows come from: a table expression the warehouse reads itself, or streamed in with bulkLoad. */
export type SeedSource = { readonly kind: 'read'; readonly from: string } | { readonly kind: 'bulk-load' };

export interface SeedPlanInput {
  readonly node: MaterializationNode;
  /** The CSV's columns (header names) with their types, in file order. */
  readonly columns: readonly SeedColumn[];
  /** dbt's `quote_columns`: keep the header's spelling; else the engine's own (`normalizeName`). */
  readonly quoteColumns: boolean;
  readonly source: SeedSource;
  /** The relation at the seed's place now (undefined: none). */
  readonly existing?: RelationInfo;
  /** The existing table's columns as the engine reports them (read when `existing` is a table). */
  readonly existingColumns?: readonly Column[];
  /**
   * The planned columns' types as the engine reports them (e.g. `select cast(null as int) ...` says
   * `INTEGER`), to compare with `existingColumns`; absent: the SQL type names are compared as written.
   */
  readonly engineTypes?: readonly string[];
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  readonly fullRefresh: boolean;
  readonly hooks: { readonly pre: readonly HookInput[]; readonly post: readonly HookInput[] };
}

/** A target column of the seed: its name in the warehouse and its SQL type. */
export interface SeedTargetColumn {
  readonly name: string;
  readonly type: string;
}

export interface SeedPlan {
  readonly kind: 'seed';
  /**
   * `create`: no table yet. `truncate`: the table exists with the same columns — emptied and refilled in
   * one transaction (dbt). `replace`: `--full-refresh`, other columns, or a view there — a new table is
   * built under `__opp_tmp` and swapped in (in one transaction where DDL is transactional).
   */
  readonly mode: 'create' | 'truncate' | 'replace';
  /** Every statement, hooks included, in order. */
  readonly statements: readonly Statement[];
  /** Bulk-load plans: the rows are loaded into `into` after `statements[0..at)` ran. */
  readonly load?: { readonly at: number; readonly into: RelationRef };
  readonly target: RelationRef;
  readonly columns: readonly SeedTargetColumn[];
  /** Relations the plan creates and drops again, for the relation cache. */
  readonly transient: readonly RelationRef[];
}

/** The warehouse name of a CSV column: as written with `quote_columns`, else as the engine folds it. */
export function seedColumnName(name: string, quoteColumns: boolean, dialect: Dialect): string {
  return quoteColumns ? name : dialect.normalizeName(name);
}

/** The target columns: names per `quote_columns`, types per `column_types` or the inferred type. */
export function buildSeedTargetColumns(columns: readonly SeedColumn[], quoteColumns: boolean, dialect: Dialect): SeedTargetColumn[] {
  return columns.map((c) => ({
    name: seedColumnName(c.name, quoteColumns, dialect),
    type: c.type.kind === 'declared' ? c.type.sql : dialect.typeFor(c.type.logical),
  }));
}

/**
 * The SELECT list turning the CSV's VARCHAR columns into typed ones, aliased `aliases[i]`: a column whose
 * `typeOf` is undefined is taken as read (text), an inferred type is cast from the trimmed text, a
 * declared one (`column_types`) from the text as read.
 */
export function buildSeedSelectList(
  columns: readonly SeedColumn[],
  aliases: readonly string[],
  dialect: Dialect,
  typeOf: (column: SeedColumn, index: number) => string | undefined,
): string[] {
  return columns.map((c, i) => {
    const from = dialect.quoteIdentifier(c.name);
    const as = dialect.quoteIdentifier(aliases[i]!);
    const type = typeOf(c, i);
    if (type === undefined) return `${from} as ${as}`;
    return c.type.kind === 'declared' ? `cast(${from} as ${type}) as ${as}` : `cast(trim(${from}) as ${type}) as ${as}`;
  });
}

/** The cast of each column into the warehouse: none for text, else the target type. */
export function targetCastType(columns: readonly SeedTargetColumn[]): (column: SeedColumn, index: number) => string | undefined {
  return (c, i) => (c.type.kind === 'inferred' && c.type.logical === 'string' ? undefined : columns[i]!.type);
}

function normalizeType(type: string): string {
  return type.replace(/\s+/g, ' ').trim().toUpperCase();
}

/** The existing table has exactly the planned columns (names ignoring case, in order, and types). */
export function seedColumnsMatch(existing: readonly Column[], planned: readonly SeedTargetColumn[], engineTypes?: readonly string[]): boolean {
  if (existing.length !== planned.length) return false;
  return planned.every((p, i) => {
    const e = existing[i]!;
    return e.name.toLowerCase() === p.name.toLowerCase() && normalizeType(e.dataType) === normalizeType(engineTypes?.[i] ?? p.type);
  });
}

function createTableDdl(dialect: Dialect, ref: RelationRef, columns: readonly SeedTargetColumn[], replace: boolean): string {
  const defs = columns.map((c) => `    ${dialect.quoteIdentifier(c.name)} ${c.type}`).join(',\n');
  return `create ${replace ? 'or replace ' : ''}table ${dialect.relationName(ref)} (\n${defs}\n)`;
}

/**
 * A seed's statements. With a `read` source the rows are inserted by the statements themselves:
 *
 * - create: `create table <seed> as select <casts> from read_csv(...)` (1 statement, atomic);
 * - truncate: `begin; delete from <seed>; insert into <seed> select ...; commit` (4);
 * - replace: the table planner's build-and-swap (`begin; create table __opp_tmp as ...; drop; rename;
 *   commit` on DuckDB: 5).
 *
 * With a `bulk-load` source the statements create or empty the table and the orchestrator streams the
 * rows in at `load.at`: create `begin; create table; <load>; commit`, truncate `begin; delete; <load>;
 * commit`, replace `begin; create or replace table __opp_tmp; <load>; drop; rename; commit` (engines
 * without transactional DDL load into `__opp_tmp` and swap through `__opp_backup`).
 *
 * Hooks are spliced in as for models. Pure.
 */
export function planSeed(input: SeedPlanInput): SeedPlan {
  const { dialect, capabilities, existing } = input;
  const target = input.node.relation;
  const columns = buildSeedTargetColumns(input.columns, input.quoteColumns, dialect);
  const own = input.node.config.full_refresh;
  const fullRefresh = own === null || own === undefined ? input.fullRefresh : own; // dbt's should_full_refresh()
  const matches =
    existing?.kind === 'table' && input.existingColumns !== undefined && seedColumnsMatch(input.existingColumns, columns, input.engineTypes);
  const mode: SeedPlan['mode'] = !existing ? 'create' : !fullRefresh && matches ? 'truncate' : 'replace';
  const names = columns.map((c) => c.name);
  const transient: RelationRef[] = [];
  const begin: Statement = { purpose: 'begin', sql: dialect.beginTransaction() };
  const commit: Statement = { purpose: 'commit', sql: dialect.commit() };
  const emptyTarget: Statement = { purpose: 'delete', sql: `delete from ${dialect.relationName(target)}` };
  const dropKind = existing?.kind === 'view' ? 'view' : 'table';

  if (input.source.kind === 'read') {
    const select = `select\n    ${buildSeedSelectList(input.columns, names, dialect, targetCastType(columns)).join(',\n    ')}\nfrom ${input.source.from}`;
    let statements: Statement[];
    if (mode === 'create') statements = [{ purpose: 'create', sql: dialect.createTableAs(target, select) }];
    else if (mode === 'truncate') {
      statements = [begin, emptyTarget, { purpose: 'insert', sql: dialect.insertInto(target, names, select) }, commit];
    } else {
      const table = planTable({
        node: input.node,
        compiledSql: select,
        ...(existing ? { existing } : {}),
        dialect,
        capabilities,
        fullRefresh: true,
        hooks: { pre: [], post: [] },
      });
      statements = [...table.statements];
      transient.push(...table.transient);
    }
    return { kind: 'seed', mode, statements: buildHookedStatements(statements, input.hooks, dialect, capabilities), target, columns, transient };
  }

  // Bulk load: statements before the load, the relation loaded, statements after.
  let before: Statement[];
  let after: Statement[];
  let into: RelationRef = target;
  if (mode === 'truncate') {
    before = [begin, emptyTarget];
    after = [commit];
  } else if (capabilities.transactionalDdl) {
    if (mode === 'create') {
      before = [begin, { purpose: 'create', sql: createTableDdl(dialect, target, columns, false) }];
      after = [commit];
    } else {
      into = tempRelation(target);
      transient.push(into);
      before = [begin, { purpose: 'create', sql: createTableDdl(dialect, into, columns, capabilities.createOrReplace) }];
      after = [{ purpose: 'drop', sql: dialect.drop(target, dropKind) }, { purpose: 'swap', sql: dialect.rename(into, target) }, commit];
    }
  } else {
    into = tempRelation(target);
    transient.push(into);
    before = [
      { purpose: 'drop', sql: dialect.drop(into, 'table') },
      { purpose: 'create', sql: createTableDdl(dialect, into, columns, false) },
    ];
    if (mode === 'create') after = [{ purpose: 'swap', sql: dialect.rename(into, target) }];
    else if (dialect.swapTables && existing?.kind === 'table') {
      // One atomic exchange (Snowflake's `alter table ... swap with`), then the old rows go.
      after = [
        { purpose: 'swap', sql: dialect.swapTables(target, into) },
        { purpose: 'drop', sql: dialect.drop(into, 'table') },
      ];
    } else {
      const backup = backupRelation(target);
      transient.push(backup);
      after = [
        { purpose: 'drop', sql: dialect.drop(backup, dropKind) },
        { purpose: 'swap', sql: dialect.rename(target, backup) },
        { purpose: 'swap', sql: dialect.rename(into, target) },
        { purpose: 'drop', sql: dialect.drop(backup, dropKind) },
      ];
    }
  }
  const lastBefore = before[before.length - 1]!;
  const statements = buildHookedStatements([...before, ...after], input.hooks, dialect, capabilities);
  return { kind: 'seed', mode, statements, load: { at: statements.indexOf(lastBefore) + 1, into }, target, columns, transient };
}
