import { describe, expect, it } from 'vitest';
import { parseCsv } from './parse-csv.js';

describe('parseCsv (csv.DictReader, as dbt reads fixtures)', () => {
  it('header, rows, quoting, CRLF, blank lines, empty fields as NULL, short rows padded with NULL', () => {
    const { csv } = parseCsv('id, name ,note\r\n1,"a, b","say ""hi"""\n\n2,,\n3,c\n');
    expect(csv?.header).toEqual(['id', 'name', 'note']);
    expect(csv?.rows).toEqual([
      { id: '1', name: 'a, b', note: 'say "hi"' },
      { id: '2', name: null, note: null },
      { id: '3', name: 'c', note: null },
    ]);
  });

  it('keeps line breaks inside quotes and a last line without newline', () => {
    expect(parseCsv('a,b\n"x\ny",2').csv?.rows).toEqual([{ a: 'x\ny', b: '2' }]);
  });

  it('reports the record of a problem', () => {
    expect(parseCsv('a,b\n1,"open\n').problem).toEqual({ record: 2, message: 'a quoted field is not closed (a " is missing)' });
    expect(parseCsv('a,b\n1,2\n1,2,3\n').problem).toEqual({ record: 3, message: 'record 3 has 3 fields but the header has 2' });
    expect(parseCsv('').problem?.message).toBe('the csv has no header line');
    expect(parseCsv('a,,b\n').problem?.message).toBe('column 2 of the header has no name');
    expect(parseCsv('a,A\n').problem?.message).toBe("the header names column 'A' twice");
  });
});
