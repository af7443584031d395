import type { Column, Row } from '../adapters/index.js';
import { pyStr } from './python-values.js';

/**
 * The agate-like table `run_query()` returns: `table.rows` (rows indexable by position and by column
 * name, as attributes too), `table.columns` (indexable by position and name, each with `.values()`),
 * `table.column_names`, `table.column_types`, and `print_table()`.
 */

export class AgateRow extends Array<unknown> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}

export class AgateColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly data: readonly unknown[],
  ) {}
  values(): unknown[] {
    return [...this.data];
  }
  values_distinct(): unknown[] {
    return [...new Set(this.data)];
  }
  values_without_nulls(): unknown[] {
    return this.data.filter((v) => v !== null && v !== undefined);
  }
  __str__(): string {
    return `<agate.Column ${this.name}>`;
  }
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v;
}

function makeRow(names: readonly string[], values: readonly unknown[]): AgateRow {
  const row = new AgateRow();
  for (const v of values) row.push(v);
  const dict = (): Record<string, unknown> => Object.fromEntries(names.map((n, i) => [n, values[i]]));
  Object.defineProperties(row, {
    keys: { value: () => [...names], enumerable: false },
    values: { value: () => [...values], enumerable: false },
    items: { value: () => names.map((n, i) => [n, values[i]]), enumerable: false },
    dict: { value: dict, enumerable: false },
    get: { value: (k: string, d: unknown = null) => (names.includes(k) ? values[names.indexOf(k)] : d), enumerable: false },
  });
  names.forEach((n, i) => {
    if (!/^\d+$/.test(n)) Object.defineProperty(row, n, { value: values[i], enumerable: false, configurable: true });
  });
  return row;
}

export class AgateTable {
  readonly column_names: string[];
  readonly column_types: string[];
  readonly rows: AgateRow[];
  readonly columns: AgateColumn[];

  constructor(columns: readonly Column[], rows: readonly Row[]) {
    this.column_names = columns.map((c) => c.name);
    this.column_types = columns.map((c) => c.dataType);
    this.rows = rows.map((r) => makeRow(this.column_names, this.column_names.map((n) => normalise(r[n]))));
    const cols = this.column_names.map((n, i) => new AgateColumn(n, this.column_types[i]!, this.rows.map((r) => r[i])));
    const colList = [...cols] as AgateColumn[];
    cols.forEach((c) => {
      if (!/^\d+$/.test(c.name)) Object.defineProperty(colList, c.name, { value: c, enumerable: false, configurable: true });
    });
    this.columns = colList;
  }

  static empty(): AgateTable {
    return new AgateTable([], []);
  }

  __len__(): number {
    return this.rows.length;
  }

  print_table(): string {
    const lines = [this.column_names.join(' | ')];
    for (const r of this.rows) lines.push(r.map((v) => pyStr(v)).join(' | '));
    return lines.join('\n');
  }

  __str__(): string {
    return `<agate.Table ${this.rows.length} rows>`;
  }

  [Symbol.iterator](): Iterator<AgateRow> {
    return this.rows[Symbol.iterator]();
  }
}
