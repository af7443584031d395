import type { LoadColumn, RelationRef } from '../../adapters/contract.js';
import type { SourceDescriptor, StreamDescriptor } from '../sources/index.js';

/** Columns every RAW table carries besides its typed columns. */
export const META = {
  source: '_source',
  key: '_key',
  raw: '_raw',
  hash: '_record_hash',
  extractedAt: '_extracted_at',
  runId: '_run_id',
} as const;

/** A RAW table as the loader sees it: its relation, its stage, its columns and merge key. */
export interface RawTableSpec {
  readonly ref: RelationRef;
  readonly stage: RelationRef;
  readonly columns: readonly LoadColumn[];
  /** Merge key: the partition column and `_key`. */
  readonly uniqueKey: readonly string[];
  readonly hashColumn: string;
  /**
   * JSON columns whose batch values are JSON text (`_raw`): batches keep records as one string each
   * (a parsed record costs several times its text in memory) and the loader parses them back only as
   * the adapter appends them, one chunk at a time.
   */
  readonly jsonTextColumns?: readonly string[];
}

function safeName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/**
 * The RAW table of a stream: `_source`, the partition column, `_key` (JSON array of the natural key,
 * so NULL key parts still match), the typed columns, `_raw` (the record as received), `_record_hash`,
 * `_extracted_at`, `_run_id`. The stage table is per partition so parallel instances never share one.
 */
export function buildRawTableSpec(
  source: SourceDescriptor,
  stream: StreamDescriptor,
  partition: string,
  schema: { database?: string; schema: string },
): RawTableSpec {
  const columns: LoadColumn[] = [
    { name: META.source, type: 'string' },
    { name: source.partitionColumn, type: 'string' },
    { name: META.key, type: 'string' },
    ...stream.columns.map((c) => ({ name: c.name, type: c.type })),
    { name: META.raw, type: 'json' },
    { name: META.hash, type: 'string' },
    { name: META.extractedAt, type: 'timestamp_tz' },
    { name: META.runId, type: 'string' },
  ];
  const base = { ...(schema.database ? { database: schema.database } : {}), schema: schema.schema };
  return {
    ref: { ...base, identifier: stream.table },
    stage: { ...base, identifier: `${stream.table}__opp_stage__${safeName(partition)}` },
    columns,
    uniqueKey: [source.partitionColumn, META.key],
    hashColumn: META.hash,
    jsonTextColumns: [META.raw],
  };
}

/** `raw._rejects`: rows that broke a source's contract, with the reason; never loaded as good rows. */
export const REJECTS_TABLE = '_rejects';

export const REJECT_COLUMNS: readonly LoadColumn[] = [
  { name: 'source', type: 'string' },
  { name: 'stream', type: 'string' },
  { name: 'raw_table', type: 'string' },
  { name: 'workspace', type: 'string' },
  { name: 'record', type: 'json' },
  { name: 'reason', type: 'string' },
  { name: 'record_hash', type: 'string' },
  { name: 'rejected_at', type: 'timestamp_tz' },
  { name: 'run_id', type: 'string' },
];

export function buildRejectsSpec(partition: string, schema: { database?: string; schema: string }): RawTableSpec {
  const base = { ...(schema.database ? { database: schema.database } : {}), schema: schema.schema };
  return {
    ref: { ...base, identifier: REJECTS_TABLE },
    stage: { ...base, identifier: `${REJECTS_TABLE}__opp_stage__${safeName(partition)}` },
    columns: REJECT_COLUMNS,
    uniqueKey: ['source', 'stream', 'workspace', 'record_hash'],
    hashColumn: 'record_hash',
  };
}
