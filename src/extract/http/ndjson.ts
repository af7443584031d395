/** One line of an NDJSON file: a parsed value, or the text of a line that is not JSON. */
export type NdjsonItem = { readonly value: unknown } | { readonly invalid: string };

/** Raised when the last line has no newline and does not parse: the download was cut short. */
export class TruncatedStreamError extends Error {
  constructor(message = 'the NDJSON download ended in the middle of a line') {
    super(message);
    this.name = 'TruncatedStreamError';
  }
}

/**
 * Splits a byte stream into NDJSON items without holding more than one chunk and one partial line.
 * Blank lines are skipped. A final line without a newline is accepted if it parses, otherwise the
 * stream was truncated and `TruncatedStreamError` is thrown (the caller re-downloads).
 */
export async function* parseNdjson(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<NdjsonItem> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text === '') continue;
    let start = 0;
    const buf = carry + text;
    let nl = buf.indexOf('\n', 0);
    while (nl !== -1) {
      const line = buf.slice(start, nl).trim();
      if (line !== '') yield parseLine(line);
      start = nl + 1;
      nl = buf.indexOf('\n', start);
    }
    carry = buf.slice(start);
  }
  const rest = (carry + decoder.decode()).trim();
  if (rest !== '') {
    try {
      yield { value: JSON.parse(rest) as unknown };
    } catch {
      throw new TruncatedStreamError();
    }
  }
}

function parseLine(line: string): NdjsonItem {
  try {
    return { value: JSON.parse(line) as unknown };
  } catch {
    return { invalid: line };
  }
}
