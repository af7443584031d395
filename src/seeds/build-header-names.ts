/**
 * Column names from a CSV header record, as DuckDB names them: fields past the record's end (NULL) are
 * dropped, an empty name becomes `column<i>` (0-based position), and a name seen before (ignoring case,
 * as DuckDB identifiers do) gets `_1`, `_2`, ... Undefined when the record has no field at all.
 */
export function buildHeaderNames(fields: readonly (string | null | undefined)[]): string[] | undefined {
  let width = fields.length;
  while (width > 0 && (fields[width - 1] === null || fields[width - 1] === undefined)) width--;
  if (width === 0) return undefined;
  const seen = new Set<string>();
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    const raw = fields[i];
    let name = raw === null || raw === undefined || raw === '' ? `column${i}` : raw;
    if (seen.has(name.toLowerCase())) {
      let n = 1;
      while (seen.has(`${name}_${n}`.toLowerCase())) n++;
      name = `${name}_${n}`;
    }
    seen.add(name.toLowerCase());
    names.push(name);
  }
  return names;
}

/**
 * An upper bound of the number of fields in a raw header line: one more than the delimiters in it
 * (a delimiter inside a quoted name only makes the bound loose).
 */
export function countHeaderFieldsBound(line: string, delimiter: string): number {
  let n = 1;
  for (const ch of line) if (ch === delimiter) n++;
  return n;
}
