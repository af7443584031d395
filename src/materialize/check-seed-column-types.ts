import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Adapter } from '../adapters/index.js';
import { ConfigError, ProjectError, throwIfAny, type OppError, type SourceLocation } from '../errors/index.js';
import type { SeedNode } from '../manifest/index.js';
import { locateColumnType, resolveSeedOptions } from '../seeds/index.js';

/** The project folder and the project file's name (`project.yml` / `dbt_project.yml`), project-relative. */
export interface SeedProjectFiles {
  readonly rootDir: string;
  readonly file: string;
}

export type SeedTypeNode = Pick<SeedNode, 'uniqueId' | 'name' | 'config' | 'unrenderedConfig' | 'patchPath' | 'originalFilePath' | 'absolutePath'>;

/** Types the warehouse has already accepted, per adapter: a run checks each once. */
const accepted = new WeakMap<Adapter, Set<string>>();

function rootDirOf(seed: SeedTypeNode): string {
  const abs = seed.absolutePath.replace(/\\/g, '/');
  return abs.endsWith(`/${seed.originalFilePath}`) ? abs.slice(0, -seed.originalFilePath.length - 1) : abs.slice(0, abs.lastIndexOf('/'));
}

function defaultProject(seed: SeedTypeNode): SeedProjectFiles {
  const rootDir = rootDirOf(seed);
  return { rootDir, file: existsSync(join(rootDir, 'dbt_project.yml')) && !existsSync(join(rootDir, 'project.yml')) ? 'dbt_project.yml' : 'project.yml' };
}

function probeSql(adapter: Adapter, types: readonly string[]): string {
  return `select ${types.map((t, i) => `cast(null as ${t}) as ${adapter.dialect.quoteIdentifier(`t${i}`)}`).join(', ')}`;
}

async function typeError(adapter: Adapter, type: string): Promise<OppError | undefined> {
  try {
    await adapter.execute(probeSql(adapter, [type]));
    return undefined;
  } catch (err) {
    return err as OppError;
  }
}

/** Where a seed's `column_types` entry for `column` is written: its properties YAML, or the project file. */
async function locate(seed: SeedTypeNode, column: string, type: string, project: SeedProjectFiles): Promise<{ location: SourceLocation; inProperties: boolean }> {
  const own = seed.unrenderedConfig['column_types'];
  const inProperties = seed.patchPath !== undefined && typeof own === 'object' && own !== null && column in own;
  const file = inProperties ? seed.patchPath! : project.file;
  const text = await readFile(join(project.rootDir, file), 'utf8').catch(() => '');
  const pos = text ? locateColumnType(text, column, type, inProperties ? { seed: seed.name } : {}) : undefined;
  return { location: { file, ...(pos ? { line: pos.line, column: pos.column } : {}) }, inProperties };
}

/**
 * Checks every `column_types` type of `seeds` with the warehouse's own parser before anything loads: one
 * `select cast(null as <t1>) as t0, ...` for all distinct types (each type once per adapter), and, only
 * when that fails, one query per type to find the bad ones. Throws (all at once) a `config/invalid-value`
 * ConfigError pointing into project.yml, or a `project/invalid-value` ProjectError pointing into the
 * seed's properties YAML, at the type's line, with the engine's suggestion as hint. The CLI exits 2.
 */
export async function checkSeedColumnTypes(adapter: Adapter, seeds: readonly SeedTypeNode[], project?: SeedProjectFiles): Promise<void> {
  let known = accepted.get(adapter);
  if (!known) {
    known = new Set();
    accepted.set(adapter, known);
  }
  const uses: { seed: SeedTypeNode; column: string; type: string }[] = [];
  for (const seed of seeds) {
    for (const [column, type] of Object.entries(resolveSeedOptions(seed).columnTypes)) uses.push({ seed, column, type });
  }
  const pending = [...new Set(uses.map((u) => u.type))].filter((t) => !known.has(t.toLowerCase()));
  if (pending.length === 0) return;
  const bad = new Map<string, OppError>();
  try {
    await adapter.execute(probeSql(adapter, pending));
  } catch {
    for (const type of pending) {
      const err = await typeError(adapter, type);
      if (err) bad.set(type, err);
    }
  }
  for (const type of pending) if (!bad.has(type)) known.add(type.toLowerCase());
  if (bad.size === 0) return;
  const errors: OppError[] = [];
  for (const use of uses) {
    const cause = bad.get(use.type);
    if (!cause) continue;
    const { location, inProperties } = await locate(use.seed, use.column, use.type, project ?? defaultProject(use.seed));
    const said = cause.message.split('\n')[0]!.replace(/^[A-Za-z ]+ Error: /, '');
    const suggestion = cause.hint && /did you mean/i.test(cause.hint) ? `${cause.hint.trim()} ` : '';
    const message = `seed '${use.seed.name}': column_types.${use.column} is '${use.type}', which is not a ${adapter.type} type (${said})`;
    const hint = `${suggestion}Use a type of the warehouse, e.g. integer, bigint, double, decimal(10,2), varchar, boolean, date, timestamp.`;
    const opts = { location, hint, nodeId: use.seed.uniqueId, cause };
    errors.push(inProperties ? new ProjectError('project/invalid-value', message, opts) : new ConfigError('config/invalid-value', message, opts));
  }
  throwIfAny(errors);
}
