import { describe, expect, it } from 'vitest';
import { locateSnapshotConfig } from './check-snapshot-configs.js';

describe('locateSnapshotConfig', () => {
  const sql = ['{% snapshot a %}', 'select 1', '{% endsnapshot %}', '', '{%- snapshot b -%}', '  {{ config(', "      strategy='check',", "      hard_deletes='x') }}", 'select 1', '{% endsnapshot %}'].join('\n');

  it("points at the block's config call, or its tag", () => {
    expect(locateSnapshotConfig(sql, 'snapshots/s.sql', 'a')).toEqual({ file: 'snapshots/s.sql', line: 1, column: 1 });
    expect(locateSnapshotConfig(sql, 'snapshots/s.sql', 'b')).toEqual({ file: 'snapshots/s.sql', line: 6, column: 6 });
  });

  it('points at the key inside the config call when it is written there', () => {
    expect(locateSnapshotConfig(sql, 'snapshots/s.sql', 'b', 'hard_deletes')).toEqual({ file: 'snapshots/s.sql', line: 8, column: 7 });
  });

  it("points at a YAML snapshot's name entry", () => {
    const yml = ['snapshots:', '  - name: orders_snapshot', '    relation: ref("orders")'].join('\n');
    expect(locateSnapshotConfig(yml, 'snapshots/s.yml', 'orders_snapshot')).toEqual({ file: 'snapshots/s.yml', line: 2, column: 5 });
    expect(locateSnapshotConfig(yml, 'snapshots/s.yml', 'missing')).toEqual({ file: 'snapshots/s.yml' });
  });
});
