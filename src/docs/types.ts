/**
 * dbt's catalog.json (schema v1) and the compact data the docs page embeds.
 */

export const CATALOG_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

export interface CatalogMetadataJson {
  readonly dbt_schema_version: string;
  readonly dbt_version: string;
  readonly opp_version?: string;
  readonly generated_at: string;
  readonly invocation_id: string | null;
  readonly env: Readonly<Record<string, string>>;
}

export interface CatalogTableMetadataJson {
  /** The warehouse's table type: `BASE TABLE`, `VIEW`, ... */
  readonly type: string;
  readonly schema: string;
  readonly name: string;
  readonly database: string | null;
  readonly comment: string | null;
  readonly owner: string | null;
}

export interface CatalogColumnJson {
  readonly type: string;
  readonly index: number;
  readonly name: string;
  readonly comment: string | null;
}

export interface CatalogStatJson {
  readonly id: string;
  readonly label: string;
  readonly value: string | number | boolean | null;
  readonly include: boolean;
  readonly description: string;
}

export interface CatalogTableJson {
  readonly metadata: CatalogTableMetadataJson;
  /** By column name as the warehouse spells it, in ordinal order. */
  readonly columns: Readonly<Record<string, CatalogColumnJson>>;
  readonly stats: Readonly<Record<string, CatalogStatJson>>;
  readonly unique_id: string;
}

export interface CatalogJson {
  readonly metadata: CatalogMetadataJson;
  readonly nodes: Readonly<Record<string, CatalogTableJson>>;
  readonly sources: Readonly<Record<string, CatalogTableJson>>;
  /** Messages of the catalog queries that failed (dbt keeps going and lists them here), or null. */
  readonly errors: readonly string[] | null;
}

/** One column of a docs node: documented and/or found in the warehouse. */
export interface DocsColumn {
  readonly name: string;
  /** Warehouse type from the catalog, else the documented `data_type`. */
  readonly type?: string;
  readonly description?: string;
  /** Generic tests on this column (`unique`, `not_null`, ...). */
  readonly tests?: readonly string[];
  /** Comment stored in the warehouse. */
  readonly comment?: string;
}

/** One resource as the docs page sees it (short, page-friendly fields; empty fields left out). */
export interface DocsNode {
  readonly id: string;
  readonly name: string;
  /** dbt resource type: model, seed, snapshot, test, analysis, source, ... */
  readonly type: string;
  readonly pkg: string;
  /** Project-relative path of the defining file. */
  readonly file?: string;
  /** Folders for the navigation tree, e.g. ['staging', 'crm'], or the source name for a source. */
  readonly folder: readonly string[];
  readonly description?: string;
  /** Fully-qualified relation (`"db"."schema"."alias"`). */
  readonly relation?: string;
  readonly materialized?: string;
  readonly tags?: readonly string[];
  /** Non-empty config entries other than materialized/tags. */
  readonly config?: Readonly<Record<string, unknown>>;
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly raw?: string;
  /** Compiled SQL, when the manifest has it and it differs from `raw`. */
  readonly compiled?: string;
  /** Indexes (into `DocsData.nodes`) of the nodes this one reads. */
  readonly deps?: readonly number[];
  readonly columns?: readonly DocsColumn[];
  /** Tests: the generic test's name, kwargs, tested column and tested node index. */
  readonly test?: { readonly name?: string; readonly column?: string; readonly attached?: number; readonly kwargs?: Readonly<Record<string, unknown>> };
  /** Sources: the source's own fields. */
  readonly source?: {
    readonly name: string;
    readonly description?: string;
    readonly loader?: string;
    readonly identifier?: string;
    readonly loadedAtField?: string;
    readonly freshness?: unknown;
  };
  /** Catalog facts: table type, owner, comment, included stats as label → value. */
  readonly catalog?: { readonly type?: string; readonly owner?: string; readonly comment?: string; readonly stats?: Readonly<Record<string, string>> };
}

export interface DocsData {
  readonly project: string;
  readonly generatedAt: string;
  readonly catalogGeneratedAt?: string;
  readonly adapterType?: string;
  readonly oppVersion?: string;
  /** The project overview (`{% docs __overview__ %}`), Markdown. */
  readonly overview?: string;
  /** Sorted by resource type, then path: the order the lineage layout starts from. */
  readonly nodes: readonly DocsNode[];
  readonly catalogErrors?: readonly string[];
}
