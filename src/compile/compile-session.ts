import { randomUUID } from 'node:crypto';
import type { RelationInfo, RelationRef } from '../adapters/index.js';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import { CompileError, ConfigError, looksSecret, registerSecret, type OppError, type SourceLocation } from '../errors/index.js';
import type { DocBlock, Manifest, ManifestNode, RefCall, SourceCall } from '../manifest/index.js';
import { closestMatch } from '../util/did-you-mean.js';
import { AgateTable } from './agate-table.js';
import { buildBuiltinMacros } from './builtin-macros.js';
import { BUILTIN_TEST_MACRO_FILES, BUILTIN_TEST_MACRO_NAMES } from './builtin-test-macros.js';
import { buildPureGlobals, splitKwargs } from './jinja-globals.js';
import { buildGraphView, buildNodeView } from './node-views.js';
import { PyDateTime, UTC } from './py-datetime.js';
import { isPlainObject, pyStr, unsafe } from './python-values.js';
import { Relation, ansiRelationName, type RelationRenderer } from './relation.js';
import { TemplateContext, TemplateEnvironment, type CompiledTemplate } from './template-environment.js';
import { MacroReturn, RenderSignal, currentCall } from './template-runtime.js';
import type { CompileOptions, QueryFunctions, RelationResolver, RenderOverrides, TemplateDialect, TemplateFlags, TemplateLog } from './types.js';

/**
 * One compile session: the Nunjucks environment, the shared dbt context (builtins + every project macro)
 * and the mutable "current render" state the builtins read. Rendering is synchronous, so one shared
 * context serves every node: `beginRender` swaps the current node in, `endRender` takes the facts out.
 * Nothing is re-created per node.
 */

/** A `config()` call recorded by the parse pass. */
export interface ConfigCall {
  readonly config: Readonly<Record<string, unknown>>;
  readonly location?: SourceLocation;
}

/** The node being rendered, as much as is known of it. */
export interface RenderTarget {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: ManifestNode['resourceType'];
  readonly packageName: string;
  readonly originalFilePath: string;
  readonly path: string;
  readonly fqn: readonly string[];
  readonly rawCode: string;
  /** Config seen so far (parse pass) or the final config (run pass); `config.get` reads it. */
  readonly config: Record<string, unknown>;
  /** database/schema/alias, when resolved. */
  readonly relation?: { readonly database: string; readonly schema: string; readonly alias: string };
  /** The manifest node, in the run pass. */
  readonly node?: ManifestNode;
  readonly version?: string | number;
}

/** What the run pass asks the caller to fetch before rendering again. */
export type QueryRequest =
  | { readonly kind: 'query'; readonly key: string; readonly sql: string }
  | { readonly kind: 'relation'; readonly key: string; readonly ref: RelationRef }
  | { readonly kind: 'columns'; readonly key: string; readonly ref: RelationRef };

/** Thrown (through the template) when a render needs a query result it does not have yet. */
export class QueryNeeded extends RenderSignal {
  constructor(readonly request: QueryRequest) {
    super();
  }
}

export interface RenderFacts {
  readonly refs: RefCall[];
  readonly sources: SourceCall[];
  readonly configCalls: ConfigCall[];
  /** Env vars read: name → value (null when unset and a default was used). */
  readonly envVars: Map<string, string | null>;
  readonly logs: TemplateLog[];
  /** Problems that do not stop the render (bad config keys). */
  readonly errors: OppError[];
  /** Ephemeral models `ref()`'d in the run pass, by unique id (insertion-ordered). */
  readonly ephemeral: Set<string>;
  /**
   * The render read something that can differ between two invocations on the same inputs: the warehouse
   * (`run_query`, `adapter.get_relation`, `adapter.get_columns_in_relation`), the clock or the invocation
   * (`run_started_at`, `invocation_id`, `modules`). Its output must not be reused from an earlier run.
   */
  volatile: boolean;
}

interface RenderState {
  mode: 'parse' | 'run';
  target: RenderTarget;
  /** Built on first use. */
  thisRelation: Relation | null | undefined;
  isIncremental: boolean;
  facts: RenderFacts;
  resolver?: RelationResolver;
  memo?: Map<string, unknown>;
  flags: TemplateFlags;
  view?: Record<string, unknown>;
  /** Relation rendering and quoting of this render (the run context's dialect, else the session's). */
  renderRelation: RelationRenderer;
  dialect: TemplateDialect | undefined;
  overrides?: RenderOverrides;
  /** `env_var()`'s environment for this render (the session's when absent). */
  env?: Readonly<Record<string, string | undefined>>;
  /** What `this` renders as, instead of the target's relation. */
  thisOverride?: RelationRef;
  /** The adapter type `adapter.dispatch` / `target.type` use (default the target's). */
  dispatchAs?: string;
}

/** Options of one render (`beginRender`). */
export interface BeginRenderOptions {
  readonly isIncremental?: boolean;
  readonly resolver?: RelationResolver;
  readonly memo?: Map<string, unknown>;
  readonly flags?: TemplateFlags;
  /** Relation rendering and quoting for this render; the session's dialect when absent. */
  readonly dialect?: TemplateDialect;
  readonly overrides?: RenderOverrides;
  /** `env_var()`'s environment for this render; the session's when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly thisRelation?: RelationRef;
  readonly dispatchAs?: string;
}

/**
 * Builtin macro files (dbt's generic tests): generated code, compiled once per process and instantiated
 * in each session.
 */
const builtinMacroCode = new Map<string, string>();

export type ConfigValidator = (config: Readonly<Record<string, unknown>>, resourceType: ManifestNode['resourceType'], location: SourceLocation) => OppError[];

export interface SessionInit extends CompileOptions {
  readonly project: ProjectConfig;
  readonly target: TargetConfig;
  /** Checks the keys and values of a `config()` call; returns the problems (none when absent). */
  readonly validateConfig?: ConfigValidator;
  readonly docs?: ReadonlyMap<string, DocBlock>;
}

/** Names the static fast path evaluates itself (an override of one sends the template to Nunjucks). */
const STATIC_NAMES = ['ref', 'source', 'config', 'var', 'this', 'target', 'is_incremental'] as const;

const SAFE_TARGET_KEYS_DENY = /(pass(word|phrase)?|secret|token|private[_-]?key|credential|auth)/i;

function emptyFacts(): RenderFacts {
  return { refs: [], sources: [], configCalls: [], envVars: new Map(), logs: [], errors: [], ephemeral: new Set(), volatile: false };
}

const EMPTY_TARGET: RenderTarget = {
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

/** Merges project vars (global and project-scoped) and `--vars`. */
export function buildVars(project: ProjectConfig, cliVars: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(project.vars ?? {})) {
    if (k === project.name && isPlainObject(v)) continue;
    out[k] = v;
  }
  const scoped = (project.vars ?? {})[project.name];
  if (isPlainObject(scoped)) Object.assign(out, scoped);
  if (cliVars) Object.assign(out, cliVars);
  return out;
}

export class CompileSession {
  readonly templates: TemplateEnvironment;
  /** The shared context: builtins and project macros (prototype of every per-render context). */
  readonly shared: Record<string, unknown>;
  readonly project: ProjectConfig;
  readonly target: TargetConfig;
  readonly vars: Record<string, unknown>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly dialect: TemplateDialect | undefined;
  readonly renderRelation: RelationRenderer;
  readonly invocationId: string;
  readonly runStartedAt: Date;
  readonly flags: TemplateFlags;
  readonly validateConfig: ConfigValidator | undefined;
  docs: ReadonlyMap<string, DocBlock>;
  /** Names of project macros (the ones `{% macro %}` defined), for dispatch and dependsOn. */
  readonly projectMacros = new Set<string>();
  /** The manifest the run pass renders against (graph, default resolver). */
  manifest: Manifest | undefined;
  /** Per-node templates kept between the passes (by unique id). */
  readonly nodeTemplates = new Map<string, NodeTemplateEntry>();
  /** Where the parse cache lives: the run pass reads generated code from it on demand. */
  codeCacheDir: string | undefined;
  /** The code cache, once read (`loadCodeCache`). */
  codeCache: Readonly<Record<string, { readonly checksum: string; readonly code: string; readonly strip?: string }>> | undefined;
  private codeCacheLoading: Promise<void> | undefined;

  /** Reads the generated-code cache once (the run pass calls this before compiling a Nunjucks template). */
  loadCodeCache(read: (dir: string) => Promise<{ entries: Readonly<Record<string, { checksum: string; code: string; strip?: string }>> } | undefined>): Promise<void> {
    if (this.codeCache || !this.codeCacheDir) return Promise.resolve();
    this.codeCacheLoading ??= read(this.codeCacheDir).then((c) => {
      this.codeCache = c?.entries ?? {};
    });
    return this.codeCacheLoading;
  }
  private state: RenderState;
  private readonly targetView: Record<string, unknown>;

  constructor(init: SessionInit) {
    this.templates = new TemplateEnvironment();
    this.project = init.project;
    this.target = init.target;
    this.vars = buildVars(init.project, init.vars);
    this.env = init.env ?? process.env;
    this.dialect = init.dialect;
    this.renderRelation = init.dialect ? (r) => init.dialect!.relationName(r) : ansiRelationName;
    this.invocationId = init.invocationId ?? randomUUID();
    this.runStartedAt = init.runStartedAt ?? new Date();
    this.flags = { FULL_REFRESH: false, WHICH: 'parse', ...(init.flags ?? {}) };
    this.validateConfig = init.validateConfig;
    this.docs = init.docs ?? new Map();
    this.targetView = this.buildTargetView();
    this.state = {
      mode: 'parse',
      target: EMPTY_TARGET,
      thisRelation: undefined,
      isIncremental: false,
      facts: emptyFacts(),
      flags: this.flags,
      renderRelation: this.renderRelation,
      dialect: this.dialect,
    };
    this.shared = Object.create(null) as Record<string, unknown>;
    this.installBuiltins();
  }

  // -------------------------------------------------------------------------------------------------
  // render state

  /** Makes `target` the node being rendered. Returns the facts object the render fills. */
  beginRender(mode: 'parse' | 'run', target: RenderTarget, opts: BeginRenderOptions = {}): RenderFacts {
    const facts = emptyFacts();
    const dialect = opts.dialect ?? this.dialect;
    this.state = {
      mode,
      target,
      thisRelation: undefined,
      isIncremental: opts.isIncremental ?? false,
      facts,
      flags: opts.flags ?? this.flags,
      renderRelation: opts.dialect && opts.dialect !== this.dialect ? (r) => opts.dialect!.relationName(r) : this.renderRelation,
      dialect,
      ...(opts.resolver ? { resolver: opts.resolver } : {}),
      ...(opts.memo ? { memo: opts.memo } : {}),
      ...(opts.overrides ? { overrides: opts.overrides } : {}),
      ...(opts.env && opts.env !== this.env ? { env: opts.env } : {}),
      ...(opts.thisRelation ? { thisOverride: opts.thisRelation } : {}),
      ...(opts.dispatchAs ? { dispatchAs: opts.dispatchAs } : {}),
    };
    return facts;
  }

  /** Renders a compiled template for the current node. */
  render(tpl: CompiledTemplate): string {
    const macros = this.state.overrides?.macros;
    const restore = macros ? this.applyContextOverrides(macros) : undefined;
    try {
      return this.templates.render(tpl, Object.create(this.shared) as Record<string, unknown>);
    } finally {
      restore?.();
    }
  }

  /** True when the current render overrides a name the static fast path reads (it must render with Nunjucks). */
  overridesStaticNames(): boolean {
    const macros = this.state.overrides?.macros;
    if (!macros) return false;
    for (const name of STATIC_NAMES) if (Object.prototype.hasOwnProperty.call(macros, name)) return true;
    return false;
  }

  /**
   * Replaces context names for one synchronous render (unit tests' `overrides.macros`, as dbt's
   * `UnitTestMacroGenerator`): a callable becomes a callable returning the value, anything else the value;
   * `dbt.x` replaces `x` in the `dbt` namespace and at top level. Returns the undo.
   */
  private applyContextOverrides(macros: Readonly<Record<string, unknown>>): () => void {
    const saved: [Record<string, unknown>, string, PropertyDescriptor | undefined][] = [];
    const put = (obj: Record<string, unknown>, key: string, value: unknown): void => {
      saved.push([obj, key, Object.getOwnPropertyDescriptor(obj, key)]);
      Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: true });
    };
    const replacement = (original: unknown, value: unknown): unknown => (typeof original === 'function' ? () => value : value);
    const shared = this.shared;
    for (const full in macros) {
      const value = macros[full];
      const dot = full.indexOf('.');
      if (dot === -1) {
        if (full in shared) put(shared, full, replacement(shared[full], value));
        continue;
      }
      const pkg = full.slice(0, dot);
      const name = full.slice(dot + 1);
      const ns = shared[pkg];
      if (name.includes('.') || !isPlainObject(ns)) continue;
      if (!(name in ns)) {
        // A dbt macro opp does not ship (`dbt.current_timestamp`) that the project defines: dbt would
        // replace the top-level name too, so do that.
        if (pkg === 'dbt' && name in shared) put(shared, name, replacement(shared[name], value));
        continue;
      }
      const r = replacement(ns[name], value);
      put(ns, name, r);
      if (pkg === 'dbt') put(shared, name, r);
    }
    return () => {
      for (let i = saved.length - 1; i >= 0; i--) {
        const [obj, key, desc] = saved[i]!;
        if (desc) Object.defineProperty(obj, key, desc);
        else delete obj[key];
      }
    };
  }

  /** Renders `text` (hooks, `show --inline`, YAML descriptions) as a one-off template. */
  renderText(text: string, file: string): string {
    return this.render(this.templates.compile(text, file));
  }

  /** Defines the macros of a compiled macro file in the shared context. */
  executeMacroFile(tpl: CompiledTemplate): void {
    this.templates.execute(tpl, new TemplateContext(this.shared, this.templates.env));
  }

  /** Calls a macro (or builtin) by name from JavaScript, for the current node; returns its value. */
  callMacro(name: string, args: unknown[]): unknown {
    const fn = this.shared[name];
    if (typeof fn !== 'function') throw new CompileError('compile/undefined-macro', `macro '${name}' is not defined`);
    try {
      return (fn as (...a: unknown[]) => unknown)(...args);
    } catch (e) {
      if (e instanceof MacroReturn) return e.value;
      throw e;
    }
  }

  get current(): RenderTarget {
    return this.state.target;
  }

  nodeView(): Record<string, unknown> {
    if (this.state.view) return this.state.view;
    const t = this.state.target;
    const view = t.node
      ? buildNodeView(t.node)
      : {
          unique_id: t.uniqueId,
          name: t.name,
          resource_type: t.resourceType,
          package_name: t.packageName,
          path: t.path,
          original_file_path: t.originalFilePath,
          fqn: [...t.fqn],
          raw_code: t.rawCode,
          raw_sql: t.rawCode,
          config: t.config,
          database: t.relation?.database ?? null,
          schema: t.relation?.schema ?? null,
          alias: t.relation?.alias ?? null,
          tags: (t.config['tags'] as unknown[] | undefined) ?? [],
          version: t.version ?? null,
          language: 'sql',
        };
    this.state.view = view;
    return view;
  }

  // -------------------------------------------------------------------------------------------------
  // builtins

  private buildTargetView(): Record<string, unknown> {
    const t = this.target;
    const view: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(t.settings ?? {})) {
      if (SAFE_TARGET_KEYS_DENY.test(k) || looksSecret(k)) continue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isPlainObject(v)) continue;
      view[k] = v;
    }
    Object.assign(view, {
      name: t.name,
      target_name: t.name,
      profile_name: t.profileName,
      type: t.type,
      schema: t.schema,
      database: t.database,
      threads: t.threads,
    });
    if (view['user'] === undefined) view['user'] = (t.settings?.['user'] as string | undefined) ?? null;
    return view;
  }

  here(): SourceLocation {
    return { file: currentCall.file, line: currentCall.line, column: currentCall.column };
  }

  private relationFor(ref: { database?: string | null; schema?: string | null; identifier: string }, type: Relation['type'] = null): Relation {
    return new Relation(ref, this.state.renderRelation, type);
  }

  /** `ref()` from a template: parses the arguments, then `resolveRef`. */
  ref(args: unknown[], location?: SourceLocation): Relation {
    const { positional, kwargs } = splitKwargs(args);
    const strs = positional.map((a) => unsafe(a));
    if (strs.length < 1 || strs.length > 2 || strs.some((s) => typeof s !== 'string')) {
      throw new CompileError('compile/render-failed', `ref() takes a model name, or a package name and a model name (got ${strs.map((s) => pyStr(s)).join(', ')})`, {
        hint: "write ref('model_name') or ref('package', 'model_name')",
      });
    }
    const name = (strs.length === 2 ? strs[1] : strs[0]) as string;
    const pkg = strs.length === 2 ? (strs[0] as string) : undefined;
    const version = (kwargs['v'] ?? kwargs['version']) as string | number | undefined | null;
    return this.resolveRef(name, pkg, version ?? undefined, location);
  }

  /** `ref()` for the current render: records it (parse pass) or resolves it (run pass). */
  resolveRef(name: string, pkg: string | undefined, version: string | number | undefined, location?: SourceLocation, wantValue = true): Relation {
    const st = this.state;
    if (st.mode === 'parse') {
      const call: { name: string; package?: string; version?: string | number; location: SourceLocation } = { name, location: location ?? this.here() };
      if (pkg !== undefined) call.package = pkg;
      if (version !== undefined) call.version = version;
      st.facts.refs.push(call);
      if (!wantValue) return undefined as unknown as Relation;
      return this.relationFor({ database: this.target.database, schema: this.target.schema, identifier: name });
    }
    if (!st.resolver || !st.target.node) throw new CompileError('compile/render-failed', 'ref() called outside a node render');
    const r = st.resolver.ref({ name, ...(pkg !== undefined ? { package: pkg } : {}), ...(version !== undefined ? { version } : {}) }, st.target.node);
    if (r.ephemeral && r.uniqueId) {
      st.facts.ephemeral.add(r.uniqueId);
      return Relation.cte(`__dbt__cte__${r.identifier}`);
    }
    return this.relationFor(r);
  }

  /** `source()` from a template. */
  source(args: unknown[], location?: SourceLocation): Relation {
    const [src, table] = splitKwargs(args).positional.map((a) => unsafe(a));
    if (typeof src !== 'string' || typeof table !== 'string') {
      throw new CompileError('compile/render-failed', 'source() takes a source name and a table name', {
        hint: "write source('source_name', 'table_name')",
      });
    }
    return this.resolveSource(src, table, location);
  }

  resolveSource(s: string, t: string, location?: SourceLocation, wantValue = true): Relation {
    const st = this.state;
    if (st.mode === 'parse') {
      st.facts.sources.push({ sourceName: s, tableName: t, location: location ?? this.here() });
      if (!wantValue) return undefined as unknown as Relation;
      return this.relationFor({ database: this.target.database, schema: s, identifier: t });
    }
    if (!st.resolver || !st.target.node) throw new CompileError('compile/render-failed', 'source() called outside a node render');
    return this.relationFor(st.resolver.source(s, t, st.target.node));
  }

  /** `config(...)` for the current render: records (parse) or ignores (run). */
  configCall(args: unknown[], location?: SourceLocation): string {
    const st = this.state;
    if (st.mode !== 'parse') return '';
    const { positional, kwargs } = splitKwargs(args);
    const cfg: Record<string, unknown> = {};
    for (const p of positional) {
      const v = unsafe(p);
      if (isPlainObject(v)) Object.assign(cfg, v);
      else if (v !== undefined && v !== null) {
        st.facts.errors.push(
          new CompileError('compile/bad-config', `config() takes keyword arguments or one dict, not ${pyStr(v)}`, {
            location: location ?? this.here(),
            hint: "write config(materialized='table') or config({'materialized': 'table'})",
          }),
        );
      }
    }
    Object.assign(cfg, kwargs);
    delete cfg['__keywords'];
    const where = location ?? this.here();
    if (this.validateConfig) {
      for (const err of this.validateConfig(cfg, st.target.resourceType, where)) st.facts.errors.push(err);
    }
    const clean = cfg;
    st.facts.configCalls.push({ config: clean, location: where });
    Object.assign(st.target.config, clean);
    return '';
  }

  /** `var(name, default)`. */
  getVar(name: unknown, hasDefault: boolean, def?: unknown): unknown {
    const key = String(unsafe(name));
    const overrides = this.state.overrides?.vars;
    if (overrides && Object.prototype.hasOwnProperty.call(overrides, key)) return overrides[key];
    if (Object.prototype.hasOwnProperty.call(this.vars, key)) return this.vars[key];
    if (hasDefault) return def;
    const names = overrides ? [...new Set([...Object.keys(this.vars), ...Object.keys(overrides)])] : Object.keys(this.vars);
    const match = closestMatch(key, names);
    throw new CompileError(
      'compile/unknown-var',
      `var('${key}') is not defined and has no default` + (names.length ? ` (defined vars: ${names.join(', ')})` : ' (no vars are defined)'),
      {
        hint: match ? `did you mean '${match}'?` : `define '${key}' under vars: in ${this.project.file ?? 'project.yml'}, pass --vars '{${key}: ...}', or give var() a default`,
        nodeId: this.state.target.uniqueId || undefined,
      },
    );
  }

  /** `env_var(name, default)`; records what was read. */
  envVar(name: unknown, hasDefault: boolean, def?: unknown): unknown {
    const key = String(unsafe(name));
    const overrides = this.state.overrides?.env;
    let value: string | undefined;
    if (overrides && Object.prototype.hasOwnProperty.call(overrides, key)) {
      const v = unsafe(overrides[key]);
      value = v === null || v === undefined ? undefined : pyStr(v);
    } else value = (this.state.env ?? this.env)[key];
    if (value !== undefined) {
      if (key.startsWith('DBT_ENV_SECRET') || looksSecret(key)) registerSecret(value);
      this.state.facts.envVars.set(key, value);
      return value;
    }
    if (hasDefault) {
      this.state.facts.envVars.set(key, null);
      return def;
    }
    throw new ConfigError('config/missing-env-var', `env_var('${key}') is not set and has no default`, {
      hint: `set the environment variable ${key}, or give env_var() a default: env_var('${key}', 'value')`,
      nodeId: this.state.target.uniqueId || undefined,
    });
  }

  isIncremental(): boolean {
    return this.state.mode === 'run' && this.state.isIncremental;
  }

  thisRelation(): Relation | null {
    const st = this.state;
    if (st.thisRelation === undefined) {
      const r = st.target.relation;
      if (st.thisOverride) st.thisRelation = new Relation(st.thisOverride, st.renderRelation);
      else st.thisRelation = r ? new Relation({ database: r.database, schema: r.schema, identifier: r.alias }, st.renderRelation) : null;
    }
    return st.thisRelation;
  }

  /** The adapter type templates see: `dispatchAs` of the render, else the target's. */
  get adapterType(): string {
    return this.state.dispatchAs ?? this.target.type;
  }

  targetAttr(attr: string): unknown {
    return this.currentTargetView()[attr];
  }

  /** `target`, with `type` replaced while a render dispatches as another adapter. */
  private currentTargetView(): Record<string, unknown> {
    const as = this.state.dispatchAs;
    if (as === undefined || as === this.target.type) return this.targetView;
    let view = this.targetViews.get(as);
    if (!view) {
      view = { ...this.targetView, type: as };
      this.targetViews.set(as, view);
    }
    return view;
  }

  private readonly targetViews = new Map<string, Record<string, unknown>>();

  private needs(request: QueryRequest): unknown {
    this.state.facts.volatile = true;
    const memo = this.state.memo;
    if (memo && memo.has(request.key)) return memo.get(request.key);
    throw new QueryNeeded(request);
  }

  private log(level: TemplateLog['level'], message: unknown): void {
    this.state.facts.logs.push({
      level,
      message: pyStr(unsafe(message)),
      ...(this.state.target.uniqueId ? { nodeId: this.state.target.uniqueId } : {}),
      location: this.here(),
    });
  }

  /**
   * adapter.dispatch: `<type>__name`, then `default__name`, in each package of the namespace's search order
   * (as dbt): a project-configured `dispatch:` order; else, for no namespace, the project's own or `dbt`
   * (dbt's internal package counts as a dependency), the project first, then the builtins.
   */
  dispatch(name: string, namespace: string | null | undefined): unknown {
    const type = this.adapterType;
    const prefixes = [type, 'default'];
    const configured = this.project.dispatch?.find((d) => d.macroNamespace === namespace)?.searchOrder;
    let packages: readonly string[];
    if (configured && configured.length) packages = configured;
    else if (namespace === null || namespace === undefined || namespace === this.project.name || namespace === 'dbt') packages = [this.project.name, 'dbt'];
    else packages = [namespace];
    const tried: string[] = [];
    for (const pkg of packages) {
      for (const prefix of prefixes) {
        const candidate = `${prefix}__${name}`;
        tried.push(pkg === this.project.name ? candidate : `${pkg}.${candidate}`);
        const fn = this.lookupInPackage(pkg, candidate);
        if (fn !== undefined) return fn;
      }
    }
    throw new CompileError(
      'compile/unknown-dispatch',
      `adapter.dispatch('${name}'${namespace ? `, '${namespace}'` : ''}) found no macro: searched ${tried.join(', ')}`,
      { hint: `define a macro named 'default__${name}' (or '${type}__${name}') under macro-paths` },
    );
  }

  private lookupInPackage(pkg: string, name: string): unknown {
    if (pkg === this.project.name) return this.projectMacros.has(name) ? this.shared[name] : undefined;
    if (pkg === 'dbt') {
      // The `dbt` namespace object (a render's `dbt.x` overrides replace entries of it).
      const ns = this.shared['dbt'] as Record<string, unknown>;
      return Object.prototype.hasOwnProperty.call(ns, name) ? ns[name] : undefined;
    }
    return undefined;
  }

  private builtins: Record<string, unknown> = {};

  private installBuiltins(): void {
    const s = this.shared;
    Object.assign(s, buildPureGlobals());
    const session = this;

    const config = Object.assign((...args: unknown[]) => session.configCall(args), {
      get(key: unknown, def: unknown = null): unknown {
        const k = String(unsafe(key));
        const cfg = session.state.target.config;
        const v = cfg[k] ?? (k === 'pre_hook' ? cfg['pre-hook'] : k === 'post_hook' ? cfg['post-hook'] : undefined);
        return v === undefined || v === null ? (isPlainObject(def) && def['__keywords'] ? (def['default'] ?? null) : def) : v;
      },
      require(key: unknown): unknown {
        const k = String(unsafe(key));
        const v = session.state.target.config[k];
        if (v === undefined || v === null) {
          throw new CompileError('compile/bad-config', `config '${k}' is required but not set`, {
            hint: `set ${k} in config(), the properties YAML or project.yml`,
          });
        }
        return v;
      },
    });

    const adapter = {
      dispatch(...args: unknown[]): unknown {
        const { positional, kwargs } = splitKwargs(args);
        const name = String(unsafe(positional[0]));
        const ns = (kwargs['macro_namespace'] ?? positional[1] ?? null) as string | null;
        return session.dispatch(name, ns === null ? null : String(unsafe(ns)));
      },
      quote(identifier: unknown): string {
        const id = String(unsafe(identifier));
        const dialect = session.state.dialect;
        return dialect ? dialect.quoteIdentifier(id) : `"${id.replace(/"/g, '""')}"`;
      },
      type(): string {
        return session.adapterType;
      },
      get_relation(...args: unknown[]): unknown {
        if (session.state.mode === 'parse') return null;
        const { positional, kwargs } = splitKwargs(args);
        const database = unsafe(kwargs['database'] ?? positional[0]) as string | null;
        const schema = String(unsafe(kwargs['schema'] ?? positional[1]));
        const identifier = String(unsafe(kwargs['identifier'] ?? positional[2]));
        const ref: RelationRef = { ...(database ? { database } : {}), schema, identifier };
        const info = session.needs({ kind: 'relation', key: `r:${database ?? ''}|${schema}|${identifier}`, ref }) as RelationInfo | undefined | null;
        if (!info) return null;
        return session.relationFor({ database: info.database ?? database, schema: info.schema, identifier: info.identifier }, info.kind);
      },
      get_columns_in_relation(relation: unknown): unknown {
        if (session.state.mode === 'parse') return [];
        const r = relation as Relation;
        if (!(r instanceof Relation)) throw new CompileError('compile/render-failed', 'get_columns_in_relation() needs a relation');
        const ref = r.toRef();
        const cols = session.needs({ kind: 'columns', key: `c:${ref.database ?? ''}|${ref.schema}|${ref.identifier}`, ref }) as
          | { name: string; dataType: string }[]
          | undefined;
        return (cols ?? []).map((c) => ({
          name: c.name,
          column: c.name,
          data_type: c.dataType,
          dtype: c.dataType,
          quoted: adapter.quote(c.name),
        }));
      },
    };

    Object.assign(s, {
      ref: (...args: unknown[]) => session.ref(args),
      source: (...args: unknown[]) => session.source(args),
      config,
      var: (...args: unknown[]) => {
        const { positional, kwargs } = splitKwargs(args);
        const hasDefault = positional.length > 1 || Object.prototype.hasOwnProperty.call(kwargs, 'default');
        return session.getVar(positional[0], hasDefault, positional.length > 1 ? positional[1] : kwargs['default']);
      },
      env_var: (...args: unknown[]) => {
        const { positional, kwargs } = splitKwargs(args);
        const hasDefault = positional.length > 1 || Object.prototype.hasOwnProperty.call(kwargs, 'default');
        return session.envVar(positional[0], hasDefault, positional.length > 1 ? positional[1] : kwargs['default']);
      },
      is_incremental: () => session.isIncremental(),
      run_query: (sql: unknown) => {
        if (session.state.mode === 'parse') return AgateTable.empty();
        const text = pyStr(unsafe(sql));
        const res = session.needs({ kind: 'query', key: `q:${text}`, sql: text }) as { columns: never[]; rows: never[] };
        return new AgateTable(res.columns, res.rows);
      },
      doc: (name: unknown) => {
        const key = String(unsafe(name));
        const d = session.docs.get(key);
        if (!d) {
          const match = closestMatch(key, session.docs.keys());
          throw new CompileError('compile/unknown-doc', `doc('${key}') names no docs block`, {
            hint: match ? `did you mean '${match}'?` : `add {% docs ${key} %}...{% enddocs %} to a .md file under docs-paths or model-paths`,
          });
        }
        return d.blockContents;
      },
      adapter,
      exceptions: {
        raise_compiler_error(msg: unknown): never {
          throw new CompileError('compile/compiler-error', pyStr(unsafe(msg)), {
            hint: 'raised by exceptions.raise_compiler_error() in the template',
            ...(session.state.target.uniqueId ? { nodeId: session.state.target.uniqueId } : {}),
          });
        },
        raise_not_implemented(msg: unknown): never {
          throw new CompileError('compile/compiler-error', `not implemented: ${pyStr(unsafe(msg))}`);
        },
        warn(msg: unknown): string {
          session.log('warn', msg);
          return '';
        },
      },
      log: (...args: unknown[]) => {
        const { positional, kwargs } = splitKwargs(args);
        const info = kwargs['info'] ?? positional[1] ?? false;
        session.log(info ? 'info' : 'debug', positional[0]);
        return '';
      },
      print: (msg: unknown) => {
        session.log('info', msg);
        return '';
      },
      return: (value: unknown) => {
        throw new MacroReturn(value);
      },
      project_name: this.project.name,
      dbt_version: '1.8.0',
      True: true,
      False: false,
      None: null,
    });

    const runStartedAt = PyDateTime.fromDate(this.runStartedAt, UTC);
    const modules = s['modules'];
    delete s['modules'];
    const volatile = <T>(value: T): T => {
      session.state.facts.volatile = true;
      return value;
    };
    const dynamic: Record<string, () => unknown> = {
      // values of this invocation (and `modules.datetime`'s clock): renders that read them are volatile
      run_started_at: () => volatile(runStartedAt),
      invocation_id: () => volatile(session.invocationId),
      modules: () => volatile(modules),
      target: () => session.currentTargetView(),
      this: () => session.thisRelation(),
      model: () => session.nodeView(),
      node: () => session.nodeView(),
      execute: () => session.state.mode === 'run',
      flags: () => session.state.flags,
      graph: () =>
        session.state.mode === 'run' && session.manifest
          ? buildGraphView(session.manifest)
          : { nodes: {}, sources: {}, macros: {}, exposures: {}, metrics: {} },
    };
    for (const [name, get] of Object.entries(dynamic)) {
      Object.defineProperty(s, name, {
        get,
        // `{% set model = ... %}` in a template shadows the builtin in that template's own context.
        set(this: object, v: unknown) {
          Object.defineProperty(this, name, { value: v, writable: true, configurable: true, enumerable: true });
        },
        enumerable: true,
        configurable: true,
      });
    }

    this.builtins = buildBuiltinMacros(this);
    Object.assign(s, this.builtins);
    s['dbt'] = { ...this.builtins };
    this.defineBuiltinMacroFiles();
  }

  /**
   * dbt's generic tests (`builtin-test-macros.ts`) as builtins of the `dbt` package. Their names are
   * defined at once, in the shared context and in `dbt`, as placeholders that load the files on first use
   * (compiling them costs tens of milliseconds on a cold process, and most commands never call a test
   * macro). A project macro of the same name, loaded afterwards, replaces a placeholder by name.
   */
  private defineBuiltinMacroFiles(): void {
    const session = this;
    const dbtNamespace = this.shared['dbt'] as Record<string, unknown>;
    for (const name of BUILTIN_TEST_MACRO_NAMES) {
      for (const holder of [this.shared, dbtNamespace]) {
        Object.defineProperty(holder, name, {
          get: () => {
            session.loadBuiltinMacroFiles();
            // Still a placeholder: the files do not define the name (the names list is out of date).
            if (Object.getOwnPropertyDescriptor(holder, name)?.get) {
              delete holder[name];
              return undefined;
            }
            return holder[name];
          },
          // A definition (a project macro file, `{% set %}` at a template's top level) replaces the
          // placeholder on the object it is made on.
          set(this: object, v: unknown) {
            Object.defineProperty(this, name, { value: v, writable: true, configurable: true, enumerable: true });
          },
          enumerable: true,
          configurable: true,
        });
      }
    }
  }

  private builtinFilesLoaded = false;

  /**
   * Loads the builtin macro files (once): each runs against the shared context, so names its macros call
   * (`get_where_subquery`, `should_store_failures`) resolve to a project override first, as in dbt; each
   * macro it defines goes to the `dbt` namespace, and to the shared context unless the project defined the
   * name. Never project macros: not in `projectMacros`, not in the manifest.
   */
  private loadBuiltinMacroFiles(): void {
    if (this.builtinFilesLoaded) return;
    this.builtinFilesLoaded = true;
    const shared = this.shared;
    const dbtNamespace = shared['dbt'] as Record<string, unknown>;
    const placeholder = (obj: Record<string, unknown>, name: string): boolean => {
      const d = Object.getOwnPropertyDescriptor(obj, name);
      return d === undefined || d.get !== undefined;
    };
    for (const file of BUILTIN_TEST_MACRO_FILES) {
      let code = builtinMacroCode.get(file.path);
      if (code === undefined) {
        code = this.templates.compile(file.sql, file.path).code;
        builtinMacroCode.set(file.path, code);
      }
      const context = new TemplateContext(shared, this.templates.env);
      context.setVariable = (name: string, value: unknown): void => {
        this.builtins[name] = value;
        const plain = { value, writable: true, configurable: true, enumerable: true };
        if (placeholder(dbtNamespace, name)) Object.defineProperty(dbtNamespace, name, plain);
        if (placeholder(shared, name)) Object.defineProperty(shared, name, plain);
      };
      this.templates.execute(this.templates.instantiate(code, file.path), context);
    }
  }
}

export interface NodeTemplateEntry {
  /** Checksum of the text the entry was built from. */
  readonly checksum: string;
  readonly kind: 'static' | 'jinja';
  readonly staticTemplate?: import('./static-template.js').StaticTemplate;
  compiled?: CompiledTemplate;
  /** Generated code (from the cache) not yet instantiated. */
  code?: string;
  /** Text rendered (snapshot block bodies are padded to keep positions). */
  readonly text: string;
  /** Prefix the padding adds to the output, to strip after rendering. */
  readonly strip: string;
}

export type { QueryFunctions };
