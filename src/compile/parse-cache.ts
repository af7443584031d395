import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import type { SourceLocation } from '../errors/index.js';
import type { Manifest, RefCall, SourceCall } from '../manifest/index.js';
import type { ProjectFiles } from '../project/index.js';
import { sha256 } from '../util/hash.js';
import type { ConfigCall } from './compile-session.js';
import type { MacroFileCacheEntry } from './macro-loader.js';
import type { TemplateLog } from './types.js';

/**
 * The parse cache, three files under `<target-path>/`:
 *
 * - `partial_parse.json`: the last manifest (compacted: raw code and derivable fields left out), keyed by
 *   every input of the parse (file checksums, project config, target, vars, macros, docs, flags, and the
 *   values of the environment variables templates read). An unchanged project loads it and is done.
 * - `partial_parse_facts.json`: per SQL node, what its template told the parse pass (`config()` calls, env
 *   vars read, kind, checksum; refs and sources are the manifest's), so when some files changed the
 *   unchanged ones are not parsed again. Read only then.
 * - `partial_parse_code.json`: the generated code of Nunjucks templates, reused on a checksum match (read
 *   lazily by the run pass).
 */

export const PARSE_CACHE_FILE = 'partial_parse.json';
export const CODE_CACHE_FILE = 'partial_parse_code.json';
export const FACTS_CACHE_FILE = 'partial_parse_facts.json';
/** Bump when a cache layout or the generated code changes. */
const CACHE_VERSION = 6;
const CODEGEN_VERSION = 'opp-compile-4';

/**
 * What the parse caches keep of an environment variable's value: a digest of name and value, never the
 * value (templates read secrets such as OPP_PII_SALT); null when it was unset. Compared, never reversed.
 */
export function digestEnvValue(name: string, value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : `sha256:${sha256(`${name}\u0000${value}`)}`;
}

export interface FileCacheEntry {
  readonly checksum: string;
  readonly kind: 'static' | 'jinja';
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  readonly configCalls: readonly ConfigCall[];
  /** Env vars the template read: name → `digestEnvValue` of the value. */
  readonly envVars: readonly (readonly [string, string | null])[];
  readonly macros: readonly string[];
  /** Jinja templates: hash of the config the render started from (folder + YAML). */
  readonly ctxKey?: string;
}

export interface CodeCacheEntry {
  readonly checksum: string;
  readonly code: string;
  /** Padding the rendered output starts with (snapshot blocks), to strip. */
  readonly strip?: string;
}

export interface CodeCacheFile {
  readonly version: number;
  readonly entries: Readonly<Record<string, CodeCacheEntry>>;
}

export interface SerializedWarning {
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly hint?: string;
}

/** Per SQL node: what its template told the parse pass, for reuse when only other files changed. */
export type NodeFactsEntry = readonly [
  checksum: string,
  kind: 'static' | 'jinja',
  configCalls: readonly ConfigCall[],
  envVars: readonly (readonly [string, string | null])[],
  ctxKey: string | null,
];

export interface FactsCacheFile {
  readonly version: number;
  /** Everything but the files: a facts entry is valid only under the same fingerprint. */
  readonly fingerprint: string;
  readonly facts: Readonly<Record<string, NodeFactsEntry>>;
}

export interface ManifestCacheFile {
  readonly version: number;
  readonly inputsKey: string;
  /** The env vars templates read: name → `digestEnvValue` of the value (null: unset). */
  readonly envVars: Readonly<Record<string, string | null>>;
  readonly macros: Readonly<Record<string, MacroFileCacheEntry>>;
  readonly manifest: Manifest;
  readonly warnings: readonly SerializedWarning[];
  readonly logs: readonly TemplateLog[];
}

export function buildParseFingerprint(input: {
  readonly project: ProjectConfig;
  readonly target: TargetConfig;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly adapterConfigKeys: readonly string[];
  readonly macros: readonly string[];
  readonly docs: readonly string[];
  /** `flags.*` templates can read while parsing. */
  readonly flags?: Readonly<Record<string, unknown>>;
}): string {
  const { project, target } = input;
  return sha256(
    JSON.stringify([
      CACHE_VERSION,
      CODEGEN_VERSION,
      { ...project, rootDir: undefined },
      { name: target.name, profile: target.profileName, type: target.type, database: target.database, schema: target.schema, threads: target.threads },
      input.vars,
      input.adapterConfigKeys,
      [...input.macros].sort(),
      [...input.docs].sort(),
      input.flags ?? {},
    ]),
  );
}

/** Everything the manifest depends on besides the environment: the fingerprint and every file's checksum. */
export function buildInputsKey(fingerprint: string, files: ProjectFiles): string {
  const parts: string[] = [fingerprint];
  for (const group of [files.models, files.analyses, files.snapshots, files.seeds, files.properties] as readonly (readonly { path: string; checksum: string }[])[]) {
    parts.push('\u0001');
    for (const f of group) parts.push(f.path, f.checksum);
  }
  return sha256(parts.join('\u0000'));
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { version?: number };
    return parsed.version === CACHE_VERSION ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

export function readManifestCache(dir: string): Promise<ManifestCacheFile | undefined> {
  return readJson<ManifestCacheFile>(join(dir, PARSE_CACHE_FILE));
}

export function readFactsCache(dir: string): Promise<FactsCacheFile | undefined> {
  return readJson<FactsCacheFile>(join(dir, FACTS_CACHE_FILE));
}

export function readCodeCache(dir: string): Promise<CodeCacheFile | undefined> {
  return readJson<CodeCacheFile>(join(dir, CODE_CACHE_FILE));
}

/** Writes atomically (temp file + rename) so a crash never leaves a torn cache. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, file);
}

export async function writeParseCaches(
  dir: string,
  caches: {
    readonly code: Readonly<Record<string, CodeCacheEntry>>;
    readonly facts: Omit<FactsCacheFile, 'version'>;
    readonly manifest: Omit<ManifestCacheFile, 'version'>;
  },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all([
    writeJson(join(dir, CODE_CACHE_FILE), { version: CACHE_VERSION, entries: caches.code }),
    writeJson(join(dir, FACTS_CACHE_FILE), { version: CACHE_VERSION, ...caches.facts }),
    writeJson(join(dir, PARSE_CACHE_FILE), { version: CACHE_VERSION, ...caches.manifest }),
  ]);
}
