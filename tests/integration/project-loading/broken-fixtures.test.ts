import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProjectConfig, resolveTarget } from '../../../src/config/index.js';
import { loadProjectFiles } from '../../../src/project/index.js';
import { FIXTURES } from '../../helpers/project-fixture.js';
import { diagnosticsOf } from './load-helpers.js';
import { duckdbAdapterFactory } from '../../../src/adapters/index.js';

interface Expected {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
  readonly variable?: string;
}

/** Loads a project the way every command does: project.yml, then files, then the target. */
async function loadAll(root: string): Promise<void> {
  const config = readProjectConfig(root);
  await loadProjectFiles(config);
  resolveTarget({ project: config, env: { HOME: '/nonexistent-home' } });
}

const BROKEN = [
  'broken-yaml-malformed',
  'broken-yaml-unknown-config-key',
  'broken-yaml-unknown-project-key',
  'broken-yaml-unknown-profile',
  'broken-yaml-unknown-target',
  'broken-yaml-missing-env-var',
];

describe('broken fixtures: one mistake each, reported at its exact place', () => {
  for (const name of BROKEN) {
    it(name, async () => {
      const root = join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Expected[];
      const errors = await diagnosticsOf(() => loadAll(root));
      expect(errors.map((e) => ({ code: e.code, file: e.location?.file, line: e.location?.line, column: e.location?.column }))).toEqual(
        expected.map(({ code, file, line, column }) => ({ code, file, line, column })),
      );
      expected.forEach((exp, i) => {
        if (exp.hint !== undefined) expect(errors[i]!.hint).toBe(exp.hint);
        if (exp.variable !== undefined) expect(errors[i]!.message).toContain(exp.variable);
        expect(errors[i]!.hint, 'every error carries a hint').toBeTruthy();
      });
    });
  }

  it('the unknown profile error lists the profiles that exist', async () => {
    const [err] = await diagnosticsOf(() => loadAll(join(FIXTURES, 'broken-yaml-unknown-profile')));
    expect(err!.message).toBe("profile 'warehouse' (named by project.yml) is not in profiles.yml; its profiles are 'warehose'");
  });

  it('the unknown target error lists the outputs', async () => {
    const [err] = await diagnosticsOf(() => loadAll(join(FIXTURES, 'broken-yaml-unknown-target')));
    expect(err!.message).toBe("target 'prdo' is not an output of profile 'broken_target'; its outputs are 'dev', 'prod'");
  });

  it('--target naming a missing output points at outputs:', async () => {
    const config = readProjectConfig(join(FIXTURES, 'broken-yaml-unknown-target'));
    const [err] = await diagnosticsOf(() => resolveTarget({ project: config, env: {}, targetName: 'staging' }));
    expect([err!.code, err!.location?.line, err!.location?.column]).toEqual(['config/unknown-target', 3, 3]);
    expect(err!.message).toContain('(from --target)');
    expect(duckdbAdapterFactory.prepareTarget!(resolveTarget({ project: config, env: {}, targetName: 'prod' }), config).database).toBe('prod');
  });
});
