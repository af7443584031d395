import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, positionAt, throwIfAny, type OppError, type SourceLocation } from '../errors/index.js';
import type { SnapshotNode } from '../manifest/index.js';
import { readSnapshotConfig } from './snapshot-config.js';

export type SnapshotCheckNode = Pick<SnapshotNode, 'uniqueId' | 'name' | 'config' | 'originalFilePath'>;

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where a snapshot's config is written: in a `.sql` file, the `config(` call inside its `{% snapshot %}`
 * block (else the block's tag); in a YAML file (dbt 1.9 snapshots), its `- name:` entry; for a key
 * set in the config call, the line of that key when it is written there.
 */
export function locateSnapshotConfig(text: string, file: string, name: string, key?: string): SourceLocation {
  if (/\.ya?ml$/i.test(file)) {
    const m = new RegExp(`^(\\s*-?\\s*)name:\\s*['"]?${escapeRe(name)}['"]?\\s*$`, 'm').exec(text);
    if (!m) return { file };
    const pos = positionAt(text, m.index + m[1]!.length);
    return { file, line: pos.line, column: pos.column };
  }
  const tag = new RegExp(`\\{%-?\\s*snapshot\\s+${escapeRe(name)}\\s*-?%\\}`).exec(text);
  if (!tag) return { file };
  const end = /\{%-?\s*endsnapshot\s*-?%\}/g;
  end.lastIndex = tag.index;
  const close = end.exec(text);
  const body = text.slice(tag.index, close ? close.index : text.length);
  let at = tag.index;
  const call = /config\s*\(/.exec(body);
  if (call) {
    at = tag.index + call.index;
    if (key) {
      const keyAt = new RegExp(`\\b${escapeRe(key)}\\s*=`).exec(body.slice(call.index));
      if (keyAt) at += keyAt.index;
    }
  }
  const pos = positionAt(text, at);
  return { file, line: pos.line, column: pos.column };
}

/**
 * Checks every snapshot's config before anything runs (the CLI exits 2): a missing `unique_key`, a
 * timestamp strategy without `updated_at`, a check strategy without `check_cols`, a bad `hard_deletes`
 * ... Each problem is a ConfigError at the snapshot's file and line with a hint; all are thrown at once.
 * Reads only the files of snapshots with a problem.
 */
export async function checkSnapshotConfigs(snapshots: readonly SnapshotCheckNode[], rootDir: string): Promise<void> {
  const errors: OppError[] = [];
  const texts = new Map<string, Promise<string>>();
  for (const node of snapshots) {
    const { problems } = readSnapshotConfig(node.name, node.config);
    if (problems.length === 0) continue;
    let text = texts.get(node.originalFilePath);
    if (!text) {
      text = readFile(join(rootDir, node.originalFilePath), 'utf8').catch(() => '');
      texts.set(node.originalFilePath, text);
    }
    const content = await text;
    for (const problem of problems) {
      const location = content ? locateSnapshotConfig(content, node.originalFilePath, node.name, problem.code === 'config/invalid-value' ? problem.key : undefined) : { file: node.originalFilePath };
      errors.push(new ConfigError(problem.code, problem.message, { location, hint: problem.hint, nodeId: node.uniqueId }));
    }
  }
  throwIfAny(errors);
}
