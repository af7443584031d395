import type { CsvFormat, CsvProfileColumn, CsvReaderSql, CsvValueCheck } from '../contract.js';
import { quoteIdentifierAnsi, quoteStringAnsi } from '../shared/quoting.js';

/**
 * DuckDB's CSV reader (`read_csv`) as pure SQL builders, for seeds. Quote and escape are always `"`
 * (RFC 4180: a quote inside a quoted field is doubled). Measured on DuckDB 1.5:
 *
 * - With `auto_detect=false` and explicit `columns`, DuckDB still skips a UTF-8 BOM and detects `\n` /
 *   `\r\n`, and a ragged row or unterminated quote fails with `CSV Error on Line: N` (N counts records,
 *   the header being 1) — whereas the sniffer (`auto_detect=true`) fails on such a file with no line.
 *   So the header is read without sniffing (`headerLineQuery` gives an upper bound of the field count,
 *   `headerQuery` parses the first record) and the data with `readAll`.
 * - `store_rejects` records the byte offset of a malformed record, from which the physical line follows
 *   (records with quoted newlines span several lines).
 * - `sniff_csv` on its default sample (20,480 rows) costs ~0.1 s on a 1M-row, 80 MB file; on the whole
 *   file (`sample_size=-1`) ~5 s. Its guess is only a candidate: the profile query checks every value.
 */

const lit = quoteStringAnsi;
const ident = quoteIdentifierAnsi;

function columnsStruct(columns: readonly string[]): string {
  return `{${columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
}

function dialectOptions(format: CsvFormat): string {
  return `delim=${lit(format.delimiter)}, quote='"', escape='"'`;
}

function nullOption(format: CsvFormat): string {
  return `nullstr=[${['', ...format.nullStrings].map(lit).join(', ')}]`;
}

const INTEGER_RE = "'[+-]?[0-9]+'";
const NUMBER_RE = "'[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?'";
const DATE_RE = "'[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}'";
const TIME_PART = '[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?';
const OFFSET_PART = '(Z|[+-][0-9]{2}(:?[0-9]{2})?)';
const TIMESTAMP_RE = `'[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T]${TIME_PART}${OFFSET_PART}?'`;
const WITH_OFFSET_RE = `'[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T]${TIME_PART}${OFFSET_PART}'`;

/** The aggregate of one check over the trimmed value `e` (NULLs are skipped by the aggregates). */
function checkAggregate(e: string, check: CsvValueCheck): string {
  switch (check) {
    case 'integer':
      return `bool_and(regexp_full_match(${e}, ${INTEGER_RE}))`;
    case 'number':
      return `bool_and(regexp_full_match(${e}, ${NUMBER_RE}))`;
    case 'boolean':
      return `bool_and(lower(${e}) in ('true', 'false'))`;
    case 'date':
      return `bool_and(regexp_full_match(${e}, ${DATE_RE}) and try_cast(${e} as DATE) is not null)`;
    case 'timestamp':
      return `bool_and(regexp_full_match(${e}, ${TIMESTAMP_RE}) and try_cast(${e} as TIMESTAMPTZ) is not null)`;
    case 'timestamp_tz':
      // Any value carrying an offset makes the column TIMESTAMPTZ.
      return `bool_or(regexp_full_match(${e}, ${WITH_OFFSET_RE}))`;
  }
}

export const DUCKDB_CSV_SQL: CsvReaderSql = {
  headerLineQuery(path: string): string {
    // One VARCHAR column, no quoting, a delimiter no text file uses: each line comes back whole.
    return (
      `select line from read_csv(${lit(path)}, header=false, auto_detect=false, columns={'line': 'VARCHAR'}, ` +
      `delim=E'\\x01', quote='', escape='', strict_mode=false, parallel=false) limit 1`
    );
  },

  headerQuery(path: string, format: CsvFormat, width: number): string {
    const columns = Array.from({ length: Math.max(1, width) }, (_, i) => `c${i}`);
    // null_padding: fields past the record's end are NULL; nullstr no field holds: empty fields stay ''.
    return (
      `select * from read_csv(${lit(path)}, header=false, auto_detect=false, columns=${columnsStruct(columns)}, ` +
      `${dialectOptions(format)}, null_padding=true, strict_mode=false, parallel=false, nullstr=E'\\x02') limit 1`
    );
  },

  sniffQuery(path: string, format: CsvFormat): string {
    return `select Columns as columns from sniff_csv(${lit(path)}, header=true, ${dialectOptions(format)}, ${nullOption(format)})`;
  },

  readAll(path: string, format: CsvFormat, columns: readonly string[]): string {
    return `read_csv(${lit(path)}, header=true, auto_detect=false, columns=${columnsStruct(columns)}, ${dialectOptions(format)}, ${nullOption(format)})`;
  },

  profileQuery(source: string, columns: readonly CsvProfileColumn[]): string {
    const inner = columns.map((c, i) => `trim(${c.expr}) as ${ident(`e_${i}`)}`);
    const outer = ['count(*) as "rows"'];
    columns.forEach((c, i) => {
      const e = ident(`e_${i}`);
      outer.push(`count(${e}) as ${ident(`n_${i}`)}`);
      for (const check of c.checks) {
        outer.push(`${checkAggregate(e, check)} as ${ident(`${check}_${i}`)}`);
        if (check === 'integer') {
          outer.push(`min(try_cast(${e} as BIGINT)) as ${ident(`min_${i}`)}`, `max(try_cast(${e} as BIGINT)) as ${ident(`max_${i}`)}`);
        }
      }
    });
    const select = inner.length > 0 ? inner.join(', ') : '1 as "_"';
    return `select ${outer.join(', ')}\nfrom (select ${select} from ${source}) as profile`;
  },

  rejectsQueries(path: string, format: CsvFormat, columns: readonly string[]) {
    const table = 'opp_csv_rejects';
    const scans = 'opp_csv_scans';
    const cleanup = [`drop table if exists temp.${ident(table)}`, `drop table if exists temp.${ident(scans)}`];
    return {
      scan:
        `select count(*) from read_csv(${lit(path)}, header=true, auto_detect=false, columns=${columnsStruct(columns)}, ` +
        `${dialectOptions(format)}, ${nullOption(format)}, store_rejects=true, rejects_table=${lit(table)}, rejects_scan=${lit(scans)})`,
      first:
        `select line, line_byte_position as byte_position, error_type, error_message as message ` +
        `from temp.${ident(table)} order by line limit 1`,
      cleanup,
    };
  },
};
