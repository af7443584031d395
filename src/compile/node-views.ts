import type { ColumnInfo, GraphNode, Manifest, SourceNode } from '../manifest/index.js';

/**
 * dbt-shaped (snake_case) views of manifest nodes, as templates see them through `model`, `node`,
 * `graph.nodes` and `graph.sources`. Built lazily and cached per node object.
 */

const cache = new WeakMap<object, Record<string, unknown>>();

function columnsView(columns: Readonly<Record<string, ColumnInfo>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, c] of Object.entries(columns)) {
    out[k] = {
      name: c.name,
      description: c.description,
      data_type: c.dataType ?? null,
      quote: c.quote ?? null,
      meta: c.meta,
      tags: c.tags,
      constraints: c.constraints,
    };
  }
  return out;
}

export function buildNodeView(node: GraphNode): Record<string, unknown> {
  const hit = cache.get(node);
  if (hit) return hit;
  let view: Record<string, unknown>;
  if (node.resourceType === 'source') view = sourceView(node);
  else {
    const n = node as GraphNode & Record<string, unknown>;
    view = {
      unique_id: node.uniqueId,
      name: node.name,
      resource_type: node.resourceType,
      package_name: node.packageName,
      path: node.path,
      original_file_path: node.originalFilePath,
      fqn: [...node.fqn],
      description: node.description,
      meta: node.meta,
      tags: [...node.tags],
      config: (n['config'] as Record<string, unknown> | undefined) ?? {},
      unrendered_config: n['unrenderedConfig'] ?? {},
      database: n['database'] ?? null,
      schema: n['schema'] ?? null,
      alias: n['alias'] ?? null,
      identifier: n['alias'] ?? null,
      raw_code: n['rawCode'] ?? null,
      raw_sql: n['rawCode'] ?? null,
      language: n['language'] ?? 'sql',
      checksum: { name: 'sha256', checksum: n['checksum'] ?? '' },
      refs: ((n['refs'] as { name: string; package?: string; version?: string | number }[] | undefined) ?? []).map((r) => ({
        name: r.name,
        package: r.package ?? null,
        version: r.version ?? null,
      })),
      sources: ((n['sources'] as { sourceName: string; tableName: string }[] | undefined) ?? []).map((s) => [s.sourceName, s.tableName]),
      depends_on: {
        nodes: [...(((n['dependsOn'] as { nodes?: string[] } | undefined)?.nodes) ?? [])],
        macros: [...(((n['dependsOn'] as { macros?: string[] } | undefined)?.macros) ?? [])],
      },
      columns: columnsView((n['columns'] as Record<string, ColumnInfo> | undefined) ?? {}),
      patch_path: node.patchPath ?? null,
      version: n['version'] ?? null,
    };
  }
  cache.set(node, view);
  return view;
}

function sourceView(s: SourceNode): Record<string, unknown> {
  return {
    unique_id: s.uniqueId,
    name: s.name,
    resource_type: 'source',
    package_name: s.packageName,
    source_name: s.sourceName,
    source_description: s.sourceDescription,
    identifier: s.identifier,
    database: s.database,
    schema: s.schema,
    loader: s.loader,
    loaded_at_field: s.loadedAtField ?? null,
    path: s.path,
    original_file_path: s.originalFilePath,
    fqn: [...s.fqn],
    description: s.description,
    meta: s.meta,
    tags: [...s.tags],
    config: s.config,
    columns: columnsView(s.columns),
    quoting: s.quoting,
  };
}

const graphCache = new WeakMap<Manifest, Record<string, unknown>>();

/** The `graph` context variable: nodes and sources keyed by unique id (views built on first access). */
export function buildGraphView(manifest: Manifest): Record<string, unknown> {
  const hit = graphCache.get(manifest);
  if (hit) return hit;
  const lazy = <T extends object>(src: Readonly<Record<string, T>>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [id, n] of Object.entries(src)) {
      Object.defineProperty(out, id, { enumerable: true, configurable: true, get: () => buildNodeView(n as unknown as GraphNode) });
    }
    return out;
  };
  const view = {
    nodes: lazy(manifest.nodes),
    sources: lazy(manifest.sources),
    macros: {},
    exposures: {},
    metrics: {},
    semantic_models: {},
  };
  graphCache.set(manifest, view);
  return view;
}
