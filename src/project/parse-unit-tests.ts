import { isMap } from 'yaml';
import type { YamlEntry, YamlNode } from '../config/index.js';
import { description, findEntry, parseConfigBlock, requiredName, type PropertiesContext } from './parse-columns.js';
import type { UnitTestInput, UnitTestProperties } from './types.js';

export const UNIT_TEST_KEYS = ['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions'];
const GIVEN_KEYS = ['input', 'rows', 'format', 'fixture'];
const EXPECT_KEYS = ['rows', 'format', 'fixture'];
const OVERRIDE_KEYS = ['macros', 'vars', 'env_vars'];
const FORMATS = ['dict', 'csv', 'sql'] as const;

type Rows = UnitTestInput['rows'];

/** `rows` / `format` / `fixture` of a `given:` item or of `expect:`. */
function parseRows(
  ctx: PropertiesContext,
  node: YamlNode,
  entries: readonly YamlEntry[],
  what: string,
): { format: UnitTestInput['format']; rows: Rows; fixture?: string } | undefined {
  const { r } = ctx;
  const formatEntry = findEntry(entries, 'format');
  let format: UnitTestInput['format'] = 'dict';
  if (formatEntry && !r.isNull(formatEntry.value)) {
    const f = r.str(formatEntry.value, `'format' of ${what}`, formatEntry.keyNode);
    if (f === undefined) return undefined;
    if (!(FORMATS as readonly string[]).includes(f)) {
      r.error('invalid-value', `'format' of ${what} must be dict, csv or sql, got '${f}'`, formatEntry.value, 'use format: dict (the default), csv or sql.');
      return undefined;
    }
    format = f as UnitTestInput['format'];
  }
  const rowsEntry = findEntry(entries, 'rows');
  const fixtureEntry = findEntry(entries, 'fixture');
  if (fixtureEntry && !r.isNull(fixtureEntry.value)) {
    const fixture = r.str(fixtureEntry.value, `'fixture' of ${what}`, fixtureEntry.keyNode);
    if (fixture === undefined) return undefined;
    if (rowsEntry) {
      r.error('invalid-value', `${what} has both 'rows' and 'fixture'`, rowsEntry.keyNode, "keep either the inline 'rows' or the 'fixture' file.");
      return undefined;
    }
    if (format === 'dict') {
      r.error('invalid-value', `${what} names fixture '${fixture}' but its format is dict`, fixtureEntry.keyNode, "fixture files are csv or sql: add 'format: csv' (or 'format: sql').");
      return undefined;
    }
    // The text is read from the fixture file when the project is loaded.
    return { format, rows: '', fixture };
  }
  if (format === 'dict') {
    if (!rowsEntry || r.isNull(rowsEntry.value)) return { format, rows: [] };
    const items = r.items(rowsEntry.value, `'rows' of ${what}`, rowsEntry.keyNode);
    if (!items) return undefined;
    const rows: Record<string, unknown>[] = [];
    for (const item of items) {
      if (!isMap(item)) {
        r.invalid(`each row in 'rows' of ${what}`, 'a mapping of column: value', item, rowsEntry.value);
        return undefined;
      }
      rows.push(r.plain(item) as Record<string, unknown>);
    }
    return { format, rows };
  }
  if (!rowsEntry) {
    r.error('invalid-value', `${what} has format ${format} but no 'rows' or 'fixture'`, node, `give the ${format} text in 'rows: |' or name a fixture file.`);
    return undefined;
  }
  const text = r.str(rowsEntry.value, `'rows' of ${what} (format ${format})`, rowsEntry.keyNode);
  return text === undefined ? undefined : { format, rows: text };
}

function parseGiven(ctx: PropertiesContext, node: YamlNode, what: string): UnitTestInput | undefined {
  const entries = ctx.r.entries(node, `a 'given' input of ${what}`);
  if (!entries) return undefined;
  ctx.r.checkKeys(entries, GIVEN_KEYS, `a 'given' input of ${what}`);
  const inputEntry = findEntry(entries, 'input');
  if (!inputEntry) {
    ctx.r.error('invalid-value', `a 'given' input of ${what} has no 'input'`, node, "add \"input: ref('model_name')\" (or source('src', 'table')).");
    return undefined;
  }
  const input = ctx.r.str(inputEntry.value, `'input' of ${what}`, inputEntry.keyNode);
  if (input === undefined) return undefined;
  const rows = parseRows(ctx, node, entries, `input ${input} of ${what}`);
  if (!rows) return undefined;
  return { input, ...rows, location: ctx.r.loc(node) };
}

function parseOverrides(ctx: PropertiesContext, entry: YamlEntry | undefined, what: string): UnitTestProperties['overrides'] {
  const empty = { macros: {}, vars: {}, envVars: {} };
  if (!entry) return empty;
  const entries = ctx.r.entries(entry.value, `'overrides' of ${what}`, entry.keyNode);
  if (!entries) return empty;
  ctx.r.checkKeys(entries, OVERRIDE_KEYS, `'overrides' of ${what}`);
  const map = (key: string): Record<string, unknown> => {
    const e = findEntry(entries, key);
    return e ? (ctx.r.plainMap(e.value, `'overrides.${key}' of ${what}`, e.keyNode) ?? {}) : {};
  };
  return { macros: map('macros'), vars: map('vars'), envVars: map('env_vars') };
}

/** One entry of `unit_tests:` (dbt 1.8 format). */
export function parseUnitTest(ctx: PropertiesContext, node: YamlNode, file: string): UnitTestProperties | undefined {
  const { r } = ctx;
  const entries = r.entries(node, 'a unit_tests entry');
  if (!entries) return undefined;
  const name = requiredName(ctx, node, entries, 'a unit_tests entry');
  if (name === undefined) return undefined;
  const what = `unit test '${name}'`;
  r.checkKeys(entries, UNIT_TEST_KEYS, what);
  const modelEntry = findEntry(entries, 'model');
  const model = modelEntry ? r.str(modelEntry.value, `'model' of ${what}`, modelEntry.keyNode) : undefined;
  if (!modelEntry) r.error('invalid-value', `${what} has no 'model'`, node, "add 'model: <the model under test>'.");
  const givenEntry = findEntry(entries, 'given');
  const given: UnitTestInput[] = [];
  for (const item of givenEntry ? (r.items(givenEntry.value, `'given' of ${what}`, givenEntry.keyNode) ?? []) : []) {
    const g = parseGiven(ctx, item, what);
    if (g) given.push(g);
  }
  const expectEntry = findEntry(entries, 'expect');
  let expected: UnitTestProperties['expect'] | undefined;
  if (!expectEntry) {
    r.error('invalid-value', `${what} has no 'expect'`, node, "add 'expect: {rows: [...]}' with the rows the model should return.");
  } else {
    const e = r.entries(expectEntry.value, `'expect' of ${what}`, expectEntry.keyNode);
    if (e) {
      r.checkKeys(e, EXPECT_KEYS, `'expect' of ${what}`);
      const rows = parseRows(ctx, expectEntry.value ?? expectEntry.keyNode, e, `'expect' of ${what}`);
      if (rows) expected = { ...rows, location: r.loc(expectEntry.keyNode) };
    }
  }
  const config = parseConfigBlock(ctx, findEntry(entries, 'config'), 'unit_test', what);
  const overrides = parseOverrides(ctx, findEntry(entries, 'overrides'), what);
  if (model === undefined || expected === undefined) return undefined;
  return {
    name,
    model,
    description: description(ctx, entries, what),
    given,
    expect: expected,
    overrides,
    config,
    location: r.loc(node),
    file,
  };
}
