import type { Column, IncrementalStrategy, MergeOptions, Statement } from '../adapters/index.js';
import type { OnSchemaChange } from '../config/types.js';
import { ConfigError, DatabaseError } from '../errors/index.js';
import { planColumnComments, relationCommentFor } from './plan-docs.js';
import { planTable } from './plan-table.js';
import { tempRelation } from './relation-names.js';
import { buildSchemaChanges, describeSchemaChanges, hasSchemaChanges } from './schema-changes.js';
import type {
  IncrementalApplyPlan,
  IncrementalStagePlan,
  MaterializationInput,
  SchemaChanges,
  SinglePhasePlan,
} from './types.js';

export const INCREMENTAL_STRATEGIES: readonly IncrementalStrategy[] = ['append', 'merge', 'delete+insert'];
const ON_SCHEMA_CHANGE: readonly OnSchemaChange[] = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'];

function configError(input: MaterializationInput, message: string, hint: string): ConfigError {
  return new ConfigError('config/invalid-value', `${input.node.uniqueId}: ${message}`, { nodeId: input.node.uniqueId, hint });
}

/** dbt's `should_full_refresh()`: the model's `full_refresh` config wins over the flag when set. */
export function shouldFullRefresh(input: MaterializationInput): boolean {
  const configured = input.node.config.full_refresh;
  return configured === null || configured === undefined ? input.fullRefresh : configured;
}

export function resolveStrategy(input: MaterializationInput): IncrementalStrategy {
  const raw = input.node.config.incremental_strategy;
  const strategy =
    raw === null || raw === undefined || raw === '' || raw === 'default'
      ? (input.capabilities.defaultIncrementalStrategy ?? (input.capabilities.nativeMerge ? 'merge' : 'delete+insert'))
      : raw;
  if (!(INCREMENTAL_STRATEGIES as readonly string[]).includes(strategy)) {
    throw configError(
      input,
      `incremental_strategy '${strategy}' is not supported`,
      `Use one of: ${INCREMENTAL_STRATEGIES.join(', ')}.`,
    );
  }
  return strategy as IncrementalStrategy;
}

function resolveOnSchemaChange(input: MaterializationInput): OnSchemaChange {
  const raw = input.node.config.on_schema_change ?? 'ignore';
  if (!(ON_SCHEMA_CHANGE as readonly string[]).includes(raw)) {
    throw configError(input, `on_schema_change '${String(raw)}' is not supported`, `Use one of: ${ON_SCHEMA_CHANGE.join(', ')}.`);
  }
  return raw;
}

function uniqueKeyOf(input: MaterializationInput): string[] {
  const raw = input.node.config.unique_key;
  if (raw === null || raw === undefined) return [];
  const keys = Array.isArray(raw) ? raw : [raw];
  return keys.map((k) => String(k).trim()).filter((k) => k !== '');
}

function stringList(input: MaterializationInput, key: string): string[] | undefined {
  const raw = input.node.config[key];
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) return raw as string[];
  throw configError(input, `${key} must be a list of strings`, `Write e.g. ${key}: ['col_a', 'col_b'].`);
}

/**
 * What the staged rows are kept in: a view when the strategy reads them in one statement and the engine
 * stages that way (`capabilities.incrementalStageView`: merge, append, or delete+insert without a key —
 * dbt-snowflake's `tmp_relation_type`, which the config of that name overrides), else a table.
 */
export function stageRelationKind(input: MaterializationInput, strategy: IncrementalStrategy): 'view' | 'table' {
  if (!input.capabilities.incrementalStageView) return 'table';
  const keyed = uniqueKeyOf(input).length > 0;
  const configured = input.node.config['tmp_relation_type'];
  if (configured !== undefined && configured !== null && configured !== '') {
    if (configured !== 'view' && configured !== 'table') {
      throw configError(input, `tmp_relation_type '${String(configured)}' is not supported`, "Use 'view' or 'table'.");
    }
    if (configured === 'view' && strategy === 'delete+insert' && keyed) {
      throw configError(
        input,
        "tmp_relation_type 'view' cannot be used with delete+insert and a unique_key (the two statements must read the same rows)",
        "Use tmp_relation_type: 'table', or leave it out.",
      );
    }
    return configured;
  }
  return strategy === 'delete+insert' && keyed ? 'table' : 'view';
}

/**
 * Phase one of an incremental model. When the target is missing, is a view, or a full refresh applies,
 * the whole build is a table build (returned as a single-phase plan). Otherwise the new rows are staged
 * in `<name>__opp_tmp` (inside a transaction where DDL is transactional; a `temporary` view or table where
 * the engine has session-scoped temporary relations), and `planIncrementalApply` finishes once the runner
 * has read the columns.
 */
export function planIncrementalStage(input: MaterializationInput): SinglePhasePlan | IncrementalStagePlan {
  // Validate config up front, so a typo fails before any statement runs.
  const strategy = resolveStrategy(input);
  const onSchemaChange = resolveOnSchemaChange(input);
  const stageKind = stageRelationKind(input, strategy);
  const { existing, dialect, capabilities } = input;
  if (!existing || existing.kind !== 'table' || shouldFullRefresh(input)) return planTable(input, 'incremental');
  const target = input.node.relation;
  const stage = tempRelation(target);
  const statements: Statement[] = [];
  const openedTransaction = capabilities.transactionalDdl;
  const temporary = capabilities.temporaryRelations === true;
  if (openedTransaction) statements.push({ purpose: 'begin', sql: dialect.beginTransaction() });
  statements.push({
    purpose: 'stage',
    sql:
      stageKind === 'view'
        ? dialect.createView(stage, input.compiledSql, { replace: true, ...(temporary ? { temporary } : {}) })
        : dialect.createTableAs(stage, input.compiledSql, { replace: capabilities.createOrReplace, config: input.node.config, ...(temporary ? { temporary } : {}) }),
  });
  return {
    kind: 'incremental-stage',
    materialization: 'incremental',
    statements,
    target,
    stage,
    stageKind,
    strategy,
    openedTransaction,
    needsStagedColumns: onSchemaChange !== 'ignore' || dialect.expandColumnTypes !== undefined,
  };
}

/** Finds each configured name among `columns` case-insensitively (so the engine's spelling is used). */
function resolveNames(names: readonly string[], columns: readonly string[]): string[] {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  return names.map((n) => byLower.get(n.toLowerCase()) ?? n);
}

/**
 * Phase two: reconcile the target's columns per `on_schema_change`, write the staged rows with the
 * strategy, drop the stage, commit. `targetColumns`/`stagedColumns` are read by the orchestrator after
 * phase one (`stagedColumns` may be empty when `on_schema_change` is `ignore`).
 */
export function planIncrementalApply(
  input: MaterializationInput,
  stage: IncrementalStagePlan,
  targetColumns: readonly Column[],
  stagedColumns: readonly Column[],
): IncrementalApplyPlan {
  const { dialect, capabilities } = input;
  const onSchemaChange = resolveOnSchemaChange(input);
  const target = stage.target;
  const statements: Statement[] = [];
  let schemaChanges: SchemaChanges | undefined;
  // dbt's expand_target_column_types: widen string columns before writing longer values into them.
  if (dialect.expandColumnTypes && stagedColumns.length > 0) statements.push(...dialect.expandColumnTypes(target, targetColumns, stagedColumns));
  // dbt: with `ignore` the target's columns are written; otherwise the staged rows' columns.
  let columns = targetColumns.map((c) => c.name);
  if (onSchemaChange !== 'ignore') {
    schemaChanges = buildSchemaChanges(targetColumns, stagedColumns);
    if (hasSchemaChanges(schemaChanges)) {
      if (onSchemaChange === 'fail') {
        throw new DatabaseError(
          'database/schema-change',
          `${input.node.uniqueId}: the columns of the new rows differ from ${dialect.relationName(target)} (${describeSchemaChanges(schemaChanges)})`,
          {
            nodeId: input.node.uniqueId,
            hint: "Set on_schema_change to 'append_new_columns' or 'sync_all_columns', or rebuild with --full-refresh.",
          },
        );
      }
      if (schemaChanges.added.length > 0) statements.push(...dialect.addColumns(target, schemaChanges.added));
      if (onSchemaChange === 'sync_all_columns') {
        if (schemaChanges.removed.length > 0) statements.push(...dialect.dropColumns(target, schemaChanges.removed.map((c) => c.name)));
        for (const change of schemaChanges.typeChanged) {
          statements.push(...dialect.alterColumnType(target, { name: change.name, dataType: change.to }));
        }
      }
    }
    columns = stagedColumns.map((c) => c.name);
  }

  const uniqueKey = resolveNames(uniqueKeyOf(input), columns);
  const predicates = stringList(input, 'incremental_predicates') ?? stringList(input, 'predicates');
  const opts: MergeOptions = { uniqueKey, columns, ...(predicates ? { predicates } : {}) };
  const strategy = stage.strategy;
  const write: Statement[] = [];
  if (strategy === 'append' || uniqueKey.length === 0) {
    const cols = columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
    write.push({
      purpose: 'insert',
      sql: dialect.insertInto(target, columns, `select ${cols}\nfrom ${dialect.relationName(stage.stage)}`),
    });
  } else if (strategy === 'merge' && capabilities.nativeMerge) {
    const update = stringList(input, 'merge_update_columns');
    const exclude = stringList(input, 'merge_exclude_columns');
    if (update && exclude) {
      throw configError(input, 'sets both merge_update_columns and merge_exclude_columns', 'Keep only one of the two.');
    }
    let updateColumns: string[] | undefined;
    if (update) updateColumns = resolveNames(update, columns);
    else if (exclude) {
      const excluded = new Set(exclude.map((c) => c.toLowerCase()));
      updateColumns = columns.filter((c) => !excluded.has(c.toLowerCase()));
    }
    write.push(...dialect.merge(target, stage.stage, { ...opts, ...(updateColumns ? { updateColumns } : {}) }));
  } else {
    // delete+insert, and merge on an engine without MERGE.
    write.push(...dialect.deleteInsert(target, stage.stage, opts));
  }
  // Several writes (delete + insert) are one transaction even where the stage's DDL could not be in one.
  const wrap = !stage.openedTransaction && write.length > 1;
  if (wrap) statements.push({ purpose: 'begin', sql: dialect.beginTransaction() });
  statements.push(...write);
  if (wrap) statements.push({ purpose: 'commit', sql: dialect.commit() });
  // persist_docs: the table is not recreated, so its comments are set again (dbt does the same each run).
  const comment = relationCommentFor(input);
  if (comment !== undefined) statements.push({ purpose: 'comment', sql: dialect.commentOnRelation!(target, 'table', comment) });
  statements.push(...planColumnComments(input, 'table', columns.map((name) => ({ name, dataType: '' }))));
  statements.push({ purpose: 'drop', sql: dialect.drop(stage.stage, stage.stageKind ?? 'table') });
  if (stage.openedTransaction) statements.push({ purpose: 'commit', sql: dialect.commit() });
  return { kind: 'incremental-apply', statements, columns, ...(schemaChanges ? { schemaChanges } : {}) };
}
