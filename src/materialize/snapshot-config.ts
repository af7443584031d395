import type { NodeConfig } from '../config/types.js';
import { ConfigError } from '../errors/index.js';
import { didYouMean } from '../util/did-you-mean.js';

/** dbt's snapshot meta columns, renamed with `snapshot_meta_column_names`. */
export const SNAPSHOT_META_COLUMNS = ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted'] as const;
export type SnapshotMetaColumn = (typeof SNAPSHOT_META_COLUMNS)[number];

export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

/** A snapshot's config, validated (dbt's strategy macros and `get_hard_deletes_behavior`). */
export interface SnapshotConfig {
  readonly strategy: 'timestamp' | 'check';
  /** `unique_key` as SQL expressions (dbt uses them unquoted); a list when the config gave a list. */
  readonly uniqueKey: readonly string[];
  readonly uniqueKeyIsList: boolean;
  /** Timestamp strategy: required. Check strategy: optional (else the snapshot time). */
  readonly updatedAt?: string;
  /** Check strategy: `all` or the columns compared. */
  readonly checkCols?: 'all' | readonly string[];
  readonly hardDeletes: HardDeletes;
  /** `dbt_valid_to_current`: the SQL expression current rows carry in `dbt_valid_to` instead of NULL. */
  readonly validToCurrent?: string;
  /** Meta column names after `snapshot_meta_column_names`. */
  readonly columns: Readonly<Record<SnapshotMetaColumn, string>>;
}

/** One problem with a snapshot's config: the config key and what to do. */
export interface SnapshotConfigProblem {
  readonly code: 'config/missing-key' | 'config/invalid-value';
  readonly key: string;
  readonly message: string;
  readonly hint: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads and checks a snapshot's config, returning the config or every problem found. dbt's rules:
 * `strategy` is `timestamp` (needs `updated_at`) or `check` (needs `check_cols`: `all` or a list);
 * `unique_key` (a column, an expression, or a list) is required; `hard_deletes` is `ignore` (default),
 * `invalidate` or `new_record`, and the legacy `invalidate_hard_deletes: true` means `invalidate` (setting
 * both is an error).
 */
export function readSnapshotConfig(name: string, config: NodeConfig): { config?: SnapshotConfig; problems: SnapshotConfigProblem[] } {
  const problems: SnapshotConfigProblem[] = [];
  const missing = (key: string, message: string, hint: string): void => {
    problems.push({ code: 'config/missing-key', key, message: `snapshot '${name}' ${message}`, hint });
  };
  const invalid = (key: string, message: string, hint: string): void => {
    problems.push({ code: 'config/invalid-value', key, message: `snapshot '${name}' ${message}`, hint });
  };

  const rawStrategy = config['strategy'];
  let strategy: 'timestamp' | 'check' | undefined;
  if (rawStrategy === undefined || rawStrategy === null || rawStrategy === '') {
    missing('strategy', 'has no strategy', "Add strategy='timestamp' (with updated_at='<column>') or strategy='check' (with check_cols='all') to its config.");
  } else if (rawStrategy === 'timestamp' || rawStrategy === 'check') strategy = rawStrategy;
  else {
    const suggestion = didYouMean(String(rawStrategy), ['timestamp', 'check']);
    invalid('strategy', `has strategy '${String(rawStrategy)}', which is neither 'timestamp' nor 'check'`, suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : "Use strategy='timestamp' or strategy='check'.");
  }

  const rawKey = config.unique_key;
  const keys = (Array.isArray(rawKey) ? rawKey : rawKey === null || rawKey === undefined ? [] : [rawKey]).map((k) => String(k).trim()).filter((k) => k !== '');
  if (keys.length === 0) {
    missing('unique_key', 'has no unique_key', "Add unique_key='<column>' (or a list, unique_key=['a', 'b']) naming what identifies a row of the snapshot query.");
  }

  const updatedAt = text(config['updated_at']);
  if (strategy === 'timestamp' && !updatedAt) {
    missing('updated_at', "uses the timestamp strategy but has no updated_at", "Add updated_at='<column>' naming the column that changes when a row changes (or use strategy='check').");
  }

  let checkCols: 'all' | string[] | undefined;
  const rawCheck = config['check_cols'];
  if (rawCheck === 'all') checkCols = 'all';
  else if (Array.isArray(rawCheck) && rawCheck.length > 0 && rawCheck.every((c) => typeof c === 'string' && c.trim() !== '')) {
    checkCols = (rawCheck as string[]).map((c) => c.trim());
  } else if (typeof rawCheck === 'string' && rawCheck.trim() !== '') checkCols = [rawCheck.trim()];
  else if (rawCheck !== undefined && rawCheck !== null) {
    invalid('check_cols', `has check_cols ${JSON.stringify(rawCheck)}`, "Write check_cols='all' or a list of column names, e.g. check_cols=['status', 'amount'].");
  }
  if (strategy === 'check' && checkCols === undefined && (rawCheck === undefined || rawCheck === null)) {
    missing('check_cols', 'uses the check strategy but has no check_cols', "Add check_cols='all' or a list of the columns to compare, e.g. check_cols=['status'].");
  }

  let hardDeletes: HardDeletes = 'ignore';
  const rawHard = config['hard_deletes'];
  const legacy = config['invalidate_hard_deletes'];
  if (rawHard !== undefined && rawHard !== null && legacy !== undefined && legacy !== null) {
    invalid('hard_deletes', 'sets both hard_deletes and invalidate_hard_deletes', "Keep only hard_deletes: 'invalidate' (invalidate_hard_deletes is its legacy spelling).");
  } else if (legacy === true || rawHard === 'invalidate') hardDeletes = 'invalidate';
  else if (rawHard === 'new_record') hardDeletes = 'new_record';
  else if (rawHard !== undefined && rawHard !== null && rawHard !== 'ignore') {
    invalid('hard_deletes', `has hard_deletes '${String(rawHard)}'`, "Use hard_deletes: 'ignore', 'invalidate' or 'new_record'.");
  }

  const columns: Record<SnapshotMetaColumn, string> = {
    dbt_valid_to: 'dbt_valid_to',
    dbt_valid_from: 'dbt_valid_from',
    dbt_scd_id: 'dbt_scd_id',
    dbt_updated_at: 'dbt_updated_at',
    dbt_is_deleted: 'dbt_is_deleted',
  };
  const renames = config['snapshot_meta_column_names'];
  if (renames !== undefined && renames !== null) {
    if (typeof renames !== 'object' || Array.isArray(renames)) {
      invalid('snapshot_meta_column_names', 'has snapshot_meta_column_names that is not a mapping', 'Write e.g. snapshot_meta_column_names: {dbt_valid_from: start_date, dbt_valid_to: end_date}.');
    } else {
      for (const [key, value] of Object.entries(renames as Record<string, unknown>)) {
        if (!(SNAPSHOT_META_COLUMNS as readonly string[]).includes(key)) {
          const suggestion = didYouMean(key, SNAPSHOT_META_COLUMNS);
          invalid('snapshot_meta_column_names', `renames '${key}', which is not a snapshot meta column`, suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : `Rename one of: ${SNAPSHOT_META_COLUMNS.join(', ')}.`);
        } else if (!text(value)) {
          invalid('snapshot_meta_column_names', `gives '${key}' an empty name`, `Write e.g. ${key}: my_${key.slice(4)}.`);
        } else columns[key as SnapshotMetaColumn] = text(value)!;
      }
    }
  }
  const validToCurrent = text(config['dbt_valid_to_current']);

  if (problems.length > 0 || !strategy) return { problems };
  return {
    config: {
      strategy,
      uniqueKey: keys,
      uniqueKeyIsList: Array.isArray(rawKey),
      ...(updatedAt ? { updatedAt } : {}),
      ...(checkCols ? { checkCols } : {}),
      hardDeletes,
      ...(validToCurrent ? { validToCurrent } : {}),
      columns,
    },
    problems,
  };
}

/** The snapshot's config, or a ConfigError for the first problem (with the node id; no location). */
export function resolveSnapshotConfig(node: { readonly uniqueId: string; readonly name: string; readonly config: NodeConfig }): SnapshotConfig {
  const { config, problems } = readSnapshotConfig(node.name, node.config);
  const first = problems[0];
  if (first || !config) {
    throw new ConfigError(first?.code ?? 'config/invalid-value', first?.message ?? `snapshot '${node.name}' is misconfigured`, {
      nodeId: node.uniqueId,
      ...(first ? { hint: first.hint } : {}),
    });
  }
  return config;
}
