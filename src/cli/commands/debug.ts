import { randomUUID } from 'node:crypto';
import { createAdapter, getAdapterFactory } from '../../adapters/index.js';
import { looksSecret } from '../../errors/index.js';
import { openProjectConfig } from '../../tasks/index.js';
import { OPP_VERSION } from '../../util/version.js';
import { openConsole } from '../console.js';
import type { CommandOptions } from '../options.js';

/**
 * `opp debug`: prints the project, profile and target it would use (never a secret) and tests the
 * connection. Exit 0 when every check passes, 1 when the connection fails, 2 when the project is wrong.
 */
export async function run(opts: CommandOptions): Promise<number> {
  const invocationId = randomUUID();
  const out = openConsole('debug', opts, invocationId);
  const info = (message: string) => out.emit({ kind: 'log', level: 'info', message });
  try {
    info(`opp version: ${OPP_VERSION}`);
    info(`node version: ${process.version}`);
    info(`os info: ${process.platform} ${process.arch}`);
    const { config, target } = openProjectConfig({ ...opts, command: 'debug' });
    info(`Using project file at ${config.rootDir}/${config.file}`);
    info(target.profilesFile ? `Using profiles.yml file at ${target.profilesFile}` : 'No profiles.yml found: using the embedded DuckDB default target');
    info('');
    info('Configuration:');
    info(`  project file [OK found and valid]`);
    info(`  profiles.yml file [${target.profilesFile ? 'OK found and valid' : 'not found, default used'}]`);
    info('');
    info('Connection:');
    const factory = getAdapterFactory(target.type);
    const secret = new Set(factory.secretKeys);
    info(`  type: ${target.type}`);
    info(`  target: ${target.name} (profile ${target.profileName})`);
    info(`  database: ${target.database}`);
    info(`  schema: ${target.schema}`);
    info(`  threads: ${target.threads}`);
    for (const [key, value] of Object.entries(target.settings)) {
      if (secret.has(key) || looksSecret(key)) continue;
      info(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
    }
    const adapter = await createAdapter(target);
    try {
      await adapter.connect();
      await adapter.execute('select 1 as ok');
      info('  Connection test: [OK connection ok]');
      info('');
      info('All checks passed!');
      return 0;
    } catch (err) {
      info('  Connection test: [ERROR]');
      out.fail(err);
      return 1;
    } finally {
      await adapter.close();
    }
  } catch (err) {
    return out.fail(err);
  } finally {
    await out.flush();
  }
}
