import { describe, expect, it } from 'vitest';
import { readArrayElementTexts } from './json-spans.js';

describe('readArrayElementTexts', () => {
  it('returns each element of the array at the path exactly as written', () => {
    const text = ' { "meta" : {"a":[1,{"x":"]"}]}, "incidents" : [ {"id":"a","n":1} ,\n{"id":"b","nested":{"k":[1,2,"}"]}} ] , "after":"z"}';
    expect(readArrayElementTexts(text, ['incidents'])).toEqual(['{"id":"a","n":1}', '{"id":"b","nested":{"k":[1,2,"}"]}}']);
  });

  it('handles escaped quotes and backslashes inside strings', () => {
    const records = [{ s: 'a "quoted" } ] word' }, { s: 'ends with a backslash \\' }, { s: '\\"' }, { 'odd "key': 'é\u2028' }];
    const text = JSON.stringify({ data: records, next: null });
    const texts = readArrayElementTexts(text, ['data'])!;
    expect(texts).toEqual(records.map((r) => JSON.stringify(r)));
    expect(texts.map((t) => JSON.parse(t) as unknown)).toEqual(records);
  });

  it('finds nested paths, member names with escapes, scalars and empty arrays', () => {
    expect(readArrayElementTexts('{"a\\"b":{"c":[1, true ,null,"x",-2.5e3]}}', ['a"b', 'c'])).toEqual(['1', 'true', 'null', '"x"', '-2.5e3']);
    expect(readArrayElementTexts('{"data":[ ]}', ['data'])).toEqual([]);
    expect(readArrayElementTexts('[{"a":1}]', [])).toEqual(['{"a":1}']);
  });

  it('returns undefined when there is no array at the path', () => {
    expect(readArrayElementTexts('{"data":{"a":1}}', ['data'])).toBeUndefined();
    expect(readArrayElementTexts('{"other":[1]}', ['data'])).toBeUndefined();
    expect(readArrayElementTexts('{}', ['data'])).toBeUndefined();
    expect(readArrayElementTexts('[1]', ['data'])).toBeUndefined();
  });

  it('agrees with JSON.parse on generated documents', () => {
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const chars = ['a', '"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'é', '\n', '\u0001'];
    const value = (depth: number): unknown => {
      const r = rnd();
      if (depth > 3 || r < 0.3) return Array.from({ length: Math.floor(rnd() * 6) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
      if (r < 0.4) return Math.floor(rnd() * 1000) - 500;
      if (r < 0.45) return rnd() < 0.5 ? null : true;
      if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, k) => [`${value(9) as string}${k}`, value(depth + 1)]));
    };
    for (let n = 0; n < 200; n++) {
      const records = Array.from({ length: Math.floor(rnd() * 5) }, () => value(0));
      const text = JSON.stringify({ before: value(1), items: records, after: value(1) }, null, n % 3 === 0 ? 2 : undefined);
      const texts = readArrayElementTexts(text, ['items'])!;
      expect(texts.map((t) => JSON.parse(t) as unknown)).toEqual(records);
    }
  });
});

describe('readArrayElementTexts, repeated members', () => {
  it('takes the last of repeated members, as JSON.parse does', () => {
    const text = '{"data":[1],"x":{"data":[3]},"data":[2,{"a":"b"}]}';
    expect(readArrayElementTexts(text, ['data'])).toEqual(['2', '{"a":"b"}']);
    expect((JSON.parse(text) as { data: unknown[] }).data).toEqual([2, { a: 'b' }]);
    expect(readArrayElementTexts('{"data":[1],"data":null}', ['data'])).toBeUndefined();
  });
});

describe('readArrayElementTexts, malformed input', () => {
  it('returns undefined instead of guessing on text that is not complete JSON', () => {
    for (const text of ['{"data":[1,', '{"data":[{"a":"x}]}', '{"data":[1 2]}', '{"data" [1]}', '', '{"data":[{"a":1}']) {
      expect(readArrayElementTexts(text, ['data'])).toBeUndefined();
    }
  });
});
