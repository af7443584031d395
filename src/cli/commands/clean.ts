import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../../errors/index.js';
import { openProjectConfig } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/**
 * `opp clean`: removes the folders listed in `clean-targets` (default: the target folder). Refuses any
 * folder outside the project or the project folder itself. The embedded warehouse file is not touched.
 */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('clean', opts, invocationId);
  try {
    const { config } = openProjectConfig({ ...opts, command: 'clean' });
    for (const folder of config.cleanTargets) {
      const abs = resolve(config.rootDir, folder);
      const rel = relative(config.rootDir, abs);
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
        throw new ConfigError('config/invalid-value', `clean-targets entry '${folder}' is not a folder inside the project`, {
          location: { file: config.file },
          hint: 'List only folders inside the project, e.g. clean-targets: [target].',
        });
      }
      await rm(abs, { recursive: true, force: true });
      out.emit({ kind: 'log', level: 'info', message: `Cleaned ${rel}/` });
    }
    out.emit({ kind: 'log', level: 'info', message: 'Finished cleaning all paths.' });
    return 0;
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
