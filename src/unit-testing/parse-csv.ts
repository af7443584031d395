/**
 * CSV text of a unit-test fixture → rows, as dbt reads it (Python's `csv.DictReader`, excel dialect): the
 * first record is the header, fields are comma-separated, `"` quotes a field (`""` is a quote inside it),
 * records end at `\n` or `\r\n` outside quotes, blank lines are skipped, and an empty field is NULL (dbt
 * turns `""` into None). Header names are trimmed (a space after a comma in the header is a typo, not part
 * of the column name). Pure.
 */

export interface CsvRows {
  readonly header: readonly string[];
  /** One object per record, keyed by header name; empty fields are null. */
  readonly rows: readonly Record<string, string | null>[];
}

export interface CsvProblem {
  /** 1-based record number (the header is record 1). */
  readonly record: number;
  readonly message: string;
}

/** Splits CSV text into records of fields. */
function splitRecords(text: string): { records: string[][]; problem?: CsvProblem } {
  const records: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let fieldStarted = false;
  let i = 0;
  const n = text.length;
  const endRecord = (): void => {
    if (fieldStarted || fields.length > 0) {
      fields.push(field);
      records.push(fields);
    }
    fields = [];
    field = '';
    fieldStarted = false;
  };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 2;
      continue;
    }
    if (c === '\n' || c === '\r') {
      endRecord();
      i++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) return { records, problem: { record: records.length + 1, message: 'a quoted field is not closed (a " is missing)' } };
  endRecord();
  return { records };
}

/** Parses fixture CSV; a problem names the record where it is. */
export function parseCsv(text: string): { csv: CsvRows; problem?: undefined } | { csv?: undefined; problem: CsvProblem } {
  const { records, problem } = splitRecords(text);
  if (problem) return { problem };
  const headerRecord = records[0];
  if (!headerRecord) return { problem: { record: 1, message: 'the csv has no header line' } };
  const header = headerRecord.map((h) => h.trim());
  const seen = new Set<string>();
  for (let i = 0; i < header.length; i++) {
    const h = header[i]!;
    if (h === '') return { problem: { record: 1, message: `column ${i + 1} of the header has no name` } };
    const lower = h.toLowerCase();
    if (seen.has(lower)) return { problem: { record: 1, message: `the header names column '${h}' twice` } };
    seen.add(lower);
  }
  const rows: Record<string, string | null>[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.length > header.length) {
      return { problem: { record: r + 1, message: `record ${r + 1} has ${rec.length} fields but the header has ${header.length}` } };
    }
    const row: Record<string, string | null> = {};
    for (let c = 0; c < header.length; c++) {
      const v = rec[c];
      row[header[c]!] = v === undefined || v === '' ? null : v;
    }
    rows.push(row);
  }
  return { csv: { header, rows } };
}
