import type { ProjectConfig, TargetConfig } from '../config/types.js';
import type { ProjectFile, ProjectFiles, PropertiesFile, SeedFile } from '../project/index.js';
import { sha256 } from '../util/hash.js';
import { CompileSession, type RenderTarget, type SessionInit } from './compile-session.js';
import { loadMacroFiles } from './macro-loader.js';

/** Builders for compile's unit tests (not exported from the stage). */

const EMPTY = { config: {}, children: {} };

export function makeProject(overrides: Partial<ProjectConfig> = {}): ProjectConfig {
  return {
    name: 'shop',
    profile: 'shop',
    rootDir: '/nonexistent/shop',
    file: 'project.yml',
    modelPaths: ['models'],
    macroPaths: ['macros'],
    seedPaths: ['seeds'],
    testPaths: ['tests'],
    snapshotPaths: ['snapshots'],
    analysisPaths: ['analyses'],
    docsPaths: ['models', 'docs'],
    targetPath: 'target',
    cleanTargets: ['target'],
    vars: {},
    models: EMPTY,
    seeds: EMPTY,
    snapshots: EMPTY,
    dataTests: EMPTY,
    sources: EMPTY,
    unitTests: EMPTY,
    onRunStart: [],
    onRunEnd: [],
    dispatch: [],
    pipelines: {},
    quoting: {},
    ...overrides,
  };
}

export function makeTarget(overrides: Partial<TargetConfig> = {}): TargetConfig {
  return {
    name: 'dev',
    profileName: 'shop',
    type: 'duckdb',
    database: 'warehouse',
    schema: 'main',
    threads: 4,
    settings: { path: 'warehouse.duckdb', password: 'hunter2' },
    ...overrides,
  };
}

export function makeFile(path: string, content: string): ProjectFile {
  return { path, absolutePath: `/nonexistent/shop/${path}`, content, checksum: sha256(content) };
}

export function makeFiles(input: {
  project?: Partial<ProjectConfig>;
  models?: Record<string, string>;
  macros?: Record<string, string>;
  snapshots?: Record<string, string>;
  analyses?: Record<string, string>;
  docs?: Record<string, string>;
  seeds?: string[];
  properties?: PropertiesFile[];
}): ProjectFiles {
  const files = (m: Record<string, string> | undefined): ProjectFile[] => Object.entries(m ?? {}).map(([p, c]) => makeFile(p, c));
  const seeds: SeedFile[] = (input.seeds ?? []).map((p) => ({ path: p, absolutePath: `/nonexistent/shop/${p}`, checksum: sha256(p), sizeBytes: 10 }));
  return {
    config: makeProject(input.project),
    models: files(input.models),
    macros: files(input.macros),
    seeds,
    tests: [],
    snapshots: files(input.snapshots),
    analyses: files(input.analyses),
    docs: files(input.docs),
    properties: input.properties ?? [],
  };
}

export function makeSession(init: Partial<SessionInit> & { macros?: Record<string, string> } = {}): CompileSession {
  const session = new CompileSession({ project: makeProject(), target: makeTarget(), env: {}, ...init });
  if (init.macros) {
    const errors: unknown[] = [];
    loadMacroFiles(session, Object.entries(init.macros).map(([p, c]) => makeFile(p, c)), errors as never, undefined);
    if (errors.length) throw errors[0];
  }
  return session;
}

export function renderTarget(overrides: Partial<RenderTarget> = {}): RenderTarget {
  return {
    uniqueId: 'model.shop.orders',
    name: 'orders',
    resourceType: 'model',
    packageName: 'shop',
    originalFilePath: 'models/orders.sql',
    path: 'orders.sql',
    fqn: ['shop', 'orders'],
    rawCode: '',
    config: { materialized: 'view' },
    relation: { database: 'warehouse', schema: 'main', alias: 'orders' },
    ...overrides,
  };
}

/** Renders `text` in the parse pass as model `orders` (or the given target). */
export function renderParse(session: CompileSession, text: string, file = 'models/orders.sql', target?: Partial<RenderTarget>): string {
  session.beginRender('parse', renderTarget({ originalFilePath: file, ...target }));
  return session.renderText(text, file);
}

export function makeProperties(path: string, partial: Partial<PropertiesFile>): PropertiesFile {
  return { path, checksum: sha256(path), nodes: [], sources: [], unitTests: [], macros: [], ignored: [], ...partial };
}
