import type { Manifest } from '../manifest/index.js';
import type { CompileSession } from './compile-session.js';

/**
 * The compile session that produced a manifest, so the run pass reuses its environment, macros and
 * compiled templates instead of building them again.
 */
const sessions = new WeakMap<Manifest, CompileSession>();

export function registerSession(manifest: Manifest, session: CompileSession): void {
  sessions.set(manifest, session);
}

export function sessionOf(manifest: Manifest): CompileSession | undefined {
  return sessions.get(manifest);
}
