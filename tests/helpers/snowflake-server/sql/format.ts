/**
 * Snowflake date/time format strings (TO_CHAR, TO_DATE, TO_TIMESTAMP) → DuckDB strftime/strptime formats.
 * Format elements are matched case-insensitively, longest first; `"quoted"` text and other characters
 * are literal.
 */

const ELEMENTS: readonly (readonly [string, string])[] = [
  ['YYYY', '%Y'],
  ['MMMM', '%B'],
  ['HH24', '%H'],
  ['HH12', '%I'],
  ['FF9', '%n'],
  ['FF6', '%f'],
  ['FF3', '%g'],
  ['TZH:TZM', '%z'],
  ['TZHTZM', '%z'],
  ['MON', '%b'],
  ['FF', '%n'],
  ['YY', '%y'],
  ['MM', '%m'],
  ['DD', '%d'],
  ['DY', '%a'],
  ['HH', '%H'],
  ['MI', '%M'],
  ['SS', '%S'],
  ['AM', '%p'],
  ['PM', '%p'],
];

export function mapDateFormat(fmt: string): string {
  let out = '';
  let i = 0;
  const upper = fmt.toUpperCase();
  outer: while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === '"') {
      const end = fmt.indexOf('"', i + 1);
      const lit = end < 0 ? fmt.slice(i + 1) : fmt.slice(i + 1, end);
      out += lit.replace(/%/g, '%%');
      i = end < 0 ? fmt.length : end + 1;
      continue;
    }
    for (const [el, rep] of ELEMENTS) {
      if (upper.startsWith(el, i)) {
        out += rep;
        i += el.length;
        continue outer;
      }
    }
    out += c === '%' ? '%%' : c;
    i++;
  }
  return out;
}

/** Maps a Snowflake date/time part name (with its abbreviations) to DuckDB's part name. */
export function mapDatePart(part: string): string | undefined {
  const p = part.toUpperCase();
  switch (p) {
    case 'YEAR':
    case 'Y':
    case 'YY':
    case 'YYY':
    case 'YYYY':
    case 'YR':
    case 'YEARS':
    case 'YRS':
      return 'year';
    case 'QUARTER':
    case 'Q':
    case 'QTR':
    case 'QTRS':
    case 'QUARTERS':
      return 'quarter';
    case 'MONTH':
    case 'MM':
    case 'MON':
    case 'MONS':
    case 'MONTHS':
      return 'month';
    case 'WEEK':
    case 'W':
    case 'WK':
    case 'WEEKOFYEAR':
    case 'WOY':
    case 'WY':
    case 'WEEKS':
      return 'week';
    case 'DAY':
    case 'D':
    case 'DD':
    case 'DAYS':
    case 'DAYOFMONTH':
      return 'day';
    case 'DAYOFWEEK':
    case 'WEEKDAY':
    case 'DOW':
    case 'DW':
      return 'dayofweek';
    case 'DAYOFYEAR':
    case 'YEARDAY':
    case 'DOY':
    case 'DY':
      return 'dayofyear';
    case 'HOUR':
    case 'H':
    case 'HH':
    case 'HR':
    case 'HOURS':
    case 'HRS':
      return 'hour';
    case 'MINUTE':
    case 'M':
    case 'MI':
    case 'MIN':
    case 'MINUTES':
    case 'MINS':
      return 'minute';
    case 'SECOND':
    case 'S':
    case 'SEC':
    case 'SECONDS':
    case 'SECS':
      return 'second';
    case 'MILLISECOND':
    case 'MS':
    case 'MSEC':
    case 'MILLISECONDS':
      return 'millisecond';
    case 'MICROSECOND':
    case 'US':
    case 'USEC':
    case 'MICROSECONDS':
      return 'microsecond';
    case 'NANOSECOND':
    case 'NS':
    case 'NSEC':
    case 'NANOSEC':
    case 'NSECOND':
    case 'NANOSECONDS':
    case 'NANOSECS':
      return 'nanosecond';
    case 'EPOCH_SECOND':
    case 'EPOCH':
    case 'EPOCH_SECONDS':
      return 'epoch';
    default:
      return undefined;
  }
}
