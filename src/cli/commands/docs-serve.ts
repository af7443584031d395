import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serveDocs } from '../../docs/index.js';
import { openProjectConfig } from '../../tasks/index.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/** `opp docs serve [--port 8080]`: serves target/ on 127.0.0.1 until Ctrl-C. */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('docs serve', opts, invocationId);
  try {
    const { config } = openProjectConfig({ ...opts, command: 'docs serve' });
    const port = typeof opts.port === 'number' ? opts.port : 8080;
    const server = await serveDocs(join(config.rootDir, config.targetPath), { port });
    out.emit({ kind: 'log', level: 'info', message: `Serving docs at ${server.url}` });
    out.emit({ kind: 'log', level: 'info', message: 'Press Ctrl+C to exit.' });
    await out.flush();
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    await server.close();
    return 0;
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
