import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';
import { runCompileTask, type CompileTaskOptions, type CompileTaskOutcome } from '../../../src/tasks/index.js';
import { queryDuckDB } from '../../helpers/duckdb-file.js';

/**
 * `opp compile` replays an unchanged project's last compile (target/partial_compile.json). A replay must
 * never be stale: each test compiles, changes one thing the compile depends on, and checks the second
 * compile did the work and reflects the change; the first tests check the replay does happen.
 */

const MEMO = 'target/partial_compile.json';

let dir: string;

function write(rel: string, text: string): void {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function compiledText(model: string, folder = 'models'): string {
  return readFileSync(join(dir, 'target', 'compiled', 'memo_shop', folder, `${model}.sql`), 'utf8');
}

async function compile(opts: Partial<CompileTaskOptions> = {}, env: Record<string, string> = {}): Promise<CompileTaskOutcome> {
  return runCompileTask({ projectDir: dir, command: 'compile', env: { ...env }, ...opts });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'opp-compile-memo-'));
  write('project.yml', ['name: memo_shop', 'profile: memo_shop', 'vars:', '  region: eu', ''].join('\n'));
  write('profiles.yml', ['memo_shop:', '  target: dev', '  outputs:', '    dev:', '      type: duckdb', '      path: wh.duckdb', '      schema: main', '      threads: 1', ''].join('\n'));
  write('macros/money.sql', '{% macro money(col) %}({{ col }} / 100.0){% endmacro %}\n');
  write('models/stg_orders.sql', "select 1 as id, 250 as cents, '{{ var(\"region\") }}' as region\n");
  write('models/orders.sql', 'select id, {{ money("cents") }} as amount from {{ ref("stg_orders") }}\n');
  write('models/schema.yml', ['version: 2', 'models:', '  - name: orders', '    description: orders', ''].join('\n'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('compile replay', () => {
  it('replays an unchanged project: same nodes, same files, nothing recompiled', async () => {
    const first = await compile();
    expect(first.replayed).toBeUndefined();
    expect(first.errors).toEqual([]);
    expect(existsSync(join(dir, MEMO))).toBe(true);
    const before = compiledText('orders');
    const second = await compile();
    expect(second.replayed).toBe(true);
    expect(second.compiled.map((c) => c.uniqueId).sort()).toEqual(first.compiled.map((c) => c.uniqueId).sort());
    expect(second.compiled.find((c) => c.uniqueId.endsWith('.orders'))!.compiledCode).toBe(before);
    expect(second.session.config.targetPath).toBe('target');
  });

  it('replays a single selected node with its compiled code', async () => {
    const first = await compile({ select: ['orders'] });
    const second = await compile({ select: ['orders'] });
    expect(second.replayed).toBe(true);
    expect(second.compiled).toHaveLength(1);
    expect(second.compiled[0]!.compiledCode).toBe(first.compiled[0]!.compiledCode);
  });

  it('sees a model edited to the same size with its modification time put back', async () => {
    await compile();
    const path = join(dir, 'models/stg_orders.sql');
    const st = statSync(path);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('250', '999'));
    utimesSync(path, st.atime, st.mtime);
    expect(statSync(path).size).toBe(st.size);
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(compiledText('stg_orders')).toContain('999 as cents');
  });

  it('sees a model added and a model deleted', async () => {
    const first = await compile();
    write('models/extra.sql', 'select 2 as id\n');
    const added = await compile();
    expect(added.replayed).toBeUndefined();
    expect(added.compiled).toHaveLength(first.compiled.length + 1);
    unlinkSync(join(dir, 'models/extra.sql'));
    const removed = await compile();
    expect(removed.replayed).toBeUndefined();
    expect(removed.compiled).toHaveLength(first.compiled.length);
  });

  it('sees a model edited in a models subfolder named dbt_packages (only the root one is skipped)', async () => {
    write('models/dbt_packages/nested.sql', 'select 1 as one\n');
    await compile();
    expect(compiledText('dbt_packages/nested')).toContain('1 as one');
    write('models/dbt_packages/nested.sql', 'select 2 as two\n');
    expect((await compile()).replayed).toBeUndefined();
    expect(compiledText('dbt_packages/nested')).toContain('2 as two');
  });

  it('sees a macro edited', async () => {
    await compile();
    write('macros/money.sql', '{% macro money(col) %}({{ col }} / 1000.0){% endmacro %}\n');
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(compiledText('orders')).toContain('cents / 1000.0');
  });

  it('sees a schema yml edited', async () => {
    await compile();
    write('models/schema.yml', ['version: 2', 'models:', '  - name: stg_orders', '    config:', '      alias: staged_orders', ''].join('\n'));
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(compiledText('orders')).toContain('staged_orders');
  });

  it('sees project vars and --vars changed', async () => {
    await compile();
    write('project.yml', ['name: memo_shop', 'profile: memo_shop', 'vars:', '  region: us', ''].join('\n'));
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(compiledText('stg_orders')).toContain("'us' as region");
    const third = await compile({ vars: '{region: apac}' });
    expect(third.replayed).toBeUndefined();
    expect(compiledText('stg_orders')).toContain("'apac' as region");
    const fourth = await compile({ vars: '{region: latam}' });
    expect(fourth.replayed).toBeUndefined();
    expect(compiledText('stg_orders')).toContain("'latam' as region");
    expect((await compile({ vars: '{region: latam}' })).replayed).toBe(true);
  });

  it('sees an environment variable read by env_var() changed, in the parse and the run pass', async () => {
    write('models/env_model.sql', "{{ config(alias=env_var('MEMO_ALIAS', 'env_model')) }}select '{{ env_var(\"MEMO_COLOR\", \"none\") }}' as color\n");
    write('models/uses_env.sql', 'select * from {{ ref("env_model") }}\n');
    await compile({}, { MEMO_COLOR: 'red', MEMO_ALIAS: 'a1' });
    expect((await compile({}, { MEMO_COLOR: 'red', MEMO_ALIAS: 'a1' })).replayed).toBe(true);
    const color = await compile({}, { MEMO_COLOR: 'blue', MEMO_ALIAS: 'a1' });
    expect(color.replayed).toBeUndefined();
    expect(compiledText('env_model')).toContain("'blue' as color");
    const alias = await compile({}, { MEMO_COLOR: 'blue', MEMO_ALIAS: 'a2' });
    expect(alias.replayed).toBeUndefined();
    expect(compiledText('uses_env')).toContain('a2');
    const unset = await compile({}, { MEMO_ALIAS: 'a2' });
    expect(unset.replayed).toBeUndefined();
    expect(compiledText('env_model')).toContain("'none' as color");
  });

  it('sees an environment variable read only when an ephemeral model is injected (run pass)', async () => {
    write('models/eph.sql', "{{ config(materialized='ephemeral') }}select '{% if execute %}{{ env_var(\"MEMO_EPH\", \"unset\") }}{% endif %}' as v\n");
    write('models/uses_eph.sql', 'select * from {{ ref("eph") }}\n');
    await compile({ select: ['uses_eph'] }, { MEMO_EPH: 'one' });
    expect(compiledText('uses_eph')).toContain("'one' as v");
    expect((await compile({ select: ['uses_eph'] }, { MEMO_EPH: 'one' })).replayed).toBe(true);
    const second = await compile({ select: ['uses_eph'] }, { MEMO_EPH: 'two' });
    expect(second.replayed).toBeUndefined();
    expect(compiledText('uses_eph')).toContain("'two' as v");
  });

  it('sees the selection changed', async () => {
    const all = await compile();
    const one = await compile({ select: ['stg_orders'] });
    expect(one.replayed).toBeUndefined();
    expect(one.compiled.map((c) => c.uniqueId)).toEqual(['model.memo_shop.stg_orders']);
    const excluded = await compile({ exclude: ['stg_orders'] });
    expect(excluded.replayed).toBeUndefined();
    expect(excluded.compiled.map((c) => c.uniqueId)).toEqual(['model.memo_shop.orders']);
    const again = await compile();
    expect(again.replayed).toBeUndefined();
    expect(again.compiled).toHaveLength(all.compiled.length);
  });

  it('rewrites a compiled file deleted under target/compiled', async () => {
    await compile();
    const before = compiledText('orders');
    unlinkSync(join(dir, 'target/compiled/memo_shop/models/orders.sql'));
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(compiledText('orders')).toBe(before);
    expect((await compile()).replayed).toBe(true);
  });

  it('keeps no secret in partial_compile.json and prints the single node as its file holds it', async () => {
    write('models/secretive.sql', "select '{{ env_var(\"OPP_MEMO_PASSWORD\") }}' as pw\n");
    const env = { OPP_MEMO_PASSWORD: 'hunter2-very-secret' };
    const first = await compile({ select: ['secretive'] }, env);
    expect(first.compiled).toHaveLength(1);
    const second = await compile({ select: ['secretive'] }, env);
    expect(second.replayed).toBe(true);
    expect(readFileSync(join(dir, MEMO), 'utf8')).not.toContain('hunter2-very-secret');
    expect(second.compiled[0]!.compiledCode).toBe(compiledText('secretive'));
  });

  it('does not replay over a manifest.json another command rewrote', async () => {
    await compile();
    const manifest = join(dir, 'target/manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8'));
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    unlinkSync(manifest);
    const third = await compile();
    expect(third.replayed).toBeUndefined();
    expect(existsSync(manifest)).toBe(true);
  });

  it('sees an incremental model whose table was created in the warehouse meanwhile (is_incremental flips)', async () => {
    write(
      'models/events.sql',
      "{{ config(materialized='incremental') }}select 1 as id{% if is_incremental() %} where id > (select max(id) from {{ this }}){% endif %}\n",
    );
    await compile();
    expect(compiledText('events')).not.toContain('where id >');
    expect((await compile()).replayed).toBe(true);
    await queryDuckDB(join(dir, 'wh.duckdb'), 'create table main.events as select 1 as id');
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(compiledText('events')).toContain('where id >');
    expect((await compile()).replayed).toBe(true);
    await queryDuckDB(join(dir, 'wh.duckdb'), 'drop table main.events');
    const third = await compile();
    expect(third.replayed).toBeUndefined();
    expect(compiledText('events')).not.toContain('where id >');
    const full = await compile({ fullRefresh: true });
    expect(full.replayed).toBeUndefined();
  });

  it('does not connect to (or create) the warehouse when nothing needs it', async () => {
    await compile();
    expect(existsSync(join(dir, 'wh.duckdb'))).toBe(false);
    write('models/events.sql', "{{ config(materialized='incremental') }}select 1 as id\n");
    await compile();
    expect(existsSync(join(dir, 'wh.duckdb'))).toBe(false);
  });

  it('never replays a compile whose templates read the warehouse or the clock', async () => {
    write('models/clock.sql', "select '{{ run_started_at }}' as started\n");
    await compile();
    const second = await compile();
    expect(second.replayed).toBeUndefined();
    expect(existsSync(join(dir, MEMO))).toBe(false);
    unlinkSync(join(dir, 'models/clock.sql'));
    write('models/queried.sql', "{% set r = run_query('select 7 as n') %}select {{ r.columns[0].values()[0] if execute else 0 }} as n\n");
    await compile();
    expect((await compile()).replayed).toBeUndefined();
    expect(compiledText('queried')).toContain('select 7 as n');
  });

  it('never replays a compile whose macros read the clock or the invocation', async () => {
    for (const [name, expr] of [
      ['started', 'run_started_at'],
      ['invocation', 'invocation_id'],
      ['now', 'modules.datetime.datetime.now()'],
    ]) {
      write('macros/stamp.sql', `{% macro stamp() %}{{ ${expr} }}{% endmacro %}\n`);
      write('models/stamped.sql', "select '{{ stamp() }}' as v\n");
      await compile();
      expect((await compile()).replayed, name).toBeUndefined();
      expect(existsSync(join(dir, MEMO)), name).toBe(false);
    }
  });

  it('sees an environment variable read by project.yml or profiles.yml changed', async () => {
    write('project.yml', ['name: memo_shop', `profile: "{{ env_var('MEMO_PROFILE', 'memo_shop') }}"`, 'vars:', '  region: eu', ''].join('\n'));
    write(
      'profiles.yml',
      [
        'memo_shop:',
        '  target: dev',
        '  outputs:',
        '    dev:',
        '      type: duckdb',
        '      path: wh.duckdb',
        `      schema: "{{ env_var('MEMO_SCHEMA', 'main') }}"`,
        'other:',
        '  target: dev',
        '  outputs:',
        '    dev:',
        '      type: duckdb',
        '      path: wh.duckdb',
        '      schema: elsewhere',
        '',
      ].join('\n'),
    );
    await compile({}, { MEMO_SCHEMA: 'north' });
    expect(compiledText('orders')).toContain('north');
    expect((await compile({}, { MEMO_SCHEMA: 'north' })).replayed).toBe(true);
    expect((await compile({}, { MEMO_SCHEMA: 'south' })).replayed).toBeUndefined();
    expect(compiledText('orders')).toContain('south');
    expect((await compile({}, { MEMO_SCHEMA: 'south', MEMO_PROFILE: 'other' })).replayed).toBeUndefined();
    expect(compiledText('orders')).toContain('elsewhere');
  });

  it('never replays a failed compile', async () => {
    await compile();
    write('models/broken.sql', 'select {{ ref("nope") }}\n');
    await expect(compile()).rejects.toThrow();
    unlinkSync(join(dir, 'models/broken.sql'));
    const again = await compile();
    expect(again.replayed).toBeUndefined();
  });
});

describe('compile replay through the CLI', () => {
  const strip = (stdout: string): string[] =>
    stdout
      .split('\n')
      .map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/, '').replace(/ in \d+\.\d\ds$/, ' in <t>s'))
      .filter((l) => l.trim() !== '');

  it('prints the same on replay (count, single-node SQL) and never replays over opp parse / opp run', async () => {
    const all1 = await runCli(['compile'], { cwd: dir });
    expect(all1.code, all1.stdout + all1.stderr).toBe(0);
    const all2 = await runCli(['compile'], { cwd: dir });
    expect(all2.code).toBe(0);
    expect(existsSync(join(dir, MEMO))).toBe(true);
    expect(strip(all2.stdout)).toEqual(strip(all1.stdout));
    expect(all2.stdout).toMatch(/Compiled 2 nodes to target\/compiled/);

    const one1 = await runCli(['compile', '-s', 'orders'], { cwd: dir });
    const one2 = await runCli(['compile', '-s', 'orders'], { cwd: dir });
    expect(one1.stdout).toContain("Compiled node 'orders' is:");
    expect(strip(one2.stdout)).toEqual(strip(one1.stdout));

    // the replay rewrote nothing: the memo is the one the first compile wrote
    const memo = readFileSync(join(dir, MEMO), 'utf8');
    expect(strip((await runCli(['compile', '-s', 'orders'], { cwd: dir })).stdout)).toEqual(strip(one1.stdout));
    expect(readFileSync(join(dir, MEMO), 'utf8')).toBe(memo);

    // opp parse rewrites manifest.json: the next compile does the work again (a new memo)
    const parse = await runCli(['parse'], { cwd: dir });
    expect(parse.code, parse.stdout).toBe(0);
    const afterParse = await runCli(['compile', '-s', 'orders'], { cwd: dir });
    expect(strip(afterParse.stdout)).toEqual(strip(one1.stdout));
    const memo2 = readFileSync(join(dir, MEMO), 'utf8');
    expect(memo2).not.toBe(memo);

    // opp run builds an incremental model's table and rewrites manifest.json and compiled files
    write('models/events.sql', "{{ config(materialized='incremental') }}select 1 as id{% if is_incremental() %} where id > 0{% endif %}\n");
    const before = await runCli(['compile', '-s', 'events'], { cwd: dir });
    expect(before.stdout).not.toContain('where id > 0');
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code, run.stdout).toBe(0);
    const afterRun = await runCli(['compile', '-s', 'events'], { cwd: dir });
    expect(afterRun.code).toBe(0);
    expect(afterRun.stdout).toContain('where id > 0');
  }, 60_000);
});
