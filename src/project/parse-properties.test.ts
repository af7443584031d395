import { describe, expect, it } from 'vitest';
import { ProjectError } from '../errors/index.js';
import { sha256 } from '../util/hash.js';
import { parsePropertiesFile } from './parse-properties.js';

const FILE = 'models/staging/schema.yml';
const yaml = (...lines: string[]) => lines.join('\n') + '\n';
const parse = (text: string, opts = {}) => parsePropertiesFile(text, FILE, opts);
/** [code, line, column] of each error, for exact assertions. */
const where = (text: string) => parse(text).errors.map((e) => [e.code, e.location?.file, e.location?.line, e.location?.column]);

describe('parsePropertiesFile: models and columns', () => {
  const text = yaml(
    'version: 2',
    'models:',
    '  - name: stg_orders',
    '    description: "Orders, one row per order"',
    '    config:',
    '      materialized: table',
    '      cluster_by: [order_date]',
    '    access: public',
    '    meta: {owner: data}',
    '    tags: [staging]',
    '    docs: {show: false, node_color: "#ff0000"}',
    '    constraints:',
    '      - type: primary_key',
    '        columns: [order_id]',
    '    columns:',
    '      - name: order_id',
    '        description: The key',
    '        data_type: integer',
    '        quote: true',
    '        meta: {pii: false}',
    '        tags: [key]',
    '        config: {tags: [id], meta: {source: x}}',
    '        constraints: [{type: not_null}]',
    '        tests: [unique, not_null]',
    '      - name: status',
    '        data_tests:',
    '          - accepted_values:',
    "              values: ['placed', 'shipped']",
  );

  it('reads every model key into camelCase properties', () => {
    const { file, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(file.path).toBe(FILE);
    expect(file.checksum).toBe(sha256(text));
    expect(file.nodes).toHaveLength(1);
    const m = file.nodes[0]!;
    expect(m).toMatchObject({
      resourceType: 'model',
      name: 'stg_orders',
      description: 'Orders, one row per order',
      config: { materialized: 'table', cluster_by: ['order_date'], access: 'public' },
      configLocation: { file: FILE, line: 5, column: 5 },
      meta: { owner: 'data' },
      tags: ['staging'],
      docs: { show: false, nodeColor: '#ff0000' },
      constraints: [{ type: 'primary_key', columns: ['order_id'] }],
      location: { file: FILE, line: 3, column: 5 },
      file: FILE,
    });
    expect(m.columns[0]).toEqual({
      name: 'order_id',
      description: 'The key',
      dataType: 'integer',
      quote: true,
      meta: { pii: false, source: 'x' },
      tags: ['key', 'id'],
      tests: [
        { testName: 'unique', arguments: {}, config: {}, location: expect.objectContaining({ line: 24, column: 17 }) },
        { testName: 'not_null', arguments: {}, config: {}, location: expect.objectContaining({ line: 24, column: 25 }) },
      ],
      constraints: [{ type: 'not_null' }],
      location: expect.objectContaining({ file: FILE, line: 16, column: 9 }),
    });
    expect(m.columns[1]!.tests[0]).toMatchObject({ testName: 'accepted_values', arguments: { values: ['placed', 'shipped'] }, config: {} });
  });

  it('reads seeds, snapshots (with YAML relation) and analyses', () => {
    const { file, errors } = parse(
      yaml(
        'seeds:',
        '  - name: countries',
        '    config: {column_types: {code: varchar}, delimiter: ";"}',
        '    columns: [{name: code, tests: [unique]}]',
        'snapshots:',
        '  - name: orders_snapshot',
        '    relation: "ref(\'stg_orders\')"',
        '    config: {strategy: timestamp, unique_key: id, updated_at: updated_at}',
        'analyses:',
        '  - name: revenue_check',
        '    description: ad hoc',
        '    columns: [{name: x}]',
      ),
    );
    expect(errors).toEqual([]);
    expect(file.nodes.map((n) => [n.resourceType, n.name])).toEqual([
      ['seed', 'countries'],
      ['snapshot', 'orders_snapshot'],
      ['analysis', 'revenue_check'],
    ]);
    expect(file.nodes[0]!.config).toEqual({ column_types: { code: 'varchar' }, delimiter: ';' });
    expect(file.nodes[1]!.relation).toBe("ref('stg_orders')");
    expect(file.nodes[2]!.tests).toEqual([]);
  });

  it('merges tests and data_tests on one entry', () => {
    const { file, errors } = parse(yaml('models:', '  - name: m', '    tests: [a_test]', '    data_tests: [b_test]'));
    expect(errors).toEqual([]);
    expect(file.nodes[0]!.tests.map((t) => t.testName).sort()).toEqual(['a_test', 'b_test']);
  });

  it('records ignored top-level keys and accepts an empty file', () => {
    expect(parse(yaml('version: 2', 'exposures: []', 'metrics: []', 'semantic_models: []', 'saved_queries: []', 'groups: []')).file.ignored).toEqual([
      'exposures',
      'metrics',
      'semantic_models',
      'saved_queries',
      'groups',
    ]);
    const empty = parse('');
    expect(empty.errors).toEqual([]);
    expect(empty.file.nodes).toEqual([]);
    expect(parse('# just a comment\n').errors).toEqual([]);
  });

  it('accepts adapter config keys when passed', () => {
    const text2 = yaml('models:', '  - name: m', '    config: {duck_format: parquet}');
    expect(parse(text2).errors).toHaveLength(1);
    expect(parse(text2, { adapterConfigKeys: ['duck_format'] }).errors).toEqual([]);
  });
});

describe('parsePropertiesFile: every test form', () => {
  const tests = (...items: string[]) => {
    const { file, errors } = parse(yaml('models:', '  - name: m', '    columns:', '      - name: c', '        tests:', ...items.map((i) => `          ${i}`)));
    expect(errors.map((e) => e.message)).toEqual([]);
    return file.nodes[0]!.columns[0]!.tests.map(({ location: _l, ...t }) => t);
  };

  it('a bare name', () => {
    expect(tests('- unique')).toEqual([{ testName: 'unique', arguments: {}, config: {} }]);
  });

  it('a name with an empty body', () => {
    expect(tests('- not_null:')).toEqual([{ testName: 'not_null', arguments: {}, config: {} }]);
  });

  it('config under config:', () => {
    expect(tests('- not_null: {config: {severity: warn, where: "x > 1"}}')).toEqual([{ testName: 'not_null', arguments: {}, config: { severity: 'warn', where: 'x > 1' } }]);
  });

  it('old style: arguments and config keys side by side', () => {
    expect(tests('- accepted_values: {values: [a, b], quote: false, severity: warn, limit: 5, tags: [t]}')).toEqual([
      { testName: 'accepted_values', arguments: { values: ['a', 'b'], quote: false }, config: { severity: 'warn', limit: 5, tags: ['t'] } },
    ]);
  });

  it('dbt ≥ 1.10: arguments: and config:', () => {
    expect(tests('- accepted_values:', '    arguments: {values: [a, b]}', '    config: {severity: warn}')).toEqual([
      { testName: 'accepted_values', arguments: { values: ['a', 'b'] }, config: { severity: 'warn' } },
    ]);
  });

  it('relationships', () => {
    expect(tests('- relationships: {to: "ref(\'customers\')", field: id}')).toEqual([
      { testName: 'relationships', arguments: { to: "ref('customers')", field: 'id' }, config: {} },
    ]);
  });

  it('a custom name with test_name', () => {
    expect(tests('- name: my_unique', '  test_name: unique', '  description: must be unique', '  config: {severity: warn}')).toEqual([
      { testName: 'unique', customName: 'my_unique', description: 'must be unique', arguments: {}, config: { severity: 'warn' } },
    ]);
  });

  it('a custom name inside the test body', () => {
    expect(tests('- unique: {name: unique_c_check}')).toEqual([{ testName: 'unique', customName: 'unique_c_check', arguments: {}, config: {} }]);
  });

  it('a namespaced generic test', () => {
    expect(tests('- dbt_utils.expression_is_true: {expression: "c > 0", config: {error_if: "> 10"}}')).toEqual([
      { testName: 'dbt_utils.expression_is_true', arguments: { expression: 'c > 0' }, config: { error_if: '> 10' } },
    ]);
  });

  it('model-level tests keep their location', () => {
    const { file } = parse(yaml('models:', '  - name: m', '    data_tests:', '      - dbt_utils.unique_combination_of_columns:', '          combination_of_columns: [a, b]'));
    expect(file.nodes[0]!.tests[0]).toEqual({
      testName: 'dbt_utils.unique_combination_of_columns',
      arguments: { combination_of_columns: ['a', 'b'] },
      config: {},
      location: expect.objectContaining({ file: FILE, line: 4, column: 9 }),
    });
  });
});

describe('parsePropertiesFile: errors (exact code, file, line, column)', () => {
  it('malformed YAML', () => {
    expect(where(yaml('models:', '  - name: m', '    columns: [a, b', '  - name: n'))).toEqual([['project/yaml-syntax', FILE, 4, 3]]);
    const err = parse('models:\n  - name: m\n   bad: indent\n').errors[0]!;
    expect(err).toBeInstanceOf(ProjectError);
    expect(err.code).toBe('project/yaml-syntax');
    expect(err.location).toMatchObject({ file: FILE, line: 3 });
  });

  it('unknown top-level key with did-you-mean', () => {
    const { errors } = parse(yaml('version: 2', 'model:', '  - name: m'));
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column, e.hint])).toEqual([['project/unknown-key', 2, 1, "did you mean 'models'?"]]);
  });

  it('unknown model key', () => {
    const { errors } = parse(yaml('models:', '  - name: m', '    descripton: x'));
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column, e.hint])).toEqual([['project/unknown-key', 3, 5, "did you mean 'description'?"]]);
  });

  it('unknown config key: uniqe_key', () => {
    const { errors } = parse(yaml('models:', '  - name: m', '    config:', '      materialized: incremental', '      uniqe_key: id'));
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.line, e.location?.column, e.hint])).toEqual([
      ['project/unknown-key', FILE, 5, 7, "did you mean 'unique_key'?"],
    ]);
  });

  it('unknown column key and unknown test config key', () => {
    expect(where(yaml('models:', '  - name: m', '    columns:', '      - name: c', '        datatype: int'))).toEqual([['project/unknown-key', FILE, 5, 9]]);
    const { errors } = parse(yaml('models:', '  - name: m', '    tests:', '      - unique: {config: {severrity: warn}}'));
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column, e.hint])).toEqual([['project/unknown-key', 4, 27, "did you mean 'severity'?"]]);
  });

  it('wrong types', () => {
    expect(where(yaml('models:', '  name: m'))).toEqual([['project/invalid-value', FILE, 2, 3]]);
    expect(where(yaml('models:', '  - name: m', '    columns: {c: 1}'))).toEqual([['project/invalid-value', FILE, 3, 14]]);
    expect(where(yaml('models:', '  - name: m', '    config: {enabled: "nope"}'))).toEqual([['project/invalid-value', FILE, 3, 14]]);
    expect(where(yaml('models:', '  - name: m', '    tags: {a: 1}'))).toEqual([['project/invalid-value', FILE, 3, 11]]);
    expect(where(yaml('models:', '  - name: m', '    docs: {show: maybe}'))).toEqual([['project/invalid-value', FILE, 3, 18]]);
    expect(where(yaml('version: 1'))).toEqual([['project/invalid-value', FILE, 1, 10]]);
  });

  it('an entry without a name', () => {
    expect(where(yaml('models:', '  - description: x'))).toEqual([['project/invalid-value', FILE, 2, 5]]);
  });

  it('a test with arguments at the wrong indentation', () => {
    const { errors } = parse(yaml('models:', '  - name: m', '    columns:', '      - name: c', '        tests:', '          - accepted_values:', '            values: [a]'));
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column])).toEqual([['project/invalid-value', 6, 13]]);
    expect(errors[0]!.hint).toContain("indent the other keys under 'accepted_values:'");
  });

  it('a test that is neither a name nor a mapping, or has a bad name', () => {
    expect(where(yaml('models:', '  - name: m', '    tests:', '      - [unique]'))).toEqual([['project/invalid-value', FILE, 4, 9]]);
    expect(where(yaml('models:', '  - name: m', '    tests:', '      - "not a name"'))).toEqual([['project/invalid-value', FILE, 4, 9]]);
  });

  it('a config key set twice on a test', () => {
    expect(where(yaml('models:', '  - name: m', '    tests:', '      - unique: {severity: warn, config: {severity: error}}'))).toEqual([['project/invalid-value', FILE, 4, 18]]);
  });

  it('a column described twice', () => {
    const { errors } = parse(yaml('models:', '  - name: m', '    columns:', '      - name: c', '      - name: C'));
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column])).toEqual([['project/duplicate-name', 5, 9]]);
  });

  it('collects every problem of a file', () => {
    const { errors } = parse(yaml('modles: []', 'models:', '  - name: m', '    descripton: x', '    config: {materialised: view}'));
    expect(errors.map((e) => [e.code, e.location?.line])).toEqual([
      ['project/unknown-key', 1],
      ['project/unknown-key', 4],
      ['project/unknown-key', 5],
    ]);
  });
});

describe('parsePropertiesFile: sources', () => {
  const text = yaml(
    'sources:',
    '  - name: incident_io',
    '    description: Incidents',
    '    database: raw',
    '    schema: incident_io',
    '    loader: opp extract',
    '    loaded_at_field: _loaded_at',
    '    freshness:',
    '      warn_after: {count: 12, period: hour}',
    '      error_after: {count: 1, period: day}',
    '      filter: "_loaded_at > current_date - 3"',
    '    quoting: {identifier: false}',
    '    meta: {team: ops}',
    '    tags: [raw]',
    '    config: {enabled: true}',
    '    tables:',
    '      - name: incidents',
    '        identifier: INCIDENTS_V2',
    '        loaded_at_query: "select max(x) from y"',
    '        freshness: null',
    '        external: {location: "s3://x"}',
    '        columns: [{name: id, tests: [unique]}]',
    '        tests: [{dbt_utils.at_least_one: {column_name: id}}]',
    '      - name: users',
  );

  it('reads sources and tables', () => {
    const { file, errors } = parse(text);
    expect(errors).toEqual([]);
    const s = file.sources[0]!;
    expect(s).toMatchObject({
      name: 'incident_io',
      description: 'Incidents',
      database: 'raw',
      schema: 'incident_io',
      loader: 'opp extract',
      loadedAtField: '_loaded_at',
      freshness: { warnAfter: { count: 12, period: 'hour' }, errorAfter: { count: 1, period: 'day' }, filter: '_loaded_at > current_date - 3' },
      quoting: { identifier: false },
      meta: { team: 'ops' },
      tags: ['raw'],
      config: { enabled: true },
      location: { file: FILE, line: 2, column: 5 },
      file: FILE,
    });
    expect(s.tables[0]).toMatchObject({
      name: 'incidents',
      identifier: 'INCIDENTS_V2',
      freshness: null,
      external: { location: 's3://x' },
      config: { loaded_at_query: 'select max(x) from y' },
    });
    expect(s.tables[0]!.columns[0]!.tests[0]!.testName).toBe('unique');
    expect(s.tables[0]!.tests[0]).toMatchObject({ testName: 'dbt_utils.at_least_one', arguments: { column_name: 'id' } });
    expect(s.tables[1]).toMatchObject({ name: 'users', description: '', columns: [], tests: [] });
    expect(s.tables[1]!.freshness).toBeUndefined();
  });

  it('reports source mistakes', () => {
    expect(where(yaml('sources:', '  - name: s', '    tabels: []'))).toEqual([['project/unknown-key', FILE, 3, 5]]);
    expect(where(yaml('sources:', '  - name: s', '    freshness: {warn_after: {count: 1, period: week}}'))).toEqual([['project/invalid-value', FILE, 3, 48]]);
    expect(where(yaml('sources:', '  - name: s', '    freshness: {warn_after: {count: 1}}'))).toEqual([['project/invalid-value', FILE, 3, 17]]);
    expect(where(yaml('sources:', '  - name: s', '    tables:', '      - name: t', '      - name: t'))).toEqual([['project/duplicate-name', FILE, 5, 9]]);
    expect(where(yaml('sources:', '  - name: s', '    config: {materialized: table}'))).toEqual([['project/unknown-key', FILE, 3, 14]]);
  });
});

describe('parsePropertiesFile: unit tests', () => {
  it('reads the dbt 1.8 format', () => {
    const { file, errors } = parse(
      yaml(
        'unit_tests:',
        '  - name: test_is_valid_email',
        '    model: dim_customers',
        '    description: checks emails',
        '    given:',
        "      - input: ref('stg_customers')",
        '        rows:',
        '          - {id: 1, email: a@b.c}',
        "      - input: source('raw', 'domains')",
        '        format: csv',
        '        rows: |',
        '          tld',
        '          c',
        "      - input: ref('other')",
        '        format: sql',
        '        fixture: other_rows',
        '    expect:',
        '      rows:',
        '        - {id: 1, valid: true}',
        '    overrides:',
        '      macros: {is_incremental: false}',
        '      vars: {x: 1}',
        '      env_vars: {Y: "2"}',
        '    config: {tags: [unit], enabled: true}',
      ),
    );
    expect(errors).toEqual([]);
    const u = file.unitTests[0]!;
    expect(u).toMatchObject({
      name: 'test_is_valid_email',
      model: 'dim_customers',
      description: 'checks emails',
      overrides: { macros: { is_incremental: false }, vars: { x: 1 }, envVars: { Y: '2' } },
      config: { tags: ['unit'], enabled: true },
      location: { file: FILE, line: 2, column: 5 },
      file: FILE,
    });
    expect(u.given.map(({ location: _l, ...g }) => g)).toEqual([
      { input: "ref('stg_customers')", format: 'dict', rows: [{ id: 1, email: 'a@b.c' }] },
      { input: "source('raw', 'domains')", format: 'csv', rows: 'tld\nc\n' },
      { input: "ref('other')", format: 'sql', rows: '', fixture: 'other_rows' },
    ]);
    expect(u.expect).toMatchObject({ format: 'dict', rows: [{ id: 1, valid: true }], location: { line: 17 } });
  });

  it('reports unit test mistakes', () => {
    const base = ['unit_tests:', '  - name: t', '    model: m'];
    expect(where(yaml(...base, '    given: []'))).toEqual([['project/invalid-value', FILE, 2, 5]]);
    expect(where(yaml(...base, '    given: [{input: "ref(\'a\')", format: xml}]', '    expect: {rows: []}'))).toEqual([['project/invalid-value', FILE, 4, 41]]);
    expect(where(yaml(...base, '    given: [{input: "ref(\'a\')", fixture: f}]', '    expect: {rows: []}'))).toEqual([['project/invalid-value', FILE, 4, 33]]);
    expect(where(yaml(...base, '    given: [{rows: []}]', '    expect: {rows: []}'))).toEqual([['project/invalid-value', FILE, 4, 13]]);
    expect(where(yaml(...base, '    givn: []', '    expect: {rows: []}'))).toEqual([['project/unknown-key', FILE, 4, 5]]);
    expect(where(yaml(...base, '    expect: {rows: [1]}'))).toEqual([['project/invalid-value', FILE, 4, 21]]);
    expect(where(yaml(...base, '    expect: {format: csv}'))).toEqual([['project/invalid-value', FILE, 4, 13]]);
    expect(where(yaml(...base, '    expect: {rows: []}', '    overrides: {var: {}}'))).toEqual([['project/unknown-key', FILE, 5, 17]]);
    expect(where(yaml(...base, '    expect: {rows: []}', '    config: {severity: warn}'))).toEqual([['project/unknown-key', FILE, 5, 14]]);
  });
});

describe('parsePropertiesFile: macros', () => {
  it('reads macro properties', () => {
    const { file, errors } = parse(
      yaml('macros:', '  - name: cents_to_dollars', '    description: converts', '    arguments:', '      - name: column_name', '        type: string', '        description: the column'),
    );
    expect(errors).toEqual([]);
    expect(file.macros[0]).toEqual({
      name: 'cents_to_dollars',
      description: 'converts',
      arguments: [{ name: 'column_name', type: 'string', description: 'the column' }],
      location: { file: FILE, line: 2, column: 5, endLine: expect.any(Number), endColumn: expect.any(Number) },
      file: FILE,
    });
    expect(where(yaml('macros:', '  - name: m', '    arguments: [{name: a, typ: int}]'))).toEqual([['project/unknown-key', FILE, 3, 27]]);
  });
});
