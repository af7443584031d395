import { join } from 'node:path';
import { buildNodeConfig, folderConfigFor, mergeConfig, validateConfigKeys, type ConfigResourceType } from '../config/index.js';
import type { FolderConfigTree, NodeConfig, ProjectConfig, TargetConfig } from '../config/types.js';
import { CompileError, GraphError, OppError, positionAt, throwIfAny, toOppError, type SourceLocation } from '../errors/index.js';
import type {
  AnalysisNode,
  ColumnInfo,
  DocBlock,
  MacroNode,
  Manifest,
  ManifestNode,
  ModelNode,
  RefCall,
  SeedNode,
  SnapshotNode,
  SourceCall,
  SourceNode,
} from '../manifest/index.js';
import type { ColumnProperties, NodeProperties, ProjectFile, ProjectFiles, SourceProperties, SourceTableProperties } from '../project/index.js';
import { sha256 } from '../util/hash.js';
import { closestMatch } from '../util/did-you-mean.js';
import { findBlocks } from './block-scanner.js';
import { defaultAliasName, defaultDatabaseName, defaultSchemaName } from './builtin-macros.js';
import { CompileSession, type ConfigCall, type RenderFacts, type RenderTarget } from './compile-session.js';
import type { CompiledTemplate } from './template-environment.js';
import { parseDocsFiles } from './docs-blocks.js';
import { calledNames, loadMacroFiles } from './macro-loader.js';
import {
  buildInputsKey,
  buildParseFingerprint,
  readCodeCache,
  readFactsCache,
  readManifestCache,
  writeParseCaches,
  type CodeCacheEntry,
  type FileCacheEntry,
  type ManifestCacheFile,
  type NodeFactsEntry,
  digestEnvValue,
} from './parse-cache.js';
import { pyStr } from './python-values.js';
import { registerSession } from './session-registry.js';
import { renderStaticTemplate } from './static-render.js';
import { scanStaticTemplate } from './static-template.js';
import { compileJinjaChunk, type CompileJob, type CompileJobResult } from './jinja-compile.js';
import type { ParseOptions, ParseResult, TemplateLog } from './types.js';

/**
 * The parse pass: `ProjectFiles` → `Manifest`. Records every node's `ref()`, `source()` and `config()`
 * without touching a database (the static fast path reads most templates without Nunjucks), merges config
 * with dbt's precedence, resolves database/schema/alias through `generate_*_name`, resolves refs and
 * sources to unique ids, and collects every problem of the project before failing once.
 */

type SqlResourceType = 'model' | 'analysis' | 'snapshot';

interface SqlDraft {
  readonly resourceType: SqlResourceType;
  readonly name: string;
  readonly uniqueId: string;
  readonly fqn: readonly string[];
  readonly path: string;
  readonly file: ProjectFile;
  /** The node's raw code (snapshot: the block body). */
  readonly rawCode: string;
  /** What is rendered: the raw code, padded so positions match the file (snapshots). */
  readonly text: string;
  readonly strip: string;
  readonly checksum: string;
  /** Cache key: the file path, plus `#name` for snapshot blocks. */
  readonly key: string;
  readonly props: NodeProperties | undefined;
  /** Defaults merged with the project.yml folder config. */
  readonly baseConfig: NodeConfig;
  readonly yamlLayer: Readonly<Record<string, unknown>>;
  /**
   * A snapshot defined in YAML (dbt ≥ 1.9): its `- name:` entry. Its code is generated, so problems and
   * ref/source locations point here.
   */
  readonly definedAt?: SourceLocation;
}

interface Facts {
  readonly kind: 'static' | 'jinja';
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  readonly configCalls: readonly ConfigCall[];
  readonly envVars: ReadonlyMap<string, string | null>;
  readonly macros: readonly string[];
}

const EMPTY_TREE: FolderConfigTree = { config: {}, children: {} };
const EMPTY_OBJECT: Record<string, never> = Object.freeze({}) as Record<string, never>;
const EMPTY_LIST: readonly never[] = Object.freeze([]) as readonly never[];

/**
 * `buildNodeConfig(resourceType, folderConfigFor(tree, fqn))`, memoised by folder: nodes of one folder
 * share their project-level config unless the tree names the node itself.
 */
class BaseConfigCache {
  private readonly memo = new Map<string, NodeConfig>();
  get(resourceType: ConfigResourceType, tree: FolderConfigTree, fqn: readonly string[]): NodeConfig {
    let level: FolderConfigTree | undefined = tree;
    let nodeLevel = false;
    for (let i = 0; i < fqn.length && level; i++) {
      level = Object.prototype.hasOwnProperty.call(level.children, fqn[i]!) ? level.children[fqn[i]!] : undefined;
      if (level && i === fqn.length - 1) nodeLevel = true;
    }
    const key = `${resourceType}\0${nodeLevel ? fqn.join('\0') : fqn.slice(0, -1).join('\0')}`;
    let hit = this.memo.get(key);
    if (!hit) {
      hit = buildNodeConfig(resourceType, folderConfigFor(tree, fqn));
      this.memo.set(key, hit);
    }
    return hit;
  }
}

/** CPU time per phase of the parse pass, printed to stderr when OPP_COMPILE_TRACE is set. */
class PhaseTrace {
  private last = process.cpuUsage();
  private lastWall = performance.now();
  private readonly rows: string[] = [];
  mark(label: string): void {
    const c = process.cpuUsage(this.last);
    const now = performance.now();
    this.rows.push(`${label}: ${((c.user + c.system) / 1000).toFixed(0)} ms cpu, ${(now - this.lastWall).toFixed(0)} ms wall`);
    this.last = process.cpuUsage();
    this.lastWall = now;
  }
  print(nodes: number): void {
    process.stderr.write(`[opp compile] parse of ${nodes} files:\n  ${this.rows.join('\n  ')}\n`);
  }
}

const baseIds = new WeakMap<object, number>();
/** A node's config → the shared merge it was copied from (lets the cache writer intern configs cheaply). */
const configOrigin = new WeakMap<object, object>();
let nextBaseId = 0;
const mergeMemo = new Map<string, NodeConfig>();

/**
 * Merges layers on top of an already merged base (mergeConfig is associative in this sense), memoised:
 * many nodes repeat the same `config()` call on the same folder config. Each node gets its own copy.
 */
function mergeOnto(base: NodeConfig, layers: readonly Readonly<Record<string, unknown>>[]): NodeConfig {
  let any = false;
  for (const l of layers) {
    for (const _k in l) {
      any = true;
      break;
    }
    if (any) break;
  }
  if (!any) {
    const copy = { ...base };
    configOrigin.set(copy, base);
    return copy;
  }
  let id = baseIds.get(base);
  if (id === undefined) {
    id = nextBaseId++;
    baseIds.set(base, id);
  }
  const key = `${id}\u0000${JSON.stringify(layers)}`;
  let hit = mergeMemo.get(key);
  if (!hit) {
    hit = mergeConfig([base, ...layers]) as NodeConfig;
    if (mergeMemo.size > 5000) mergeMemo.clear();
    mergeMemo.set(key, hit);
  }
  const copy = { ...hit };
  configOrigin.set(copy, hit);
  return copy;
}

function stripExtension(file: string, ext: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

/** Path relative to the resource root it lives under (`models/staging/x.sql` → `staging/x.sql`). */
function relativeToRoots(path: string, roots: readonly string[]): string {
  let best = '';
  for (const r of roots) {
    const root = r.replace(/\/+$/, '');
    if (root === '' || root === '.') {
      if (best === '') best = '.';
      continue;
    }
    if (path.startsWith(root + '/') && root.length > best.length) best = root;
  }
  return best === '' || best === '.' ? path : path.slice(best.length + 1);
}

function fqnFor(projectName: string, relPath: string, name: string): string[] {
  const parts = relPath.split('/');
  parts[0] = parts.length > 1 ? parts[0]! : name;
  if (parts.length > 1) parts[parts.length - 1] = name;
  parts.unshift(projectName);
  return parts;
}

function columnsOf(columns: readonly ColumnProperties[]): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const c of columns) {
    out[c.name] = {
      name: c.name,
      description: c.description,
      ...(c.dataType !== undefined ? { dataType: c.dataType } : {}),
      ...(c.quote !== undefined ? { quote: c.quote } : {}),
      meta: c.meta,
      tags: c.tags,
      constraints: c.constraints,
    };
  }
  return out;
}

/** The YAML properties layer: top-level `tags`/`meta`/`docs` and the `config:` block. */
function yamlLayerOf(props: NodeProperties | undefined): Record<string, unknown> {
  if (!props) return {};
  const layer: Record<string, unknown> = {};
  if (props.tags.length) layer['tags'] = [...props.tags];
  if (Object.keys(props.meta).length) layer['meta'] = props.meta;
  if (props.docs) layer['docs'] = { show: props.docs.show, ...(props.docs.nodeColor !== undefined ? { node_color: props.docs.nodeColor } : {}) };
  Object.assign(layer, props.config);
  return layer;
}

function padFor(content: string, offset: number): string {
  const pos = positionAt(content, offset);
  return '\n'.repeat(pos.line - 1) + ' '.repeat(pos.column - 1);
}

/** True when the text has a `{% ... %}` tag (outside comments, roughly): never a static template. */
function hasTag(text: string): boolean {
  return text.includes('{%');
}

/** `relation:` of a YAML snapshot: one `ref(...)` or `source(...)` call. */
const RELATION_CALL = /^(ref|source)\s*\([^]*\)$/;

function isYamlSnapshot(n: NodeProperties): n is NodeProperties & { readonly relation: string } {
  return n.resourceType === 'snapshot' && n.relation !== undefined;
}

/** A YAML snapshot's definition with a separate properties entry of the same name layered on top. */
function withPatch(definition: NodeProperties, patch: NodeProperties | undefined): NodeProperties {
  if (!patch) return definition;
  return {
    ...definition,
    description: patch.description || definition.description,
    columns: patch.columns.length ? patch.columns : definition.columns,
    config: mergeConfig([definition.config, patch.config]),
    meta: { ...definition.meta, ...patch.meta },
    tags: [...new Set([...definition.tags, ...patch.tags])],
    ...(patch.docs ? { docs: patch.docs } : {}),
  };
}

/** An error located in generated code (a YAML snapshot's): located at the YAML entry instead. */
function relocateError(err: OppError, file: string, at: SourceLocation): OppError {
  if (err.location && err.location.file !== file) return err;
  const Ctor = err.constructor as new (code: OppError['code'], message: string, opts: object) => OppError;
  return new Ctor(err.code, err.message, { location: at, ...(err.hint ? { hint: err.hint } : {}), ...(err.nodeId ? { nodeId: err.nodeId } : {}), cause: err });
}

function relocateFacts(facts: Facts, file: string, at: SourceLocation): Facts {
  const move = <T extends { location?: SourceLocation }>(calls: readonly T[]): T[] => calls.map((c) => (c.location?.file === file ? { ...c, location: at } : c));
  return { ...facts, refs: move(facts.refs), sources: move(facts.sources) };
}

const DOC_ONLY = /^\s*\{\{\s*doc\(\s*(['"])([A-Za-z0-9_]+)\1\s*\)\s*\}\}\s*$/;

export async function parseProject(files: ProjectFiles, target: TargetConfig, opts: ParseOptions = {}): Promise<ParseResult> {
  const t0 = performance.now();
  const project = files.config;
  const errors: OppError[] = [];
  const warnings: OppError[] = [];
  const logs: TemplateLog[] = [];
  const extraKeys = opts.adapterConfigKeys ?? [];
  const session = new CompileSession({
    ...opts,
    project,
    target,
    validateConfig: (cfg, resourceType, location) =>
      validateConfigKeys(cfg, resourceType === 'unit_test' ? 'model' : resourceType, location, extraKeys, {
        stage: 'compile',
        what: 'config() call',
      }),
  });

  const trace = process.env['OPP_COMPILE_TRACE'] ? new PhaseTrace() : undefined;
  // --- docs and macros --------------------------------------------------------------------------------
  const { docs, byName: docsByName } = parseDocsFiles(files.docs, project.name, errors);
  session.docs = docsByName;

  const cacheDir = opts.cacheDir === false ? undefined : (opts.cacheDir ?? join(project.rootDir, project.targetPath));
  const fingerprint = buildParseFingerprint({
    project,
    target,
    vars: session.vars,
    adapterConfigKeys: extraKeys,
    macros: files.macros.map((m) => `${m.path}:${m.checksum}`),
    docs: files.docs.map((d) => `${d.path}:${d.checksum}`),
    flags: session.flags,
  });
  const inputsKey = buildInputsKey(fingerprint, files);
  const manifestCache: ManifestCacheFile | undefined = cacheDir ? await readManifestCache(cacheDir) : undefined;
  const loaded = loadMacroFiles(session, files.macros, errors, manifestCache?.macros);

  trace?.mark('docs+macros');
  // --- unchanged project: the last manifest -------------------------------------------------------------
  if (manifestCache && errors.length === 0 && manifestCache.inputsKey === inputsKey && envValuesMatch(manifestCache.envVars, session.env)) {
    trace?.mark('cache read + macros');
    const manifest = rehydrateManifest(manifestCache.manifest, files, session.invocationId, target);
    trace?.mark('rehydrate');
    trace?.print(files.models.length);
    session.manifest = manifest;
    session.codeCacheDir = cacheDir;
    registerSession(manifest, session);
    const total = Object.keys(manifest.nodes).length + Object.keys(manifest.disabled).length;
    return {
      manifest,
      warnings: manifestCache.warnings.map((w) => new OppError(w.code as OppError['code'], w.message, { ...(w.location ? { location: w.location } : {}), ...(w.hint ? { hint: w.hint } : {}) })),
      logs: manifestCache.logs,
      envVarNames: Object.keys(manifestCache.envVars),
      stats: { files: total, staticTemplates: 0, jinjaTemplates: 0, cachedFiles: total, cache: 'hit', elapsedMs: performance.now() - t0 },
    };
  }
  const [codeCache, factsCache] = cacheDir && manifestCache ? await Promise.all([readCodeCache(cacheDir), readFactsCache(cacheDir)]) : [undefined, undefined];
  const cachedFiles =
    manifestCache && factsCache && factsCache.fingerprint === fingerprint ? factsFromManifestCache(manifestCache.manifest, factsCache.facts) : undefined;
  const cachedCode = codeCache?.entries;

  trace?.mark('cache read');
  // --- SQL nodes -----------------------------------------------------------------------------------------
  const propsByKey = new Map<string, NodeProperties>();
  for (const pf of files.properties) for (const n of pf.nodes) if (!isYamlSnapshot(n)) propsByKey.set(`${n.resourceType}:${n.name}`, n);
  const usedProps = new Set<string>();

  const drafts: SqlDraft[] = [];
  const baseConfigs = new BaseConfigCache();
  const addDraft = (
    resourceType: SqlResourceType,
    file: ProjectFile,
    roots: readonly string[],
    tree: FolderConfigTree,
    name: string,
    rawCode: string,
    text: string,
    strip: string,
    key: string,
    definition?: NodeProperties,
  ): void => {
    const rel = relativeToRoots(file.path, roots);
    const fqn = fqnFor(project.name, rel, name);
    const propsKey = `${resourceType}:${name}`;
    const patch = propsByKey.get(propsKey);
    if (patch) usedProps.add(propsKey);
    const props = definition ? withPatch(definition, patch) : patch;
    drafts.push({
      resourceType,
      name,
      uniqueId: `${resourceType}.${project.name}.${name}`,
      fqn,
      path: rel,
      file,
      rawCode,
      text,
      strip,
      checksum: text === file.content ? file.checksum : sha256(text),
      key,
      props,
      baseConfig: baseConfigs.get(resourceType, tree, fqn),
      yamlLayer: yamlLayerOf(props),
      ...(definition ? { definedAt: definition.location } : {}),
    });
  };
  for (const f of files.models) {
    const name = stripExtension(f.path, '.sql');
    addDraft('model', f, project.modelPaths, project.models, name, f.content, f.content, '', f.path);
  }
  for (const f of files.analyses) {
    const name = stripExtension(f.path, '.sql');
    addDraft('analysis', f, project.analysisPaths, EMPTY_TREE, name, f.content, f.content, '', f.path);
  }
  for (const f of files.snapshots) {
    const { blocks, unclosed } = findBlocks(f.content, ['snapshot']);
    for (const u of unclosed) {
      const pos = positionAt(f.content, u.start);
      errors.push(
        new CompileError('compile/template-syntax', `{% snapshot ${u.args} %} is not closed`, {
          location: { file: f.path, line: pos.line, column: pos.column },
          hint: 'close the block with {% endsnapshot %}',
        }),
      );
    }
    for (const b of blocks) {
      const body = f.content.slice(b.bodyStart, b.bodyEnd);
      const pad = padFor(f.content, b.bodyStart);
      addDraft('snapshot', f, project.snapshotPaths, project.snapshots, b.name, body, pad + body, pad, `${f.path}#${b.name}`);
    }
  }
  // Snapshots defined in YAML (dbt ≥ 1.9): `snapshots: - name: x, relation: ref('y') | source('s', 't'),
  // config: {...}`. The node's code is `select * from {{ <relation> }}`; its file is the YAML file.
  for (const pf of files.properties) {
    for (const def of pf.nodes) {
      if (!isYamlSnapshot(def)) continue;
      const relation = def.relation.trim();
      if (!RELATION_CALL.test(relation)) {
        errors.push(
          new CompileError('compile/bad-config', `snapshot '${def.name}': relation must be a ref() or source() call, not '${relation}'`, {
            location: def.location,
            hint: "write relation: ref('model_name') or relation: source('source_name', 'table_name')",
          }),
        );
        continue;
      }
      const rawCode = `select * from {{ ${relation} }}`;
      const file: ProjectFile = { path: pf.path, absolutePath: join(project.rootDir, pf.path), content: '', checksum: pf.checksum };
      const roots = [...project.snapshotPaths, ...project.modelPaths];
      addDraft('snapshot', file, roots, project.snapshots, def.name, rawCode, rawCode, '', `${pf.path}#${def.name}`, def);
    }
  }

  let staticCount = 0;
  let jinjaCount = 0;
  let cachedCount = 0;
  const newCache = new Map<string, FileCacheEntry>();
  const newCode: Record<string, CodeCacheEntry> = {};

  const describe = (text: string | undefined, location: SourceLocation): string => {
    if (!text || !text.includes('{{')) return text ?? '';
    const only = DOC_ONLY.exec(text);
    if (only) {
      const d = docsByName.get(only[2]!);
      if (d) return d.blockContents;
    }
    try {
      session.beginRender('parse', { ...EMPTY_RENDER_TARGET, originalFilePath: location.file });
      return session.renderText(text, location.file);
    } catch (e) {
      errors.push(withLocation(toOppError(e), location));
      return text;
    }
  };

  interface Built {
    readonly draft: SqlDraft;
    readonly facts: Facts;
    readonly config: NodeConfig;
    readonly database: string;
    readonly schema: string;
    readonly alias: string;
  }
  const built: Built[] = [];

  const renderTargetOf = (draft: SqlDraft): RenderTarget & { config: Record<string, unknown> } => ({
    uniqueId: draft.uniqueId,
    name: draft.name,
    resourceType: draft.resourceType,
    packageName: project.name,
    originalFilePath: draft.file.path,
    path: draft.path,
    fqn: draft.fqn,
    rawCode: draft.rawCode,
    config: {},
    relation: { database: target.database, schema: target.schema, alias: draft.name },
  });

  trace?.mark('drafts');
  // Phase 1: cached facts; templates with a `{% tag %}` are certainly Nunjucks templates (the static fast
  // path has no tags) and are not scanned.
  const factsOf: (Facts | undefined)[] = new Array(drafts.length);
  const errorsOf: (OppError[] | undefined)[] = new Array(drafts.length);
  const pending: number[] = [];
  const jinja: { draft: number; code?: string; called?: readonly string[]; job?: number }[] = [];
  const jobs: CompileJob[] = [];
  const addJinja = (d: number, usableCode: CodeCacheEntry | undefined, cached: FileCacheEntry | undefined): void => {
    const draft = drafts[d]!;
    if (usableCode) jinja.push({ draft: d, code: usableCode.code, called: cached?.checksum === draft.checksum ? cached.macros : [] });
    else {
      jinja.push({ draft: d, job: jobs.length });
      jobs.push({ index: jobs.length, text: draft.text, file: draft.file.path });
    }
  };
  const codeOf = (d: number): CodeCacheEntry | undefined => {
    const hit = cachedCode?.[drafts[d]!.key];
    return hit && hit.checksum === drafts[d]!.checksum ? hit : undefined;
  };
  for (let d = 0; d < drafts.length; d++) {
    const draft = drafts[d]!;
    const cached = cachedFiles?.[draft.key];
    const usableCode = codeOf(d);
    if (cached && cached.checksum === draft.checksum && envStillMatches(cached, session.env)) {
      let facts: Facts | undefined;
      if (cached.kind === 'static') facts = factsFromCache(cached);
      else if (usableCode && cached.ctxKey === contextKey(mergeOnto(draft.baseConfig, [draft.yamlLayer]))) {
        facts = factsFromCache(cached);
        session.nodeTemplates.set(draft.uniqueId, { checksum: draft.checksum, kind: 'jinja', code: usableCode.code, text: draft.text, strip: draft.strip });
        newCode[draft.key] = usableCode;
      }
      if (facts) {
        factsOf[d] = facts;
        cachedCount++;
        newCache.set(draft.key, cached);
        continue;
      }
    }
    if (hasTag(draft.text)) addJinja(d, usableCode, cached);
    else pending.push(d);
  }

  trace?.mark('scan');
  // Phase 2: scan the rest: static templates have their facts recorded at once (nothing is kept, which
  // keeps the garbage collector's work small), the others (`{{ my_macro() }}`, filters...) join the
  // Nunjucks templates, which are then compiled.
  const scanRest = (): void => {
    for (const d of pending) {
      const draft = drafts[d]!;
      const st = scanStaticTemplate(draft.text);
      if (!st) {
        addJinja(d, codeOf(d), cachedFiles?.[draft.key]);
        continue;
      }
      staticCount++;
      try {
        const rf = session.beginRender('parse', renderTargetOf(draft));
        renderStaticTemplate(session, st, draft.file.path, false);
        const facts = collectFacts('static', rf, EMPTY_LIST);
        factsOf[d] = facts;
        if (facts.errors.length) errorsOf[d] = facts.errors;
        // Static templates are not kept: the run pass re-scans them in microseconds.
        if (draft.strip) session.nodeTemplates.set(draft.uniqueId, { checksum: draft.checksum, kind: 'static', staticTemplate: st, text: draft.text, strip: draft.strip });
        if (cacheDir) newCache.set(draft.key, cacheEntryOf(draft.checksum, facts));
      } catch (e) {
        errorsOf[d] = [toOppError(e)];
      }
    }
  };
  scanRest();
  const compiledJobs: CompileJobResult[] = compileJinjaChunk(jobs, session.templates);
  jinja.sort((a, b) => a.draft - b.draft);

  trace?.mark('static facts + compile');
  // Phase 3: instantiate and render each Nunjucks template for its refs and config() calls.
  for (const item of jinja) {
    const d = item.draft;
    const draft = drafts[d]!;
    jinjaCount++;
    const renderTarget = renderTargetOf(draft);
    const initial = mergeOnto(draft.baseConfig, [draft.yamlLayer]);
    Object.assign(renderTarget.config, initial);
    try {
      let compiled: CompiledTemplate;
      let called: readonly string[];
      if (item.code !== undefined) {
        compiled = session.templates.instantiate(item.code, draft.file.path);
        called = item.called ?? [];
      } else {
        const r = compiledJobs[item.job!]!;
        if ('failed' in r) {
          // Recompile here for the located error.
          const parsed = session.templates.parse(draft.text, draft.file.path);
          called = [...calledNames(parsed.ast)];
          compiled = session.templates.build(parsed, 0, draft.text);
        } else {
          compiled = session.templates.instantiate(r.code, draft.file.path);
          called = r.called;
        }
      }
      called = called.filter((n) => session.projectMacros.has(n));
      session.nodeTemplates.set(draft.uniqueId, { checksum: draft.checksum, kind: 'jinja', compiled, text: draft.text, strip: draft.strip });
      const rf = session.beginRender('parse', renderTarget);
      session.render(compiled);
      const facts = collectFacts('jinja', rf, called);
      factsOf[d] = facts;
      if (facts.errors.length) errorsOf[d] = facts.errors;
      logs.push(...rf.logs);
      if (cacheDir) newCache.set(draft.key, cacheEntryOf(draft.checksum, facts, contextKey(initial)));
      newCode[draft.key] = { checksum: draft.checksum, code: compiled.code, ...(draft.strip ? { strip: draft.strip } : {}) };
    } catch (e) {
      errorsOf[d] = [toOppError(e)];
    }
  }

  trace?.mark('render jinja');
  // Phase 4: final config, relation names; problems in file order.
  for (let d = 0; d < drafts.length; d++) {
    const draft = drafts[d]!;
    const errs = errorsOf[d];
    if (errs) {
      errors.push(...(draft.definedAt ? errs.map((e) => relocateError(e, draft.file.path, draft.definedAt!)) : errs));
      continue;
    }
    const facts = draft.definedAt ? relocateFacts(factsOf[d]!, draft.file.path, draft.definedAt) : factsOf[d]!;
    const config = mergeOnto(draft.baseConfig, [draft.yamlLayer, ...facts.configCalls.map((c) => c.config)]);
    try {
      const names = resolveRelationName(session, draft, config);
      built.push({ draft, facts, config, ...names });
    } catch (e) {
      errors.push(toOppError(e));
    }
  }

  trace?.mark('config + names');
  // --- seeds ---------------------------------------------------------------------------------------------
  const seeds: SeedNode[] = [];
  for (const f of files.seeds) {
    const name = stripExtension(f.path, '.csv');
    const rel = relativeToRoots(f.path, project.seedPaths);
    const fqn = fqnFor(project.name, rel, name);
    const propsKey = `seed:${name}`;
    const props = propsByKey.get(propsKey);
    if (props) usedProps.add(propsKey);
    const config = mergeOnto(baseConfigs.get('seed', project.seeds, fqn), [yamlLayerOf(props)]);
    const draft = { resourceType: 'seed' as const, name, uniqueId: `seed.${project.name}.${name}`, fqn, path: rel, file: { path: f.path } };
    let names: { database: string; schema: string; alias: string };
    try {
      names = resolveRelationName(session, draft as unknown as SqlDraft, config);
    } catch (e) {
      errors.push(toOppError(e));
      continue;
    }
    seeds.push({
      resourceType: 'seed',
      uniqueId: draft.uniqueId,
      name,
      packageName: project.name,
      fqn,
      originalFilePath: f.path,
      path: rel,
      description: props ? describe(props.description, props.location) : '',
      meta: config.meta,
      tags: config.tags,
      ...(props ? { patchPath: props.file } : {}),
      ...names,
      checksum: f.checksum,
      config,
      unrenderedConfig: props ? { ...props.config } : {},
      columns: props ? describeColumns(props.columns, describe) : {},
      dependsOn: { nodes: [], macros: [] },
      docs: docsOf(config),
      absolutePath: f.absolutePath,
    });
  }

  // --- sources -------------------------------------------------------------------------------------------
  const sources: Record<string, SourceNode> = {};
  const disabledSources = new Set<string>();
  for (const pf of files.properties) {
    for (const s of pf.sources) {
      for (const t of s.tables) {
        const node = buildSourceNode(project, target, pf.path, s, t, describe, baseConfigs);
        if (node.config['enabled'] === false) disabledSources.add(`${s.name}.${t.name}`);
        else sources[node.uniqueId] = node;
      }
    }
  }

  // --- YAML properties describing nothing -----------------------------------------------------------------
  for (const [key, props] of propsByKey) {
    if (usedProps.has(key)) continue;
    warnings.push(
      new OppError('project/unknown-resource', `${props.resourceType} '${props.name}' is described in ${props.file} but no such ${props.resourceType} exists`, {
        location: props.location,
        hint: closestHint(props.name, drafts.filter((d) => d.resourceType === props.resourceType).map((d) => d.name)),
      }),
    );
  }

  trace?.mark('seeds + sources');
  // --- refs and sources → unique ids -------------------------------------------------------------------
  const refable = new Map<string, string>();
  const disabledRefable = new Map<string, string>();
  const isEnabled = (config: NodeConfig): boolean => config.enabled !== false;
  for (const b of built) {
    if (b.draft.resourceType === 'analysis') continue;
    (isEnabled(b.config) ? refable : disabledRefable).set(b.draft.name, b.draft.uniqueId);
  }
  for (const s of seeds) (isEnabled(s.config) ? refable : disabledRefable).set(s.name, s.uniqueId);
  const sourceIds = new Map<string, string>();
  const sourceNames = new Set<string>();
  for (const s of Object.values(sources)) {
    sourceIds.set(`${s.sourceName}.${s.name}`, s.uniqueId);
    sourceNames.add(s.sourceName);
  }

  const nodes: Record<string, ManifestNode> = {};
  const disabled: Record<string, ManifestNode> = {};
  for (const s of seeds) (isEnabled(s.config) ? nodes : disabled)[s.uniqueId] = s;
  for (const b of built) {
    const { draft, facts, config } = b;
    const enabled = isEnabled(config);
    const dependsOn: string[] = [];
    const seen = new Set<string>();
    const add = (id: string): void => {
      if (!seen.has(id)) {
        seen.add(id);
        dependsOn.push(id);
      }
    };
    if (enabled) {
      for (const ref of facts.refs) {
        const id = ref.package === undefined || ref.package === project.name ? refable.get(ref.name) : undefined;
        if (id) {
          add(id);
          continue;
        }
        errors.push(refError(ref, draft, project.name, refable, disabledRefable));
      }
      for (const src of facts.sources) {
        const id = sourceIds.get(`${src.sourceName}.${src.tableName}`);
        if (id) {
          add(id);
          continue;
        }
        errors.push(sourceError(src, draft, sourceIds, sourceNames, disabledSources));
      }
    }
    const props = draft.props;
    let unrendered: Record<string, unknown> = EMPTY_OBJECT;
    if ((props && Object.keys(props.config).length) || facts.configCalls.length) {
      unrendered = props ? { ...props.config } : {};
      for (const c of facts.configCalls) Object.assign(unrendered, c.config);
    }
    const node = {
      resourceType: draft.resourceType,
      uniqueId: draft.uniqueId,
      name: draft.name,
      packageName: project.name,
      fqn: draft.fqn,
      originalFilePath: draft.file.path,
      path: draft.path,
      description: props ? describe(props.description, props.location) : '',
      meta: config.meta,
      tags: config.tags,
      database: b.database,
      schema: b.schema,
      alias: b.alias,
      rawCode: draft.rawCode,
      checksum: draft.checksum,
      language: 'sql' as const,
      config,
      unrenderedConfig: unrendered,
      refs: facts.refs,
      sources: facts.sources,
      dependsOn: { nodes: dependsOn, macros: facts.macros.length ? facts.macros.map((m) => `macro.${project.name}.${m}`) : EMPTY_LIST },
      columns: props ? describeColumns(props.columns, describe) : EMPTY_OBJECT,
      docs: docsOf(config),
    } as unknown as ModelNode | SnapshotNode | AnalysisNode;
    if (props) (node as { patchPath?: string }).patchPath = props.file;
    if (draft.resourceType === 'model') (node as { constraints?: unknown }).constraints = props ? props.constraints : EMPTY_LIST;
    (enabled ? nodes : disabled)[node.uniqueId] = node;
  }

  trace?.mark('nodes + refs');
  const manifest: Manifest = {
    projectName: project.name,
    nodes,
    sources,
    macros: loaded.macros as Record<string, MacroNode>,
    docs: docs as Record<string, DocBlock>,
    unitTests: {},
    disabled,
    metadata: {
      projectName: project.name,
      targetName: target.name,
      adapterType: target.type,
      generatedAt: new Date().toISOString(),
      invocationId: session.invocationId,
    },
  };

  let writeCache: (() => Promise<void>) | undefined;
  if (errors.length === 0 && cacheDir) {
    const dir = cacheDir;
    const write = async (): Promise<void> => {
      const envVars: Record<string, string | null> = {};
      for (const entry of newCache.values()) for (const [name, value] of entry.envVars) envVars[name] = value;
      const { compact, facts } = stripManifest(manifest, newCache);
      await writeParseCaches(dir, {
        code: newCode,
        facts: { fingerprint, facts },
        manifest: {
          inputsKey,
          envVars,
          macros: loaded.cacheEntries,
          manifest: compact,
          warnings: warnings.map((w) => ({ code: w.code, message: w.message, ...(w.location ? { location: w.location } : {}), ...(w.hint ? { hint: w.hint } : {}) })),
          logs,
        },
      });
    };
    // Once, however often it is called; a failed write only costs the next parse its cache.
    let written: Promise<void> | undefined;
    writeCache = () => (written ??= write().catch(() => undefined));
    if (!opts.deferCacheWrite) {
      await writeCache();
      writeCache = undefined;
    }
  }
  session.codeCacheDir = cacheDir;
  trace?.mark('cache write');
  trace?.print(drafts.length);
  throwIfAny(errors);
  session.manifest = manifest;
  registerSession(manifest, session);
  const total = drafts.length;
  const envVarNames = new Set<string>();
  for (const facts of factsOf) if (facts) for (const name of facts.envVars.keys()) envVarNames.add(name);
  return {
    manifest,
    warnings,
    logs,
    envVarNames: [...envVarNames],
    ...(writeCache ? { writeCache } : {}),
    stats: {
      files: total,
      staticTemplates: staticCount,
      jinjaTemplates: jinjaCount,
      cachedFiles: cachedCount,
      cache: !cacheDir ? 'none' : cachedCount === 0 ? 'cold' : 'partial',
      elapsedMs: performance.now() - t0,
    },
  };
}

const EMPTY_RENDER_TARGET: RenderTarget = {
  uniqueId: '',
  name: '',
  resourceType: 'model',
  packageName: '',
  originalFilePath: '',
  path: '',
  fqn: [],
  rawCode: '',
  config: {},
};

function collectFacts(kind: 'static' | 'jinja', rf: RenderFacts, macros: readonly string[]): Facts & { readonly errors: OppError[] } {
  return { kind, refs: rf.refs, sources: rf.sources, configCalls: rf.configCalls, envVars: rf.envVars, macros, errors: rf.errors };
}

function contextKey(initial: NodeConfig): string {
  return sha256(JSON.stringify(initial));
}

function envStillMatches(entry: FileCacheEntry, env: Readonly<Record<string, string | undefined>>): boolean {
  for (const [name, digest] of entry.envVars) {
    if (digestEnvValue(name, env[name]) !== digest) return false;
  }
  return true;
}

function factsFromCache(entry: FileCacheEntry): Facts {
  return {
    kind: entry.kind,
    refs: entry.refs,
    sources: entry.sources,
    configCalls: entry.configCalls,
    envVars: new Map(entry.envVars),
    macros: entry.macros,
  };
}

function cacheEntryOf(checksum: string, facts: Facts, ctxKey?: string): FileCacheEntry {
  return {
    checksum,
    kind: facts.kind,
    refs: facts.refs,
    sources: facts.sources,
    configCalls: facts.configCalls,
    envVars: [...facts.envVars].map(([name, value]) => [name, digestEnvValue(name, value)] as const),
    macros: facts.macros,
    ...(ctxKey !== undefined ? { ctxKey } : {}),
  };
}

/** `saved`: name → `digestEnvValue` (the caches never hold the values themselves). */
function envValuesMatch(saved: Readonly<Record<string, string | null>>, env: Readonly<Record<string, string | undefined>>): boolean {
  for (const [name, digest] of Object.entries(saved)) if (digestEnvValue(name, env[name]) !== digest) return false;
  return true;
}

/**
 * The manifest as cached, made smaller: model/analysis raw code left out (the files hold it), configs
 * stored once in a table (`config` / `unrenderedConfig` become indexes), and ref/source locations without
 * their file when it is the node's own.
 */
interface CompactManifest extends Manifest {
  readonly configTable: unknown[];
}

function stripManifest(
  manifest: Manifest,
  facts: ReadonlyMap<string, FileCacheEntry>,
): { compact: CompactManifest; facts: Record<string, NodeFactsEntry> } {
  const table: unknown[] = [];
  const byIdentity = new Map<object, number>();
  const byText = new Map<string, number>();
  const intern = (value: object): number => {
    // Configs built by mergeOnto are copies of a few shared merges: intern by their origin, no stringify.
    const origin = configOrigin.get(value) ?? value;
    let i = byIdentity.get(origin);
    if (i !== undefined) return i;
    const text = JSON.stringify(value);
    i = byText.get(text);
    if (i === undefined) {
      i = table.length;
      table.push(value);
      byText.set(text, i);
    }
    byIdentity.set(origin, i);
    return i;
  };
  const shrinkCalls = <T extends { location?: SourceLocation }>(calls: readonly T[], file: string): T[] => {
    if (calls.length === 0) return calls as T[];
    return calls.map((c) => (c.location && c.location.file === file ? { ...c, location: { line: c.location.line, column: c.location.column } } : c) as T);
  };
  const factsById: Record<string, NodeFactsEntry> = {};
  const strip = (nodes: Readonly<Record<string, ManifestNode>>): Record<string, ManifestNode> => {
    const out: Record<string, ManifestNode> = {};
    for (const id in nodes) {
      const n = nodes[id]!;
      if (n.resourceType !== 'model' && n.resourceType !== 'analysis' && n.resourceType !== 'snapshot') {
        // Only what the parse pass made: a deferred write runs after the caller added tests to the manifest.
        if (n.resourceType === 'seed') out[id] = n;
        continue;
      }
      // Left out, rebuilt on load: raw code and checksum (from the files), the unique id (the key), fqn,
      // package, language and docs (derived), meta and tags (the config's).
      const compact: Record<string, unknown> = {
        resourceType: n.resourceType,
        name: n.name,
        originalFilePath: n.originalFilePath,
        path: n.path,
        description: n.description,
        database: n.database,
        schema: n.schema,
        alias: n.alias,
        config: intern(n.config),
        unrenderedConfig: intern(n.unrenderedConfig),
        refs: shrinkCalls(n.refs, n.originalFilePath),
        sources: shrinkCalls(n.sources, n.originalFilePath),
        dependsOn: n.dependsOn,
        columns: n.columns,
      };
      if (n.patchPath !== undefined) compact['patchPath'] = n.patchPath;
      if (n.resourceType === 'model') compact['constraints'] = n.constraints;
      if (n.resourceType === 'snapshot') {
        compact['rawCode'] = n.rawCode;
        compact['checksum'] = n.checksum;
      }
      const f = facts.get(factsKey(n));
      if (f) factsById[id] = [f.checksum, f.kind, f.configCalls, f.envVars, f.ctxKey ?? null];
      out[id] = compact as unknown as ManifestNode;
    }
    return out;
  };
  const sources: Record<string, SourceNode> = {};
  for (const id in manifest.sources) {
    const src = manifest.sources[id]!;
    // Left out: resourceType, uniqueId, packageName and fqn (derived), the location's file (the node's).
    const { resourceType: _r, uniqueId: _u, packageName: _p, fqn: _f, ...rest } = src;
    sources[id] = {
      ...rest,
      config: intern(src.config),
      location: src.location.file === src.originalFilePath ? { line: src.location.line, column: src.location.column } : src.location,
    } as unknown as SourceNode;
  }
  const compact = { ...manifest, nodes: strip(manifest.nodes), disabled: strip(manifest.disabled), sources, unitTests: {}, configTable: table };
  return { compact, facts: factsById };
}

/** The parse cache key of a node's template: its file, plus `#name` for snapshot blocks. */
function factsKey(n: Pick<ManifestNode, 'resourceType' | 'originalFilePath' | 'name'>): string {
  return n.resourceType === 'snapshot' ? `${n.originalFilePath}#${n.name}` : n.originalFilePath;
}

/** Per-file facts from a cached manifest (refs, sources and macros are the node's own). */
function factsFromManifestCache(cached: Manifest, facts: Readonly<Record<string, NodeFactsEntry>>): Record<string, FileCacheEntry> {
  const out: Record<string, FileCacheEntry> = {};
  const prefixLength = `macro.${cached.projectName}.`.length;
  for (const nodes of [cached.nodes, cached.disabled]) {
    for (const id in nodes) {
      const n = nodes[id]!;
      const entry = facts[id];
      if (!entry) continue;
      const c = n as unknown as { refs?: RefCall[]; sources?: SourceCall[]; dependsOn?: { macros: string[] } };
      const [checksum, kind, configCalls, envVars, ctxKey] = entry;
      const withFile = <T extends { location?: SourceLocation }>(calls: readonly T[] | undefined): T[] =>
        (calls ?? []).map((x) => (x.location && x.location.file === undefined ? { ...x, location: { ...x.location, file: n.originalFilePath } } : x));
      out[factsKey(n)] = {
        checksum,
        kind,
        refs: withFile(c.refs),
        sources: withFile(c.sources),
        configCalls,
        envVars,
        macros: (c.dependsOn?.macros ?? []).map((m) => m.slice(prefixLength)),
        ...(ctxKey !== null ? { ctxKey } : {}),
      };
    }
  }
  return out;
}

/** Rebuilds, in place, what `stripManifest` left out (the cached objects are fresh from JSON.parse). */
function rehydrateManifest(cached: Manifest, files: ProjectFiles, invocationId: string, target: TargetConfig): Manifest {
  const compactManifest = cached as CompactManifest;
  const table = (compactManifest.configTable ?? []) as Record<string, unknown>[];
  const projectName = cached.projectName;
  const text = new Map<string, ProjectFile>();
  for (const f of files.models) text.set(f.path, f);
  for (const f of files.analyses) text.set(f.path, f);
  const fillCalls = (calls: readonly { location?: SourceLocation }[], file: string): void => {
    for (const c of calls) if (c.location && c.location.file === undefined) (c.location as { file: string }).file = file;
  };
  const fill = (nodes: Readonly<Record<string, ManifestNode>>): void => {
    for (const id in nodes) {
      const n = nodes[id] as unknown as Record<string, unknown> & { resourceType: string; name: string; path: string; originalFilePath: string; refs: RefCall[]; sources: SourceCall[] };
      if (n.resourceType !== 'model' && n.resourceType !== 'analysis' && n.resourceType !== 'snapshot') continue;
      const config = (typeof n['config'] === 'number' ? { ...table[n['config']] } : n['config']) as NodeConfig;
      const file = n['rawCode'] === undefined ? text.get(n.originalFilePath) : undefined;
      n['config'] = config;
      if (typeof n['unrenderedConfig'] === 'number') n['unrenderedConfig'] = { ...table[n['unrenderedConfig']] };
      n['uniqueId'] = id;
      n['packageName'] = projectName;
      n['fqn'] = fqnFor(projectName, n.path, n.name);
      n['meta'] = config.meta;
      n['tags'] = config.tags;
      n['language'] = 'sql';
      n['docs'] = docsOf(config);
      if (file) {
        n['rawCode'] = file.content;
        n['checksum'] = file.checksum;
      }
      fillCalls(n.refs, n.originalFilePath);
      fillCalls(n.sources, n.originalFilePath);
    }
  };
  fill(cached.nodes);
  fill(cached.disabled);
  for (const id in cached.sources) {
    const src = cached.sources[id] as unknown as Record<string, unknown> & { path: string; sourceName: string; name: string; originalFilePath: string; location: { file?: string } };
    if (typeof src['config'] === 'number') src['config'] = { ...table[src['config']] };
    src['resourceType'] = 'source';
    src['uniqueId'] = id;
    src['packageName'] = projectName;
    src['fqn'] = [projectName, ...src.path.split('/').slice(0, -1), src.sourceName, src.name];
    if (src.location.file === undefined) src.location.file = src.originalFilePath;
  }
  const { configTable: _table, ...manifest } = compactManifest;
  return {
    ...manifest,
    metadata: { ...cached.metadata, targetName: target.name, adapterType: target.type, generatedAt: new Date().toISOString(), invocationId },
  };
}

function docsOf(config: NodeConfig): { show: boolean; nodeColor?: string } {
  const d = (config.docs ?? {}) as { show?: boolean; node_color?: string | null };
  return { show: d.show ?? true, ...(d.node_color ? { nodeColor: d.node_color } : {}) };
}

function describeColumns(columns: readonly ColumnProperties[], describe: (t: string | undefined, l: SourceLocation) => string): Record<string, ColumnInfo> {
  const out = columnsOf(columns);
  for (const c of columns) if (c.description.includes('{{')) out[c.name] = { ...out[c.name]!, description: describe(c.description, c.location) };
  return out;
}

function withLocation(err: OppError, location: SourceLocation): OppError {
  if (err.location) return err;
  return new CompileError(err.code, err.message, { location, ...(err.hint ? { hint: err.hint } : {}), cause: err });
}

function closestHint(name: string, candidates: readonly string[]): string {
  const m = closestMatch(name, candidates);
  return m ? `did you mean '${m}'?` : 'remove the entry, or create the resource it describes';
}

/** database / schema / alias through generate_database_name / generate_schema_name / generate_alias_name. */
function resolveRelationName(
  session: CompileSession,
  draft: Pick<SqlDraft, 'resourceType' | 'name' | 'uniqueId' | 'fqn' | 'path'> & { file: { path: string }; rawCode?: string },
  config: NodeConfig,
): { database: string; schema: string; alias: string } {
  const shared = session.shared;
  const dbt = shared['dbt'] as Record<string, unknown>;
  const dispatchConfigured = (session.project.dispatch ?? []).some((d) => d.macroNamespace === 'dbt');
  const fast = (name: string): boolean =>
    !dispatchConfigured && shared[name] === dbt[name] && !session.projectMacros.has(`${session.target.type}__${name}`) && !session.projectMacros.has(`default__${name}`);
  const custom = (key: string): unknown => {
    const v = config[key];
    return v === undefined ? null : v;
  };
  const isSnapshot = draft.resourceType === 'snapshot';
  const version = config['version'];
  let database: string;
  let schema: string;
  let alias: string;
  const slow = !fast('generate_database_name') || !fast('generate_schema_name') || !fast('generate_alias_name');
  if (slow) {
    session.beginRender('parse', {
      uniqueId: draft.uniqueId,
      name: draft.name,
      resourceType: draft.resourceType,
      packageName: session.project.name,
      originalFilePath: draft.file.path,
      path: draft.path,
      fqn: draft.fqn,
      rawCode: draft.rawCode ?? '',
      config: config as Record<string, unknown>,
    });
  }
  const call = (macro: string, arg: unknown): string => pyStr(session.callMacro(macro, [arg, session.nodeView()])).trim();
  if (isSnapshot && typeof config['target_database'] === 'string') database = config['target_database'];
  else database = fast('generate_database_name') ? defaultDatabaseName(session.target.database, custom('database')) : call('generate_database_name', custom('database'));
  if (isSnapshot && typeof config['target_schema'] === 'string') schema = config['target_schema'];
  else schema = fast('generate_schema_name') ? defaultSchemaName(session.target.schema, custom('schema')) : call('generate_schema_name', custom('schema'));
  alias = fast('generate_alias_name') ? defaultAliasName(custom('alias'), draft.name, version) : call('generate_alias_name', custom('alias'));
  return { database, schema, alias };
}

function refError(
  ref: RefCall,
  draft: SqlDraft,
  projectName: string,
  refable: ReadonlyMap<string, string>,
  disabled: ReadonlyMap<string, string>,
): GraphError {
  const what = `${draft.resourceType} '${draft.name}'`;
  const refText = ref.package !== undefined ? `ref('${ref.package}', '${ref.name}')` : `ref('${ref.name}')`;
  if (ref.package !== undefined && ref.package !== projectName) {
    return new GraphError('graph/unknown-ref', `${what} calls ${refText}, but package '${ref.package}' is not installed`, {
      ...(ref.location ? { location: ref.location } : {}),
      hint: refable.has(ref.name) ? `did you mean ref('${ref.name}')?` : 'opp does not install packages: copy the model into this project',
      nodeId: draft.uniqueId,
    });
  }
  const disabledId = disabled.get(ref.name);
  if (disabledId) {
    return new GraphError('graph/disabled-ref', `${what} calls ${refText}, but '${ref.name}' is disabled`, {
      ...(ref.location ? { location: ref.location } : {}),
      hint: `enable '${ref.name}' (enabled: true) or remove the ref`,
      nodeId: draft.uniqueId,
    });
  }
  const match = closestMatch(ref.name, refable.keys());
  return new GraphError('graph/unknown-ref', `${what} calls ${refText}, but no model, seed or snapshot is named '${ref.name}'`, {
    ...(ref.location ? { location: ref.location } : {}),
    hint: match ? `did you mean '${match}'?` : 'check the name, or add the model',
    nodeId: draft.uniqueId,
  });
}

function sourceError(
  src: SourceCall,
  draft: SqlDraft,
  sourceIds: ReadonlyMap<string, string>,
  sourceNames: ReadonlySet<string>,
  disabledSources: ReadonlySet<string>,
): GraphError {
  const what = `${draft.resourceType} '${draft.name}'`;
  const call = `source('${src.sourceName}', '${src.tableName}')`;
  let hint: string;
  if (disabledSources.has(`${src.sourceName}.${src.tableName}`)) hint = `source table '${src.sourceName}.${src.tableName}' is disabled: enable it or remove the call`;
  else if (!sourceNames.has(src.sourceName)) {
    const m = closestMatch(src.sourceName, sourceNames);
    hint = m ? `did you mean source '${m}'?` : `declare source '${src.sourceName}' in a sources: block of a YAML file`;
  } else {
    const tables = [...sourceIds.keys()].filter((k) => k.startsWith(`${src.sourceName}.`)).map((k) => k.slice(src.sourceName.length + 1));
    const m = closestMatch(src.tableName, tables);
    hint = m ? `did you mean source('${src.sourceName}', '${m}')?` : `add table '${src.tableName}' to source '${src.sourceName}'`;
  }
  return new GraphError('graph/unknown-source', `${what} calls ${call}, which is not a declared source table`, {
    ...(src.location ? { location: src.location } : {}),
    hint,
    nodeId: draft.uniqueId,
  });
}

function buildSourceNode(
  project: ProjectConfig,
  target: TargetConfig,
  propertiesPath: string,
  s: SourceProperties,
  t: SourceTableProperties,
  describe: (text: string | undefined, location: SourceLocation) => string,
  baseConfigs: BaseConfigCache,
): SourceNode {
  const rel = relativeToRoots(propertiesPath, project.modelPaths);
  const dirs = rel.split('/').slice(0, -1);
  const fqn = [project.name, ...dirs, s.name, t.name];
  const config = mergeOnto(baseConfigs.get('source', project.sources, fqn), [s.config, t.config]);
  const tags = [...new Set([...s.tags, ...t.tags, ...((config.tags as string[]) ?? [])])];
  return {
    resourceType: 'source',
    uniqueId: `source.${project.name}.${s.name}.${t.name}`,
    name: t.name,
    packageName: project.name,
    fqn,
    originalFilePath: propertiesPath,
    path: rel,
    description: describe(t.description, t.location),
    meta: { ...s.meta, ...t.meta, ...((config.meta as Record<string, unknown>) ?? {}) },
    tags,
    sourceName: s.name,
    sourceDescription: describe(s.description, s.location),
    identifier: t.identifier ?? t.name,
    database: s.database ?? target.database,
    schema: s.schema ?? s.name,
    loader: s.loader ?? '',
    ...((t.loadedAtField ?? s.loadedAtField) !== undefined ? { loadedAtField: (t.loadedAtField ?? s.loadedAtField)! } : {}),
    ...(t.freshness !== undefined ? { freshness: t.freshness } : s.freshness !== undefined ? { freshness: s.freshness } : {}),
    columns: describeColumns(t.columns, describe),
    config,
    quoting: { ...s.quoting, ...t.quoting },
    ...(t.external !== undefined ? { external: t.external } : {}),
    location: t.location,
  };
}
