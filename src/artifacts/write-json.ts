import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { scrubSecrets } from '../errors/index.js';

/** JSON.stringify replacer: every string passes through scrubSecrets before it is escaped. */
export function scrubReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? scrubSecrets(value) : value;
}

/** The artifact as scrubbed JSON text (compact, as dbt writes its artifacts). */
export function serializeArtifact(value: unknown): string {
  return JSON.stringify(value, scrubReplacer);
}

export interface WriteJsonOptions {
  /** Above this many entries in one top-level map (`nodes`), stream entry by entry. Default 2,000. */
  readonly streamThreshold?: number;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Writes an artifact atomically (a temporary file renamed over the target, so a reader never sees half
 * a manifest). Small artifacts are one JSON.stringify; an artifact with a big top-level map is written
 * entry by entry in ~1 MiB chunks so 10,000 nodes never become one giant string.
 */
export async function writeJsonArtifact(path: string, value: Readonly<Record<string, unknown>>, opts: WriteJsonOptions = {}): Promise<void> {
  const threshold = opts.streamThreshold ?? 2000;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const big = Object.values(value).some((v) => isPlainRecord(v) && Object.keys(v).length > threshold);
  try {
    if (!big) await writeFile(tmp, serializeArtifact(value));
    else await streamJson(tmp, value);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

async function streamJson(path: string, value: Readonly<Record<string, unknown>>): Promise<void> {
  const stream = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {}); // observed through Promise.race below
  let buffer: string[] = [];
  let size = 0;
  const emit = async (text: string): Promise<void> => {
    buffer.push(text);
    size += text.length;
    if (size < 1 << 20) return;
    const chunk = buffer.join('');
    buffer = [];
    size = 0;
    if (!stream.write(chunk)) await Promise.race([new Promise<void>((r) => stream.once('drain', r)), failed]);
  };
  let first = true;
  await emit('{');
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    await emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (isPlainRecord(v)) {
      await emit('{');
      let firstEntry = true;
      for (const [k, entry] of Object.entries(v)) {
        if (entry === undefined) continue;
        await emit(`${firstEntry ? '' : ','}${JSON.stringify(scrubSecrets(k))}:${serializeArtifact(entry)}`);
        firstEntry = false;
      }
      await emit('}');
    } else await emit(serializeArtifact(v));
  }
  buffer.push('}');
  stream.end(buffer.join(''));
  await Promise.race([new Promise<void>((r) => stream.once('finish', r)), failed]);
}
