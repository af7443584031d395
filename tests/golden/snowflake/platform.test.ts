import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter, SNOWFLAKE_CAPABILITIES, type Adapter, type Column } from '../../../src/adapters/index.js';
import { renderNode, type RunContext } from '../../../src/compile/index.js';
import type { ModelNode } from '../../../src/manifest/index.js';
import { planStatements } from '../../../src/materialize/index.js';
import { openProjectSession, type ProjectSession } from '../../../src/tasks/index.js';

/**
 * Golden SQL of the platform (the project at the repository root) on Snowflake: every model compiled with
 * the Snowflake dialect and adapter dispatch (`snowflake__hash_pii` → SHA2, date arithmetic, JSON paths),
 * planned as a first build would run it — what is sent to Snowflake, one file per model under
 * tests/golden/snowflake/platform/. Incremental models add their incremental run (is_incremental(),
 * staged rows merged). No connection: `run_query` (seed values rendered into the SQL, the newest
 * loaded timestamp) is answered by an in-memory DuckDB holding the seeds under the Snowflake names.
 * Regenerate (after reviewing the change!) with: UPDATE_GOLDEN=1 npx vitest run tests/golden/snowflake
 */
const DIR = join(dirname(fileURLToPath(import.meta.url)), 'platform');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PROJECT_FILES = ['project.yml', 'profiles.yml', 'sources.yml', 'models', 'macros', 'seeds', 'data-tests'];
/** The newest loaded value an incremental model's lookback reads (run_query on `{{ this }}`). */
const NEWEST = '2024-06-30 00:00:00';

let dir: string;
let session: ProjectSession;
let seeds: Adapter;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opp-sf-golden-'));
  for (const f of PROJECT_FILES) if (existsSync(join(REPO_ROOT, f))) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  // A fixed environment: the target's defaults (database OPP_TEST, warehouse ETL_SMALL), no salt, a fixed user.
  session = await openProjectSession({ projectDir: dir, profilesDir: dir, target: 'snowflake_test', command: 'compile', env: { OPP_USER: 'golden' } });
  seeds = await createAdapter({ name: 'seeds', profileName: 'golden', type: 'duckdb', database: 'memory', schema: 'main', threads: 1, settings: { path: ':memory:' } });
  await seeds.connect();
  const database = session.target.database;
  await seeds.execute(`attach ':memory:' as ${database}`);
  for (const node of Object.values(session.manifest.nodes)) {
    if (node.resourceType !== 'seed') continue;
    await seeds.execute(`create schema if not exists ${database}.${node.schema}`);
    await seeds.execute(`create table ${database}.${node.schema}.${node.alias} as select * from read_csv('${node.absolutePath}', header = true, all_varchar = true)`);
  }
}, 120_000);

afterAll(async () => {
  await seeds?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runContext(isIncremental: boolean): RunContext {
  return {
    manifest: session.manifest,
    target: session.target,
    dialect: session.dialect,
    vars: session.vars,
    env: session.env,
    flags: { WHICH: 'build', FULL_REFRESH: false },
    isIncremental,
    query: {
      runQuery: async (sql) => {
        if (/^\s*select\s+cast\(max\(/i.test(sql)) return { rows: [{ newest: NEWEST }], columns: [{ name: 'newest', dataType: 'VARCHAR' }] };
        return seeds.execute(sql);
      },
      getRelation: async () => undefined,
      getColumns: async () => [],
    },
  };
}

function render(statements: readonly { purpose: string; sql: string }[]): string {
  return statements.map((s, n) => `-- ${n + 1}. ${s.purpose}\n${s.sql};\n`).join('\n');
}

/** The model's YAML columns as the target's columns (upper-cased, as Snowflake stores them). */
function documentedColumns(node: ModelNode): Column[] {
  return Object.values(node.columns).map((c) => ({ name: c.name.toUpperCase(), dataType: c.dataType ?? 'VARCHAR' }));
}

async function goldenFor(node: ModelNode): Promise<string> {
  const relation = { database: node.database, schema: node.schema, identifier: node.alias };
  const base = { uniqueId: node.uniqueId, relation, description: node.description, columns: node.columns };
  const first = await renderNode(node, runContext(false));
  const input = {
    node: { ...base, config: first.config },
    compiledSql: first.compiledCode,
    dialect: session.dialect,
    capabilities: SNOWFLAKE_CAPABILITIES,
    fullRefresh: false,
    hooks: { pre: [], post: [] },
  };
  const parts = [`-- ${node.originalFilePath} (${String(node.config.materialized)}) on Snowflake`, '', '-- first build', render(planStatements(input).statements)];
  if (node.config.materialized === 'incremental') {
    const inc = await renderNode(node, runContext(true));
    const columns = documentedColumns(node);
    const planned = planStatements(
      { ...input, node: { ...base, config: inc.config }, compiledSql: inc.compiledCode, existing: { ...relation, kind: 'table' } },
      { target: columns, staged: columns },
    );
    parts.push(`-- incremental run (is_incremental(), newest loaded value ${NEWEST}; + 2 describe queries for the columns)`, render(planned.statements));
  }
  return parts.join('\n');
}

describe('golden SQL: the platform on Snowflake', () => {
  it('compiles every model with the Snowflake dialect (one golden file per model, none stale)', async () => {
    const models = Object.values(session.manifest.nodes).filter((n): n is ModelNode => n.resourceType === 'model' && n.config.enabled !== false);
    expect(models.length).toBeGreaterThan(10);
    if (UPDATE) mkdirSync(DIR, { recursive: true });
    const expected = new Set<string>();
    const problems: string[] = [];
    for (const node of models.sort((a, b) => a.name.localeCompare(b.name))) {
      const file = `${node.name}.sql`;
      expected.add(file);
      const actual = await goldenFor(node);
      const path = join(DIR, file);
      if (UPDATE) writeFileSync(path, actual);
      else if (!existsSync(path)) problems.push(`${file} is missing (run with UPDATE_GOLDEN=1)`);
      else if (readFileSync(path, 'utf8') !== actual) problems.push(`${file} differs from what the model now sends (review, then UPDATE_GOLDEN=1)`);
    }
    if (!UPDATE && existsSync(DIR)) for (const f of readdirSync(DIR)) if (!expected.has(f)) problems.push(`${f} belongs to no model`);
    expect(problems).toEqual([]);
  }, 120_000);
});
