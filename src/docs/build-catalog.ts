import type { Adapter, ExecResult, RelationInfo } from '../adapters/index.js';
import { OppError, scrubSecrets } from '../errors/index.js';
import type { Manifest } from '../manifest/index.js';
import { DBT_COMPAT_VERSION } from '../artifacts/index.js';
import {
  CATALOG_SCHEMA_VERSION,
  type CatalogColumnJson,
  type CatalogJson,
  type CatalogStatJson,
  type CatalogTableJson,
} from './types.js';

/**
 * dbt's catalog.json: what the warehouse knows about every relation the manifest documents (table type,
 * owner, comment, columns with their types, stats), read through the adapter.
 *
 * Queries: one probe of information_schema's shape per call, then two queries per database (tables and
 * columns of every schema the manifest uses), never one per relation. A schema the information_schema
 * query does not see (Snowflake's unqualified information_schema covers the current database only) falls
 * back to the adapter's `listRelations` (one query per schema) and `getColumns` for the relations needed.
 * Names match case-insensitively, as dbt's catalog keys do (Snowflake upper-cases).
 */

/** One relation as read from the warehouse. */
export interface FetchedRelation {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** `BASE TABLE`, `VIEW`, ... */
  readonly type: string;
  readonly comment: string | null;
  readonly owner: string | null;
  readonly rowCount?: number | null;
  readonly bytes?: number | null;
  readonly lastModified?: string | null;
  readonly columns: readonly CatalogColumnJson[];
}

export interface CatalogFetch {
  readonly relations: readonly FetchedRelation[];
  /** Messages of failed catalog queries; the rest of the catalog is still built. */
  readonly errors: readonly string[];
}

export interface CatalogOptions {
  readonly oppVersion?: string;
  readonly invocationId?: string;
  readonly generatedAt?: string;
  readonly dbtVersion?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** A relation the manifest documents: its address and the ids it belongs to. */
interface WantedRelation {
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  readonly nodeIds: string[];
  readonly sourceIds: string[];
}

function relationKey(database: string, schema: string, name: string): string {
  return `${database.toLowerCase()}\u0000${schema.toLowerCase()}\u0000${name.toLowerCase()}`;
}

/** Every relation of the manifest that should exist in the warehouse, by lower-cased key. */
export function buildWantedRelations(manifest: Manifest, defaultDatabase: string): Map<string, WantedRelation> {
  const wanted = new Map<string, WantedRelation>();
  const add = (database: string, schema: string, name: string, id: string, kind: 'node' | 'source'): void => {
    const db = database || defaultDatabase;
    const key = relationKey(db, schema, name);
    let w = wanted.get(key);
    if (!w) wanted.set(key, (w = { database: db, schema, name, nodeIds: [], sourceIds: [] }));
    (kind === 'node' ? w.nodeIds : w.sourceIds).push(id);
  };
  for (const node of Object.values(manifest.nodes)) {
    if (node.resourceType === 'unit_test' || node.resourceType === 'analysis') continue;
    if (node.resourceType === 'test') {
      if (node.config.store_failures !== true) continue;
    } else if (node.config.materialized === 'ephemeral') continue;
    add(node.database, node.schema, node.alias, node.uniqueId, 'node');
  }
  for (const source of Object.values(manifest.sources)) {
    add(source.database, source.schema, source.identifier || source.name, source.uniqueId, 'source');
  }
  return wanted;
}

/** Case-insensitive column lookup into one result set (Snowflake returns upper-case names). */
function fieldReader(result: ExecResult): (row: Readonly<Record<string, unknown>>, ...names: string[]) => unknown {
  const actual = new Map<string, string>();
  for (const c of result.columns) actual.set(c.name.toLowerCase(), c.name);
  if (actual.size === 0 && result.rows[0]) for (const k of Object.keys(result.rows[0])) actual.set(k.toLowerCase(), k);
  return (row, ...names) => {
    for (const n of names) {
      const key = actual.get(n);
      if (key !== undefined) return row[key];
    }
    return undefined;
  };
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = v instanceof Date ? v.toISOString() : String(v);
  return s === '' ? null : s;
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

function messageOf(err: unknown): string {
  return scrubSecrets(err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error';
}

function isConnectionFailure(err: unknown): boolean {
  return err instanceof OppError && err.code === 'database/connection-failed';
}

/**
 * Like Promise.all, but waits for every promise to settle before rejecting: a catalog call never returns
 * (or throws) while one of its queries is still running on a pooled connection the caller may close.
 */
async function settleAll<T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

interface InformationSchemaShape {
  readonly tableFields: ReadonlySet<string>;
  readonly columnFields: ReadonlySet<string>;
}

async function probeInformationSchema(adapter: Adapter): Promise<InformationSchemaShape> {
  const names = (r: ExecResult): Set<string> => new Set(r.columns.map((c) => c.name.toLowerCase()));
  const [tables, columns] = await settleAll([
    adapter.execute('select * from information_schema.tables where 1 = 0'),
    adapter.execute('select * from information_schema.columns where 1 = 0'),
  ]);
  return { tableFields: names(tables), columnFields: names(columns) };
}

/** The first of `candidates` information_schema has (DuckDB says `table_comment`, Snowflake `comment`). */
function pick(fields: ReadonlySet<string>, ...candidates: string[]): string | undefined {
  return candidates.find((c) => fields.has(c));
}

/**
 * Reads tables and columns of the given schemas (grouped by database) from information_schema: two
 * queries per database, run concurrently.
 */
async function fetchFromInformationSchema(
  adapter: Adapter,
  shape: InformationSchemaShape,
  database: string,
  schemas: readonly string[],
): Promise<FetchedRelation[]> {
  const lit = (v: string): string => adapter.dialect.quoteLiteral(v.toLowerCase());
  const where = `lower(table_catalog) = ${lit(database)} and lower(table_schema) in (${schemas.map(lit).join(', ')})`;
  const optional = (fields: ReadonlySet<string>, ...c: string[]): string => {
    const f = pick(fields, ...c);
    return f ? `, ${f}` : '';
  };
  const t = shape.tableFields;
  const tableSql =
    `select table_catalog, table_schema, table_name, table_type` +
    optional(t, 'comment', 'table_comment') +
    optional(t, 'table_owner') +
    optional(t, 'row_count') +
    optional(t, 'bytes') +
    optional(t, 'last_altered') +
    ` from information_schema.tables where ${where}`;
  const columnSql =
    `select table_schema, table_name, column_name, data_type, ordinal_position` +
    optional(shape.columnFields, 'comment', 'column_comment') +
    ` from information_schema.columns where ${where} order by table_schema, table_name, ordinal_position`;
  const [tables, columns] = await settleAll([adapter.execute(tableSql), adapter.execute(columnSql)]);

  const cf = fieldReader(columns);
  const columnsByTable = new Map<string, CatalogColumnJson[]>();
  for (const row of columns.rows) {
    const key = `${String(cf(row, 'table_schema')).toLowerCase()}\u0000${String(cf(row, 'table_name')).toLowerCase()}`;
    let list = columnsByTable.get(key);
    if (!list) columnsByTable.set(key, (list = []));
    list.push({
      name: String(cf(row, 'column_name')),
      type: String(cf(row, 'data_type')),
      index: num(cf(row, 'ordinal_position')) ?? list.length + 1,
      comment: text(cf(row, 'comment', 'column_comment')),
    });
  }
  const tf = fieldReader(tables);
  return tables.rows.map((row) => {
    const schema = String(tf(row, 'table_schema'));
    const name = String(tf(row, 'table_name'));
    const rel: FetchedRelation = {
      database: String(tf(row, 'table_catalog')),
      schema,
      name,
      type: String(tf(row, 'table_type') ?? 'BASE TABLE'),
      comment: text(tf(row, 'comment', 'table_comment')),
      owner: text(tf(row, 'table_owner')),
      ...(pick(t, 'row_count') ? { rowCount: num(tf(row, 'row_count')) } : {}),
      ...(pick(t, 'bytes') ? { bytes: num(tf(row, 'bytes')) } : {}),
      ...(pick(t, 'last_altered') ? { lastModified: text(tf(row, 'last_altered')) } : {}),
      columns: columnsByTable.get(`${schema.toLowerCase()}\u0000${name.toLowerCase()}`) ?? [],
    };
    return rel;
  });
}

const KIND_TYPE: Readonly<Record<RelationInfo['kind'], string>> = {
  table: 'BASE TABLE',
  view: 'VIEW',
  external: 'EXTERNAL TABLE',
  materialized_view: 'MATERIALIZED VIEW',
};

/** The adapter's own catalog methods: one listRelations per schema, getColumns per wanted relation. */
async function fetchThroughAdapter(
  adapter: Adapter,
  database: string,
  schema: string,
  wanted: ReadonlyMap<string, WantedRelation>,
): Promise<FetchedRelation[]> {
  const relations = await adapter.listRelations({ database, schema });
  const needed = relations.filter((r) => wanted.has(relationKey(r.database ?? database, r.schema, r.identifier)));
  return settleAll(
    needed.map(async (r) => {
      const cols = await adapter.getColumns(r);
      return {
        database: r.database ?? database,
        schema: r.schema,
        name: r.identifier,
        type: KIND_TYPE[r.kind] ?? 'BASE TABLE',
        comment: null,
        owner: null,
        columns: cols.map((c, i) => ({ name: c.name, type: c.dataType, index: i + 1, comment: null })),
      };
    }),
  );
}

/**
 * Reads, from the warehouse, every relation in the schemas of `wanted`. Failed queries become `errors`
 * (dbt lists them in catalog.json and carries on); a lost connection is thrown.
 */
export async function fetchCatalogRelations(adapter: Adapter, wanted: ReadonlyMap<string, WantedRelation>): Promise<CatalogFetch> {
  const errors: string[] = [];
  const relations: FetchedRelation[] = [];
  // database (lower) -> { spelling, schemas (lower) -> spelling }
  const groups = new Map<string, { database: string; schemas: Map<string, string> }>();
  for (const w of wanted.values()) {
    const dbKey = w.database.toLowerCase();
    let g = groups.get(dbKey);
    if (!g) groups.set(dbKey, (g = { database: w.database, schemas: new Map() }));
    if (!g.schemas.has(w.schema.toLowerCase())) g.schemas.set(w.schema.toLowerCase(), w.schema);
  }
  if (groups.size === 0) return { relations, errors };

  let shape: InformationSchemaShape | undefined;
  try {
    shape = await probeInformationSchema(adapter);
  } catch (err) {
    if (isConnectionFailure(err)) throw err;
    shape = undefined; // no information_schema: the adapter's methods only
  }

  const fallback = async (database: string, schema: string): Promise<void> => {
    try {
      relations.push(...(await fetchThroughAdapter(adapter, database, schema, wanted)));
    } catch (err) {
      if (isConnectionFailure(err)) throw err;
      errors.push(`${database}.${schema}: ${messageOf(err)}`);
    }
  };

  await settleAll(
    [...groups.values()].map(async (g) => {
      const schemas = [...g.schemas.values()];
      if (!shape) {
        await settleAll(schemas.map((s) => fallback(g.database, s)));
        return;
      }
      let found: FetchedRelation[];
      try {
        found = await fetchFromInformationSchema(adapter, shape, g.database, schemas);
      } catch (err) {
        if (isConnectionFailure(err)) throw err;
        errors.push(`${g.database}: ${messageOf(err)}`);
        return;
      }
      relations.push(...found);
      const seenSchemas = new Set(found.map((r) => r.schema.toLowerCase()));
      const unseen = schemas.filter((s) => !seenSchemas.has(s.toLowerCase()));
      await settleAll(unseen.map((s) => fallback(g.database, s)));
    }),
  );
  return { relations, errors };
}

function statsOf(rel: FetchedRelation): Record<string, CatalogStatJson> {
  const stats: Record<string, CatalogStatJson> = {};
  if (rel.rowCount !== undefined && rel.rowCount !== null) {
    stats.row_count = { id: 'row_count', label: 'Row Count', value: rel.rowCount, include: true, description: 'An approximate count of rows in this table' };
  }
  if (rel.bytes !== undefined && rel.bytes !== null) {
    stats.bytes = { id: 'bytes', label: 'Approximate Size', value: rel.bytes, include: true, description: 'Approximate size of the table as reported by the warehouse' };
  }
  if (rel.lastModified !== undefined && rel.lastModified !== null && Object.keys(stats).length > 0) {
    stats.last_modified = { id: 'last_modified', label: 'Last Modified', value: rel.lastModified, include: true, description: 'The timestamp for last update/change' };
  }
  stats.has_stats = {
    id: 'has_stats',
    label: 'Has Stats?',
    value: Object.keys(stats).length > 0,
    include: false,
    description: 'Indicates whether there are statistics for this table',
  };
  return stats;
}

function tableJson(rel: FetchedRelation, uniqueId: string): CatalogTableJson {
  const columns: Record<string, CatalogColumnJson> = {};
  for (const c of [...rel.columns].sort((a, b) => a.index - b.index)) columns[c.name] = c;
  return {
    metadata: { type: rel.type, schema: rel.schema, name: rel.name, database: rel.database, comment: rel.comment, owner: rel.owner },
    columns,
    stats: statsOf(rel),
    unique_id: uniqueId,
  };
}

/** Pure: the fetched relations matched to the manifest's nodes and sources, in dbt's catalog v1 shape. */
export function buildCatalogJson(
  wanted: ReadonlyMap<string, WantedRelation>,
  fetched: CatalogFetch,
  opts: CatalogOptions & { readonly defaultDatabase?: string } = {},
): CatalogJson {
  const nodes: Record<string, CatalogTableJson> = {};
  const sources: Record<string, CatalogTableJson> = {};
  for (const rel of fetched.relations) {
    const w = wanted.get(relationKey(rel.database || opts.defaultDatabase || '', rel.schema, rel.name));
    if (!w) continue;
    for (const id of w.nodeIds) nodes[id] = tableJson(rel, id);
    for (const id of w.sourceIds) sources[id] = tableJson(rel, id);
  }
  const sortedKeys = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]!])) as Record<string, T>;
  return {
    metadata: {
      dbt_schema_version: CATALOG_SCHEMA_VERSION,
      dbt_version: opts.dbtVersion ?? DBT_COMPAT_VERSION,
      ...(opts.oppVersion ? { opp_version: opts.oppVersion } : {}),
      generated_at: opts.generatedAt ?? new Date().toISOString(),
      invocation_id: opts.invocationId ?? null,
      env: opts.env ?? {},
    },
    nodes: sortedKeys(nodes),
    sources: sortedKeys(sources),
    errors: fetched.errors.length > 0 ? fetched.errors : null,
  };
}

/** catalog.json with no relations (dbt's `docs generate --empty-catalog`): no warehouse access. */
export function buildEmptyCatalog(opts: CatalogOptions = {}): CatalogJson {
  return buildCatalogJson(new Map(), { relations: [], errors: [] }, opts);
}

/** `current_database()` (DuckDB and Snowflake both have it), for a target that names no database. */
async function currentDatabase(adapter: Adapter): Promise<string> {
  try {
    const result = await adapter.execute('select current_database() as db');
    const row = result.rows[0];
    return row ? String(Object.values(row)[0] ?? '') : '';
  } catch (err) {
    if (isConnectionFailure(err)) throw err;
    return '';
  }
}

/**
 * Builds catalog.json from the warehouse for every model, seed, snapshot, stored test failure and source
 * of the manifest. The adapter must be connected. Relations that do not exist yet are simply absent.
 */
export async function buildCatalog(adapter: Adapter, manifest: Manifest, opts: CatalogOptions = {}): Promise<CatalogJson> {
  const defaultDatabase = adapter.target.database || (await currentDatabase(adapter));
  const wanted = buildWantedRelations(manifest, defaultDatabase);
  const fetched = await fetchCatalogRelations(adapter, wanted);
  return buildCatalogJson(wanted, fetched, {
    ...opts,
    invocationId: opts.invocationId ?? manifest.metadata.invocationId,
    defaultDatabase,
  });
}
