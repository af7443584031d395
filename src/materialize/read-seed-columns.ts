import type { Adapter, CsvProfileColumn, CsvReaderSql, CsvValueCheck, ExecOptions, LogicalType, Row } from '../adapters/index.js';
import { OppError, ProjectError } from '../errors/index.js';
import type { SeedNode } from '../manifest/index.js';
import {
  buildHeaderNames,
  buildMalformedCsvError,
  checksForSniffedType,
  countHeaderFieldsBound,
  countLinesTo,
  decideColumnType,
  FULL_CHECKS,
  isCsvReadError,
  parseCsvErrorDetail,
  parseCsvErrorLine,
  type SeedColumn,
  type SeedCsvOptions,
} from '../seeds/index.js';
import { didYouMean } from '../util/did-you-mean.js';

/** What reading a seed needs of its node. */
export type SeedFileNode = Pick<SeedNode, 'uniqueId' | 'name' | 'originalFilePath' | 'absolutePath'>;

/** The error's whole text: DatabaseError keeps the first line, the driver's error (its cause) the rest. */
export function fullErrorText(err: unknown): string {
  const own = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
  return cause && !own.includes(cause) ? `${own}\n${cause}` : own;
}

/**
 * A CSV read error → the seed's `seed/malformed-csv` error at `file:line`. The line DuckDB reports counts
 * records; re-reading with `store_rejects` gives the record's byte offset, from which the physical line
 * is counted (a quoted value spanning lines shifts the two apart). Falls back to DuckDB's own line.
 */
export async function toMalformedCsvError(
  reader: Adapter,
  csv: CsvReaderSql,
  seed: SeedFileNode,
  options: SeedCsvOptions,
  names: readonly string[] | undefined,
  err: unknown,
): Promise<OppError> {
  const text = fullErrorText(err);
  let line = parseCsvErrorLine(text);
  let problem = parseCsvErrorDetail(text) ?? text.split('\n')[0]!.replace(/^[A-Za-z ]+ Error: /, '');
  if (names && names.length > 0) {
    const q = csv.rejectsQueries(seed.absolutePath, options.format, names);
    const run = (sql: string): Promise<Row[]> => reader.execute(sql).then((r) => r.rows);
    const session = <T>(fn: () => Promise<T>): Promise<T> => (reader.withSession ? reader.withSession(fn) : fn());
    await session(async () => {
      try {
        for (const sql of q.cleanup) await run(sql);
        await run(q.scan);
        const first = (await run(q.first))[0];
        if (first) {
          const bytes = Number(first['byte_position']);
          line = Number.isFinite(bytes) && bytes > 0 ? await countLinesTo(seed.absolutePath, bytes) : Number(first['line']);
          if (typeof first['message'] === 'string' && first['message']) problem = first['message'];
        }
      } catch {
        // keep what the first error said
      } finally {
        for (const sql of q.cleanup) await run(sql).catch(() => undefined);
      }
    });
  }
  return buildMalformedCsvError(seed, problem, line, err);
}

async function query(reader: Adapter, sql: string, opts: ExecOptions): Promise<Row[]> {
  return (await reader.execute(sql, opts)).rows;
}

/**
 * The seed's columns: the header (read without sniffing, so a malformed file still names its line), each
 * column's declared (`column_types`) or inferred type. Inference: the engine's sniffer guesses from a
 * sample; one profile query over every value confirms the guesses (and a second one profiles fully the
 * columns whose guess failed). Queries run on `reader` (the warehouse itself, or a local DuckDB).
 */
export async function readSeedColumns(
  reader: Adapter,
  seed: SeedFileNode,
  options: SeedCsvOptions,
  opts: { readonly signal?: AbortSignal } = {},
): Promise<SeedColumn[]> {
  const csv = reader.dialect.csv;
  if (!csv) throw new Error(`the ${reader.type} adapter cannot read CSV files`);
  const exec: ExecOptions = { nodeId: seed.uniqueId, ...(opts.signal ? { signal: opts.signal } : {}) };
  const path = seed.absolutePath;
  const format = options.format;
  let names: string[] | undefined;
  try {
    const first = (await query(reader, csv.headerLineQuery(path), exec))[0];
    const line = first?.['line'];
    if (typeof line !== 'string' || line.trim() === '') {
      throw buildMalformedCsvError(seed, 'the file has no header row (its first line is empty)', 1);
    }
    const width = countHeaderFieldsBound(line, format.delimiter);
    const header = (await query(reader, csv.headerQuery(path, format, width), exec))[0] ?? {};
    names = buildHeaderNames(Array.from({ length: width }, (_, i) => header[`c${i}`] as string | null | undefined));
    if (!names) throw buildMalformedCsvError(seed, 'the header row names no column', 1);

    const declared = matchDeclaredTypes(seed, names, options.columnTypes);
    const checks: (readonly CsvValueCheck[])[] = names.map(() => []);
    const undeclared = names.map((_, i) => i).filter((i) => declared[i] === undefined);
    if (undeclared.length > 0) {
      let sniffed: string[] | undefined;
      try {
        const row = (await query(reader, csv.sniffQuery(path, format), exec))[0];
        const cols = row?.['columns'];
        if (Array.isArray(cols) && cols.length === names.length) sniffed = cols.map((c) => String((c as Record<string, unknown>)['type'] ?? ''));
      } catch (err) {
        if (!isCsvReadError(fullErrorText(err))) throw err;
        // The sample does not parse: profile every column fully (the strict read will name the line).
      }
      for (const i of undeclared) checks[i] = sniffed ? checksForSniffedType(sniffed[i]) : FULL_CHECKS;
    }
    const types: (LogicalType | undefined)[] = names.map(() => undefined);
    const source = csv.readAll(path, format, names);
    let profiled = undeclared.filter((i) => checks[i]!.length > 0);
    for (const i of undeclared) if (checks[i]!.length === 0) types[i] = 'string';
    for (let pass = 0; pass < 2 && profiled.length > 0; pass++) {
      const columns: CsvProfileColumn[] = profiled.map((i) => ({ expr: reader.dialect.quoteIdentifier(names![i]!), checks: checks[i]! }));
      const profile = (await query(reader, csv.profileQuery(source, columns), exec))[0] ?? {};
      const again: number[] = [];
      profiled.forEach((col, k) => {
        const type = decideColumnType(profile, k, checks[col]!);
        if (type) types[col] = type;
        else {
          checks[col] = FULL_CHECKS;
          again.push(col);
        }
      });
      profiled = again;
    }
    return names.map((name, i) => ({
      name,
      type: declared[i] !== undefined ? { kind: 'declared', sql: declared[i]! } : { kind: 'inferred', logical: types[i] ?? 'string' },
    }));
  } catch (err) {
    if (err instanceof OppError && !(err.code === 'database/query-failed')) throw err;
    if (isCsvReadError(fullErrorText(err))) throw await toMalformedCsvError(reader, csv, seed, options, names, err);
    throw err;
  }
}

/** `column_types` entries by column position (exact name first, then ignoring case); an unknown name is an error. */
export function matchDeclaredTypes(
  seed: Pick<SeedNode, 'uniqueId' | 'name' | 'originalFilePath'>,
  names: readonly string[],
  columnTypes: Readonly<Record<string, string>>,
): (string | undefined)[] {
  const out: (string | undefined)[] = names.map(() => undefined);
  const unknown: string[] = [];
  for (const [column, type] of Object.entries(columnTypes)) {
    let i = names.indexOf(column);
    if (i < 0) i = names.findIndex((n) => n.toLowerCase() === column.toLowerCase());
    if (i < 0) unknown.push(column);
    else out[i] = type;
  }
  if (unknown.length > 0) {
    const column = unknown[0]!;
    const suggestion = didYouMean(column, names);
    throw new ProjectError(
      'project/unknown-resource',
      `seed '${seed.name}': column_types names ${unknown.map((c) => `'${c}'`).join(', ')}, but ${seed.originalFilePath} has no such column (its columns: ${names.join(', ')})`,
      { nodeId: seed.uniqueId, hint: suggestion ? `${suggestion[0]!.toUpperCase()}${suggestion.slice(1)}` : 'Use a column name of the CSV header.' },
    );
  }
  return out;
}
