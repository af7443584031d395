import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProjectConfig } from '../../../src/config/index.js';
import { DiagnosticsError, type OppError } from '../../../src/errors/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';
import { loadUnitProject, type UnitProject } from './helpers.js';

/**
 * Each unit test of tests/fixtures/projects/unit-broken has one mistake: buildUnitTestNodes reports each
 * as a ProjectError (exit code 2) at the YAML file and line, with a hint; the one valid test is built.
 */

const FILE = 'models/unit_tests.yml';
const yaml = readFileSync(join(FIXTURES, 'unit-broken', FILE), 'utf8').split('\n');

/** 1-based line of the first line containing `text` after the line holding `after`. */
function lineOf(text: string, after?: string): number {
  const start = after === undefined ? 0 : yaml.findIndex((l) => l.includes(after));
  const i = yaml.findIndex((l, n) => n >= start && l.includes(text));
  if (i < 0) throw new Error(`no line with ${text}`);
  return i + 1;
}

let project: UnitProject;

beforeAll(async () => {
  project = await loadUnitProject('unit-broken');
});

function errorsOf(test: string): OppError[] {
  return project.built.errors.filter((e) => e.nodeId?.endsWith(`.${test}`));
}

function only(test: string): OppError {
  const errs = errorsOf(test);
  expect(errs.map((e) => e.message)).toHaveLength(1);
  const e = errs[0]!;
  expect(e.exitCode).toBe(2);
  expect(e.location?.file).toBe(FILE);
  return e;
}

describe('unit-broken: one problem per unit test, located, with a hint', () => {
  it('builds only the valid test, with dbt ids, fqn and the model as its only dependency', () => {
    expect(project.built.unitTests.map((t) => t.uniqueId)).toEqual(['unit_test.unit_broken.joined.ut_valid']);
    const t = project.built.unitTests[0]!;
    expect(t.fqn).toEqual(['unit_broken', 'joined', 'ut_valid']);
    expect(t.dependsOn).toEqual({ nodes: ['model.unit_broken.joined'], macros: [] });
    expect(t.given.map((g) => g.input)).toEqual(["ref('stg_a')", "ref('stg_b')"]); // ref("stg_b") normalised
    expect(project.built.errors).toHaveLength(11);
  });

  it('an unknown model: did you mean', () => {
    const e = only('ut_unknown_model');
    expect(e.code).toBe('project/unknown-resource');
    expect(e.location?.line).toBe(lineOf('ut_unknown_model'));
    expect(e.message).toBe("unit test 'ut_unknown_model' tests model 'joinned' does not exist");
    expect(e.hint).toBe("did you mean 'model: joined'?");
  });

  it('an input that is not ref/source/this', () => {
    const e = only('ut_bad_input');
    expect(e.code).toBe('project/invalid-value');
    expect(e.location?.line).toBe(lineOf("sorce('raw', 'events')"));
    expect(e.message).toContain("'sorce('raw', 'events')' that is not ref(...), source(...) or this");
  });

  it('a given input the model does not read, naming the inputs it does read', () => {
    const e = only('ut_unused_input');
    expect(e.code).toBe('project/invalid-value');
    expect(e.location?.line).toBe(lineOf("input: ref('other')"));
    expect(e.message).toBe("unit test 'ut_unused_input' gives ref('other'), but model 'joined' does not read it (its inputs: ref('stg_a'), ref('stg_b'))");
    expect(e.hint).toBe("remove this given: item, or give one of: ref('stg_a'), ref('stg_b').");
  });

  it('an input the model reads with no given: item (dbt: node not found)', () => {
    const e = only('ut_missing_input');
    expect(e.code).toBe('project/invalid-value');
    expect(e.location?.line).toBe(lineOf('- name: ut_missing_input'));
    expect(e.message).toBe("unit test 'ut_missing_input' has no given: input for ref('stg_b'), which model 'joined' reads");
    expect(e.hint).toContain(`add "- input: ref('stg_b')"`);
  });

  it('an unknown ref or source as input: did you mean, and no second error for the input it was meant to be', () => {
    const ref = only('ut_unknown_ref');
    expect(ref.code).toBe('project/unknown-resource');
    expect(ref.location?.line).toBe(lineOf("input: ref('stg_aa')"));
    expect(ref.hint).toBe("did you mean ref('stg_a')?");
    const src = only('ut_unknown_source');
    expect(src.location?.line).toBe(lineOf("input: source('raw', 'event')"));
    expect(src.hint).toBe("did you mean source('raw', 'events')?");
  });

  it('malformed csv: an unclosed quote, a record with more fields than the header', () => {
    const quote = only('ut_malformed_csv');
    expect(quote.code).toBe('project/invalid-value');
    expect(quote.location?.line).toBe(lineOf("input: source('raw', 'events')", 'ut_malformed_csv'));
    expect(quote.message).toContain('a quoted field is not closed');
    const fields = only('ut_csv_too_many_fields');
    expect(fields.location?.line).toBe(lineOf("input: source('raw', 'events')", 'ut_csv_too_many_fields'));
    expect(fields.message).toContain('record 2 has 3 fields but the header has 2 (csv line 2)');
  });

  it('sql rows that are empty', () => {
    const e = only('ut_empty_sql');
    expect(e.location?.line).toBe(lineOf("input: source('raw', 'events')", 'ut_empty_sql'));
    expect(e.message).toContain('has format sql but the inline rows are empty');
  });

  it("dbt's incremental rules: a boolean is_incremental override, and `this` when it is true", () => {
    const noOverride = only('ut_incremental_no_override');
    expect(noOverride.location?.line).toBe(lineOf('- name: ut_incremental_no_override'));
    expect(noOverride.message).toContain("needs a boolean override for 'is_incremental'");
    const noThis = only('ut_incremental_no_this');
    expect(noThis.location?.line).toBe(lineOf('- name: ut_incremental_no_this'));
    expect(noThis.message).toContain("has no 'this' input");
  });
});

describe('unit-broken-load: problems the project loader reports (exit 2) before unit tests are built', () => {
  it('a unit test without expect, and an unknown fixture file', async () => {
    let caught: unknown;
    try {
      await loadProjectFiles(readProjectConfig(join(FIXTURES, 'unit-broken-load')));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DiagnosticsError);
    const errors = (caught as DiagnosticsError).errors;
    expect(errors.map((e) => [e.code, e.location?.file, e.location?.line])).toEqual([
      ['project/invalid-value', 'models/unit_tests.yml', 3],
      ['project/unknown-resource', 'models/unit_tests.yml', 12],
    ]);
    expect(errors[0]!.message).toBe("unit test 'ut_no_expect' has no 'expect'");
    expect(errors[1]!.message).toContain("names fixture 'no_such_rows', but there is no no_such_rows.csv under tests/fixtures/");
    expect((caught as DiagnosticsError).exitCode).toBe(2);
  });
});
