import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticsError, OppError } from '../../../src/errors/index.js';

/** A fresh empty temp folder, removed by `cleanup`. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `opp-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every OppError a failing call raised (a DiagnosticsError is flattened). Fails if nothing was thrown. */
export async function diagnosticsOf(fn: () => unknown): Promise<OppError[]> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DiagnosticsError) return [...err.errors];
    if (err instanceof OppError) return [err];
    throw err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
