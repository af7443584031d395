// Generates a layered synthetic opp project for benchmarks: staging → intermediate → marts, each model
// referencing 2–5 models of the layer below, 1 in 10 with a Jinja loop, a view/table/incremental mix.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Small deterministic PRNG (mulberry32) so every run generates the same project. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the project to `dir` and returns its model names by layer.
 * opts: { models, sources = max(10, models/20), trivial = false (every model a plain view with one ref), seed }
 */
export function generateSyntheticProject(dir, opts) {
  const { models, seed = 42, trivial = false } = opts;
  const rand = prng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'models', 'staging'), { recursive: true });
  mkdirSync(join(dir, 'models', 'intermediate'), { recursive: true });
  mkdirSync(join(dir, 'models', 'marts'), { recursive: true });
  mkdirSync(join(dir, 'macros'), { recursive: true });

  const sourceCount = opts.sources ?? Math.max(10, Math.floor(models / 20));
  const nStaging = Math.max(1, Math.floor(models * 0.4));
  const nIntermediate = Math.max(1, Math.floor(models * 0.35));
  const nMarts = Math.max(1, models - nStaging - nIntermediate);
  const layers = { staging: [], intermediate: [], marts: [] };

  writeFileSync(
    join(dir, 'project.yml'),
    [
      'name: synthetic',
      'profile: synthetic',
      'models:',
      '  synthetic:',
      '    staging:',
      '      +materialized: view',
      '    intermediate:',
      `      +materialized: ${trivial ? 'view' : 'view'}`,
      '    marts:',
      `      +materialized: ${trivial ? 'view' : 'table'}`,
      '',
    ].join('\n'),
  );
  const tables = Array.from({ length: sourceCount }, (_, i) => `t${i}`);
  writeFileSync(
    join(dir, 'sources.yml'),
    ['version: 2', 'sources:', '  - name: raw', '    schema: raw', '    tables:', ...tables.map((t) => `      - name: ${t}`), ''].join('\n'),
  );
  writeFileSync(
    join(dir, 'macros', 'helpers.sql'),
    "{% macro safe_divide(a, b) %}case when {{ b }} = 0 then null else {{ a }} / {{ b }} end{% endmacro %}\n",
  );

  for (let i = 0; i < nStaging; i++) {
    const name = `stg_model_${i}`;
    layers.staging.push(name);
    const body = trivial
      ? `select ${i} as id`
      : `select id, value, updated_at from {{ source('raw', '${pick(tables)}') }}`;
    writeFileSync(join(dir, 'models', 'staging', `${name}.sql`), body + '\n');
  }
  const writeLayer = (layer, count, below, prefix) => {
    for (let i = 0; i < count; i++) {
      const name = `${prefix}_model_${i}`;
      layers[layer].push(name);
      let sql;
      if (trivial) {
        sql = `select id from {{ ref('${pick(below)}') }}`;
      } else {
        const nRefs = 2 + Math.floor(rand() * 4);
        const refs = new Set();
        while (refs.size < Math.min(nRefs, below.length)) refs.add(pick(below));
        const refList = [...refs];
        const kind = rand();
        const lines = [];
        if (layer === 'marts' && kind < 0.3) {
          lines.push("{{ config(materialized='incremental', unique_key='id') }}");
        } else if (layer === 'intermediate' && kind < 0.2) {
          lines.push("{{ config(materialized='table', tags=['heavy']) }}");
        }
        if (i % 10 === 0) {
          lines.push(`{% set parts = [${refList.map((r) => `'${r}'`).join(', ')}] %}`);
          lines.push('select * from (');
          lines.push('{% for p in parts %}');
          lines.push("select id, value, updated_at, '{{ p }}' as part from {{ ref(p) }}");
          lines.push('{% if not loop.last %}union all{% endif %}');
          lines.push('{% endfor %}');
          lines.push(') a');
        } else {
          lines.push(`select a.id, a.value + coalesce(b.value, 0) as value, a.updated_at`);
          lines.push(`from {{ ref('${refList[0]}') }} a`);
          refList.slice(1).forEach((r, j) => lines.push(`left join {{ ref('${r}') }} j${j} on j${j}.id = a.id`));
          lines.push(`left join {{ ref('${refList[1] ?? refList[0]}') }} b on b.id = a.id`);
        }
        if (layer === 'marts' && kind < 0.3) {
          lines.push('{% if is_incremental() %}where a.updated_at > (select max(updated_at) from {{ this }}){% endif %}');
        }
        sql = lines.join('\n');
      }
      writeFileSync(join(dir, 'models', layer, `${name}.sql`), sql + '\n');
    }
  };
  writeLayer('intermediate', nIntermediate, layers.staging, 'int');
  writeLayer('marts', nMarts, layers.intermediate, 'fct');
  return layers;
}
