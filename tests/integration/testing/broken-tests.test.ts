import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/project-fixture.js';
import { duckTarget, loadTestProject } from './helpers.js';

interface Expected {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

describe('tests-broken: bad YAML tests, each at its exact place with a hint', () => {
  it('collects every problem', async () => {
    const project = await loadTestProject('tests-broken', duckTarget('tests_broken'));
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'tests-broken', 'expected.json'), 'utf8')) as { errors: Expected[]; warnings: Expected[] };
    const shape = (e: { code: string; location?: { file: string; line?: number; column?: number } }) => ({ code: e.code, file: e.location?.file, line: e.location?.line, column: e.location?.column });
    expect(project.built.errors.map(shape)).toEqual(expected.errors.map(({ code, file, line, column }) => ({ code, file, line, column })));
    expect(project.built.warnings.map(shape)).toEqual(expected.warnings.map(({ code, file, line, column }) => ({ code, file, line, column })));
    [...project.built.errors, ...project.built.warnings].forEach((e, i) => {
      const exp = [...expected.errors, ...expected.warnings][i]!;
      expect(e.hint, `${e.code} carries a hint`).toBeTruthy();
      if (exp.hint !== undefined) expect(e.hint).toBe(exp.hint);
    });
    expect(project.built.errors.every((e) => e.exitCode === 2)).toBe(true);
  });

  it('names what is missing', async () => {
    const project = await loadTestProject('tests-broken', duckTarget('tests_broken'));
    const messages = project.built.errors.map((e) => e.message);
    expect(messages).toContain("test 'accepted_values' on model 'orders', column 'status' is missing required argument 'values'");
    expect(messages).toContain("test 'is_even' on model 'orders', column 'id' is missing required argument 'modulus'");
    expect(messages).toContain("unknown generic test 'dbt_utils.expression_is_true': no builtin test and no {% test expression_is_true %} macro in the project");
  });
});
