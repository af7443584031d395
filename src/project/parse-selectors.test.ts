import { describe, expect, it } from 'vitest';
import { parseSelectorsFile, selectorLocationOf } from './parse-selectors.js';

describe('parseSelectorsFile', () => {
  const text = [
    'selectors:',
    '  - name: nightly',
    '    description: everything tagged nightly',
    '    default: true',
    '    definition:',
    '      union:',
    '        - method: tag',
    '          value: nightly',
    '        - exclude:',
    '            - "tag:slow"',
    '  - name: staging',
    '    definition: "path:models/staging"',
  ].join('\n');

  it('keeps definitions as plain data with locations', () => {
    const { file, errors } = parseSelectorsFile(text, 'selectors.yml');
    expect(errors).toEqual([]);
    expect(file.path).toBe('selectors.yml');
    expect(file.selectors.map((s) => [s.name, s.description, s.default])).toEqual([
      ['nightly', 'everything tagged nightly', true],
      ['staging', '', false],
    ]);
    const def = file.selectors[0]!.definition as { union: unknown[] };
    expect(def).toEqual({ union: [{ method: 'tag', value: 'nightly' }, { exclude: ['tag:slow'] }] });
    expect(JSON.parse(JSON.stringify(def))).toEqual(def);
    expect(selectorLocationOf(def)).toMatchObject({ file: 'selectors.yml', line: 6, column: 7 });
    expect(selectorLocationOf(def.union[1])).toMatchObject({ line: 9, column: 11 });
    expect(file.selectors[1]!.definition).toBe('path:models/staging');
    expect(file.selectors[1]!.location).toMatchObject({ line: 11, column: 5 });
    expect(selectorLocationOf('x')).toBeUndefined();
  });

  it('reports mistakes with locations', () => {
    const bad = ['selectors:', '  - name: a', '    defintion: x', '  - name: b', '    definition: y', '  - name: b', '    definition: z', '  - description: no name'].join('\n');
    const { errors } = parseSelectorsFile(bad, 'selectors.yml');
    expect(errors.map((e) => [e.code, e.location?.line, e.location?.column])).toEqual([
      ['project/unknown-key', 3, 5],
      ['project/invalid-value', 2, 5],
      ['project/duplicate-name', 6, 11],
      ['project/invalid-value', 8, 5],
    ]);
    expect(errors[0]!.hint).toBe("did you mean 'definition'?");
  });

  it('reports malformed YAML and a second default', () => {
    expect(parseSelectorsFile('selectors: [', 'selectors.yml').errors[0]!.code).toBe('project/yaml-syntax');
    const two = ['selectors:', '  - {name: a, default: true, definition: x}', '  - {name: b, default: true, definition: y}'].join('\n');
    expect(parseSelectorsFile(two, 'selectors.yml').errors.map((e) => [e.code, e.location?.line])).toEqual([['project/invalid-value', 3]]);
  });
});
