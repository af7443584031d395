import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProject } from '../../../src/compile/index.js';
import { readProjectConfig } from '../../../src/config/index.js';
import type { TargetConfig } from '../../../src/config/types.js';
import { DiagnosticsError, OppError } from '../../../src/errors/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';

interface Expected {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

const target: TargetConfig = { name: 'dev', profileName: 'broken', type: 'duckdb', database: 'memory', schema: 'main', threads: 1, settings: {} };

async function diagnostics(root: string): Promise<OppError[]> {
  const config = readProjectConfig(root);
  const files = await loadProjectFiles(config);
  try {
    await parseProject(files, target, { cacheDir: false, env: {} });
  } catch (e) {
    if (e instanceof DiagnosticsError) return [...e.errors];
    if (e instanceof OppError) return [e];
    throw e;
  }
  throw new Error(`expected ${root} to fail to parse`);
}

const BROKEN = [
  'broken-template-syntax',
  'broken-template-undefined-macro',
  'broken-template-unknown-ref',
  'broken-template-unknown-var',
  'broken-template-bad-config',
];

describe('broken template fixtures: one mistake each, at its exact place', () => {
  for (const name of BROKEN) {
    it(name, async () => {
      const root = join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Expected[];
      const errors = await diagnostics(root);
      expect(errors.map((e) => ({ code: e.code, file: e.location?.file, line: e.location?.line, column: e.location?.column }))).toEqual(
        expected.map(({ code, file, line, column }) => ({ code, file, line, column })),
      );
      expected.forEach((exp, i) => {
        if (exp.hint !== undefined) expect(errors[i]!.hint).toBe(exp.hint);
        expect(errors[i]!.hint, 'every error carries a hint').toBeTruthy();
      });
    });
  }

  it('names the defined vars when a var is unknown', async () => {
    const [err] = await diagnostics(join(FIXTURES, 'broken-template-unknown-var'));
    expect(err!.message).toBe("var('start_dat') is not defined and has no default (defined vars: start_date, region)");
  });

  it('names the undefined macro and where the call is', async () => {
    const [err] = await diagnostics(join(FIXTURES, 'broken-template-undefined-macro'));
    expect(err!.message).toBe("'cents_to_dolars' is undefined: it cannot be called (no macro or function of that name)");
  });
});
