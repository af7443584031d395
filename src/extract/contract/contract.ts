import type { LogicalType } from '../../adapters/contract.js';
import { coerce, CoerceFailure } from './coerce.js';
import type { TimeFormat } from './coerce.js';

/** What a record is read with: its partition (workspace/tenant), fan-out key and request window. */
export interface RecordContext {
  /** `_workspace` / `_tenant` value. */
  readonly partition: string;
  /** The fan-out key the request was made for (LiteLLM user id, Datadog SLO id, Windsurf email). */
  readonly key?: string;
  /** The request window's first and last day (`YYYY-MM-DD`), for day-at-a-time endpoints. */
  readonly windowStart?: string;
  readonly windowEnd?: string;
}

export type JsonRecord = Readonly<Record<string, unknown>>;

/** One typed RAW column and where its value comes from. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: LogicalType;
  /** Dotted path into the record; defaults to `name`. */
  readonly path?: string;
  /** Computes the value instead of reading a path. */
  readonly value?: (record: JsonRecord, ctx: RecordContext) => unknown;
  /** How timestamps/dates arrive (default: guess). */
  readonly format?: TimeFormat;
  /** A null or missing value rejects the record. */
  readonly required?: boolean;
}

/** A record that could not even be parsed (an NDJSON line that is not JSON); always rejected. */
export class InvalidRecord {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {}
}

export type ContractOutcome =
  | { readonly ok: true; readonly row: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** A column with its path split once, so reading a record allocates nothing. */
interface CompiledColumn {
  readonly spec: ColumnSpec;
  readonly parts: readonly string[];
}

const compiled = new WeakMap<readonly ColumnSpec[], readonly CompiledColumn[]>();

function compile(columns: readonly ColumnSpec[]): readonly CompiledColumn[] {
  let out = compiled.get(columns);
  if (!out) {
    out = columns.map((spec) => ({ spec, parts: (spec.path ?? spec.name).split('.') }));
    compiled.set(columns, out);
  }
  return out;
}

function readParts(record: JsonRecord, parts: readonly string[]): unknown {
  let cur: unknown = record;
  for (let i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[parts[i]!];
  }
  return cur;
}

/**
 * Checks one record against a source's typed columns: required values present, every value coercible
 * to its column type. Returns the typed row, or every problem in one reason.
 */
export function applyContract(record: unknown, columns: readonly ColumnSpec[], ctx: RecordContext): ContractOutcome {
  if (record instanceof InvalidRecord) return { ok: false, reason: record.reason };
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { ok: false, reason: `record is not a JSON object (${record === null ? 'null' : Array.isArray(record) ? 'array' : typeof record})` };
  }
  const rec = record as JsonRecord;
  const row: Record<string, unknown> = {};
  let problems: string[] | undefined;
  for (const { spec: col, parts } of compile(columns)) {
    let raw: unknown;
    try {
      raw = col.value ? col.value(rec, ctx) : readParts(rec, parts);
    } catch (err) {
      (problems ??= []).push(`${col.name}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const value = coerce(col.type, raw, col.format);
    if (value instanceof CoerceFailure) {
      (problems ??= []).push(`${col.name}: ${value.reason}`);
      continue;
    }
    if (value === null && col.required) {
      (problems ??= []).push(`missing required field '${col.path ?? col.name}'`);
      continue;
    }
    row[col.name] = value;
  }
  return problems ? { ok: false, reason: problems.join('; ') } : { ok: true, row };
}
