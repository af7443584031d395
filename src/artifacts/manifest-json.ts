import { createHash } from 'node:crypto';
import type {
  ColumnInfo,
  DocBlock,
  MacroNode,
  Manifest,
  ManifestNode,
  ModelNode,
  SeedNode,
  SourceNode,
  TestNode,
  UnitTestNode,
} from '../manifest/index.js';
import type { FreshnessRule, FreshnessThresholds, UnitTestInput } from '../project/types.js';
import { writeJsonArtifact, type WriteJsonOptions } from './write-json.js';
import { buildTargetWritePath } from './compiled-files.js';

export const MANIFEST_SCHEMA_VERSION = 'https://schemas.getdbt.com/dbt/manifest/v12.json';
/** The dbt version whose artifact shapes opp writes; tools that check `dbt_version` see a version they know. */
export const DBT_COMPAT_VERSION = '1.8.0';

type Json = Record<string, unknown>;

export interface ManifestJsonOptions {
  /** opp's own version, written as `metadata.opp_version`. */
  readonly oppVersion: string;
  /** `metadata.dbt_version`. Default `DBT_COMPAT_VERSION`. */
  readonly dbtVersion?: string;
  /** Default: the manifest's own metadata. */
  readonly invocationId?: string;
  readonly generatedAt?: string;
  /** dbt writes `DBT_ENV_CUSTOM_ENV_*` variables here. */
  readonly env?: Readonly<Record<string, string>>;
  /** Project-relative target folder, for `compiled_path`. Default `target`. */
  readonly targetPath?: string;
  /** The quoted relation name (dialect-specific). Default: ANSI double quotes, `"db"."schema"."alias"`. */
  readonly relationName?: (rel: { database: string; schema: string; identifier: string }) => string;
  /** selectors.yml, as parsed. */
  readonly selectors?: Readonly<Record<string, unknown>>;
}

function quoteAnsi(rel: { database: string; schema: string; identifier: string }): string {
  const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;
  return rel.database ? `${q(rel.database)}.${q(rel.schema)}.${q(rel.identifier)}` : `${q(rel.schema)}.${q(rel.identifier)}`;
}

function columnsJson(columns: Readonly<Record<string, ColumnInfo>>): Json {
  const out: Json = {};
  for (const [key, c] of Object.entries(columns)) {
    out[key] = {
      name: c.name,
      description: c.description,
      meta: c.meta,
      data_type: c.dataType ?? null,
      constraints: c.constraints,
      quote: c.quote ?? null,
      tags: c.tags,
      granularity: null,
    };
  }
  return out;
}

function docsJson(docs: { readonly show: boolean; readonly nodeColor?: string } | undefined): Json {
  return { show: docs?.show ?? true, node_color: docs?.nodeColor ?? null };
}

function patchPath(packageName: string, path: string | undefined): string | null {
  return path ? `${packageName}://${path}` : null;
}

function ruleJson(rule: FreshnessRule | undefined): Json {
  return { count: rule?.count ?? null, period: rule?.period ?? null };
}

function freshnessJson(f: FreshnessThresholds | null | undefined): Json | null {
  if (f === null) return null;
  return { warn_after: ruleJson(f?.warnAfter), error_after: ruleJson(f?.errorAfter), filter: f?.filter ?? null };
}

function unitInputJson(i: Partial<UnitTestInput>): Json {
  return {
    ...(i.input !== undefined ? { input: i.input } : {}),
    rows: i.rows ?? null,
    format: i.format ?? 'dict',
    fixture: i.fixture ?? null,
  };
}

function lastSegment(id: string): string {
  const i = id.lastIndexOf('.');
  return i >= 0 ? id.slice(i + 1) : id;
}

interface Ctx {
  readonly createdAt: number;
  readonly targetPath: string;
  readonly relationName: (rel: { database: string; schema: string; identifier: string }) => string;
}

/** One model, seed, snapshot, analysis or test in dbt's manifest v12 node shape (snake_case). */
export function buildNodeJson(node: ManifestNode, ctx: Ctx): Json {
  if (node.resourceType === 'unit_test') return buildUnitTestJson(node, ctx);
  if (node.resourceType === 'seed') return buildSeedJson(node, ctx);
  const materialized = node.config.materialized;
  const hasRelation =
    node.resourceType !== 'analysis' &&
    materialized !== 'ephemeral' &&
    (node.resourceType !== 'test' || node.config.store_failures === true);
  const out: Json = {
    database: node.database,
    schema: node.schema,
    name: node.name,
    resource_type: node.resourceType,
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    unique_id: node.uniqueId,
    fqn: node.fqn,
    alias: node.alias,
    checksum: { name: 'sha256', checksum: node.checksum },
    config: node.config,
    tags: node.tags,
    description: node.description,
    columns: columnsJson(node.columns),
    meta: node.meta,
    group: null,
    docs: docsJson(node.docs),
    patch_path: patchPath(node.packageName, node.patchPath),
    build_path: null,
    unrendered_config: node.unrenderedConfig,
    created_at: ctx.createdAt,
    relation_name: hasRelation ? ctx.relationName({ database: node.database, schema: node.schema, identifier: node.alias }) : null,
    raw_code: node.rawCode,
    language: node.language,
    refs: node.refs.map((r) => ({ name: r.name, package: r.package ?? null, version: r.version ?? null })),
    sources: node.sources.map((s) => [s.sourceName, s.tableName]),
    metrics: [],
    depends_on: { macros: node.dependsOn.macros, nodes: node.dependsOn.nodes },
    compiled_path: buildTargetWritePath(ctx.targetPath, 'compiled', node),
  };
  if (node.resourceType === 'model') addModelFields(out, node);
  if (node.resourceType === 'test') addTestFields(out, node);
  return out;
}

function addModelFields(out: Json, node: ModelNode): void {
  const contract = node.config.contract;
  out.contract = { enforced: contract?.enforced ?? false, alias_types: true, checksum: null };
  out.access = typeof node.config.access === 'string' ? node.config.access : 'protected';
  out.constraints = node.constraints;
  out.version = null;
  out.latest_version = null;
  out.deprecation_date = null;
}

function addTestFields(out: Json, node: TestNode): void {
  if (node.testMetadata) {
    out.test_metadata = { name: node.testMetadata.name, kwargs: node.testMetadata.kwargs, namespace: node.testMetadata.namespace ?? null };
  }
  out.column_name = node.columnName ?? null;
  out.attached_node = node.attachedNode ?? null;
  out.contract = { enforced: false, alias_types: true, checksum: null };
}

function buildSeedJson(node: SeedNode, ctx: Ctx): Json {
  return {
    database: node.database,
    schema: node.schema,
    name: node.name,
    resource_type: 'seed',
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    unique_id: node.uniqueId,
    fqn: node.fqn,
    alias: node.alias,
    checksum: { name: 'sha256', checksum: node.checksum },
    config: node.config,
    tags: node.tags,
    description: node.description,
    columns: columnsJson(node.columns),
    meta: node.meta,
    group: null,
    docs: docsJson(node.docs),
    patch_path: patchPath(node.packageName, node.patchPath),
    build_path: null,
    unrendered_config: node.unrenderedConfig,
    created_at: ctx.createdAt,
    relation_name: ctx.relationName({ database: node.database, schema: node.schema, identifier: node.alias }),
    raw_code: '',
    depends_on: { macros: node.dependsOn.macros },
  };
}

function buildUnitTestJson(node: UnitTestNode, ctx: Ctx): Json {
  return {
    model: lastSegment(node.model),
    given: node.given.map(unitInputJson),
    expect: unitInputJson(node.expect),
    name: node.name,
    resource_type: 'unit_test',
    package_name: node.packageName,
    path: node.path,
    original_file_path: node.originalFilePath,
    unique_id: node.uniqueId,
    fqn: node.fqn,
    description: node.description,
    overrides: { macros: node.overrides.macros, vars: node.overrides.vars, env_vars: node.overrides.envVars },
    depends_on: { macros: node.dependsOn.macros, nodes: node.dependsOn.nodes },
    config: { tags: node.tags, meta: node.meta, enabled: true, ...node.config },
    checksum: null,
    schema: null,
    created_at: ctx.createdAt,
    versions: null,
    version: null,
  };
}

/** A source table in dbt's manifest v12 shape. */
export function buildSourceJson(s: SourceNode, ctx: Ctx): Json {
  return {
    database: s.database,
    schema: s.schema,
    name: s.name,
    resource_type: 'source',
    package_name: s.packageName,
    path: s.path,
    original_file_path: s.originalFilePath,
    unique_id: s.uniqueId,
    fqn: s.fqn,
    source_name: s.sourceName,
    source_description: s.sourceDescription,
    loader: s.loader,
    identifier: s.identifier,
    quoting: { database: null, schema: null, identifier: null, column: null, ...s.quoting },
    loaded_at_field: s.loadedAtField ?? null,
    freshness: freshnessJson(s.freshness),
    external: s.external ?? null,
    description: s.description,
    columns: columnsJson(s.columns),
    meta: s.meta,
    source_meta: {},
    tags: s.tags,
    config: { enabled: true, ...s.config },
    patch_path: patchPath(s.packageName, s.patchPath),
    unrendered_config: {},
    relation_name: ctx.relationName({ database: s.database, schema: s.schema, identifier: s.identifier }),
    created_at: ctx.createdAt,
  };
}

export function buildMacroJson(m: MacroNode, ctx: Ctx): Json {
  return {
    name: m.name,
    resource_type: 'macro',
    package_name: m.packageName,
    path: m.originalFilePath,
    original_file_path: m.originalFilePath,
    unique_id: m.uniqueId,
    macro_sql: m.macroSql,
    depends_on: { macros: m.dependsOn.macros },
    description: m.description,
    meta: {},
    docs: { show: true, node_color: null },
    patch_path: null,
    arguments: m.arguments.map((name) => ({ name, type: null, description: '' })),
    created_at: ctx.createdAt,
    supported_languages: null,
  };
}

export function buildDocJson(d: DocBlock): Json {
  return {
    name: d.name,
    resource_type: 'doc',
    package_name: d.packageName,
    path: d.originalFilePath,
    original_file_path: d.originalFilePath,
    unique_id: d.uniqueId,
    block_contents: d.blockContents,
  };
}

/**
 * dbt's parent_map / child_map: every node, source and unit test, with its parents (depends_on.nodes)
 * and children, each list sorted. One pass over the edges.
 */
export function buildParentChildMaps(manifest: Pick<Manifest, 'nodes' | 'sources' | 'unitTests'>): { parentMap: Record<string, string[]>; childMap: Record<string, string[]> } {
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const id of Object.keys(manifest.sources)) {
    parentMap[id] = [];
    childMap[id] = [];
  }
  const byId = new Map<string, ManifestNode>();
  for (const n of Object.values(manifest.nodes)) byId.set(n.uniqueId, n);
  for (const n of Object.values(manifest.unitTests)) byId.set(n.uniqueId, n);
  const all = [...byId.values()];
  for (const n of all) {
    childMap[n.uniqueId] ??= [];
    parentMap[n.uniqueId] = [...n.dependsOn.nodes].sort();
  }
  for (const n of all) {
    for (const p of n.dependsOn.nodes) (childMap[p] ??= []).push(n.uniqueId);
  }
  for (const list of Object.values(childMap)) list.sort();
  return { parentMap, childMap };
}

/** The manifest as dbt's manifest.json v12 (snake_case field names, dbt's top-level keys). */
export function buildManifestJson(manifest: Manifest, opts: ManifestJsonOptions): Json {
  const generatedAt = opts.generatedAt ?? manifest.metadata.generatedAt ?? new Date().toISOString();
  const parsed = Date.parse(generatedAt);
  const ctx: Ctx = {
    createdAt: Number.isNaN(parsed) ? Date.now() / 1000 : parsed / 1000,
    targetPath: opts.targetPath ?? 'target',
    relationName: opts.relationName ?? quoteAnsi,
  };
  const nodes: Json = {};
  for (const [id, n] of Object.entries(manifest.nodes)) nodes[id] = buildNodeJson(n, ctx);
  const sources: Json = {};
  for (const [id, s] of Object.entries(manifest.sources)) sources[id] = buildSourceJson(s, ctx);
  const macros: Json = {};
  for (const [id, m] of Object.entries(manifest.macros)) macros[id] = buildMacroJson(m, ctx);
  const docs: Json = {};
  for (const [id, d] of Object.entries(manifest.docs)) docs[id] = buildDocJson(d);
  const unitTests: Json = {};
  for (const [id, u] of Object.entries(manifest.unitTests)) unitTests[id] = buildUnitTestJson(u, ctx);
  const disabled: Json = {};
  for (const [id, n] of Object.entries(manifest.disabled)) disabled[id] = [buildNodeJson(n, ctx)];
  const { parentMap, childMap } = buildParentChildMaps(manifest);
  const projectName = manifest.metadata.projectName || manifest.projectName;
  return {
    metadata: {
      dbt_schema_version: MANIFEST_SCHEMA_VERSION,
      dbt_version: opts.dbtVersion ?? DBT_COMPAT_VERSION,
      opp_version: opts.oppVersion,
      generated_at: generatedAt,
      invocation_id: opts.invocationId ?? manifest.metadata.invocationId,
      env: opts.env ?? {},
      project_name: projectName,
      project_id: createHash('md5').update(projectName).digest('hex'),
      user_id: null,
      send_anonymous_usage_stats: false,
      adapter_type: manifest.metadata.adapterType,
    },
    nodes,
    sources,
    macros,
    docs,
    exposures: {},
    metrics: {},
    groups: {},
    selectors: opts.selectors ?? {},
    disabled,
    parent_map: parentMap,
    child_map: childMap,
    group_map: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: unitTests,
  };
}

/** Builds and writes `target/manifest.json` (scrubbed, atomic, streamed when large). */
export async function writeManifest(path: string, manifest: Manifest, opts: ManifestJsonOptions & WriteJsonOptions): Promise<void> {
  await writeJsonArtifact(path, buildManifestJson(manifest, opts), opts);
}
