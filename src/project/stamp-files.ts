import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig } from '../config/index.js';

/**
 * Cheap change detection for a project's files: which files the resource folders hold and a stamp of
 * each (size, modification and change times, inode), so a command can tell "nothing changed since last
 * time" from one directory walk and one `stat` per file instead of reading every file.
 *
 * A stamp alone can miss a change made within the file system's timestamp granularity of the moment it
 * was taken (git's "racy clean" problem), so a file whose times are that close to `stampedAt` is compared
 * by content (`sha256`) instead; so is any file whose stamp differs (a `touch` or a checkout that rewrote
 * the same bytes is still unchanged). Sync I/O on purpose: one `stat` per file costs far less CPU than
 * thread-pool round trips, and nothing else runs while a command decides whether it has work to do.
 */

/** `[size, mtimeMs, ctimeMs, inode]`. */
export type FileStamp = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/** A file of the project: its project-relative path, its stamp and, when known, its content's sha256. */
export type StampedFile = readonly [path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string | null];

/** What `stampProjectFiles` found. */
export interface ProjectStamps {
  /** `Date.now()` just before the files were stat'ed. */
  readonly stampedAt: number;
  /** Every file the resource folders hold with an extension opp reads, sorted by path. */
  readonly files: readonly StampedFile[];
}

/** Extensions of the files discovery can pick up (models, macros, tests, seeds, properties, docs, fixtures). */
const EXTENSIONS = ['.sql', '.csv', '.yml', '.yaml', '.md'];
/** Files at the project root that discovery reads besides the resource folders. */
const ROOT_FILES = ['sources.yml', 'selectors.yml'];
/**
 * Timestamps closer than this to `stampedAt` are not trusted (Linux file systems stamp from a coarse
 * clock, a few milliseconds per tick); whole-second timestamps come from coarse file systems (FAT, some
 * network mounts) and get two seconds.
 */
const RACY_MS = 50;
const RACY_COARSE_MS = 2000;

function stampOf(st: Stats): FileStamp {
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino];
}

/** The stamp of one file or folder (`null` when it does not exist). */
export function stampPath(absolutePath: string): FileStamp | null {
  const st = statSync(absolutePath, { throwIfNoEntry: false });
  return st ? stampOf(st) : null;
}

/** True when two stamps are equal. */
export function sameStamp(a: FileStamp | null | undefined, b: FileStamp | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/** True when a stamp taken at `stampedAt` cannot vouch for the content (see the module comment). */
export function isRacy(stamp: FileStamp, stampedAt: number): boolean {
  const margin = stamp[1] % 1000 === 0 && stamp[2] % 1000 === 0 ? RACY_COARSE_MS : RACY_MS;
  return stamp[1] >= stampedAt - margin || stamp[2] >= stampedAt - margin;
}

/** sha256 of a file's bytes (equal to `sha256(content)` of the UTF-8 text opp read). */
export function hashFileSync(absolutePath: string): string | null {
  try {
    return createHash('sha256').update(readFileSync(absolutePath)).digest('hex');
  } catch {
    return null;
  }
}

/**
 * The project-relative paths of every file under the resource folders (model, macro, seed, test,
 * snapshot, analysis and docs paths) with an extension discovery reads, plus `sources.yml` and
 * `selectors.yml` at the root; following symbolic links, skipping dot entries, the target folder,
 * `dbt_packages/` (at the root) and `node_modules/`. A superset of what `discoverFiles` returns, found without globbing.
 */
export function listProjectFiles(config: ProjectConfig): string[] {
  const root = config.rootDir;
  const target = config.targetPath.replace(/\/+$/, '');
  const bases = [
    ...new Set(
      [
        ...config.modelPaths,
        ...config.macroPaths,
        ...config.seedPaths,
        ...config.testPaths,
        ...config.snapshotPaths,
        ...config.analysisPaths,
        ...config.docsPaths,
      ].map((p) => p.replace(/\/+$/, '') || '.'),
    ),
  ];
  const out = new Set<string>();
  const seenDirs = new Set<string>();
  const walk = (rel: string): void => {
    const abs = rel === '.' ? root : join(root, rel);
    let dirStat: Stats | undefined;
    try {
      dirStat = statSync(abs);
    } catch {
      return;
    }
    if (!dirStat.isDirectory()) return;
    const id = `${dirStat.dev}:${dirStat.ino}`;
    if (seenDirs.has(id)) return; // a folder reached twice (overlapping paths, a symbolic link loop)
    seenDirs.add(id);
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      const name = e.name;
      if (name.startsWith('.')) continue;
      const child = rel === '.' ? name : `${rel}/${name}`;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const st = statSync(join(abs, name), { throwIfNoEntry: false });
        isDir = st?.isDirectory() ?? false;
        isFile = st?.isFile() ?? false;
      }
      if (isDir) {
        // as discovery: node_modules anywhere, dbt_packages and the target folder at the root only
        if (name === 'node_modules' || child === 'dbt_packages' || child === target) continue;
        walk(child);
      } else if (isFile && EXTENSIONS.some((ext) => name.endsWith(ext))) out.add(child);
    }
  };
  for (const base of bases) walk(base);
  for (const f of ROOT_FILES) if (statSync(join(root, f), { throwIfNoEntry: false })?.isFile()) out.add(f);
  return [...out].sort();
}

/** Lists (`listProjectFiles`) and stamps the project's files; `checksums` fills in the content hashes known. */
export function stampProjectFiles(config: ProjectConfig, checksums?: ReadonlyMap<string, string>): ProjectStamps {
  const paths = listProjectFiles(config);
  const stampedAt = Date.now();
  const files: StampedFile[] = [];
  for (const path of paths) {
    const st = statSync(join(config.rootDir, path), { throwIfNoEntry: false });
    if (st) files.push([path, st.size, st.mtimeMs, st.ctimeMs, st.ino, checksums?.get(path) ?? null]);
  }
  return { stampedAt, files };
}

/**
 * The stamps in a compact, comparable form: `digest` covers every path and stamp in order (one hash to
 * compare when nothing changed), `racy` lists the files whose stamps cannot vouch for their content with
 * their sha256 (null: unknown, never equal), `lines` holds everything for a file-by-file comparison.
 */
export interface PackedStamps {
  readonly stampedAt: number;
  readonly digest: string;
  readonly racy: readonly (readonly [path: string, sha256: string | null])[];
  /** One `path\tsize\tmtimeMs\tctimeMs\tino\tsha256` line per file (`-`: no hash). */
  readonly lines: string;
}

function stampLine(path: string, size: number, mtimeMs: number, ctimeMs: number, ino: number): string {
  return `${path}\t${size}\t${mtimeMs}\t${ctimeMs}\t${ino}`;
}

export function packStamps(stamps: ProjectStamps): PackedStamps {
  const hash = createHash('sha1');
  const racy: [string, string | null][] = [];
  const lines: string[] = [];
  for (const [path, size, mtimeMs, ctimeMs, ino, sha] of stamps.files) {
    const line = stampLine(path, size, mtimeMs, ctimeMs, ino);
    hash.update(line).update('\n');
    if (isRacy([size, mtimeMs, ctimeMs, ino], stamps.stampedAt)) racy.push([path, sha]);
    lines.push(`${line}\t${sha ?? '-'}`);
  }
  return { stampedAt: stamps.stampedAt, digest: hash.digest('base64'), racy, lines: lines.join('\n') };
}

/**
 * True when the project's files are those `previous` recorded, each unchanged: the same paths, and for
 * each the same stamp (not racy) or else the same content (sha256).
 */
export function projectFilesUnchanged(config: ProjectConfig, previous: PackedStamps): boolean {
  const root = config.rootDir;
  const paths = listProjectFiles(config);
  // One stat per file into one digest: what an unchanged project costs.
  const hash = createHash('sha1');
  for (const path of paths) {
    const st = statSync(join(root, path), { throwIfNoEntry: false });
    if (!st) return false;
    hash.update(stampLine(path, st.size, st.mtimeMs, st.ctimeMs, st.ino)).update('\n');
  }
  if (hash.digest('base64') === previous.digest) {
    for (const [path, sha] of previous.racy) if (sha === null || hashFileSync(join(root, path)) !== sha) return false;
    return true;
  }
  // Something differs: file by file, a changed stamp is still unchanged content if the hash says so.
  const lines = previous.lines === '' ? [] : previous.lines.split('\n');
  if (lines.length !== paths.length) return false;
  for (let i = 0; i < paths.length; i++) {
    const [path, size, mtimeMs, ctimeMs, ino, sha] = lines[i]!.split('\t') as [string, string, string, string, string, string];
    if (path !== paths[i]) return false;
    const abs = join(root, path);
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st) return false;
    const was: FileStamp = [Number(size), Number(mtimeMs), Number(ctimeMs), Number(ino)];
    if (sameStamp([st.size, st.mtimeMs, st.ctimeMs, st.ino], was) && !isRacy(was, previous.stampedAt)) continue;
    if (sha === '-' || hashFileSync(abs) !== sha) return false;
  }
  return true;
}
