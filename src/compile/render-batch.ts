import { toOppError, type OppError } from '../errors/index.js';
import type { ManifestNode } from '../manifest/index.js';
import { renderNode, type EphemeralCache } from './render-node.js';
import type { CompiledNode, RunContext } from './types.js';

/**
 * Renders many nodes for `opp compile` in the main thread. Each node's render is synchronous unless it
 * needs the warehouse, so this is a tight loop; ephemeral models render once per batch. A node that fails
 * is a result, not a crash.
 */

export type RenderOutcome =
  | { readonly uniqueId: string; readonly compiled: CompiledNode; readonly error?: undefined }
  | { readonly uniqueId: string; readonly error: OppError; readonly compiled?: undefined };

export interface BatchContext extends Omit<RunContext, 'isIncremental'> {
  /** Per node: is this an incremental run of an existing table? Default: never. */
  readonly isIncremental?: (node: ManifestNode) => boolean;
}

export async function renderCompiled(nodes: readonly ManifestNode[], base: BatchContext): Promise<RenderOutcome[]> {
  const ephemeralCache: EphemeralCache = new Map();
  const out: RenderOutcome[] = [];
  const rcFalse: RunContext = { ...base, isIncremental: false };
  const rcTrue: RunContext = { ...base, isIncremental: true };
  for (const node of nodes) {
    const rc = base.isIncremental?.(node) ? rcTrue : rcFalse;
    try {
      out.push({ uniqueId: node.uniqueId, compiled: await renderNode(node, rc, { ephemeralCache }) });
    } catch (e) {
      out.push({ uniqueId: node.uniqueId, error: toOppError(e) });
    }
  }
  return out;
}
