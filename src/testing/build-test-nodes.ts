import { buildNodeConfig, folderConfigFor, mergeConfig } from '../config/index.js';
import type { FolderConfigTree, NodeConfig } from '../config/types.js';
import { scanStaticTemplate } from '../compile/index.js';
import { GraphError, OppError, ProjectError, type SourceLocation } from '../errors/index.js';
import type {
  MacroNode,
  ModelNode,
  RefCall,
  RelationName,
  SeedNode,
  SnapshotNode,
  SourceCall,
  SourceNode,
  TestMetadata,
  TestNode,
} from '../manifest/index.js';
import type { ColumnProperties, ProjectFile, PropertiesFile, TestDefinition } from '../project/index.js';
import { closestMatch } from '../util/did-you-mean.js';
import { BUILTIN_GENERIC_TESTS, BUILTIN_TEST_MACRO_FILES } from './builtin-test-macros.js';
import { buildTestRawCode, collectStrings, findRelationCalls, type FoundRef, type FoundSource } from './render-test-code.js';
import { buildGenericTestDigest, buildGenericTestNames } from './synthesize-test-name.js';
import { parseTestMacroSignature, requiredTestArguments, type MacroParameter } from './test-macro-signature.js';

/**
 * Test nodes from a project: every generic test written in YAML (on models, seeds, snapshots, their
 * columns, source tables and their columns; `tests:` and `data_tests:`; old-style and `arguments:` forms)
 * and every singular test (`.sql` under test-paths). Names, unique ids, fqns, config and dependencies
 * follow dbt. Pure: no files, no database, no template rendering (a singular test's refs and config are
 * read by compile's static scanner, or by `parseSingularTest` when the caller gives one).
 */

export type TestableNode = ModelNode | SeedNode | SnapshotNode;

/** What a singular test's template records in the parse pass. */
export interface SingularTestFacts {
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  /** `config()` calls, merged in order. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly macros?: readonly string[];
}

export interface BuildTestNodesInput {
  readonly projectName: string;
  readonly properties: readonly PropertiesFile[];
  /**
   * Models, seeds and snapshots of the manifest being built, by name. Disabled ones may be included
   * (`config.enabled: false`): tests on them are disabled too, as dbt does.
   */
  readonly nodes: Readonly<Record<string, TestableNode>>;
  /** Enabled source tables (the manifest's `sources`, by unique id). */
  readonly sources: Readonly<Record<string, SourceNode>>;
  /** The project's macros (the manifest's `macros`): `{% test x %}` blocks are the macros `test_x`. */
  readonly macros: Readonly<Record<string, MacroNode>>;
  /** `.sql` files under test-paths (not `generic/`, not `fixtures/`). */
  readonly singularTests: readonly ProjectFile[];
  /** project.yml `data_tests:` (or `tests:`). */
  readonly projectTestConfig: FolderConfigTree;
  /** The target's database and schema, for dbt's default relation names of tests. */
  readonly target: { readonly database: string; readonly schema: string };
  /** project.yml `test-paths` (default `['tests']`), for singular tests' fqn and path. */
  readonly testPaths?: readonly string[];
  /** Quotes a column with `quote: true` (dbt's `adapter.quote`); ANSI double quotes by default. */
  readonly quoteIdentifier?: (name: string) => string;
  /**
   * database / schema / alias of a test (the project's `generate_*_name` macros). Default: dbt's default
   * macros: `config.database` or the target's, `<target schema>_<config.schema>`, `config.alias` or the name.
   */
  readonly resolveRelationName?: (test: { readonly name: string; readonly fqn: readonly string[]; readonly config: NodeConfig }) => RelationName;
  /** Reads a singular test's refs, sources and config() (compile's parse pass); default: static scan. */
  readonly parseSingularTest?: (file: ProjectFile) => SingularTestFacts;
}

export interface BuildTestNodesResult {
  /** Enabled tests. */
  readonly tests: TestNode[];
  /** Tests switched off (`enabled: false`) or attached to a disabled node. */
  readonly disabled: TestNode[];
  /** Fatal problems (exit 2), each with the YAML file and line. */
  readonly errors: OppError[];
  /** Non-fatal problems (tests on a model that does not exist). */
  readonly warnings: OppError[];
}

/** dbt's `TestConfig.schema` default: tests (and stored failures) live in `<target schema>_dbt_test__audit`. */
export const TEST_AUDIT_SCHEMA = 'dbt_test__audit';

const BUILTIN_SIGNATURES: ReadonlyMap<string, MacroParameter[]> = (() => {
  const out = new Map<string, MacroParameter[]>();
  const text = BUILTIN_TEST_MACRO_FILES.find((f) => f.path.endsWith('builtin.sql'))!.sql;
  for (const m of text.matchAll(/\{%\s*test\s+([a-z_]+)\s*\([^%]*%\}/g)) {
    const params = parseTestMacroSignature(m[0]);
    if (params) out.set(m[1]!, params);
  }
  return out;
})();

function defaultRelationName(target: BuildTestNodesInput['target']): NonNullable<BuildTestNodesInput['resolveRelationName']> {
  return ({ name, config }) => {
    const custom = config.schema;
    return {
      database: typeof config.database === 'string' && config.database ? config.database : target.database,
      schema: custom === undefined || custom === null ? target.schema : `${target.schema}_${String(custom).trim()}`,
      alias: typeof config.alias === 'string' && config.alias ? config.alias.trim() : name,
    };
  };
}

function ansiQuote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** dbt's `get_fqn` for a YAML file: `[project, ...folders of the path without its first part, name]`. */
function yamlFqn(projectName: string, path: string, name: string): string[] {
  const parts = path.split('/');
  return [projectName, ...parts.slice(1, -1), name];
}

function stripRoot(path: string, roots: readonly string[]): string {
  let best = '';
  for (const r of roots) {
    const root = r.replace(/\/+$/, '').replace(/^\.\//, '');
    if (root === '' || root === '.') continue;
    if (path.startsWith(root + '/') && root.length > best.length) best = root;
  }
  return best ? path.slice(best.length + 1) : path;
}

function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** What one YAML test is attached to. */
type Target =
  | { readonly kind: 'node'; readonly node: TestableNode; readonly file: string; readonly column?: ColumnProperties }
  | { readonly kind: 'source'; readonly source: SourceNode; readonly file: string; readonly column?: ColumnProperties; readonly parentTags: readonly string[] };

class Builder {
  readonly tests: TestNode[] = [];
  readonly disabled: TestNode[] = [];
  readonly errors: OppError[] = [];
  readonly warnings: OppError[] = [];
  private readonly seen = new Map<string, SourceLocation>();
  private readonly baseConfigs = new Map<string, NodeConfig>();
  private readonly projectMacros = new Map<string, MacroNode>();
  private readonly sourcesByName = new Map<string, SourceNode>();
  private readonly relationName: NonNullable<BuildTestNodesInput['resolveRelationName']>;
  private readonly quote: (name: string) => string;

  constructor(private readonly input: BuildTestNodesInput) {
    for (const m of Object.values(input.macros)) if (m.packageName === input.projectName) this.projectMacros.set(m.name, m);
    for (const s of Object.values(input.sources)) this.sourcesByName.set(`${s.sourceName}.${s.name}`, s);
    this.relationName = input.resolveRelationName ?? defaultRelationName(input.target);
    this.quote = input.quoteIdentifier ?? ansiQuote;
  }

  run(): BuildTestNodesResult {
    for (const pf of this.input.properties) {
      for (const props of pf.nodes) {
        if (props.resourceType === 'analysis') continue;
        const defs = [...props.tests.map((d) => ({ d, c: undefined as ColumnProperties | undefined })), ...props.columns.flatMap((c) => c.tests.map((d) => ({ d, c })))];
        if (defs.length === 0) continue;
        const node = this.input.nodes[props.name];
        if (!node || node.resourceType !== props.resourceType) {
          const candidates = Object.values(this.input.nodes).filter((n) => n.resourceType === props.resourceType).map((n) => n.name);
          const match = closestMatch(props.name, candidates);
          this.warnings.push(
            new OppError('project/unknown-resource', `${defs.length} test${defs.length === 1 ? '' : 's'} on ${props.resourceType} '${props.name}' in ${pf.path} ignored: no such ${props.resourceType} exists`, {
              location: props.location,
              hint: match ? `did you mean '${match}'?` : `create the ${props.resourceType} or remove its entry`,
            }),
          );
          continue;
        }
        for (const { d, c } of defs) this.generic(d, { kind: 'node', node, file: pf.path, ...(c ? { column: c } : {}) });
      }
      for (const s of pf.sources) {
        for (const t of s.tables) {
          const defs = [...t.tests.map((d) => ({ d, c: undefined as ColumnProperties | undefined })), ...t.columns.flatMap((c) => c.tests.map((d) => ({ d, c })))];
          if (defs.length === 0) continue;
          const source = this.sourcesByName.get(`${s.name}.${t.name}`);
          if (!source) continue; // a disabled source table: its tests are not built (dbt)
          for (const { d, c } of defs) {
            const parentTags = [...s.tags, ...t.tags, ...(c ? c.tags : [])];
            this.generic(d, { kind: 'source', source, file: pf.path, parentTags, ...(c ? { column: c } : {}) });
          }
        }
      }
    }
    for (const file of this.input.singularTests) this.singular(file);
    return { tests: this.tests, disabled: this.disabled, errors: this.errors, warnings: this.warnings };
  }

  /** The macro implementing a test, with its parameters; undefined (and an error) when there is none. */
  private testMacro(def: TestDefinition, name: string, namespace: string | undefined): { id: string; params: MacroParameter[] | undefined } | undefined {
    const macroName = `test_${name}`;
    if (namespace === undefined || namespace === this.input.projectName) {
      const own = this.projectMacros.get(macroName);
      if (own) return { id: own.uniqueId, params: parseTestMacroSignature(own.macroSql) };
    }
    if ((namespace === undefined || namespace === 'dbt') && BUILTIN_SIGNATURES.has(name)) {
      return { id: `macro.dbt.${macroName}`, params: BUILTIN_SIGNATURES.get(name) };
    }
    const known = [...BUILTIN_GENERIC_TESTS, ...[...this.projectMacros.keys()].filter((n) => n.startsWith('test_')).map((n) => n.slice(5))];
    const match = closestMatch(name, known);
    let hint: string;
    if (namespace !== undefined && namespace !== this.input.projectName && namespace !== 'dbt') {
      hint = `opp does not install packages: define {% test ${name}(model, column_name) %} under macros/ or tests/generic/ and name it '${name}'`;
    } else if (match) hint = `did you mean '${match}'?`;
    else hint = `define it with {% test ${name}(model, column_name) %} ... {% endtest %} in a file under macros/ or tests/generic/`;
    this.errors.push(
      new ProjectError('project/unknown-test', `unknown generic test '${def.testName}': no builtin test and no {% test ${name} %} macro in the project`, {
        location: def.location,
        hint,
      }),
    );
    return undefined;
  }

  private generic(def: TestDefinition, target: Target): void {
    const dot = def.testName.indexOf('.');
    const namespace = dot >= 0 ? def.testName.slice(0, dot) : undefined;
    const name = dot >= 0 ? def.testName.slice(dot + 1) : def.testName;
    const macro = this.testMacro(def, name, namespace);
    if (!macro) return;

    if (Object.prototype.hasOwnProperty.call(def.arguments, 'model')) {
      this.errors.push(
        new ProjectError('project/invalid-value', `test '${def.testName}' has an argument named 'model', which is reserved for the tested relation`, {
          location: def.location,
          hint: "rename the argument: 'model' is always the model (or source table) the test is attached to",
        }),
      );
      return;
    }

    // dbt's kwargs: the YAML arguments, then column_name, then model.
    const kwargs: Record<string, unknown> = { ...def.arguments };
    let columnName: string | undefined;
    if (target.column) {
      const c = target.column;
      columnName = c.quote === true ? this.quote(c.name) : c.name;
      kwargs['column_name'] = columnName;
    }
    const tested = target.kind === 'node' ? `ref('${target.node.name}')` : `source('${target.source.sourceName}', '${target.source.name}')`;
    kwargs['model'] = `{{ get_where_subquery(${tested}) }}`;

    if (macro.params) {
      const missing = requiredTestArguments(macro.params).filter((p) => !Object.prototype.hasOwnProperty.call(kwargs, p));
      if (missing.length) {
        const needsColumn = missing.includes('column_name') && !target.column;
        const what = target.kind === 'node' ? `${target.node.resourceType} '${target.node.name}'` : `source table '${target.source.sourceName}.${target.source.name}'`;
        this.errors.push(
          new ProjectError(
            'project/missing-test-argument',
            `test '${def.testName}' on ${what}${target.column ? `, column '${target.column.name}'` : ''} is missing required argument${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`,
            {
              location: def.location,
              hint: needsColumn
                ? `put the test under a column (columns: - name: <column> data_tests: [${name}]) or give it column_name:`
                : `add ${missing.map((m) => `'${m}:'`).join(' and ')} under the test's arguments (e.g. - ${def.testName}: {arguments: {${missing.map((m) => `${m}: ...`).join(', ')}}})`,
            },
          ),
        );
        return;
      }
    }

    const testType = `${namespace ? `${namespace}_` : ''}${target.kind === 'source' ? 'source_' : ''}${name}`;
    // dbt names a source table's tests after `<source>_<table>` (UnpatchedSourceDefinition.name).
    const targetName = target.kind === 'node' ? target.node.name : `${target.source.sourceName}_${target.source.name}`;
    const names = def.customName !== undefined ? { fullName: def.customName, shortName: def.customName } : buildGenericTestNames(testType, targetName, kwargs);
    const metadata: TestMetadata = { name, ...(namespace !== undefined ? { namespace } : {}), kwargs };
    // The digest covers the name and every kwarg, so it also serves as the raw code's checksum.
    const digest = buildGenericTestDigest(names.fullName, { name, namespace: namespace ?? null, kwargs });
    const hash = digest.slice(-10);
    const uniqueId = `test.${this.input.projectName}.${names.fullName}.${hash}`;
    const fqn = yamlFqn(this.input.projectName, target.file, names.fullName);

    const own: Record<string, unknown> = { ...def.config };
    if (names.shortName !== names.fullName && own['alias'] === undefined) own['alias'] = names.shortName;
    const config = this.configFor(fqn, own);

    // refs/sources the arguments name (relationships' `to`), then the tested relation.
    const found: { refs: FoundRef[]; sources: FoundSource[] } = { refs: [], sources: [] };
    for (const [key, value] of Object.entries(def.arguments)) {
      if (key === 'column_name') continue;
      for (const s of collectStrings(value)) {
        const f = findRelationCalls(s);
        found.refs.push(...f.refs);
        found.sources.push(...f.sources);
      }
    }
    const refs: RefCall[] = found.refs.map((r) => ({ name: r.name, ...(r.package !== undefined ? { package: r.package } : {}), location: def.location }));
    const sources: SourceCall[] = found.sources.map((s) => ({ sourceName: s.sourceName, tableName: s.tableName, location: def.location }));
    if (target.kind === 'node') refs.push({ name: target.node.name, location: def.location });
    else sources.push({ sourceName: target.source.sourceName, tableName: target.source.name, location: def.location });

    const deps = this.resolveDependencies(refs, sources, uniqueId, def.location);
    if (!deps) return;
    let enabled = config.enabled !== false && deps.enabled;
    if (target.kind === 'node' && target.node.config.enabled === false) enabled = false;

    const parentTags = target.kind === 'node' ? (target.column?.tags ?? []) : target.parentTags;
    const tags = [...uniq([...parentTags, ...tagList(def.config['tags'])]).sort()];
    for (const t of config.tags) if (!tags.includes(t)) tags.push(t);

    const relation = this.relationName({ name: names.fullName, fqn, config });
    const rawCode = buildTestRawCode(`test_${name}`, kwargs);
    const node: TestNode = {
      resourceType: 'test',
      uniqueId,
      name: names.fullName,
      packageName: this.input.projectName,
      fqn,
      originalFilePath: target.file,
      path: `${names.shortName}.sql`,
      description: def.description ?? '',
      meta: config.meta,
      tags,
      database: relation.database,
      schema: relation.schema,
      alias: relation.alias,
      rawCode,
      checksum: digest,
      language: 'sql',
      config,
      unrenderedConfig: { ...def.config },
      refs,
      sources,
      dependsOn: { nodes: deps.ids, macros: [macro.id, 'macro.dbt.get_where_subquery'] },
      columns: {},
      docs: { show: true },
      testMetadata: metadata,
      ...(columnName !== undefined ? { columnName } : {}),
      ...(target.kind === 'node' ? { attachedNode: target.node.uniqueId } : {}),
      definition: def,
    };
    this.add(node, enabled, def.location);
  }

  /** Unique ids for refs and sources; an unknown one is an error (undefined); a disabled one disables the test. */
  private resolveDependencies(refs: readonly RefCall[], sources: readonly SourceCall[], testId: string, location: SourceLocation): { ids: string[]; enabled: boolean } | undefined {
    const ids: string[] = [];
    let enabled = true;
    let ok = true;
    for (const r of refs) {
      const node = r.package === undefined || r.package === this.input.projectName ? this.input.nodes[r.name] : undefined;
      if (!node) {
        const match = closestMatch(r.name, Object.keys(this.input.nodes));
        this.errors.push(
          new GraphError('graph/unknown-ref', `test ${testId} calls ref('${r.name}'), but no model, seed or snapshot is named '${r.name}'`, {
            location: r.location ?? location,
            hint: match ? `did you mean '${match}'?` : 'check the name, or add the model',
            nodeId: testId,
          }),
        );
        ok = false;
        continue;
      }
      if (node.config.enabled === false) enabled = false;
      ids.push(node.uniqueId);
    }
    for (const s of sources) {
      const src = this.sourcesByName.get(`${s.sourceName}.${s.tableName}`);
      if (!src) {
        const match = closestMatch(`${s.sourceName}.${s.tableName}`, this.sourcesByName.keys());
        this.errors.push(
          new GraphError('graph/unknown-source', `test ${testId} calls source('${s.sourceName}', '${s.tableName}'), which is not a declared source table`, {
            location: s.location ?? location,
            hint: match ? `did you mean '${match}'?` : `declare table '${s.tableName}' in a sources: block`,
            nodeId: testId,
          }),
        );
        ok = false;
        continue;
      }
      ids.push(src.uniqueId);
    }
    return ok ? { ids: uniq(ids), enabled } : undefined;
  }

  /**
   * dbt's defaults < project.yml `data_tests:` for the fqn < the test's own config. The first two are
   * memoised per folder (tests of one YAML folder share them unless the tree names a test itself).
   */
  private configFor(fqn: readonly string[], own: Readonly<Record<string, unknown>>): NodeConfig {
    const tree = this.input.projectTestConfig;
    let level: FolderConfigTree | undefined = tree;
    let nodeLevel = false;
    for (let i = 0; i < fqn.length && level; i++) {
      level = Object.prototype.hasOwnProperty.call(level.children, fqn[i]!) ? level.children[fqn[i]!] : undefined;
      if (level && i === fqn.length - 1) nodeLevel = true;
    }
    const key = nodeLevel ? fqn.join('\0') : fqn.slice(0, -1).join('\0');
    let base = this.baseConfigs.get(key);
    if (!base) {
      base = buildNodeConfig('test', [{ schema: TEST_AUDIT_SCHEMA }, ...folderConfigFor(tree, fqn)]);
      this.baseConfigs.set(key, base);
    }
    for (const _k in own) return mergeConfig([base, own]) as NodeConfig;
    return { ...base, tags: [...base.tags], meta: { ...base.meta } };
  }

  private add(node: TestNode, enabled: boolean, location: SourceLocation): void {
    const first = this.seen.get(node.uniqueId);
    if (first) {
      this.errors.push(
        new ProjectError('project/duplicate-name', `two tests are named '${node.name}' (${node.uniqueId}): the first is at ${first.file}${first.line ? `:${first.line}` : ''}`, {
          location,
          hint: "remove the repeated test, or give one of them its own 'name:'",
        }),
      );
      return;
    }
    this.seen.set(node.uniqueId, location);
    (enabled ? this.tests : this.disabled).push(node);
  }

  private singular(file: ProjectFile): void {
    const testPaths = this.input.testPaths ?? ['tests'];
    const rel = stripRoot(file.path, testPaths);
    const first = rel.split('/')[0];
    if (rel !== file.path && (first === 'generic' || first === 'fixtures')) return;
    if (!file.path.endsWith('.sql')) return;
    const base = rel.slice(rel.lastIndexOf('/') + 1, -'.sql'.length);
    const fqn = [this.input.projectName, ...rel.split('/').slice(0, -1), base];
    const uniqueId = `test.${this.input.projectName}.${base}`;
    const facts = this.input.parseSingularTest ? this.input.parseSingularTest(file) : scanSingularTest(file);
    const config = this.configFor(fqn, facts.config);
    const location: SourceLocation = { file: file.path, line: 1, column: 1 };
    const deps = this.resolveDependencies(facts.refs, facts.sources, uniqueId, location);
    if (!deps) return;
    const relation = this.relationName({ name: base, fqn, config });
    const node: TestNode = {
      resourceType: 'test',
      uniqueId,
      name: base,
      packageName: this.input.projectName,
      fqn,
      originalFilePath: file.path,
      path: rel,
      description: '',
      meta: config.meta,
      tags: [...config.tags],
      database: relation.database,
      schema: relation.schema,
      alias: relation.alias,
      rawCode: file.content,
      checksum: file.checksum,
      language: 'sql',
      config,
      unrenderedConfig: { ...facts.config },
      refs: facts.refs,
      sources: facts.sources,
      dependsOn: { nodes: deps.ids, macros: (facts.macros ?? []).map((m) => `macro.${this.input.projectName}.${m}`) },
      columns: {},
      docs: { show: true },
    };
    this.add(node, config.enabled !== false && deps.enabled, location);
  }
}

function tagList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((t): t is string => typeof t === 'string');
  return [];
}

/**
 * A singular test's refs, sources and config() read without rendering: compile's static scanner when the
 * file is plain SQL with simple `{{ }}` calls, else every literal `ref()`/`source()` call in the text
 * (config() in such files is not seen: give `parseSingularTest` to read it with the parse pass).
 */
export function scanSingularTest(file: ProjectFile): SingularTestFacts {
  const st = scanStaticTemplate(file.content);
  if (st) {
    const refs: RefCall[] = [];
    const sources: SourceCall[] = [];
    const config: Record<string, unknown> = {};
    for (const part of st.parts) {
      if (typeof part === 'string') continue;
      const location = { file: file.path, line: part.line, column: part.column };
      const e = part.expr;
      if (e.op === 'ref') refs.push({ name: e.name, ...(e.package !== undefined ? { package: e.package } : {}), ...(e.version !== undefined ? { version: e.version } : {}), location });
      else if (e.op === 'source') sources.push({ sourceName: e.source, tableName: e.table, location });
      else if (e.op === 'config') Object.assign(config, e.config);
    }
    return { refs, sources, config };
  }
  const found = findRelationCalls(file.content);
  const at = (needle: string): SourceLocation => {
    const i = file.content.indexOf(needle);
    if (i < 0) return { file: file.path };
    const before = file.content.slice(0, i);
    const line = before.split('\n').length;
    return { file: file.path, line, column: i - before.lastIndexOf('\n') };
  };
  return {
    refs: found.refs.map((r) => ({ ...r, location: at(r.name) })),
    sources: found.sources.map((s) => ({ ...s, location: at(s.tableName) })),
    config: {},
  };
}

/** Builds the test nodes of a project (see the module comment). Pure. */
export function buildTestNodes(input: BuildTestNodesInput): BuildTestNodesResult {
  return new Builder(input).run();
}
