import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openLocalCsvReader } from '../../../src/adapters/index.js';
import type { DuckDBAdapter } from '../../../src/adapters/duckdb/index.js';
import type { SeedNode } from '../../../src/manifest/index.js';
import { executeSeed, type SeedExecution } from '../../../src/materialize/index.js';
import type { NodeResult } from '../../../src/run/types.js';
import { loadFixture, openDuckDB, tableColumns, tableRows, type LoadedProject } from './helpers.js';

/**
 * The seeds-basic fixture loaded into a real in-memory DuckDB through executeSeed, natively (read_csv in
 * the load statement) and through the bulkLoad path (a local DuckDB reads, the target's bulkLoad writes).
 */

let project: LoadedProject;
beforeAll(async () => {
  project = await loadFixture('seeds-basic');
});
afterAll(() => project.cleanup());

it('leaves disabled seeds out of the run, tagged folders tagged', () => {
  expect(Object.keys(project.manifest.nodes).filter((id) => id.startsWith('seed.')).sort()).toEqual([
    'seed.seeds_shop.bom_crlf',
    'seed.seeds_shop.country_codes',
    'seed.seeds_shop.customers',
    'seed.seeds_shop.header_only',
    'seed.seeds_shop.inferred',
    'seed.seeds_shop.quoted_names',
    'seed.seeds_shop.semicolons',
    'seed.seeds_shop.typed',
  ]);
  expect(project.seed('country_codes').tags).toEqual(['lookup']);
});

function expectOk(result: NodeResult): void {
  if (result.status !== 'success') throw new Error(`${result.uniqueId}: ${result.message} (${result.error?.hint ?? ''})`);
}

for (const path of ['native', 'bulk-load'] as const) {
  describe(`seeds on DuckDB (${path})`, () => {
    let adapter: DuckDBAdapter;
    let ctx: SeedExecution;
    beforeEach(async () => {
      adapter = await openDuckDB();
      await adapter.ensureSchema({ schema: 'main_raw' });
      ctx = { adapter, fullRefresh: false, forceBulkLoad: path === 'bulk-load', project: { rootDir: project.dir, file: 'project.yml' } };
      if (path === 'bulk-load') {
        const reader = await openLocalCsvReader();
        ctx = { ...ctx, csvReader: reader };
        return async () => {
          await reader.close();
          await adapter.close();
        };
      }
      return () => adapter.close();
    });
    const seed = async (name: string, extra: Partial<SeedExecution> = {}): Promise<NodeResult> => executeSeed(project.seed(name), 'Thread-1', { ...ctx, ...extra });

    it('loads quoted commas, doubled quotes, embedded newlines; empty and `null` fields are NULL', async () => {
      const result = await seed('customers');
      expectOk(result);
      expect(result.message).toBe('INSERT 3');
      expect(result.adapterResponse).toEqual({ message: 'INSERT 3', code: 'INSERT', rowsAffected: 3 });
      expect(result.relationName).toBe('"memory"."main_raw"."customers"');
      expect(await tableRows(adapter, project.seed('customers'))).toEqual([
        { id: 1, name: 'Smith, John', address: '12 Main St\nApt 4', note: 'said "hi"' },
        { id: 2, name: 'Ann', address: null, note: null },
        { id: 3, name: null, address: null, note: 'plain' },
      ]);
      expect(await tableColumns(adapter, project.seed('customers'))).toEqual(['id INTEGER', 'name VARCHAR', 'address VARCHAR', 'note VARCHAR']);
    });

    it('makes a header-only file a table of VARCHAR columns with no rows', async () => {
      const result = await seed('header_only');
      expectOk(result);
      expect(result.message).toBe('INSERT 0');
      expect(await tableColumns(adapter, project.seed('header_only'))).toEqual(['id VARCHAR', 'name VARCHAR']);
      expect(await tableRows(adapter, project.seed('header_only'))).toEqual([]);
    });

    it('reads a UTF-8 BOM and CRLF line ends', async () => {
      expectOk(await seed('bom_crlf'));
      expect(await tableColumns(adapter, project.seed('bom_crlf'))).toEqual(['id INTEGER', 'label VARCHAR']);
      expect(await tableRows(adapter, project.seed('bom_crlf'))).toEqual([
        { id: 1, label: 'one' },
        { id: 2, label: 'two' },
      ]);
    });

    it('infers types as dbt does', async () => {
      expectOk(await seed('inferred'));
      expect(await tableColumns(adapter, project.seed('inferred'))).toEqual([
        'small_int INTEGER',
        'big_int BIGINT',
        'amount DOUBLE',
        'flag BOOLEAN',
        'day DATE',
        'at TIMESTAMP',
        'at_tz TIMESTAMP WITH TIME ZONE',
        'zip VARCHAR',
        'word VARCHAR',
        'blank VARCHAR',
      ]);
      const rows = await tableRows(adapter, project.seed('inferred'), 'small_int');
      expect(rows.map((r) => [r['small_int'], r['big_int'], r['amount'], r['flag'], r['day'], r['at'], r['at_tz'], r['zip'], r['word'], r['blank']])).toEqual([
        [-2, 1, 2, false, '2024-02-29', '2024-02-29T23:59:59.500', '2024-01-31T10:00:00Z', '02134', 'y', null],
        [1, 3000000000, 1.5, true, '2024-01-31', '2024-01-31T10:00:00', '2024-01-31T08:00:00Z', '00501', 'x', null],
        [3, 2, 0.25, true, '2024-12-01', '2024-12-01T00:00:00', '2024-01-31T10:00:00Z', '10001', '3', null],
      ]);
    });

    it('splits on the configured delimiter', async () => {
      expectOk(await seed('semicolons'));
      expect(await tableRows(adapter, project.seed('semicolons'))).toEqual([
        { a: 1, b: 'x,y', c: '2024-01-01' },
        { a: 2, b: 'q;uoted', c: '2024-01-02' },
      ]);
    });

    it('keeps header names with quote_columns; loads under the alias', async () => {
      const result = await seed('quoted_names');
      expectOk(result);
      expect(result.relationName).toBe('"memory"."main_raw"."order_names"');
      expect(await tableColumns(adapter, project.seed('quoted_names'))).toEqual(['Order ID INTEGER', 'Customer Name VARCHAR']);
    });

    it('casts to column_types from the properties YAML and from project.yml', async () => {
      expectOk(await seed('typed'));
      expect(await tableColumns(adapter, project.seed('typed'))).toEqual(['id BIGINT', 'amount DECIMAL(10,2)', 'zip VARCHAR']);
      expect(await tableRows(adapter, project.seed('typed'))).toEqual([
        { id: 1, amount: 10.5, zip: '00501' },
        { id: 2, amount: 3, zip: '12345' },
      ]);
      expectOk(await seed('country_codes'));
      expect(await tableColumns(adapter, project.seed('country_codes'))).toEqual(['code VARCHAR', 'population BIGINT']);
    });
  });
}

/** The table's oid in DuckDB's catalog: unchanged by truncate-and-reload, new when the table is rebuilt. */
async function tableOid(adapter: DuckDBAdapter, node: SeedNode): Promise<number> {
  const rows = (await adapter.execute(`select table_oid from duckdb_tables() where schema_name = '${node.schema}' and table_name = '${node.alias}'`)).rows;
  return Number(rows[0]?.['table_oid']);
}

for (const path of ['native', 'bulk-load'] as const) {
  describe(`re-seeding (${path})`, () => {
    let adapter: DuckDBAdapter;
    let own: LoadedProject;
    let ctx: SeedExecution;
    let runSql: string[];
    beforeEach(async () => {
      own = await loadFixture('seeds-basic');
      adapter = await openDuckDB();
      await adapter.ensureSchema({ schema: 'main_raw' });
      runSql = [];
      ctx = {
        adapter,
        fullRefresh: false,
        forceBulkLoad: path === 'bulk-load',
        project: { rootDir: own.dir, file: 'project.yml' },
        writeRunSql: (_node, sql) => runSql.push(sql),
      };
      return async () => {
        await adapter.close();
        own.cleanup();
      };
    });
    const csv = (name: string, text: string): void => writeFileSync(join(own.dir, 'seeds', `${name}.csv`), text);

    it('truncates and reloads when the columns are unchanged; drops and recreates with --full-refresh', async () => {
      expectOk(await executeSeed(own.seed('typed'), 'Thread-1', ctx));
      const oid = await tableOid(adapter, own.seed('typed'));
      csv('typed', 'id,amount,zip\n7,1.25,99999\n');
      const again = await executeSeed(own.seed('typed'), 'Thread-1', ctx);
      expectOk(again);
      expect(again.message).toBe('INSERT 1');
      expect(await tableRows(adapter, own.seed('typed'))).toEqual([{ id: 7, amount: 1.25, zip: '99999' }]);
      expect(await tableOid(adapter, own.seed('typed'))).toBe(oid);
      expect(runSql[1]).toMatch(/^begin;\n\ndelete from "memory"\."main_raw"\."typed";/);
      if (path === 'bulk-load') {
        expect(runSql[0]).toContain('-- rows loaded with bulkLoad into "memory"."main_raw"."typed"');
        expect(runSql[0]).not.toContain('read_csv');
      } else {
        expect(runSql[0]).toContain(`read_csv('${join(own.dir, 'seeds', 'typed.csv')}'`);
      }

      const full = await executeSeed(own.seed('typed'), 'Thread-1', { ...ctx, fullRefresh: true });
      expectOk(full);
      expect(await tableOid(adapter, own.seed('typed'))).not.toBe(oid);
      expect(runSql[2]).toContain('"typed__opp_tmp"');
      expect(runSql[2]).toContain('drop table if exists "memory"."main_raw"."typed"');
      expect(await tableRows(adapter, own.seed('typed'))).toEqual([{ id: 7, amount: 1.25, zip: '99999' }]);
      const names = (await adapter.execute(`select table_name from duckdb_tables() where schema_name = 'main_raw' order by 1`)).rows;
      expect(names).toEqual([{ table_name: 'typed' }]);
    });

    it('rebuilds the table when the CSV has other columns or types', async () => {
      expectOk(await executeSeed(own.seed('customers'), 'Thread-1', ctx));
      csv('customers', 'id,name,address,note\nx1,Ann,,\n');
      expectOk(await executeSeed(own.seed('customers'), 'Thread-1', ctx));
      expect(await tableColumns(adapter, own.seed('customers'))).toEqual(['id VARCHAR', 'name VARCHAR', 'address VARCHAR', 'note VARCHAR']);
      csv('customers', 'id,name\n5,Zoe\n');
      expectOk(await executeSeed(own.seed('customers'), 'Thread-1', ctx));
      expect(await tableRows(adapter, own.seed('customers'))).toEqual([{ id: 5, name: 'Zoe' }]);
    });

    it('leaves the previous rows when a reload fails (truncate path and full-refresh path)', async () => {
      expectOk(await executeSeed(own.seed('typed'), 'Thread-1', ctx));
      const before = await tableRows(adapter, own.seed('typed'));
      csv('typed', 'id,amount,zip\n1,10.5,00501\nnot-a-number,3,12345\n');
      for (const fullRefresh of [false, true]) {
        const failed = await executeSeed(own.seed('typed'), 'Thread-1', { ...ctx, fullRefresh });
        expect(failed.status).toBe('error');
        expect(await tableRows(adapter, own.seed('typed'))).toEqual(before);
      }
      const names = (await adapter.execute(`select table_name from duckdb_tables() where schema_name = 'main_raw' order by 1`)).rows;
      expect(names).toEqual([{ table_name: 'typed' }]);
    });

    it('names the value and the column_types line when a declared type does not fit', async () => {
      csv('typed', 'id,amount,zip\n1,10.5,00501\nnot-a-number,3,12345\n');
      const failed = await executeSeed(own.seed('typed'), 'Thread-1', ctx);
      expect(failed.status).toBe('error');
      if (path === 'native') {
        expect(failed.error?.code).toBe('seed/bad-value');
        expect(failed.message).toBe(
          "seed 'typed': the value 'not-a-number' of column 'id' in seeds/typed.csv does not fit its column_types type 'bigint'",
        );
        expect(failed.error?.location).toEqual({ file: 'seeds/seeds.yml', line: 16, column: 13 });
      } else {
        expect(failed.message).toMatch(/not-a-number/);
      }
    });
  });
}

describe('malformed CSV files', () => {
  let adapter: DuckDBAdapter;
  let bad: LoadedProject;
  beforeAll(async () => {
    bad = await loadFixture('seeds-malformed');
    adapter = await openDuckDB();
  });
  afterAll(async () => {
    await adapter.close();
    bad.cleanup();
  });

  for (const forceBulkLoad of [false, true]) {
    const how = forceBulkLoad ? 'bulk-load' : 'native';
    it(`reports a ragged row at its physical line, after a quoted multi-line value (${how})`, async () => {
      const result = await executeSeed(bad.seed('ragged'), 'Thread-1', { adapter, fullRefresh: false, forceBulkLoad });
      expect(result.status).toBe('error');
      expect(result.error?.code).toBe('seed/malformed-csv');
      expect(result.error?.location).toEqual({ file: 'seeds/ragged.csv', line: 6, column: 1 });
      expect(result.message).toBe('seeds/ragged.csv:6: the seed CSV does not parse: Expected Number of Columns: 2 Found: 3');
      expect(result.error?.hint).toMatch(/as many fields as the header/);
    });

    it(`reports an unterminated quote at its line (${how})`, async () => {
      const result = await executeSeed(bad.seed('unterminated'), 'Thread-1', { adapter, fullRefresh: false, forceBulkLoad });
      expect(result.error?.code).toBe('seed/malformed-csv');
      expect(result.error?.location).toEqual({ file: 'seeds/unterminated.csv', line: 3, column: 1 });
      expect(result.message).toMatch(/unterminated quote/);
      expect(result.error?.hint).toMatch(/Close the quoted value/);
    });
  }

  it('reports a row with a missing field in a CRLF file at its line', async () => {
    const result = await executeSeed(bad.seed('missing_field'), 'Thread-1', { adapter, fullRefresh: false });
    expect(result.error?.location).toEqual({ file: 'seeds/missing_field.csv', line: 3, column: 1 });
    expect(result.message).toMatch(/Expected Number of Columns: 2 Found: 1/);
  });

  it('reports an empty file', async () => {
    const result = await executeSeed(bad.seed('empty'), 'Thread-1', { adapter, fullRefresh: false });
    expect(result.error?.code).toBe('seed/malformed-csv');
    expect(result.error?.location).toEqual({ file: 'seeds/empty.csv', line: 1, column: 1 });
    expect(result.message).toMatch(/no header row/);
  });

  it('creates nothing for a seed that failed', async () => {
    const rows = (await adapter.execute(`select table_name from duckdb_tables() order by 1`)).rows;
    expect(rows).toEqual([]);
  });
});
