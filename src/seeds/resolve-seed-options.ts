import type { NodeConfig } from '../config/types.js';
import { ConfigError } from '../errors/index.js';
import type { SeedCsvOptions } from './types.js';

/** dbt reads these field texts as NULL besides the empty field (agate's `null_values`, any case). */
export const SEED_NULL_STRINGS: readonly string[] = ['null', 'NULL', 'Null'];

function invalid(uniqueId: string, message: string, hint: string): ConfigError {
  return new ConfigError('config/invalid-value', `${uniqueId}: ${message}`, { nodeId: uniqueId, hint });
}

/**
 * The CSV settings of a seed from its resolved config. `delimiter` must be one character (`\t` may be
 * written as the two characters backslash-t, as in dbt's docs); `column_types` a mapping of strings.
 */
export function resolveSeedOptions(node: { readonly uniqueId: string; readonly config: NodeConfig }): SeedCsvOptions {
  const config = node.config;
  let delimiter = config['delimiter'] ?? ',';
  if (delimiter === '\\t') delimiter = '\t';
  if (typeof delimiter !== 'string' || [...delimiter].length !== 1) {
    throw invalid(node.uniqueId, `delimiter must be one character, got ${JSON.stringify(delimiter)}`, "Write e.g. delimiter: ';' (or '\\t' for tabs).");
  }
  if (delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw invalid(node.uniqueId, `delimiter ${JSON.stringify(delimiter)} cannot separate fields`, "Use ',', ';', '|' or '\\t'.");
  }
  const rawTypes = config['column_types'] ?? {};
  if (typeof rawTypes !== 'object' || rawTypes === null || Array.isArray(rawTypes)) {
    throw invalid(node.uniqueId, 'column_types must be a mapping of column name to SQL type', 'Write e.g. column_types: {id: bigint, amount: decimal(10,2)}.');
  }
  const columnTypes: Record<string, string> = {};
  for (const [column, type] of Object.entries(rawTypes as Record<string, unknown>)) {
    if (typeof type !== 'string' || type.trim() === '') {
      throw invalid(node.uniqueId, `column_types.${column} must be a SQL type name`, `Write e.g. ${column}: varchar.`);
    }
    columnTypes[column] = type.trim();
  }
  const quote = config['quote_columns'];
  return { format: { delimiter, nullStrings: SEED_NULL_STRINGS }, quoteColumns: quote === true, columnTypes };
}
