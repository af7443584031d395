import { describe, expect, it } from 'vitest';
import { parseNdjson, TruncatedStreamError } from './ndjson.js';

async function collect(chunks: string[]) {
  async function* gen() {
    for (const c of chunks) yield new TextEncoder().encode(c);
  }
  const out = [];
  for await (const item of parseNdjson(gen())) out.push(item);
  return out;
}

describe('parseNdjson', () => {
  it('splits lines across chunk boundaries and skips blank lines', async () => {
    const out = await collect(['{"a":1}\n{"a"', ':2}\n\n{"a":3}\n']);
    expect(out).toEqual([{ value: { a: 1 } }, { value: { a: 2 } }, { value: { a: 3 } }]);
  });
  it('accepts a last line without a newline when it parses', async () => {
    expect(await collect(['{"a":1}\n{"a":2}'])).toEqual([{ value: { a: 1 } }, { value: { a: 2 } }]);
  });
  it('reports a broken middle line as invalid, not as a failure', async () => {
    expect(await collect(['{"a":1}\nnot json\n{"a":3}\n'])).toEqual([{ value: { a: 1 } }, { invalid: 'not json' }, { value: { a: 3 } }]);
  });
  it('throws TruncatedStreamError when the download ends mid-line', async () => {
    await expect(collect(['{"a":1}\n{"a":'])).rejects.toBeInstanceOf(TruncatedStreamError);
  });
  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('{"n":"é"}\n');
    async function* gen() {
      yield bytes.slice(0, 7);
      yield bytes.slice(7);
    }
    const out = [];
    for await (const item of parseNdjson(gen())) out.push(item);
    expect(out).toEqual([{ value: { n: 'é' } }]);
  });
});
