import type { CsvFormat, LogicalType } from '../adapters/index.js';

/** A seed's CSV settings, from its config (dbt's `delimiter`, `quote_columns`, `column_types`). */
export interface SeedCsvOptions {
  readonly format: CsvFormat;
  /** dbt's `quote_columns`: column names keep the header's spelling; else the engine's (Snowflake upper-cases). */
  readonly quoteColumns: boolean;
  /** `column_types` as written: column name → the warehouse's SQL type. */
  readonly columnTypes: Readonly<Record<string, string>>;
}

/** How one CSV column is typed: inferred from the values (dbt's agate rules) or declared in `column_types`. */
export type SeedColumnType =
  | { readonly kind: 'inferred'; readonly logical: LogicalType }
  | { readonly kind: 'declared'; readonly sql: string };

/** One column of a seed: its header name (the VARCHAR column of the CSV read) and its type. */
export interface SeedColumn {
  /** The header's name (deduplicated as DuckDB does: `a`, `a_1`; an empty one is `column<i>`). */
  readonly name: string;
  readonly type: SeedColumnType;
}
