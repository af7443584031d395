import type { Adapter, Dialect, LoadColumn, RelationRef, Statement } from '../../adapters/contract.js';

/** `raw._opp_watermarks(source, partition, watermark, updated_at, run_id)`. */
export const WATERMARK_TABLE = '_opp_watermarks';

export const WATERMARK_COLUMNS: readonly LoadColumn[] = [
  { name: 'source', type: 'string' },
  { name: 'partition', type: 'string' },
  { name: 'watermark', type: 'string' },
  { name: 'updated_at', type: 'timestamp_tz' },
  { name: 'run_id', type: 'string' },
];

/** One watermark: `source` is `<kind>.<stream>` (`incident_io.incidents`), `partition` the instance (`companya`). */
export interface Watermark {
  readonly source: string;
  readonly partition: string;
  readonly watermark: string;
}

export interface WatermarkWrite extends Watermark {
  readonly updatedAt: number;
  readonly runId: string;
}

export function watermarkKey(source: string, partition: string): string {
  return `${source}\u0000${partition}`;
}

/**
 * The statements that set one watermark: delete its row, insert the new one. They run inside the
 * transaction of the merge whose data they cover, so the watermark never moves ahead of loaded data.
 */
export function planWatermarkWrite(dialect: Dialect, table: RelationRef, w: WatermarkWrite): Statement[] {
  const q = (n: string): string => dialect.quoteIdentifier(n);
  const lit = (v: unknown): string => dialect.quoteLiteral(v);
  return [
    {
      purpose: 'delete',
      sql: `delete from ${dialect.relationName(table)} where ${q('source')} = ${lit(w.source)} and ${q('partition')} = ${lit(w.partition)}`,
    },
    {
      purpose: 'insert',
      sql: dialect.insertInto(
        table,
        WATERMARK_COLUMNS.map((c) => c.name),
        `select ${lit(w.source)}, ${lit(w.partition)}, ${lit(w.watermark)}, ${lit(new Date(w.updatedAt))}, ${lit(w.runId)}`,
      ),
    },
  ];
}

/** Creates the watermark table when it is missing (through `bulkLoad`, so the adapter picks the types). */
export async function ensureWatermarkTable(adapter: Adapter, table: RelationRef): Promise<void> {
  if (await adapter.getRelation(table)) return;
  await adapter.bulkLoad(table, WATERMARK_COLUMNS, []);
}

/** Every stored watermark, keyed by `watermarkKey(source, partition)`: one query per run. */
export async function readWatermarks(adapter: Adapter, table: RelationRef): Promise<Map<string, Watermark>> {
  const q = (n: string): string => adapter.dialect.quoteIdentifier(n);
  const result = await adapter.execute(`select ${q('source')}, ${q('partition')}, ${q('watermark')} from ${adapter.dialect.relationName(table)}`);
  const out = new Map<string, Watermark>();
  for (const row of result.rows) {
    const get = (name: string): unknown => row[name] ?? row[adapter.dialect.normalizeName(name)];
    const w: Watermark = { source: String(get('source')), partition: String(get('partition')), watermark: String(get('watermark') ?? '') };
    out.set(watermarkKey(w.source, w.partition), w);
  }
  return out;
}
