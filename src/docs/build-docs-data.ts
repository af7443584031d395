import type { DocsColumn, DocsData, DocsNode } from './types.js';

/**
 * The compact data the docs page embeds, from a dbt-shaped manifest.json and catalog.json (opp's own or
 * dbt's). Pure and linear in the size of the manifest. Reads every field defensively: a field missing
 * from an older manifest simply leaves the page's section out.
 */

type Json = Readonly<Record<string, unknown>>;

const TYPE_ORDER: Readonly<Record<string, number>> = { source: 0, seed: 1, model: 2, snapshot: 3, analysis: 4, test: 5 };
/** Resource types the page shows (dbt's operations and sql operations are not documentation). */
const SHOWN = new Set(['model', 'seed', 'snapshot', 'analysis', 'test', 'source']);
/** Config entries shown elsewhere on the page, or noise. */
const CONFIG_SHOWN_ELSEWHERE = new Set(['materialized', 'tags', 'meta', 'docs', 'enabled']);

function record(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v).length === 0;
  return false;
}

function folderOf(file: string | undefined, pkg: string, project: string): string[] {
  const parts = (file ?? '').split(/[\\/]/).filter((p) => p !== '' && p !== '.');
  parts.pop(); // the file name
  parts.shift(); // the resource root (models/, seeds/, tests/, ...)
  return pkg && pkg !== project ? [pkg, ...parts] : parts;
}

function filteredConfig(config: Json): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if (CONFIG_SHOWN_ELSEWHERE.has(k) || isEmpty(v)) continue;
    out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

interface CatalogEntry {
  readonly metadata?: Json;
  readonly columns?: Json;
  readonly stats?: Json;
}

function catalogFacts(entry: CatalogEntry | undefined): DocsNode['catalog'] {
  if (!entry) return undefined;
  const meta = record(entry.metadata);
  const stats: Record<string, string> = {};
  for (const stat of Object.values(record(entry.stats))) {
    const s = record(stat);
    if (s.include !== true || s.id === 'has_stats' || s.value === null || s.value === undefined) continue;
    stats[str(s.label) ?? String(s.id)] = String(s.value);
  }
  const out: { type?: string; owner?: string; comment?: string; stats?: Record<string, string> } = {};
  const type = str(meta.type);
  const owner = str(meta.owner);
  const comment = str(meta.comment);
  if (type) out.type = type;
  if (owner) out.owner = owner;
  if (comment) out.comment = comment;
  if (Object.keys(stats).length > 0) out.stats = stats;
  return out;
}

function mergeColumns(documented: Json, entry: CatalogEntry | undefined, tests: Map<string, string[]> | undefined): DocsColumn[] | undefined {
  const byLower = new Map<string, { name: string; type?: string; description?: string; comment?: string; index: number }>();
  let next = 0;
  const catalogColumns = Object.values(record(entry?.columns))
    .map((c) => record(c))
    .sort((a, b) => (Number(a.index) || 0) - (Number(b.index) || 0));
  for (const c of catalogColumns) {
    const name = str(c.name);
    if (!name) continue;
    const col: { name: string; type?: string; comment?: string; index: number } = { name, index: next++ };
    const type = str(c.type);
    const comment = str(c.comment);
    if (type) col.type = type;
    if (comment) col.comment = comment;
    byLower.set(name.toLowerCase(), col);
  }
  for (const [key, c] of Object.entries(documented)) {
    const d = record(c);
    const name = str(d.name) ?? key;
    const lower = name.toLowerCase();
    const existing = byLower.get(lower);
    const col = existing ?? { name, index: next++ };
    col.name = name; // the documented spelling reads better than an upper-cased warehouse name
    const description = str(d.description);
    if (description) col.description = description;
    const dataType = str(d.data_type);
    if (!col.type && dataType) col.type = dataType;
    if (!existing) byLower.set(lower, col);
  }
  if (tests) {
    for (const lower of tests.keys()) {
      if (!byLower.has(lower)) byLower.set(lower, { name: lower, index: next++ });
    }
  }
  if (byLower.size === 0) return undefined;
  return [...byLower.entries()]
    .sort((a, b) => a[1].index - b[1].index)
    .map(([lower, c]) => {
      const col: { name: string; type?: string; description?: string; comment?: string; tests?: string[] } = { name: c.name };
      if (c.type) col.type = c.type;
      if (c.description) col.description = c.description;
      if (c.comment) col.comment = c.comment;
      const t = tests?.get(lower);
      if (t && t.length > 0) col.tests = t;
      return col;
    });
}

export interface DocsDataOptions {
  readonly oppVersion?: string;
}

/** manifest.json + catalog.json (both as dbt writes them) → the page's data. */
export function buildDocsData(manifestJson: Json, catalogJson: Json | undefined, opts: DocsDataOptions = {}): DocsData {
  const metadata = record(manifestJson.metadata);
  const project = str(metadata.project_name) ?? 'project';
  const catalogNodes = record(catalogJson?.nodes);
  const catalogSources = record(catalogJson?.sources);

  const raw: Json[] = [];
  for (const n of Object.values(record(manifestJson.nodes))) {
    const node = record(n);
    if (!SHOWN.has(String(node.resource_type))) continue;
    if (record(node.docs).show === false || record(record(node.config).docs).show === false) continue;
    raw.push(node);
  }
  for (const s of Object.values(record(manifestJson.sources))) raw.push({ resource_type: 'source', ...record(s) });

  const prepared = raw
    .filter((n) => typeof n.unique_id === 'string')
    .map((n) => {
      const type = String(n.resource_type);
      const pkg = str(n.package_name) ?? project;
      const file = str(n.original_file_path);
      const folder = type === 'source' ? [...(pkg !== project ? [pkg] : []), str(n.source_name) ?? 'sources'] : folderOf(file, pkg, project);
      return { json: n, id: n.unique_id as string, type, pkg, file, folder, sortKey: `${folder.join('/')}\u0000${String(n.name)}` };
    })
    .sort((a, b) => (TYPE_ORDER[a.type] ?? 9) - (TYPE_ORDER[b.type] ?? 9) || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : 1));
  const index = new Map<string, number>();
  prepared.forEach((p, i) => index.set(p.id, i));

  // Generic tests by the node and column they test.
  const columnTests = new Map<string, Map<string, string[]>>();
  for (const p of prepared) {
    if (p.type !== 'test') continue;
    const column = str(p.json.column_name);
    if (!column) continue;
    const deps = strings(record(p.json.depends_on).nodes);
    const attached = str(p.json.attached_node) ?? (deps.length === 1 ? deps[0] : undefined);
    if (!attached) continue;
    const testName = str(record(p.json.test_metadata).name) ?? String(p.json.name);
    let byColumn = columnTests.get(attached);
    if (!byColumn) columnTests.set(attached, (byColumn = new Map()));
    const lower = column.replace(/^"|"$/g, '').toLowerCase();
    const list = byColumn.get(lower) ?? [];
    if (!list.includes(testName)) list.push(testName);
    byColumn.set(lower, list);
  }

  const nodes: DocsNode[] = prepared.map((p) => {
    const n = p.json;
    const out: Record<string, unknown> = { id: p.id, name: String(n.name ?? p.id), type: p.type, pkg: p.pkg, folder: p.folder };
    if (p.file) out.file = p.file;
    const description = str(n.description);
    if (description) out.description = description;
    const relation = str(n.relation_name);
    if (relation) out.relation = relation;
    const config = record(n.config);
    const materialized = str(config.materialized);
    if (materialized && p.type !== 'source') out.materialized = materialized;
    const tags = [...new Set([...strings(n.tags), ...strings(config.tags)])];
    if (tags.length > 0) out.tags = tags;
    const cfg = filteredConfig(config);
    if (cfg) out.config = cfg;
    if (!isEmpty(n.meta)) out.meta = n.meta;
    const rawCode = str(n.raw_code) ?? str(n.raw_sql);
    if (rawCode) out.raw = rawCode;
    const compiled = str(n.compiled_code) ?? str(n.compiled_sql);
    if (compiled && compiled !== rawCode) out.compiled = compiled;
    const deps: number[] = [];
    for (const d of strings(record(n.depends_on).nodes)) {
      const i = index.get(d);
      if (i !== undefined && !deps.includes(i)) deps.push(i);
    }
    if (deps.length > 0) out.deps = deps;
    const entry = (p.type === 'source' ? catalogSources[p.id] : catalogNodes[p.id]) as CatalogEntry | undefined;
    const columns = mergeColumns(record(n.columns), entry, columnTests.get(p.id));
    if (columns) out.columns = columns;
    const facts = catalogFacts(entry);
    if (facts && Object.keys(facts).length > 0) out.catalog = facts;
    if (p.type === 'test') {
      const tm = record(n.test_metadata);
      const test: Record<string, unknown> = {};
      const name = str(tm.name);
      if (name) test.name = name;
      const column = str(n.column_name);
      if (column) test.column = column;
      const attachedId = str(n.attached_node);
      const attached = attachedId !== undefined ? index.get(attachedId) : undefined;
      if (attached !== undefined) test.attached = attached;
      const kwargs = record(tm.kwargs);
      if (!isEmpty(kwargs)) test.kwargs = kwargs;
      out.test = test;
    }
    if (p.type === 'source') {
      const source: Record<string, unknown> = { name: str(n.source_name) ?? '' };
      const sd = str(n.source_description);
      if (sd) source.description = sd;
      const loader = str(n.loader);
      if (loader) source.loader = loader;
      const identifier = str(n.identifier);
      if (identifier && identifier !== n.name) source.identifier = identifier;
      const loadedAt = str(n.loaded_at_field);
      if (loadedAt) source.loadedAtField = loadedAt;
      const freshness = record(n.freshness);
      if (Object.values(freshness).some((rule) => !isEmpty(rule) && Object.values(record(rule)).some((v) => v !== null))) source.freshness = freshness;
      out.source = source;
    }
    return out as unknown as DocsNode;
  });

  let overview: string | undefined;
  const docs = record(manifestJson.docs);
  const own = record(docs[`doc.${project}.__overview__`]);
  overview = str(own.block_contents);
  if (!overview) {
    for (const d of Object.values(docs)) {
      const doc = record(d);
      if (doc.name === '__overview__' && doc.package_name !== 'dbt') overview = str(doc.block_contents);
      if (overview) break;
    }
  }

  const catalogMeta = record(catalogJson?.metadata);
  const errors = strings(catalogJson?.errors);
  const data: Record<string, unknown> = {
    project,
    generatedAt: str(metadata.generated_at) ?? new Date().toISOString(),
    nodes,
  };
  const catalogAt = str(catalogMeta.generated_at);
  if (catalogAt) data.catalogGeneratedAt = catalogAt;
  const adapterType = str(metadata.adapter_type);
  if (adapterType) data.adapterType = adapterType;
  const version = opts.oppVersion ?? str(metadata.opp_version);
  if (version) data.oppVersion = version;
  if (overview) data.overview = overview;
  if (errors.length > 0) data.catalogErrors = errors;
  return data as unknown as DocsData;
}
