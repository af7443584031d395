import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, copyFixture } from '../helpers/project-fixture.js';
import { runCli } from '../helpers/run-cli.js';

interface Expected {
  readonly code: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  readonly message?: string;
}

// Every broken fixture, through the real CLI: exit 2 before anything runs, and the first error names the
// file, line and column and carries the hint.
const BROKEN = readdirSync(FIXTURES).filter((name) => name.startsWith('broken-'));

describe('opp on a broken project exits 2 and points at the mistake', () => {
  it('has broken fixtures to check', () => {
    expect(BROKEN.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of BROKEN) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, name, 'expected.json'), 'utf8')) as Expected[];
      const { dir, cleanup } = copyFixture(name);
      try {
        const r = await runCli(['run'], { cwd: dir, env: { OPP_BROKEN_FIXTURE_PASSWORD: undefined } });
        expect(r.code, r.stdout + r.stderr).toBe(2);
        const first = expected[0]!;
        const place = [first.file, first.line, first.column].filter((p) => p !== undefined).join(':');
        expect(r.stdout).toContain(`${place}  error[${first.code}]`);
        if (first.hint) expect(r.stdout).toContain(`hint: ${first.hint}`);
        if (first.message) expect(r.stdout).toContain(first.message);
        expect(r.stdout).not.toContain('START');
      } finally {
        cleanup();
      }
    });
  }
});

describe('bad invocations exit 2', () => {
  it('a selector that does not parse names the offset', async () => {
    const { dir, cleanup } = copyFixture('shop');
    try {
      const r = await runCli(['ls', '--select', 'tag:'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('error[selection/syntax]');
      expect(r.stderr).toContain('^');
    } finally {
      cleanup();
    }
  });

  it('an unknown target lists the known ones', async () => {
    const { dir, cleanup } = copyFixture('shop');
    try {
      const r = await runCli(['run', '--target', 'prd'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('error[config/unknown-target]');
      expect(r.stdout).toContain("dev");
    } finally {
      cleanup();
    }
  });

  it('an unknown flag is a usage error', async () => {
    const { dir, cleanup } = copyFixture('shop');
    try {
      const r = await runCli(['run', '--selekt', 'x'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("unknown option '--selekt'");
    } finally {
      cleanup();
    }
  });

  it('no project anywhere is a usage error with a hint', async () => {
    const r = await runCli(['run'], { cwd: '/' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error[usage/no-project]');
  });
});
