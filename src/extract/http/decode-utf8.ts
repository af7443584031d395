import { isAscii } from 'node:buffer';

const utf8 = new TextDecoder('utf-8');

/**
 * A response body's bytes as text, as `Response.text()` decodes them (UTF-8, a leading BOM dropped,
 * malformed sequences replaced). Pure-ASCII bodies — most JSON APIs escape or avoid non-ASCII — take a
 * byte-for-byte copy into a one-byte string: about 20 times faster than the UTF-8 decoder (measured on
 * 1 MB pages: 0.3 ms against 7 ms), which was the extract's largest single CPU cost.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return utf8.decode(bytes);
}
