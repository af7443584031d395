import { ConfigError } from '../errors/index.js';
import { planIncrementalStage } from './plan-incremental.js';
import { planTable } from './plan-table.js';
import { planView } from './plan-view.js';
import { MATERIALIZATIONS, type MaterializationInput, type MaterializationKind, type MaterializationPlan } from './types.js';

export function isMaterializationKind(name: string): name is MaterializationKind {
  return (MATERIALIZATIONS as readonly string[]).includes(name);
}

/** The node's materialisation, or a ConfigError naming the node and the known ones. */
export function resolveMaterialization(input: MaterializationInput): MaterializationKind {
  const name = input.node.config.materialized;
  if (typeof name === 'string' && isMaterializationKind(name)) return name;
  throw new ConfigError(
    'config/invalid-value',
    `${input.node.uniqueId}: unknown materialization '${String(name)}' (known: ${MATERIALIZATIONS.join(', ')})`,
    { nodeId: input.node.uniqueId, hint: `Set materialized to one of: ${MATERIALIZATIONS.join(', ')}.` },
  );
}

/**
 * The statements a node needs (without hooks): pure, so `compile` can print them and tests compare them
 * with golden files. An incremental model on an existing table returns its first phase; the second
 * comes from `planIncrementalApply` once the columns are known.
 */
export function planMaterialization(input: MaterializationInput): MaterializationPlan {
  switch (resolveMaterialization(input)) {
    case 'view':
      return planView(input);
    case 'table':
      return planTable(input);
    case 'incremental':
      return planIncrementalStage(input);
    case 'ephemeral':
      return { kind: 'single', materialization: 'ephemeral', statements: [], transient: [] };
  }
}
