import { describe, expect, it } from 'vitest';
import { buildDuplicateNameErrors, findSnapshotBlocks } from './check-duplicates.js';
import type { NodeProperties, ProjectFile, PropertiesFile } from './types.js';

const file = (path: string, content = 'select 1'): ProjectFile => ({ path, absolutePath: `/p/${path}`, content, checksum: 'x' });
const props = (path: string, nodes: Partial<NodeProperties>[]): PropertiesFile => ({
  path,
  checksum: 'x',
  nodes: nodes.map((n, i) => ({
    resourceType: 'model',
    name: 'm',
    description: '',
    config: {},
    columns: [],
    tests: [],
    meta: {},
    tags: [],
    constraints: [],
    location: { file: path, line: 2 + i * 3, column: 5 },
    file: path,
    ...n,
  })),
  sources: [],
  unitTests: [],
  macros: [],
  ignored: [],
});
const none = { models: [], seeds: [], snapshots: [], analyses: [], properties: [] };

describe('findSnapshotBlocks', () => {
  it('finds snapshot names and lines', () => {
    expect(findSnapshotBlocks(file('snapshots/s.sql', 'x\n{% snapshot orders_snap %}\nselect 1\n{% endsnapshot %}\n{%- snapshot b -%}{% endsnapshot %}'))).toEqual([
      { name: 'orders_snap', location: { file: 'snapshots/s.sql', line: 2, column: 1 } },
      { name: 'b', location: { file: 'snapshots/s.sql', line: 5, column: 1 } },
    ]);
  });
});

describe('buildDuplicateNameErrors', () => {
  it('finds two models with the same name in different folders, naming both paths', () => {
    const errors = buildDuplicateNameErrors({ ...none, models: [file('models/a/orders.sql'), file('models/b/orders.sql'), file('models/c/other.sql')] });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('project/duplicate-name');
    expect(errors[0]!.message).toContain('models/a/orders.sql');
    expect(errors[0]!.message).toContain('models/b/orders.sql');
    expect(errors[0]!.location).toEqual({ file: 'models/b/orders.sql' });
  });

  it('shares one name space between models, seeds and snapshots', () => {
    const errors = buildDuplicateNameErrors({
      ...none,
      models: [file('models/countries.sql'), file('models/orders_snap.sql')],
      seeds: [{ path: 'seeds/countries.csv', absolutePath: '/p/seeds/countries.csv', checksum: 'x', sizeBytes: 1 }],
      snapshots: [file('snapshots/s.sql', '{% snapshot orders_snap %}select 1{% endsnapshot %}')],
    });
    expect(errors.map((e) => e.message)).toEqual([
      "seed 'countries' (seeds/countries.csv) has the same name as model 'countries' (models/countries.sql)",
      "snapshot 'orders_snap' (snapshots/s.sql:1:1) has the same name as model 'orders_snap' (models/orders_snap.sql)",
    ]);
  });

  it('treats YAML snapshots with a relation as definitions, and is case-insensitive for relations', () => {
    const errors = buildDuplicateNameErrors({
      ...none,
      models: [file('models/Orders.sql')],
      properties: [props('snapshots/s.yml', [{ resourceType: 'snapshot', name: 'orders', relation: "ref('x')" }])],
    });
    expect(errors.map((e) => e.location)).toEqual([{ file: 'snapshots/s.yml', line: 2, column: 5 }]);
  });

  it('finds a model described twice in YAML, across files and within one file', () => {
    const errors = buildDuplicateNameErrors({
      ...none,
      properties: [props('models/a.yml', [{ name: 'orders' }, { name: 'orders' }]), props('models/b.yml', [{ name: 'orders' }, { name: 'orders', resourceType: 'seed' }])],
    });
    expect(errors.map((e) => [e.message, e.location?.file, e.location?.line])).toEqual([
      ["model 'orders' is described twice in properties YAML: models/a.yml:2:5 and models/a.yml:5:5", 'models/a.yml', 5],
      ["model 'orders' is described twice in properties YAML: models/a.yml:2:5 and models/b.yml:2:5", 'models/b.yml', 2],
    ]);
  });

  it('finds duplicate source tables, unit tests and macro properties', () => {
    const base = props('models/x.yml', []);
    const src = (file: string) => ({
      name: 'raw',
      description: '',
      meta: {},
      tags: [],
      config: {},
      quoting: {},
      location: { file, line: 2 },
      file,
      tables: [{ name: 't', description: '', columns: [], tests: [], meta: {}, tags: [], config: {}, quoting: {}, location: { file, line: 4 } }],
    });
    const unit = (file: string) => ({
      name: 'u',
      model: 'm',
      description: '',
      given: [],
      expect: { format: 'dict' as const, rows: [], location: { file } },
      overrides: { macros: {}, vars: {}, envVars: {} },
      config: {},
      location: { file, line: 7 },
      file,
    });
    const macro = (file: string) => ({ name: 'mac', description: '', arguments: [], location: { file, line: 9 }, file });
    const errors = buildDuplicateNameErrors({
      ...none,
      properties: [
        { ...base, path: 'a.yml', sources: [src('a.yml')], unitTests: [unit('a.yml')], macros: [macro('a.yml')] },
        { ...base, path: 'b.yml', sources: [src('b.yml')], unitTests: [unit('b.yml')], macros: [macro('b.yml')] },
      ],
    });
    expect(errors.map((e) => e.message)).toEqual([
      "source table 'raw.t' is declared twice: a.yml:4 and b.yml:4",
      "unit test 'm.u' is defined twice: a.yml:7 and b.yml:7",
      "macro 'mac' is described twice in properties YAML: a.yml:9 and b.yml:9",
    ]);
  });

  it('returns nothing for a clean project', () => {
    expect(buildDuplicateNameErrors({ ...none, models: [file('models/a.sql'), file('models/b.sql')], analyses: [file('analyses/a.sql')] })).toEqual([]);
  });
});
