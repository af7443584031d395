import type { ProjectConfig, TargetConfig } from '../../../src/config/types.js';
import type { ProjectFile, ProjectFiles, PropertiesFile } from '../../../src/project/index.js';
import { sha256 } from '../../../src/util/hash.js';

/**
 * A synthetic dbt-style project for measuring the parse and run passes: staging (sources), intermediate
 * and marts layers, 2–5 refs per model to earlier layers, one model in ten with a `{% for %}` loop,
 * `config()` on one model in three, a macro file and a properties file.
 */

export interface GeneratedProject {
  readonly files: ProjectFiles;
  readonly target: TargetConfig;
}

const EMPTY = { config: {}, children: {} };

function file(path: string, content: string): ProjectFile {
  return { path, absolutePath: `/virtual/${path}`, content, checksum: sha256(content) };
}

export function generateProject(models: number, opts: { rootDir?: string; seed?: number } = {}): GeneratedProject {
  let seed = opts.seed ?? 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const staging = Math.max(1, Math.floor(models * 0.3));
  const intermediate = Math.max(1, Math.floor(models * 0.3));
  const names: string[] = [];
  const out: ProjectFile[] = [];
  const sourceTables: string[] = [];
  for (let i = 0; i < models; i++) {
    const layer = i < staging ? 'staging' : i < staging + intermediate ? 'intermediate' : 'marts';
    const prefix = layer === 'staging' ? 'stg' : layer === 'intermediate' ? 'int' : 'fct';
    const name = `${prefix}_model_${i}`;
    const lines: string[] = [];
    if (i % 3 === 0) {
      const mat = layer === 'marts' ? (i % 2 ? 'table' : 'incremental') : 'view';
      lines.push(`{{ config(materialized='${mat}'${mat === 'incremental' ? ", unique_key='id'" : ''}, tags=['${layer}']) }}`, '');
    }
    const refs: string[] = [];
    if (layer === 'staging') {
      const table = `table_${i}`;
      sourceTables.push(table);
      refs.push(`{{ source('raw', '${table}') }}`);
    } else {
      const pool = layer === 'intermediate' ? staging : staging + intermediate;
      const count = 2 + rand(4);
      const picked = new Set<number>();
      while (picked.size < Math.min(count, pool)) picked.add(rand(pool));
      for (const p of picked) refs.push(`{{ ref('${names[p]}') }}`);
    }
    lines.push(`-- ${layer} model ${i}: generated for the compile benchmark`);
    lines.push('with');
    refs.forEach((r, k) => lines.push(`input_${k} as (`, `    select * from ${r}`, `    where updated_at >= '2024-01-01'`, `),`));
    if (i % 10 === 5) {
      lines.push(
        'unioned as (',
        "    {% for col in ['amount', 'quantity', 'discount', 'tax'] %}",
        "    select '{{ col }}' as metric, sum({{ col }}) as value from input_0",
        '    {% if not loop.last %}union all{% endif %}',
        '    {% endfor %}',
        '),',
      );
    }
    lines.push(
      'final as (',
      '    select',
      '        input_0.id,',
      '        input_0.customer_id,',
      '        input_0.amount * 100 as amount_cents,',
      "        coalesce(input_0.status, 'unknown') as status,",
      '        input_0.updated_at',
      '    from input_0',
      refs.length > 1 ? '    left join input_1 using (id)' : '',
      ')',
      '',
      'select * from final',
      '',
    );
    names.push(name);
    out.push(file(`models/${layer}/${name}.sql`, lines.join('\n')));
  }
  const macros = [
    file(
      'macros/cents.sql',
      "{% macro cents_to_dollars(column_name, scale=2) -%}\n  ({{ column_name }} / 100)::numeric(16, {{ scale }})\n{%- endmacro %}\n\n{% macro limit_in_dev(n=100) -%}\n  {% if target.name == 'dev' %}limit {{ n }}{% endif %}\n{%- endmacro %}\n",
    ),
  ];
  const props: PropertiesFile = {
    path: 'models/sources.yml',
    checksum: sha256(sourceTables.join(',')),
    nodes: [],
    sources: [
      {
        name: 'raw',
        description: 'raw tables',
        meta: {},
        tags: [],
        config: {},
        quoting: {},
        tables: sourceTables.map((t, k) => ({
          name: t,
          description: '',
          columns: [],
          tests: [],
          meta: {},
          tags: [],
          config: {},
          quoting: {},
          location: { file: 'models/sources.yml', line: 5 + k, column: 9 },
        })),
        location: { file: 'models/sources.yml', line: 2, column: 5 },
        file: 'models/sources.yml',
      },
    ],
    unitTests: [],
    macros: [],
    ignored: [],
  };
  const config: ProjectConfig = {
    name: 'bench',
    profile: 'bench',
    rootDir: opts.rootDir ?? '/virtual',
    file: 'project.yml',
    modelPaths: ['models'],
    macroPaths: ['macros'],
    seedPaths: ['seeds'],
    testPaths: ['tests'],
    snapshotPaths: ['snapshots'],
    analysisPaths: ['analyses'],
    docsPaths: ['models'],
    targetPath: 'target',
    cleanTargets: ['target'],
    vars: { start_date: '2024-01-01' },
    models: {
      config: {},
      children: {
        bench: {
          config: { materialized: 'view' },
          children: {
            marts: { config: { materialized: 'table', schema: 'marts' }, children: {} },
            staging: { config: { schema: 'staging' }, children: {} },
          },
        },
      },
    },
    seeds: EMPTY,
    snapshots: EMPTY,
    dataTests: EMPTY,
    sources: EMPTY,
    unitTests: EMPTY,
    onRunStart: [],
    onRunEnd: [],
    dispatch: [],
    pipelines: {},
    quoting: {},
  };
  return {
    files: { config, models: out, macros, seeds: [], tests: [], snapshots: [], analyses: [], docs: [], properties: [props] },
    target: { name: 'dev', profileName: 'bench', type: 'duckdb', database: 'bench', schema: 'main', threads: 4, settings: {} },
  };
}
