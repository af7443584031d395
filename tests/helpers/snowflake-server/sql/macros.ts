/**
 * DuckDB macros created once in the hidden `memory.main` schema. Typed overloads keep Snowflake's result
 * types: DATEADD(day, n, <date>) and DATE_TRUNC(month, <date>) stay DATE, timestamps stay timestamps, and
 * string arguments are read as TIMESTAMP_NTZ.
 */

const UNITS: readonly (readonly [string, (n: string) => string, boolean])[] = [
  ['year', (n) => `to_years(CAST(${n} AS INTEGER))`, true],
  ['quarter', (n) => `to_months(CAST((${n}) * 3 AS INTEGER))`, true],
  ['month', (n) => `to_months(CAST(${n} AS INTEGER))`, true],
  ['week', (n) => `to_days(CAST((${n}) * 7 AS INTEGER))`, true],
  ['day', (n) => `to_days(CAST(${n} AS INTEGER))`, true],
  ['hour', (n) => `to_hours(CAST(${n} AS BIGINT))`, false],
  ['minute', (n) => `to_minutes(CAST(${n} AS BIGINT))`, false],
  ['second', (n) => `to_seconds(CAST(${n} AS BIGINT))`, false],
  ['millisecond', (n) => `to_milliseconds(CAST(${n} AS BIGINT))`, false],
  ['microsecond', (n) => `to_microseconds(CAST(${n} AS BIGINT))`, false],
  ['nanosecond', (n) => `to_microseconds(CAST((${n}) / 1000 AS BIGINT))`, false],
];

/** Date parts DATEADD accepts. */
export const ADD_UNITS = new Set(UNITS.map(([u]) => u));

export const MACRO_SQL = [
  ...UNITS.map(([unit, iv, dateLevel]) => {
    const i = iv('n');
    const overloads = [
      `(x DATE, n) AS ${dateLevel ? `CAST(x + ${i} AS DATE)` : `CAST(x AS TIMESTAMP) + ${i}`}`,
      `(x TIMESTAMP, n) AS x + ${i}`,
      `(x TIMESTAMPTZ, n) AS x + ${i}`,
      `(x VARCHAR, n) AS CAST(x AS TIMESTAMP) + ${i}`,
      ...(dateLevel ? [] : [`(x TIME, n) AS x + ${i}`]),
    ];
    return `CREATE OR REPLACE MACRO memory.main.sf_add_${unit}${overloads.join(', ')};`;
  }),
  `CREATE OR REPLACE MACRO memory.main.sf_date_trunc(p VARCHAR, x DATE) AS CAST(date_trunc(p, x) AS DATE),
     (p VARCHAR, x TIMESTAMP) AS date_trunc(p, x), (p VARCHAR, x TIMESTAMPTZ) AS date_trunc(p, x),
     (p VARCHAR, x VARCHAR) AS date_trunc(p, CAST(x AS TIMESTAMP));`,
].join('\n');
