import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './decode-utf8.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('decodeUtf8', () => {
  it('decodes ASCII and non-ASCII text exactly as Response.text() does', async () => {
    for (const text of ['', '{"a":"b"}', '{"name":"café — 😀","x":"\\u00e9"}', '\u00ff\u0100', 'x'.repeat(100_000)]) {
      expect(decodeUtf8(bytes(text))).toBe(text);
      expect(decodeUtf8(bytes(text))).toBe(await new Response(bytes(text)).text());
    }
  });

  it('drops a leading BOM and replaces malformed sequences, like Response.text()', async () => {
    for (const raw of [new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), new Uint8Array([0x7b, 0xff, 0xc3, 0x7d]), new Uint8Array([0x80])]) {
      expect(decodeUtf8(raw)).toBe(await new Response(raw).text());
    }
  });

  it('reads only the view it is given (a slice of a larger buffer)', () => {
    const all = bytes('xx{"a":1}yy');
    expect(decodeUtf8(all.subarray(2, 9))).toBe('{"a":1}');
  });
});
