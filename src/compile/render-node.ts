import type { Column, RelationInfo } from '../adapters/index.js';
import { CompileError, GraphError, toOppError, type OppError } from '../errors/index.js';
import type { Manifest, ManifestNode, SourceNode } from '../manifest/index.js';
import { closestMatch } from '../util/did-you-mean.js';
import { buildCompiledPath } from './compiled-paths.js';
import { CompileSession, QueryNeeded, type NodeTemplateEntry, type QueryRequest, type RenderFacts, type RenderTarget } from './compile-session.js';
import { buildCteSql, injectCtes } from './ephemeral-ctes.js';
import { ansiRelationName } from './relation.js';
import { sessionOf, registerSession } from './session-registry.js';
import { readCodeCache } from './parse-cache.js';
import { renderStaticTemplate } from './static-render.js';
import { scanStaticTemplate } from './static-template.js';
import type { CompiledNode, InjectedCte, QueryFunctions, RelationResolver, ResolvedRelation, RunContext, TemplateLog } from './types.js';

/**
 * The run pass. `renderNode` renders one node with relations resolved, `is_incremental()` decided by the
 * caller and `execute` true. `run_query` / `adapter.get_relation` / `adapter.get_columns_in_relation`
 * work by render–record–re-render: a render that needs a result it has not got stops, the query runs
 * asynchronously, and the node renders again with every result so far memoised (logs come from the final
 * render only). Ephemeral models referenced are rendered too and injected as CTEs (recursively,
 * deduplicated), as dbt does.
 */

type SqlNode = Extract<ManifestNode, { rawCode: string }>;

const MAX_RENDERS = 100;

function isSqlNode(node: ManifestNode): node is SqlNode {
  return typeof (node as { rawCode?: unknown }).rawCode === 'string';
}

/** The session for a run context: the parse pass's (same manifest), or one rebuilt from the manifest's macros. */
export function sessionForRun(rc: RunContext): CompileSession {
  const existing = sessionOf(rc.manifest);
  if (existing) return existing;
  const session = new CompileSession({
    project: {
      name: rc.manifest.projectName,
      profile: '',
      rootDir: '.',
      file: 'project.yml',
      modelPaths: ['models'],
      macroPaths: ['macros'],
      seedPaths: ['seeds'],
      testPaths: ['tests'],
      snapshotPaths: ['snapshots'],
      analysisPaths: ['analyses'],
      docsPaths: [],
      targetPath: 'target',
      cleanTargets: [],
      vars: {},
      models: { config: {}, children: {} },
      seeds: { config: {}, children: {} },
      snapshots: { config: {}, children: {} },
      dataTests: { config: {}, children: {} },
      sources: { config: {}, children: {} },
      unitTests: { config: {}, children: {} },
      onRunStart: [],
      onRunEnd: [],
      dispatch: [],
      pipelines: {},
      quoting: {},
    },
    target: rc.target,
    ...(rc.vars ? { vars: rc.vars } : {}),
    ...(rc.env ? { env: rc.env } : {}),
    ...(rc.flags ? { flags: rc.flags } : {}),
    ...(rc.dialect ? { dialect: rc.dialect } : {}),
    invocationId: rc.manifest.metadata.invocationId,
  });
  session.docs = new Map(Object.values(rc.manifest.docs).map((d) => [d.name, d]));
  const errors: OppError[] = [];
  for (const m of Object.values(rc.manifest.macros)) {
    session.projectMacros.add(m.name);
    try {
      const pad = '\n'.repeat(Math.max(0, (m.location.line ?? 1) - 1)) + ' '.repeat(Math.max(0, (m.location.column ?? 1) - 1));
      session.executeMacroFile(session.templates.compile(pad + m.macroSql, m.originalFilePath));
    } catch (e) {
      errors.push(toOppError(e));
    }
  }
  if (errors.length) throw errors[0];
  session.manifest = rc.manifest;
  registerSession(rc.manifest, session);
  return session;
}

interface RefIndex {
  readonly byName: Map<string, ManifestNode>;
  readonly disabled: Map<string, ManifestNode>;
  readonly sources: Map<string, SourceNode>;
}

const refIndexes = new WeakMap<Manifest, RefIndex>();

function refIndex(manifest: Manifest): RefIndex {
  let idx = refIndexes.get(manifest);
  if (idx) return idx;
  const byName = new Map<string, ManifestNode>();
  const disabled = new Map<string, ManifestNode>();
  for (const n of Object.values(manifest.nodes)) if (n.resourceType === 'model' || n.resourceType === 'seed' || n.resourceType === 'snapshot') byName.set(n.name, n);
  for (const n of Object.values(manifest.disabled)) if (!byName.has(n.name)) disabled.set(n.name, n);
  const sources = new Map<string, SourceNode>();
  for (const s of Object.values(manifest.sources)) sources.set(`${s.sourceName}.${s.name}`, s);
  idx = { byName, disabled, sources };
  refIndexes.set(manifest, idx);
  return idx;
}

/** The default resolver: relations as the manifest names them; ephemeral models flagged. */
export function buildManifestResolver(manifest: Manifest): RelationResolver {
  const idx = refIndex(manifest);
  return {
    ref(call, from) {
      const node = idx.byName.get(call.name);
      if (!node || !('alias' in node)) {
        const disabled = idx.disabled.get(call.name);
        if (disabled) {
          throw new GraphError('graph/disabled-ref', `ref('${call.name}') names a disabled ${disabled.resourceType}`, {
            hint: `enable '${call.name}' or remove the ref`,
            nodeId: from.uniqueId,
          });
        }
        const m = closestMatch(call.name, idx.byName.keys());
        throw new GraphError('graph/unknown-ref', `ref('${call.name}') names no model, seed or snapshot`, {
          hint: m ? `did you mean '${m}'?` : 'check the name',
          nodeId: from.uniqueId,
        });
      }
      const n = node as ManifestNode & { database: string; schema: string; alias: string; config: { materialized?: string } };
      const out: ResolvedRelation = {
        database: n.database,
        schema: n.schema,
        identifier: n.alias,
        uniqueId: n.uniqueId,
        ...(n.config.materialized === 'ephemeral' ? { ephemeral: true } : {}),
      };
      return out;
    },
    source(sourceName, tableName, from) {
      const s = idx.sources.get(`${sourceName}.${tableName}`);
      if (!s) {
        throw new GraphError('graph/unknown-source', `source('${sourceName}', '${tableName}') is not a declared source table`, {
          hint: 'declare it in a sources: block',
          nodeId: from.uniqueId,
        });
      }
      return { database: s.database, schema: s.schema, identifier: s.identifier, uniqueId: s.uniqueId };
    },
  };
}

function runTarget(node: SqlNode): RenderTarget {
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    packageName: node.packageName,
    originalFilePath: node.originalFilePath,
    path: node.path,
    fqn: node.fqn,
    rawCode: node.rawCode,
    config: node.config as Record<string, unknown>,
    relation: { database: node.database, schema: node.schema, alias: node.alias },
    node,
  };
}

async function templateFor(session: CompileSession, node: SqlNode): Promise<NodeTemplateEntry> {
  const existing = session.nodeTemplates.get(node.uniqueId);
  if (existing && existing.checksum === node.checksum) {
    if (existing.kind === 'jinja' && !existing.compiled) {
      existing.compiled = existing.code
        ? session.templates.instantiate(existing.code, node.originalFilePath)
        : session.templates.compile(existing.text, node.originalFilePath);
    }
    if (existing.kind === 'static' || existing.compiled) return existing;
  }
  const text = existing?.text ?? node.rawCode;
  let strip = existing?.strip ?? '';
  const st = scanStaticTemplate(text);
  let entry: NodeTemplateEntry;
  if (st) entry = { checksum: node.checksum, kind: 'static', staticTemplate: st, text, strip };
  else {
    if (session.codeCacheDir && !session.codeCache) await session.loadCodeCache(readCodeCache);
    const key = node.resourceType === 'snapshot' ? `${node.originalFilePath}#${node.name}` : node.originalFilePath;
    const hit = session.codeCache?.[key];
    let compiled;
    if (hit && hit.checksum === node.checksum) {
      compiled = session.templates.instantiate(hit.code, node.originalFilePath);
      strip = hit.strip ?? '';
    } else compiled = session.templates.compile(text, node.originalFilePath);
    entry = { checksum: node.checksum, kind: 'jinja', compiled, text, strip };
  }
  session.nodeTemplates.set(node.uniqueId, entry);
  return entry;
}

async function fulfil(request: QueryRequest, query: QueryFunctions | undefined, memo: Map<string, unknown>): Promise<void> {
  if (!query) {
    throw new CompileError('compile/render-failed', 'the template needs the warehouse (run_query / adapter.get_relation) but no connection was given', {
      hint: 'guard warehouse calls with {% if execute %} or run the command with a target connection',
    });
  }
  switch (request.kind) {
    case 'query': {
      const res = await query.runQuery(request.sql);
      memo.set(request.key, { columns: res.columns, rows: res.rows });
      return;
    }
    case 'relation': {
      const info: RelationInfo | undefined = query.getRelation ? await query.getRelation(request.ref) : undefined;
      memo.set(request.key, info ?? null);
      return;
    }
    case 'columns': {
      const cols: Column[] = query.getColumns ? await query.getColumns(request.ref) : [];
      memo.set(request.key, cols);
      return;
    }
  }
}

interface RenderedSql {
  readonly sql: string;
  readonly facts: RenderFacts;
}

/**
 * Renders until no new query is needed. The run context's dialect, env, overrides and `dispatchAs` apply to
 * every render; its `thisRelation` only when `ownThis` (the node asked for, not an injected ephemeral).
 */
async function renderLoop(
  session: CompileSession,
  target: RenderTarget,
  render: () => string,
  rc: RunContext,
  resolver: RelationResolver,
  isIncremental: boolean,
  ownThis = false,
): Promise<RenderedSql> {
  const memo = new Map<string, unknown>();
  const flags = rc.flags ? { ...session.flags, ...rc.flags } : undefined;
  for (let i = 0; i < MAX_RENDERS; i++) {
    const facts = session.beginRender('run', target, {
      isIncremental,
      resolver,
      memo,
      ...(flags ? { flags } : {}),
      ...(rc.dialect ? { dialect: rc.dialect } : {}),
      ...(rc.overrides ? { overrides: rc.overrides } : {}),
      ...(rc.env ? { env: rc.env } : {}),
      ...(rc.dispatchAs ? { dispatchAs: rc.dispatchAs } : {}),
      ...(ownThis && rc.thisRelation ? { thisRelation: rc.thisRelation } : {}),
    });
    try {
      return { sql: render(), facts };
    } catch (e) {
      if (e instanceof QueryNeeded) {
        await fulfil(e.request, rc.query, memo);
        continue;
      }
      throw e;
    }
  }
  throw new CompileError('compile/render-failed', `the template asked for more than ${MAX_RENDERS} queries`, {
    location: { file: target.originalFilePath },
    hint: 'run_query inside a loop issues one query per iteration: batch the queries',
  });
}

function renderEntry(session: CompileSession, entry: NodeTemplateEntry, file: string): string {
  let out: string;
  if (entry.kind === 'static' && !session.overridesStaticNames()) out = renderStaticTemplate(session, entry.staticTemplate!, file, true);
  else {
    // A static template whose names (`var`, `this`, ...) the render overrides goes through Nunjucks.
    entry.compiled ??= session.templates.compile(entry.text, file);
    out = session.render(entry.compiled);
  }
  return entry.strip && out.startsWith(entry.strip) ? out.slice(entry.strip.length) : out;
}

/** Ephemeral models compiled during one batch, by unique id. */
export type EphemeralCache = Map<
  string,
  { readonly sql: string; readonly ctes: readonly InjectedCte[]; readonly volatile?: boolean; readonly envVars?: ReadonlySet<string> }
>;

/** What the renders of the models injected read: set when one was volatile, the environment variables. */
interface InjectedReads {
  volatile: boolean;
  readonly envVars: Set<string>;
}

function readsOf(facts: { readonly volatile: boolean; readonly envVars: ReadonlyMap<string, unknown> }): InjectedReads {
  return { volatile: facts.volatile, envVars: new Set(facts.envVars.keys()) };
}

async function collectCtes(
  session: CompileSession,
  ids: Iterable<string>,
  rc: RunContext,
  resolver: RelationResolver,
  cache: EphemeralCache,
  stack: readonly string[],
  /** Collects what the injected models' renders read (volatile, environment variables). */
  reads?: InjectedReads,
): Promise<InjectedCte[]> {
  const out: InjectedCte[] = [];
  const seen = new Set<string>();
  const push = (c: InjectedCte): void => {
    if (!seen.has(c.id)) {
      seen.add(c.id);
      out.push(c);
    }
  };
  for (const id of ids) {
    if (stack.includes(id)) {
      throw new GraphError('graph/cycle', `ephemeral models reference each other in a cycle: ${[...stack, id].join(' -> ')}`, {
        hint: 'break the cycle between the ephemeral models',
      });
    }
    let compiled = cache.get(id);
    if (!compiled) {
      const node = rc.manifest.nodes[id];
      if (!node || !isSqlNode(node)) throw new GraphError('graph/unknown-ref', `ephemeral model ${id} is not in the manifest`);
      const entry = await templateFor(session, node);
      const r = await renderLoop(session, runTarget(node), () => renderEntry(session, entry, node.originalFilePath), rc, resolver, false);
      const inner = readsOf(r.facts);
      const nested = await collectCtes(session, r.facts.ephemeral, rc, resolver, cache, [...stack, id], inner);
      compiled = { sql: r.sql, ctes: nested, ...(inner.volatile ? { volatile: true } : {}), ...(inner.envVars.size ? { envVars: inner.envVars } : {}) };
      cache.set(id, compiled);
    }
    if (reads) {
      if (compiled.volatile) reads.volatile = true;
      if (compiled.envVars) for (const name of compiled.envVars) reads.envVars.add(name);
    }
    for (const c of compiled.ctes) push(c);
    const node = rc.manifest.nodes[id] as SqlNode;
    push({ id, sql: buildCteSql(`__dbt__cte__${node.alias}`, compiled.sql) });
  }
  return out;
}

function relationNameOf(session: CompileSession, rc: RunContext, node: SqlNode): string | undefined {
  if (node.config.materialized === 'ephemeral') return undefined;
  const render = rc.dialect ? (r: { database?: string; schema: string; identifier: string }) => rc.dialect!.relationName(r) : session.dialect ? session.renderRelation : ansiRelationName;
  return render({ database: node.database, schema: node.schema, identifier: node.alias });
}

export interface RenderNodeOptions {
  /** Shared between nodes of one batch so each ephemeral model renders once. */
  readonly ephemeralCache?: EphemeralCache;
}

export async function renderNode(node: ManifestNode, rc: RunContext, opts: RenderNodeOptions = {}): Promise<CompiledNode> {
  if (!isSqlNode(node)) {
    throw new CompileError('compile/render-failed', `${node.resourceType} '${node.name}' has no SQL to render`, { nodeId: node.uniqueId });
  }
  const session = sessionForRun(rc);
  session.manifest ??= rc.manifest;
  const resolver = rc.resolver ?? buildManifestResolver(rc.manifest);
  const entry = await templateFor(session, node);
  // dbt's is_incremental() also requires the model to be materialized incremental.
  const isIncremental = rc.isIncremental && node.config.materialized === 'incremental';
  const r = await renderLoop(session, runTarget(node), () => renderEntry(session, entry, node.originalFilePath), rc, resolver, isIncremental, true);
  const reads = readsOf(r.facts);
  const ctes = r.facts.ephemeral.size
    ? await collectCtes(session, r.facts.ephemeral, rc, resolver, opts.ephemeralCache ?? new Map(), [node.uniqueId], reads)
    : [];
  const relationName = relationNameOf(session, rc, node);
  return {
    kind: 'compiled-node',
    uniqueId: node.uniqueId,
    resourceType: node.resourceType,
    compiledCode: injectCtes(r.sql, ctes),
    relation: { database: node.database, schema: node.schema, alias: node.alias },
    ...(relationName !== undefined ? { relationName } : {}),
    config: node.config,
    envVars: [...reads.envVars],
    logs: r.facts.logs,
    extraCtes: ctes,
    compiledPath: buildCompiledPath(node, rc.manifest.projectName, session.project.targetPath),
    ...(reads.volatile ? { volatile: true } : {}),
  };
}

export interface RenderedText {
  readonly sql: string;
  readonly logs: readonly TemplateLog[];
  readonly envVars: readonly string[];
  readonly extraCtes: readonly InjectedCte[];
}

/**
 * Renders free SQL text in the run pass: hooks (`this` is `node`), `on-run-start`/`on-run-end`, and
 * `opp show --inline`. Ephemeral refs are injected as CTEs.
 */
export async function renderSql(text: string, rc: RunContext, opts: { node?: ManifestNode; file?: string } = {}): Promise<RenderedText> {
  const session = sessionForRun(rc);
  session.manifest ??= rc.manifest;
  const resolver = rc.resolver ?? buildManifestResolver(rc.manifest);
  const file = opts.file ?? (opts.node ? opts.node.originalFilePath : '<inline>');
  const base = opts.node && isSqlNode(opts.node) ? runTarget(opts.node) : undefined;
  const target: RenderTarget = base ?? {
    uniqueId: `sql.${rc.manifest.projectName}.inline`,
    name: 'inline',
    resourceType: 'model',
    packageName: rc.manifest.projectName,
    originalFilePath: file,
    path: file,
    fqn: [rc.manifest.projectName, 'inline'],
    rawCode: text,
    config: {},
    node: {
      uniqueId: `sql.${rc.manifest.projectName}.inline`,
      name: 'inline',
      resourceType: 'model',
    } as unknown as ManifestNode,
  };
  const st = scanStaticTemplate(text);
  let tpl = st ? undefined : session.templates.compile(text, file);
  const r = await renderLoop(
    session,
    target,
    () => {
      if (st && !session.overridesStaticNames()) return renderStaticTemplate(session, st, file, true);
      tpl ??= session.templates.compile(text, file);
      return session.render(tpl);
    },
    rc,
    resolver,
    rc.isIncremental,
    true,
  );
  const ctes = r.facts.ephemeral.size ? await collectCtes(session, r.facts.ephemeral, rc, resolver, new Map(), []) : [];
  return { sql: injectCtes(r.sql, ctes), logs: r.facts.logs, envVars: [...r.facts.envVars.keys()], extraCtes: ctes };
}
