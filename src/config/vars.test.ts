import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/index.js';
import { parseVarsFlag, resolveVars } from './vars.js';

describe('parseVarsFlag', () => {
  it('parses YAML and JSON mappings', () => {
    expect(parseVarsFlag('{start_date: "2024-01-01", full: true, n: 3}')).toEqual({ start_date: '2024-01-01', full: true, n: 3 });
    expect(parseVarsFlag('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(parseVarsFlag('a: 1\nb: x')).toEqual({ a: 1, b: 'x' });
    expect(parseVarsFlag('  ')).toEqual({});
  });

  it('rejects non-mappings and bad YAML with usage/bad-vars', () => {
    for (const text of ['just a string', '[1, 2]', '{a: 1', '42']) {
      let caught: unknown;
      try {
        parseVarsFlag(text);
      } catch (err) {
        caught = err;
      }
      expect(caught, text).toBeInstanceOf(UsageError);
      expect((caught as UsageError).code).toBe('usage/bad-vars');
      expect((caught as UsageError).hint).toContain('--vars');
    }
  });
});

describe('resolveVars', () => {
  it('lets project-scoped vars override global ones and the CLI override both', () => {
    const project = { start: '2020', region: 'eu', shop: { start: '2021', only_here: true }, other_pkg: { start: '1999' } };
    const out = resolveVars(project, { region: 'us' }, 'shop');
    expect(out.start).toBe('2021');
    expect(out.only_here).toBe(true);
    expect(out.region).toBe('us');
  });

  it('ignores other packages’ scopes and works without a project name', () => {
    const project = { start: '2020', other_pkg: { start: '1999' } };
    expect(resolveVars(project, {}, 'shop').start).toBe('2020');
    expect(resolveVars(project).start).toBe('2020');
    expect(resolveVars({ x: 1 }, { x: 2 }).x).toBe(2);
  });
});
