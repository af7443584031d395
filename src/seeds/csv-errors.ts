import { createReadStream } from 'node:fs';
import { ProjectError } from '../errors/index.js';

/** The record line in a DuckDB CSV error (`CSV Error on Line: 3`), counting the header as line 1. */
export function parseCsvErrorLine(message: string): number | undefined {
  const m = /CSV Error on Line: (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** A message from the CSV reader about the file itself (not about the SQL around it). */
export function isCsvReadError(message: string): boolean {
  return /CSV Error on Line|Error when sniffing file|unterminated quote|Expected Number of Columns/i.test(message);
}

/** The detail line of a DuckDB CSV error (`Expected Number of Columns: 2 Found: 3`), if there is one. */
export function parseCsvErrorDetail(message: string): string | undefined {
  const lines = message.split('\n').map((l) => l.trim());
  return lines.find((l) => /^Expected Number of Columns|unterminated quote|^Value with|^Error when converting|^Invalid unicode|^Maximum line size/i.test(l));
}

/**
 * The 1-based physical line of the byte at `bytePosition` (1-based, as DuckDB's `line_byte_position`):
 * the line breaks (`\n`) among the file's first `bytePosition` bytes, plus one. Reads only that prefix,
 * as a stream.
 */
export async function countLinesTo(absolutePath: string, bytePosition: number): Promise<number> {
  if (bytePosition <= 0) return 1;
  let breaks = 0;
  const stream = createReadStream(absolutePath, { start: 0, end: bytePosition - 1 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(10);
    while (at !== -1) {
      breaks++;
      at = chunk.indexOf(10, at + 1);
    }
  }
  return breaks + 1;
}

function hintFor(problem: string): string {
  if (/Expected Number of Columns/i.test(problem) || /TOO MANY|MISSING/i.test(problem)) {
    return 'Every row needs as many fields as the header; quote a value that contains the delimiter ("a, b").';
  }
  if (/quote/i.test(problem)) return 'Close the quoted value; a quote inside a quoted value is written twice ("").';
  if (/encoding|unicode|utf/i.test(problem)) return 'Save the file as UTF-8 (opp reads seeds as UTF-8).';
  return 'Fix the row at this line (or check the delimiter setting of the seed).';
}

/** The error of a seed whose CSV does not parse, located at the file and line. */
export function buildMalformedCsvError(
  seed: { readonly uniqueId: string; readonly originalFilePath: string },
  problem: string,
  line: number | undefined,
  cause?: unknown,
): ProjectError {
  const where = line === undefined ? seed.originalFilePath : `${seed.originalFilePath}:${line}`;
  return new ProjectError('seed/malformed-csv', `${where}: the seed CSV does not parse: ${problem}`, {
    location: { file: seed.originalFilePath, ...(line !== undefined ? { line, column: 1 } : {}) },
    hint: hintFor(problem),
    nodeId: seed.uniqueId,
    ...(cause !== undefined ? { cause } : {}),
  });
}
