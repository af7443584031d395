import { readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownConfigKeys } from '../adapters/index.js';
import { digestEnvValue, type CompiledNode } from '../compile/index.js';
import type { ProjectConfig, TargetConfig } from '../config/types.js';
import { scrubSecrets } from '../errors/index.js';
import {
  isRacy,
  packStamps,
  projectFilesUnchanged,
  sameStamp,
  stampPath,
  type FileStamp,
  type PackedStamps,
  type ProjectFiles,
  type ProjectStamps,
} from '../project/index.js';
import { sha256 } from '../util/hash.js';
import { OPP_VERSION } from '../util/version.js';
import { probeWarehouse } from './lazy-warehouse.js';
import type { SelectionFlags } from './node-task.js';

/**
 * `opp compile` of an unchanged project does almost nothing: after a successful compile it records
 * everything the result depended on in `<target-path>/partial_compile.json`, and the next `opp compile`
 * with the same flags replays the result when all of it still holds:
 *
 * - the same opp build, flags (selection, `--vars`, `--full-refresh`), project config and target;
 * - the same project files: the same paths under the resource folders, each with the same stamp (size,
 *   times, inode) or, when the stamp changed or cannot vouch for the content, the same sha256;
 * - the same values of the environment variables templates read (parse and run pass), kept as hashes so
 *   that no value (a password read by `env_var()`) is written to the file;
 * - the same warehouse state when `is_incremental()` had to be decided (the adapter's stamp of it, e.g.
 *   DuckDB's database file); a compile whose templates read the warehouse (`run_query`), the clock or the
 *   invocation (`run_started_at`, `invocation_id`, `modules`) is never recorded;
 * - its outputs untouched: manifest.json (any other command rewrites it) and the folders of the compiled
 *   files (a deleted file changes its folder).
 *
 * A replayed compile writes nothing: target/compiled/ already holds the files, and manifest.json the
 * manifest of those inputs, except for the invocation's own `metadata` (`invocation_id`, `generated_at`),
 * which stay those of the compile that wrote it. `opp parse` always rewrites manifest.json.
 */

export const COMPILE_MEMO_FILE = 'partial_compile.json';
const MEMO_VERSION = 2;

type FolderStamp = readonly [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number];

interface CompileMemo {
  readonly version: number;
  readonly key: string;
  readonly build: string;
  readonly files: PackedStamps;
  /** Environment variables read: name → `digestEnvValue` of the value (null: unset), as the parse cache keeps them. */
  readonly env: Readonly<Record<string, string | null>>;
  /** The warehouse probe's stamp when `is_incremental()` was decided against it, else null. */
  readonly warehouse: string | null;
  readonly manifest: FileStamp;
  /** When the outputs were stamped (racy folders are checked file by file). */
  readonly outputsAt: number;
  readonly folders: readonly FolderStamp[];
  /** `uniqueId\tresourceType\tcompiledPath` of each node compiled, one line each. */
  readonly nodes: string;
  /** The node, when exactly one was compiled (the command prints its SQL): its code as written, secrets scrubbed. */
  readonly single?: ReplayedSingle;
}

/** What a replay returns of the only node compiled. */
export type ReplayedSingle = Pick<CompiledNode, 'uniqueId' | 'resourceType' | 'compiledPath' | 'compiledCode'>;

/** What the compile depended on besides the files: flags, config, target, adapters and opp itself. */
export interface MemoInputs {
  readonly opts: SelectionFlags & { readonly vars?: string; readonly fullRefresh?: boolean };
  readonly config: ProjectConfig;
  readonly target: TargetConfig;
}

/** The build of opp running (its module file's stamp): a rebuilt opp never replays an older result. */
function buildStamp(): string {
  try {
    const st = statSync(fileURLToPath(import.meta.url));
    return `${OPP_VERSION}:${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return `${OPP_VERSION}:unknown`;
  }
}

function memoKey(inputs: MemoInputs): string {
  const { opts } = inputs;
  return sha256(
    JSON.stringify([
      MEMO_VERSION,
      opts.select ?? [],
      opts.exclude ?? [],
      opts.selector ?? null,
      opts.resourceTypes ?? [],
      opts.excludeResourceTypes ?? [],
      opts.indirectSelection ?? 'eager',
      opts.fullRefresh === true,
      opts.vars ?? null,
      inputs.config,
      inputs.target,
      knownConfigKeys(),
    ]),
  );
}

function memoPath(config: ProjectConfig): string {
  return join(config.rootDir, config.targetPath, COMPILE_MEMO_FILE);
}

/** Whether a compile with these flags may be replayed at all (`--state` reads another manifest). */
export function isMemoizable(opts: MemoInputs['opts']): boolean {
  return opts.state === undefined;
}

/** Forgets the recorded compile (a compile that does the work rewrites it only if it succeeds). */
export function forgetCompile(config: ProjectConfig): void {
  rmSync(memoPath(config), { force: true });
}

function folderUnchanged(rootDir: string, folder: FolderStamp, outputsAt: number, files: () => readonly string[]): boolean {
  const now = stampPath(join(rootDir, folder[0]));
  const was: FileStamp = [folder[1], folder[2], folder[3], folder[4]];
  if (!sameStamp(now, was)) return false;
  if (!isRacy(was, outputsAt)) return true;
  // changed within the timestamp granularity of the recording: check the files themselves
  return files().every((f) => statSync(join(rootDir, f), { throwIfNoEntry: false })?.isFile() === true);
}

/** The recorded compile when every input and output still holds (see the module comment), else undefined. */
export function replayCompile(inputs: MemoInputs, env: Readonly<Record<string, string | undefined>>): { nodes: ReplayedNodes; single?: ReplayedSingle } | undefined {
  const { config, target } = inputs;
  let memo: CompileMemo;
  try {
    memo = JSON.parse(readFileSync(memoPath(config), 'utf8')) as CompileMemo;
  } catch {
    return undefined;
  }
  if (memo.version !== MEMO_VERSION || memo.build !== buildStamp() || memo.key !== memoKey(inputs)) return undefined;
  for (const [name, hash] of Object.entries(memo.env)) if (digestEnvValue(name, env[name]) !== hash) return undefined;
  if (memo.warehouse !== null && probeWarehouse(target)?.stamp !== memo.warehouse) return undefined;
  const root = config.rootDir;
  if (!sameStamp(stampPath(join(root, config.targetPath, 'manifest.json')), memo.manifest)) return undefined;
  const nodes = memo.nodes === '' ? [] : memo.nodes.split('\n').map((line) => line.split('\t') as [string, CompiledNode['resourceType'], string]);
  let byFolder: Map<string, string[]> | undefined;
  const filesIn = (folder: string): string[] => {
    if (!byFolder) {
      byFolder = new Map();
      for (const [, , path] of nodes) {
        const f = dirname(path);
        let list = byFolder.get(f);
        if (!list) byFolder.set(f, (list = []));
        list.push(path);
      }
    }
    return byFolder.get(folder) ?? [];
  };
  for (const folder of memo.folders) if (!folderUnchanged(root, folder, memo.outputsAt, () => filesIn(folder[0]))) return undefined;
  if (!projectFilesUnchanged(config, memo.files)) return undefined;
  return { nodes, ...(memo.single ? { single: memo.single } : {}) };
}

/** `[uniqueId, resourceType, compiledPath]` of each node a replayed compile compiled. */
export type ReplayedNodes = readonly (readonly [string, CompiledNode['resourceType'], string])[];

/** Content hashes of the files loaded, by project-relative path. */
export function checksumsOf(files: ProjectFiles): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of [files.models, files.macros, files.tests, files.snapshots, files.analyses, files.docs, files.seeds, files.properties]) {
    for (const f of group as readonly { path: string; checksum: string }[]) out.set(f.path, f.checksum);
  }
  return out;
}

export interface RecordedCompile {
  readonly stamps: ProjectStamps;
  readonly checksums: ReadonlyMap<string, string>;
  readonly env: Readonly<Record<string, string | null>>;
  readonly warehouse: string | null;
  readonly compiled: readonly CompiledNode[];
}

function singleOf(c: CompiledNode): ReplayedSingle {
  // as the compiled file holds it: a secret never reaches partial_compile.json
  return { uniqueId: c.uniqueId, resourceType: c.resourceType, compiledPath: c.compiledPath, compiledCode: scrubSecrets(c.compiledCode) };
}

/** Records a successful compile (written atomically; a failure only costs the next compile its replay). */
export async function recordCompile(inputs: MemoInputs, rec: RecordedCompile): Promise<void> {
  const { config } = inputs;
  const root = config.rootDir;
  const manifest = stampPath(join(root, config.targetPath, 'manifest.json'));
  if (!manifest) return;
  const outputsAt = Date.now();
  const folders: FolderStamp[] = [];
  for (const folder of new Set(rec.compiled.map((c) => dirname(c.compiledPath)))) {
    const st = stampPath(join(root, folder));
    if (!st) return;
    folders.push([folder, ...st]);
  }
  const memo: CompileMemo = {
    version: MEMO_VERSION,
    key: memoKey(inputs),
    build: buildStamp(),
    files: packStamps({
      stampedAt: rec.stamps.stampedAt,
      files: rec.stamps.files.map((f) => (f[5] === null && rec.checksums.has(f[0]) ? [f[0], f[1], f[2], f[3], f[4], rec.checksums.get(f[0])!] : f)),
    }),
    env: Object.fromEntries(Object.entries(rec.env).map(([name, value]) => [name, digestEnvValue(name, value)])),
    warehouse: rec.warehouse,
    manifest,
    outputsAt,
    folders,
    nodes: rec.compiled.map((c) => `${c.uniqueId}\t${c.resourceType}\t${c.compiledPath}`).join('\n'),
    ...(rec.compiled.length === 1 ? { single: singleOf(rec.compiled[0]!) } : {}),
  };
  const path = memoPath(config);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, JSON.stringify(memo));
    await rename(tmp, path);
  } catch {
    rmSync(tmp, { force: true });
  }
}
