import { DUCKDB_CAPABILITIES, DuckDBDialect, type Capabilities, type RelationInfo } from '../adapters/index.js';
import type { NodeConfig } from '../config/types.js';
import type { HookInput, MaterializationInput } from './types.js';

/** Builds planner inputs for unit tests (pure data, no database). */
export const relation = { database: 'dev', schema: 'analytics', identifier: 'orders' };

export function makeInput(
  config: Partial<NodeConfig>,
  opts: {
    existing?: RelationInfo['kind'];
    capabilities?: Partial<Capabilities>;
    fullRefresh?: boolean;
    pre?: HookInput[];
    post?: HookInput[];
  } = {},
): MaterializationInput {
  return {
    node: {
      uniqueId: 'model.shop.orders',
      config: { enabled: true, materialized: 'view', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...config },
      relation,
    },
    compiledSql: 'select 1 as id',
    ...(opts.existing ? { existing: { ...relation, kind: opts.existing } } : {}),
    dialect: new DuckDBDialect('dev'),
    capabilities: { ...DUCKDB_CAPABILITIES, ...opts.capabilities },
    fullRefresh: opts.fullRefresh ?? false,
    hooks: { pre: opts.pre ?? [], post: opts.post ?? [] },
  };
}
