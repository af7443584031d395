import type { Adapter } from '../../../src/adapters/index.js';
import { renderNode, type RunContext } from '../../../src/compile/index.js';
import type { SnapshotNode } from '../../../src/manifest/index.js';
import type { CompiledSnapshot, SnapshotExecution } from '../../../src/materialize/index.js';
import { duckTarget, type LoadedProject } from '../seeds/helpers.js';

/** The snapshot execution context the runner builds: compile's run pass renders the snapshot. */
export function snapshotContext(adapter: Adapter, project: Pick<LoadedProject, 'manifest'>, extra: Partial<SnapshotExecution> = {}): SnapshotExecution {
  const rc: RunContext = {
    manifest: project.manifest,
    target: duckTarget(),
    dialect: adapter.dialect,
    isIncremental: false,
    query: { runQuery: (sql: string) => adapter.execute(sql), getRelation: adapter.getRelation.bind(adapter), getColumns: adapter.getColumns.bind(adapter) },
  };
  return {
    adapter,
    compile: async (node: SnapshotNode): Promise<CompiledSnapshot> => {
      const compiled = await renderNode(node, rc);
      return { compiledCode: compiled.compiledCode, compiledPath: compiled.compiledPath, config: compiled.config };
    },
    ...extra,
  };
}

/**
 * Rows with the timestamps the snapshot wrote itself (its `now()`, one per run) replaced by `T1`, `T2`,
 * ... in time order, so three runs compare exactly; source timestamps (listed in `known`) and the far
 * future (`9999-...`) stay as they are.
 */
export function labelRunTimes(rows: readonly Record<string, unknown>[], known: readonly string[]): Record<string, unknown>[] {
  const isGenerated = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !known.includes(v) && !v.startsWith('9999');
  const generated = new Set<string>();
  for (const row of rows) for (const v of Object.values(row)) if (isGenerated(v)) generated.add(v);
  const labels = new Map([...generated].sort().map((v, i) => [v, `T${i + 1}`]));
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, isGenerated(v) ? labels.get(v) : v])));
}
