import { describe, expect, it } from 'vitest';
import type { NodeConfig } from '../config/types.js';
import { ConfigError } from '../errors/index.js';
import { readSnapshotConfig, resolveSnapshotConfig } from './snapshot-config.js';

const cfg = (extra: Record<string, unknown>): NodeConfig => ({ enabled: true, materialized: 'snapshot', tags: [], meta: {}, 'pre-hook': [], 'post-hook': [], ...extra });

describe('readSnapshotConfig', () => {
  it('reads a timestamp snapshot with defaults', () => {
    const { config } = readSnapshotConfig('s', cfg({ strategy: 'timestamp', unique_key: 'id', updated_at: 'updated_at' }));
    expect(config).toEqual({
      strategy: 'timestamp',
      uniqueKey: ['id'],
      uniqueKeyIsList: false,
      updatedAt: 'updated_at',
      hardDeletes: 'ignore',
      columns: { dbt_valid_to: 'dbt_valid_to', dbt_valid_from: 'dbt_valid_from', dbt_scd_id: 'dbt_scd_id', dbt_updated_at: 'dbt_updated_at', dbt_is_deleted: 'dbt_is_deleted' },
    });
  });

  it('reads check_cols, composite keys, hard deletes (legacy too), renames and dbt_valid_to_current', () => {
    const { config } = readSnapshotConfig(
      's',
      cfg({ strategy: 'check', unique_key: ['a', 'b'], check_cols: ['x'], invalidate_hard_deletes: true, snapshot_meta_column_names: { dbt_valid_to: 'ends' }, dbt_valid_to_current: "'9999-12-31'" }),
    );
    expect(config).toMatchObject({ strategy: 'check', uniqueKey: ['a', 'b'], uniqueKeyIsList: true, checkCols: ['x'], hardDeletes: 'invalidate', validToCurrent: "'9999-12-31'" });
    expect(config?.columns.dbt_valid_to).toBe('ends');
    expect(readSnapshotConfig('s', cfg({ strategy: 'check', unique_key: 'id', check_cols: 'all', hard_deletes: 'new_record' })).config).toMatchObject({ checkCols: 'all', hardDeletes: 'new_record' });
  });

  it('lists every problem', () => {
    const { config, problems } = readSnapshotConfig('s', cfg({ strategy: 'tiemstamp', hard_deletes: 'soft', snapshot_meta_column_names: { dbt_valid_too: 'x' } }));
    expect(config).toBeUndefined();
    expect(problems.map((p) => [p.code, p.key])).toEqual([
      ['config/invalid-value', 'strategy'],
      ['config/missing-key', 'unique_key'],
      ['config/invalid-value', 'hard_deletes'],
      ['config/invalid-value', 'snapshot_meta_column_names'],
    ]);
    expect(problems[0]!.hint).toBe("Did you mean 'timestamp'?");
    expect(problems[3]!.hint).toBe("Did you mean 'dbt_valid_to'?");
  });

  it('throws the first problem as a ConfigError with the node id', () => {
    let thrown: unknown;
    try {
      resolveSnapshotConfig({ uniqueId: 'snapshot.p.s', name: 's', config: cfg({ strategy: 'check', unique_key: 'id' }) });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).code).toBe('config/missing-key');
    expect((thrown as ConfigError).message).toBe("snapshot 's' uses the check strategy but has no check_cols");
    expect((thrown as ConfigError).nodeId).toBe('snapshot.p.s');
  });
});
