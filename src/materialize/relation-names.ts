import type { RelationRef } from '../adapters/index.js';

/** The relation a table is built under before it is swapped in (and where incremental rows are staged). */
export function tempRelation(ref: RelationRef): RelationRef {
  return { ...ref, identifier: `${ref.identifier}__opp_tmp` };
}

/** Where the old table goes while the new one is swapped in, on engines without transactional DDL. */
export function backupRelation(ref: RelationRef): RelationRef {
  return { ...ref, identifier: `${ref.identifier}__opp_backup` };
}
