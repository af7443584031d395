import type { Capabilities, Column, Dialect, RelationInfo, RelationRef, Statement } from '../adapters/index.js';
import { ConfigError, OppError } from '../errors/index.js';
import { stripTrailingSemicolon } from '../adapters/index.js';
import { buildHookedStatements } from './hooks.js';
import { tempRelation } from './relation-names.js';
import { resolveSnapshotConfig, type SnapshotConfig } from './snapshot-config.js';
import type { HookInput, MaterializationNode } from './types.js';

/**
 * Snapshots (SCD type 2), following dbt's `snapshot` materialization and its `build_snapshot_table`,
 * `snapshot_staging_table`, `snapshot_timestamp_strategy` / `snapshot_check_strategy`,
 * `snapshot_hash_arguments` and `snapshot_merge_sql` macros (dbt-adapters 1.x). Pure.
 */

export interface SnapshotPlanInput {
  readonly node: MaterializationNode & { readonly name: string };
  /** The compiled snapshot query (the block's body, rendered). */
  readonly compiledSql: string;
  /** The relation at the snapshot's place now (undefined: none). */
  readonly existing?: RelationInfo;
  readonly dialect: Dialect;
  readonly capabilities: Capabilities;
  readonly hooks: { readonly pre: readonly HookInput[]; readonly post: readonly HookInput[] };
}

/** What the merge plan needs to know about the warehouse: read by the orchestrator first. */
export interface SnapshotColumns {
  /** The snapshot table's columns. */
  readonly target: readonly Column[];
  /** The snapshot query's columns (`select * from (<sql>) limit 0`). */
  readonly query: readonly Column[];
}

export interface SnapshotPlan {
  readonly kind: 'snapshot';
  /** `create`: the first run builds the table. `merge`: later runs stage changes and merge them. */
  readonly mode: 'create' | 'merge';
  /** Every statement, hooks included, in order. */
  readonly statements: readonly Statement[];
  readonly target: RelationRef;
  /** Merge: the staging table (created and dropped by the plan). */
  readonly stage?: RelationRef;
  /** Merge: source columns the snapshot table did not have, added before the merge. */
  readonly addedColumns: readonly Column[];
  readonly config: SnapshotConfig;
}

/** Meta column names as SQL: the engine's spelling of the (unquoted, as dbt writes them) name, quoted. */
function metaIdent(dialect: Dialect, name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? dialect.quoteIdentifier(dialect.normalizeName(name)) : dialect.quoteIdentifier(name);
}

/** dbt's `snapshot_get_time()`. */
export function snapshotTime(dialect: Dialect): string {
  return dialect.snapshotTimestamp?.() ?? 'current_timestamp';
}

/** dbt's `default__snapshot_hash_arguments`: `md5(coalesce(cast(a as varchar), '') || '|' || ...)`. */
export function buildSnapshotHash(args: readonly string[]): string {
  return `md5(${args.map((a) => `coalesce(cast(${a} as varchar), '')`).join(" || '|' || ")})`;
}

interface Parts {
  readonly c: Readonly<Record<keyof SnapshotConfig['columns'], string>>;
  readonly updatedAt: string;
  readonly scdId: string;
  readonly now: string;
  readonly validToCurrent: string;
}

function partsOf(config: SnapshotConfig, dialect: Dialect): Parts {
  const now = snapshotTime(dialect);
  const updatedAt = config.strategy === 'timestamp' ? config.updatedAt! : (config.updatedAt ?? now);
  const c = Object.fromEntries(Object.entries(config.columns).map(([k, v]) => [k, metaIdent(dialect, v)])) as Parts['c'];
  return {
    c,
    updatedAt,
    now,
    scdId: buildSnapshotHash([...config.uniqueKey, updatedAt]),
    // dbt's get_dbt_valid_to_current: typed like updated_at, NULL (or dbt_valid_to_current) for current rows.
    validToCurrent: `coalesce(nullif(${updatedAt}, ${updatedAt}), ${config.validToCurrent ?? 'null'})`,
  };
}

function uniqueKeyFields(config: SnapshotConfig, from?: string): string {
  if (!config.uniqueKeyIsList) return `${from ? `${from}.` : ''}${config.uniqueKey[0]} as dbt_unique_key`;
  return config.uniqueKey.map((k, i) => `${from ? `${from}.` : ''}${k} as dbt_unique_key_${i + 1}`).join(', ');
}

function uniqueKeyJoin(config: SnapshotConfig, left: string, right: string): string {
  if (!config.uniqueKeyIsList) return `${left}.dbt_unique_key = ${right}.dbt_unique_key`;
  return config.uniqueKey.map((_, i) => `${left}.dbt_unique_key_${i + 1} = ${right}.dbt_unique_key_${i + 1}`).join(' and ');
}

function uniqueKeyIsNull(config: SnapshotConfig, alias: string, not = false): string {
  return `${alias}.${config.uniqueKeyIsList ? 'dbt_unique_key_1' : 'dbt_unique_key'} is ${not ? 'not ' : ''}null`;
}

/** `valid_to` marks a current row: NULL, or `dbt_valid_to_current`. */
function isCurrent(config: SnapshotConfig, column: string): string {
  return config.validToCurrent ? `(${column} = ${config.validToCurrent} or ${column} is null)` : `${column} is null`;
}

/** dbt's `build_snapshot_table`: the first run's rows, every one current. */
export function buildSnapshotTableSql(config: SnapshotConfig, sql: string, dialect: Dialect): string {
  const p = partsOf(config, dialect);
  const lines = [
    'select *,',
    `    ${p.scdId} as ${p.c.dbt_scd_id},`,
    `    ${p.updatedAt} as ${p.c.dbt_updated_at},`,
    `    ${p.updatedAt} as ${p.c.dbt_valid_from},`,
    `    ${p.validToCurrent} as ${p.c.dbt_valid_to}${config.hardDeletes === 'new_record' ? ',' : ''}`,
  ];
  if (config.hardDeletes === 'new_record') lines.push(`    'False' as ${p.c.dbt_is_deleted}`);
  lines.push('from (', stripTrailingSemicolon(sql), ') sbq');
  return lines.join('\n');
}

function findColumn(columns: readonly Column[], name: string): Column | undefined {
  return columns.find((c) => c.name === name) ?? columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
}

/** The check strategy's compared columns and whether the query has a column the table lacks (dbt: then every row changed). */
function checkColumns(node: SnapshotPlanInput['node'], config: SnapshotConfig, columns: SnapshotColumns): { cols: string[]; added: boolean } {
  const wanted =
    config.checkCols === 'all'
      ? columns.query.map((c) => c.name)
      : (config.checkCols ?? []).map((name) => {
          const found = findColumn(columns.query, name);
          if (!found) {
            throw new ConfigError('config/invalid-value', `snapshot '${node.name}': check_cols names '${name}', which its query does not return`, {
              nodeId: node.uniqueId,
              hint: `Use columns of the snapshot query: ${columns.query.map((c) => c.name).join(', ')}.`,
            });
          }
          return found.name;
        });
  let added = false;
  const cols: string[] = [];
  for (const name of wanted) {
    const existing = findColumn(columns.target, name);
    if (existing) cols.push(existing.name);
    else added = true;
  }
  return { cols, added };
}

function rowChanged(input: SnapshotPlanInput, config: SnapshotConfig, columns: SnapshotColumns, p: Parts): string {
  if (config.strategy === 'timestamp') return `(snapshotted_data.${p.c.dbt_valid_from} < source_data.${config.updatedAt})`;
  const { cols, added } = checkColumns(input.node, config, columns);
  if (added) return '(TRUE)';
  if (cols.length === 0) return '(FALSE)';
  const q = (c: string): string => input.dialect.quoteIdentifier(c);
  const per = cols.map((col) => {
    const s = `snapshotted_data.${q(col)}`;
    const n = `source_data.${q(col)}`;
    return `${s} != ${n}\n        or\n        (\n            ((${s} is null) and not (${n} is null))\n            or\n            ((not ${s} is null) and (${n} is null))\n        )`;
  });
  return `(\n        ${per.join('\n        or\n        ')}\n    )`;
}

/** dbt's `snapshot_staging_table`: the changes (`dbt_change_type` insert / update / delete) since the last run. */
export function buildSnapshotStagingSql(input: SnapshotPlanInput, config: SnapshotConfig, columns: SnapshotColumns): string {
  const { dialect } = input;
  const p = partsOf(config, dialect);
  const target = dialect.relationName(input.node.relation);
  const hard = config.hardDeletes;
  const changed = rowChanged(input, config, columns, p);
  const wasDeleted = hard === 'new_record' ? ` or snapshotted_data.${p.c.dbt_is_deleted} = 'True'` : '';
  // dbt's guard against recording a deletion twice, NULL-safe: rows snapshotted before the switch to
  // new_record have no dbt_is_deleted (dbt's `= 'True'` would make the guard NULL and drop the deletion).
  const currentDeletedGuard = `not (\n            coalesce(snapshotted_data.${p.c.dbt_is_deleted}, 'False') = 'True'\n            and ${isCurrent(config, `snapshotted_data.${p.c.dbt_valid_to}`)}\n        )`;
  const ctes: string[] = [];
  ctes.push(`snapshot_query as (\n\n${stripTrailingSemicolon(input.compiledSql)}\n\n)`);
  ctes.push(
    `snapshotted_data as (\n    select *, ${uniqueKeyFields(config)}\n    from ${target}\n    where ${isCurrent(config, p.c.dbt_valid_to)}\n)`,
  );
  ctes.push(
    `insertions_source_data as (\n    select *, ${uniqueKeyFields(config)},\n        ${p.updatedAt} as ${p.c.dbt_updated_at},\n        ${p.updatedAt} as ${p.c.dbt_valid_from},\n        ${p.validToCurrent} as ${p.c.dbt_valid_to},\n        ${p.scdId} as ${p.c.dbt_scd_id}\n    from snapshot_query\n)`,
  );
  ctes.push(
    `updates_source_data as (\n    select *, ${uniqueKeyFields(config)},\n        ${p.updatedAt} as ${p.c.dbt_updated_at},\n        ${p.updatedAt} as ${p.c.dbt_valid_from},\n        ${p.updatedAt} as ${p.c.dbt_valid_to}\n    from snapshot_query\n)`,
  );
  if (hard !== 'ignore') ctes.push(`deletes_source_data as (\n    select *, ${uniqueKeyFields(config)}\n    from snapshot_query\n)`);
  ctes.push(
    [
      'insertions as (',
      '    select',
      `        'insert' as dbt_change_type,`,
      `        source_data.*${hard === 'new_record' ? `,\n        'False' as ${p.c.dbt_is_deleted}` : ''}`,
      '    from insertions_source_data as source_data',
      '    left outer join snapshotted_data',
      `        on ${uniqueKeyJoin(config, 'snapshotted_data', 'source_data')}`,
      `    where ${uniqueKeyIsNull(config, 'snapshotted_data')}`,
      `        or (${uniqueKeyIsNull(config, 'snapshotted_data', true)} and (${changed}${wasDeleted}))`,
      ')',
    ].join('\n'),
  );
  ctes.push(
    [
      'updates as (',
      '    select',
      `        'update' as dbt_change_type,`,
      '        source_data.*,',
      `        snapshotted_data.${p.c.dbt_scd_id}${hard === 'new_record' ? `,\n        snapshotted_data.${p.c.dbt_is_deleted}` : ''}`,
      '    from updates_source_data as source_data',
      '    join snapshotted_data',
      `        on ${uniqueKeyJoin(config, 'snapshotted_data', 'source_data')}`,
      `    where (${changed}${wasDeleted})`,
      ')',
    ].join('\n'),
  );
  if (hard !== 'ignore') {
    ctes.push(
      [
        'deletes as (',
        '    select',
        `        'delete' as dbt_change_type,`,
        '        source_data.*,',
        `        ${p.now} as ${p.c.dbt_valid_from},`,
        `        ${p.now} as ${p.c.dbt_updated_at},`,
        `        ${p.now} as ${p.c.dbt_valid_to},`,
        `        snapshotted_data.${p.c.dbt_scd_id}${hard === 'new_record' ? `,\n        snapshotted_data.${p.c.dbt_is_deleted}` : ''}`,
        '    from snapshotted_data',
        '    left join deletes_source_data as source_data',
        `        on ${uniqueKeyJoin(config, 'snapshotted_data', 'source_data')}`,
        `    where ${uniqueKeyIsNull(config, 'source_data')}${hard === 'new_record' ? `\n        and ${currentDeletedGuard}` : ''}`,
        ')',
      ].join('\n'),
    );
  }
  if (hard === 'new_record') {
    const q = (c: string): string => dialect.quoteIdentifier(c);
    const sourceCols = columns.query.map((col) =>
      findColumn(columns.target, col.name) ? `snapshotted_data.${q(findColumn(columns.target, col.name)!.name)}` : `source_data.${q(col.name)}`,
    );
    const keys = config.uniqueKeyIsList
      ? config.uniqueKey.map((k, i) => `snapshotted_data.${k} as dbt_unique_key_${i + 1}`)
      : ['snapshotted_data.dbt_unique_key as dbt_unique_key'];
    ctes.push(
      [
        'deletion_records as (',
        '    select',
        `        'insert' as dbt_change_type,`,
        ...[...sourceCols, ...keys].map((c) => `        ${c},`),
        `        ${p.now} as ${p.c.dbt_valid_from},`,
        `        ${p.now} as ${p.c.dbt_updated_at},`,
        `        snapshotted_data.${p.c.dbt_valid_to} as ${p.c.dbt_valid_to},`,
        `        ${buildSnapshotHash([`snapshotted_data.${p.c.dbt_scd_id}`, p.now])} as ${p.c.dbt_scd_id},`,
        `        'True' as ${p.c.dbt_is_deleted}`,
        '    from snapshotted_data',
        '    left join deletes_source_data as source_data',
        `        on ${uniqueKeyJoin(config, 'snapshotted_data', 'source_data')}`,
        `    where ${uniqueKeyIsNull(config, 'source_data')}`,
        `        and ${currentDeletedGuard}`,
        ')',
      ].join('\n'),
    );
  }
  const unions = ['select * from insertions', 'select * from updates'];
  if (hard !== 'ignore') unions.push('select * from deletes');
  if (hard === 'new_record') unions.push('select * from deletion_records');
  return `with ${ctes.join(',\n\n')}\n\n${unions.join('\nunion all\n')}`;
}

/** The first run: `create table <snapshot> as <build_snapshot_table>` (one atomic statement). */
export function planSnapshotCreate(input: SnapshotPlanInput, config: SnapshotConfig = resolveSnapshotConfig(input.node)): SnapshotPlan {
  const { dialect, capabilities } = input;
  const target = input.node.relation;
  const statements: Statement[] = [{ purpose: 'create', sql: dialect.createTableAs(target, buildSnapshotTableSql(config, input.compiledSql, dialect)) }];
  return { kind: 'snapshot', mode: 'create', statements: buildHookedStatements(statements, input.hooks, dialect, capabilities), target, addedColumns: [], config };
}

/** dbt's `snapshot_merge_sql`: close changed/deleted rows (set `dbt_valid_to`), insert new versions. */
export function buildSnapshotMergeStatements(
  dialect: Dialect,
  capabilities: Capabilities,
  config: SnapshotConfig,
  target: RelationRef,
  stage: RelationRef,
  insertColumns: readonly string[],
): Statement[] {
  const p = partsOf(config, dialect);
  const dest = 'DBT_INTERNAL_DEST';
  const src = 'DBT_INTERNAL_SOURCE';
  const cols = insertColumns.join(', ');
  if (capabilities.nativeMerge) {
    return [
      {
        purpose: 'merge',
        sql: [
          `merge into ${dialect.relationName(target)} as ${dest}`,
          `using ${dialect.relationName(stage)} as ${src}`,
          `on ${src}.${p.c.dbt_scd_id} = ${dest}.${p.c.dbt_scd_id}`,
          `when matched`,
          `    and ${isCurrent(config, `${dest}.${p.c.dbt_valid_to}`)}`,
          `    and ${src}.dbt_change_type in ('update', 'delete')`,
          // DuckDB refuses a qualified column in UPDATE SET: the target column stays bare.
          `    then update set ${p.c.dbt_valid_to} = ${src}.${p.c.dbt_valid_to}`,
          `when not matched`,
          `    and ${src}.dbt_change_type = 'insert'`,
          `    then insert (${cols})`,
          `    values (${insertColumns.map((c) => `${src}.${c}`).join(', ')})`,
        ].join('\n'),
      },
    ];
  }
  const t = dialect.relationName(target);
  return [
    {
      purpose: 'update',
      sql: [
        `update ${t}`,
        `set ${p.c.dbt_valid_to} = ${src}.${p.c.dbt_valid_to}`,
        `from ${dialect.relationName(stage)} as ${src}`,
        `where ${src}.${p.c.dbt_scd_id} = ${t}.${p.c.dbt_scd_id}`,
        `    and ${src}.dbt_change_type in ('update', 'delete')`,
        `    and ${isCurrent(config, `${t}.${p.c.dbt_valid_to}`)}`,
      ].join('\n'),
    },
    {
      purpose: 'insert',
      sql: [
        `insert into ${t} (${cols})`,
        `select ${insertColumns.map((c) => `${src}.${c}`).join(', ')}`,
        `from ${dialect.relationName(stage)} as ${src}`,
        `where ${src}.dbt_change_type = 'insert'`,
      ].join('\n'),
    },
  ];
}

/**
 * Later runs: add the source's new columns to the snapshot table, stage the changes in `<name>__opp_tmp`,
 * merge (MERGE where the engine has it, else UPDATE + INSERT), drop the stage — in one transaction where
 * DDL is transactional (DuckDB: `begin; [alter ...;] create or replace table __opp_tmp as ...; merge;
 * drop; commit`, one `alter table ... add column` per new column). `columns` are read by the
 * orchestrator beforehand. Throws `snapshot/invalid-target`
 * when the table lacks `dbt_scd_id` / `dbt_valid_from` / `dbt_valid_to` (dbt's
 * `assert_valid_snapshot_target_given_strategy`).
 */
export function planSnapshotMerge(input: SnapshotPlanInput, columns: SnapshotColumns, config: SnapshotConfig = resolveSnapshotConfig(input.node)): SnapshotPlan {
  const { dialect, capabilities } = input;
  const target = input.node.relation;
  const missing = (['dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to'] as const).map((k) => config.columns[k]).filter((name) => !findColumn(columns.target, dialect.normalizeName(name)));
  if (missing.length > 0) {
    throw new OppError('snapshot/invalid-target', `snapshot '${input.node.name}': ${dialect.relationName(target)} is not a snapshot table (no column ${missing.map((m) => `'${m}'`).join(', ')})`, {
      nodeId: input.node.uniqueId,
      hint: 'Drop the table (or point the snapshot elsewhere) so the next run creates it; check snapshot_meta_column_names if you renamed the columns.',
    });
  }
  const p = partsOf(config, dialect);
  const stage = tempRelation(target);
  const q = (c: string): string => dialect.quoteIdentifier(c);
  // Columns of the staging table the snapshot table keeps: the source's, then the meta columns.
  const meta: { name: string; ident: string; type?: string }[] = [
    { name: config.columns.dbt_updated_at, ident: p.c.dbt_updated_at },
    { name: config.columns.dbt_valid_from, ident: p.c.dbt_valid_from },
    { name: config.columns.dbt_valid_to, ident: p.c.dbt_valid_to },
    { name: config.columns.dbt_scd_id, ident: p.c.dbt_scd_id },
  ];
  if (config.hardDeletes === 'new_record') meta.push({ name: config.columns.dbt_is_deleted, ident: p.c.dbt_is_deleted, type: dialect.typeFor('string') });
  const added: Column[] = [];
  for (const col of columns.query) if (!findColumn(columns.target, col.name)) added.push(col);
  const validFromType = findColumn(columns.target, dialect.normalizeName(config.columns.dbt_valid_from))?.dataType;
  for (const m of meta) {
    if (findColumn(columns.target, dialect.normalizeName(m.name))) continue;
    const type = m.type ?? validFromType;
    if (type) added.push({ name: dialect.normalizeName(m.name), dataType: type });
  }
  const insertColumns = [...columns.query.map((c) => q(c.name)), ...meta.map((m) => m.ident)];
  const staging = buildSnapshotStagingSql(input, config, columns);
  // New columns first (dbt adds them after staging): the staging query may read them (`dbt_is_deleted`
  // when a snapshot switches to hard_deletes: new_record).
  const body: Statement[] = [
    ...(added.length > 0 ? dialect.addColumns(target, added) : []),
    {
      purpose: 'stage',
      sql: dialect.createTableAs(stage, staging, { replace: capabilities.createOrReplace, ...(capabilities.temporaryRelations ? { temporary: true } : {}) }),
    },
    ...buildSnapshotMergeStatements(dialect, capabilities, config, target, stage, insertColumns),
    { purpose: 'drop', sql: dialect.drop(stage, 'table') },
  ];
  let statements: Statement[];
  if (capabilities.transactionalDdl) {
    statements = [{ purpose: 'begin', sql: dialect.beginTransaction() }, ...body, { purpose: 'commit', sql: dialect.commit() }];
  } else {
    // DDL commits on its own: only the UPDATE + INSERT pair needs a transaction (MERGE is one statement).
    const dml = body.filter((s) => s.purpose === 'update' || s.purpose === 'insert');
    statements = body;
    if (dml.length > 1) {
      const first = statements.indexOf(dml[0]!);
      const last = statements.indexOf(dml[dml.length - 1]!);
      statements = [
        ...statements.slice(0, first),
        { purpose: 'begin', sql: dialect.beginTransaction() },
        ...statements.slice(first, last + 1),
        { purpose: 'commit', sql: dialect.commit() },
        ...statements.slice(last + 1),
      ];
    }
  }
  return {
    kind: 'snapshot',
    mode: 'merge',
    statements: buildHookedStatements(statements, input.hooks, dialect, capabilities),
    target,
    stage,
    addedColumns: added,
    config,
  };
}
