import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import { ConfigError, DiagnosticsError, ProjectError } from '../../../src/errors/index.js';
import { checkSeedColumnTypes, executeSeed } from '../../../src/materialize/index.js';
import { loadFixture, openDuckDB, type LoadedProject } from './helpers.js';

/** A column_types entry DuckDB cannot parse stops the command (exit 2) at its YAML line, before any load. */
describe('seeds-bad-types: column_types checked with the warehouse parser', () => {
  let adapter: DuckDBAdapter;
  let project: LoadedProject;
  beforeAll(async () => {
    project = await loadFixture('seeds-bad-types');
    adapter = await openDuckDB();
  });
  afterAll(async () => {
    await adapter.close();
    project.cleanup();
  });

  it('throws every bad type at once, located in the properties YAML and in project.yml', async () => {
    const seeds = [project.seed('orders'), project.seed('prices')];
    const thrown = await checkSeedColumnTypes(adapter, seeds, { rootDir: project.dir, file: 'project.yml' }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(DiagnosticsError);
    const errors = (thrown as DiagnosticsError).errors;
    expect(errors.map((e) => [e.constructor.name, e.code, e.location])).toEqual([
      ['ProjectError', 'project/invalid-value', { file: 'seeds/properties.yml', line: 7, column: 13 }],
      ['ConfigError', 'config/invalid-value', { file: 'project.yml', line: 8, column: 17 }],
    ]);
    expect(errors[0]).toBeInstanceOf(ProjectError);
    expect(errors[1]).toBeInstanceOf(ConfigError);
    expect(errors.every((e) => e.exitCode === 2)).toBe(true);
    expect(errors[0]!.message).toMatch(/^seed 'orders': column_types\.id is 'intgr', which is not a duckdb type \(Type with name intgr does not exist!/);
    expect(errors[0]!.hint).toMatch(/Did you mean "integer"\?/i);
    expect(errors[1]!.message).toMatch(/^seed 'prices': column_types\.amount is 'numbr\(10,2\)'/);
    expect((thrown as DiagnosticsError).exitCode).toBe(2);
  });

  it('accepts good types with one query and remembers them', async () => {
    let queries = 0;
    const counting = new Proxy(adapter, {
      get(target, prop, receiver) {
        if (prop === 'execute') return (sql: string) => (queries++, target.execute(sql));
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const ok = { ...project.seed('orders'), config: { ...project.seed('orders').config, column_types: { id: 'bigint', status: 'varchar(20)' } } };
    await checkSeedColumnTypes(counting, [ok]);
    expect(queries).toBe(1);
    await checkSeedColumnTypes(counting, [ok]);
    expect(queries).toBe(1);
  });

  it('fails the seed itself with the same located error when run without the pre-check', async () => {
    const result = await executeSeed(project.seed('orders'), 'Thread-1', { adapter, fullRefresh: false, project: { rootDir: project.dir, file: 'project.yml' } });
    expect(result.status).toBe('error');
    expect(result.error?.code).toBe('project/invalid-value');
    expect(result.error?.location).toEqual({ file: 'seeds/properties.yml', line: 7, column: 13 });
  });

  it('names a column_types key that is not a column of the CSV, with a suggestion', async () => {
    const seed = project.seed('prices');
    const typo = { ...seed, config: { ...seed.config, column_types: { amont: 'double' } } };
    const result = await executeSeed(typo, 'Thread-1', { adapter, fullRefresh: false });
    expect(result.error?.code).toBe('project/unknown-resource');
    expect(result.message).toBe("seed 'prices': column_types names 'amont', but seeds/prices.csv has no such column (its columns: sku, amount)");
    expect(result.error?.hint).toBe("Did you mean 'amount'?");
  });
});
