import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import type { RefCall, SourceCall } from '../manifest/index.js';
import { sha256 } from '../util/hash.js';
import type { ConfigCall } from './compile-session.js';
import type { MacroFileCacheEntry } from './macro-loader.js';

/**
 * The parse cache (`<target-path>/partial_parse.json`): per template file, what the parse pass learnt
 * (refs, sources, config() calls, env vars read, macros called) and, for Nunjucks templates, the generated
 * code. Entries are reused when the file's checksum matches and the fingerprint of everything else a
 * render can see (macros, vars, project config, target, docs) is unchanged; generated code is reused on a
 * checksum match alone.
 */

export const PARSE_CACHE_FILE = 'partial_parse.json';
/** Bump when the cache layout or the generated code changes. */
const CACHE_VERSION = 1;
const CODEGEN_VERSION = 'opp-compile-1';

export interface FileCacheEntry {
  readonly checksum: string;
  readonly kind: 'static' | 'jinja';
  readonly refs: readonly RefCall[];
  readonly sources: readonly SourceCall[];
  readonly configCalls: readonly ConfigCall[];
  readonly envVars: readonly (readonly [string, string | null])[];
  readonly macros: readonly string[];
  /** Jinja templates: the generated code. */
  readonly code?: string;
  /** Jinja templates: hash of the config the render started from (folder + YAML). */
  readonly ctxKey?: string;
}

export interface ParseCacheFile {
  readonly version: number;
  readonly fingerprint: string;
  readonly macros: Readonly<Record<string, MacroFileCacheEntry>>;
  readonly files: Readonly<Record<string, FileCacheEntry>>;
}

export function buildParseFingerprint(input: {
  readonly project: ProjectConfig;
  readonly target: TargetConfig;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly adapterConfigKeys: readonly string[];
  readonly macros: readonly string[];
  readonly docs: readonly string[];
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
    ]),
  );
}

export async function readParseCache(dir: string): Promise<ParseCacheFile | undefined> {
  try {
    const text = await readFile(join(dir, PARSE_CACHE_FILE), 'utf8');
    const parsed = JSON.parse(text) as ParseCacheFile;
    if (parsed.version !== CACHE_VERSION || typeof parsed.fingerprint !== 'string') return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves a torn cache. */
export async function writeParseCache(dir: string, cache: ParseCacheFile): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, PARSE_CACHE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(cache));
  await rename(tmp, file);
}
