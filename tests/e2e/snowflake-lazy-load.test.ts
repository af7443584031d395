import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, REPO_ROOT } from '../helpers/project-fixture.js';

/**
 * snowflake-sdk is a regular dependency, but only a Snowflake target may load it: a DuckDB user's
 * command (here `opp run` of the shop fixture, and `opp ls` of the Snowflake fixture, which needs the
 * dialect only) never imports the driver. Checked in a child process through Node's CommonJS cache.
 */
function loadedModules(cwd: string, args: string[], env: Record<string, string> = {}): { code: unknown; snowflake: boolean; out: string } {
  const main = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'main.js')).href;
  const script = `
    import { createRequire } from 'node:module';
    const { main } = await import(${JSON.stringify(main)});
    const code = await main(${JSON.stringify(args)});
    const cache = Object.keys(createRequire(import.meta.url).cache);
    process.stderr.write('\\nRESULT ' + JSON.stringify({ code, snowflake: cache.some((k) => k.includes('snowflake-sdk')) }) + '\\n');
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', OPP_PROFILES_DIR: '', ...env } });
  const line = r.stderr.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result: ${r.stdout}\n${r.stderr}`);
  return { ...(JSON.parse(line.slice(7)) as { code: unknown; snowflake: boolean }), out: r.stdout };
}

describe('snowflake-sdk is loaded lazily', () => {
  let shop: { dir: string; cleanup: () => void };
  let sfShop: { dir: string; cleanup: () => void };
  beforeAll(() => {
    shop = copyFixture('shop');
    sfShop = copyFixture('snowflake-shop');
  });
  afterAll(() => {
    shop.cleanup();
    sfShop.cleanup();
  });

  it('is not loaded by a DuckDB run', () => {
    const r = loadedModules(shop.dir, ['run', '--select', 'stg_customers']);
    expect(r.snowflake).toBe(false);
  });

  const sfEnv = { SNOWFLAKE_TEST_PASSWORD: 'x', SNOWFLAKE_TEST_PORT: '9', SNOWFLAKE_DOWN_PORT: '9' };

  it('is not loaded by a command that needs only the Snowflake dialect', () => {
    const r = loadedModules(sfShop.dir, ['ls', '--resource-type', 'model'], sfEnv);
    expect(r.code).toBe(0);
    expect(r.out).toContain('sf_shop.marts.fct_orders');
    expect(r.snowflake).toBe(false);
  });

  it('is loaded once a Snowflake target connects (the check above can see it)', () => {
    const r = loadedModules(sfShop.dir, ['run', '--target', 'bad_password'], sfEnv);
    expect(r.code).toBe(2);
    expect(r.snowflake).toBe(true);
  });
});
