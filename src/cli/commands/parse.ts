import { randomUUID } from 'node:crypto';
import { openProjectSession, writeManifestArtifact } from '../../tasks/index.js';
import { buildFoundCounts } from '../output/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/** `opp parse`: load and validate the whole project, write target/manifest.json. Exit 2 on any problem. */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('parse', opts, invocationId);
  try {
    const session = await openProjectSession({ ...opts, command: 'parse', invocationId });
    for (const w of session.parse.warnings) out.emit({ kind: 'log', level: 'warn', message: w.message });
    out.emit({ kind: 'found', counts: buildFoundCounts(session.manifest) });
    await writeManifestArtifact(session);
    const s = session.parse.stats;
    out.emit({
      kind: 'log',
      level: 'info',
      message: `Parsed ${s.files} files in ${(s.elapsedMs / 1000).toFixed(2)}s (cache: ${s.cache}); wrote ${session.config.targetPath}/manifest.json`,
    });
    return 0;
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
