import { ProjectError } from '../errors/index.js';
import type { ColumnInfo, ModelNode, SeedNode, SourceNode, UnitTestNode } from '../manifest/index.js';
import type { UnitTestInput } from '../project/types.js';
import type { RefableNode } from './analyze-inputs.js';
import { buildFixtureColumns, buildRowsSql, type DeclaredColumn, type FixtureColumn } from './build-fixture-sql.js';
import { parseCsv } from './parse-csv.js';
import { fixtureCteName, inputKey, parseInputCall, type InputCall } from './parse-input-call.js';

/**
 * The fixtures of one unit test as SQL: each `given:` input (and each seed the model reads without one)
 * becomes a CTE `__dbt__cte__<name> as (select ...)`. Column types come from the input's declared
 * `data_type`s (a seed's `column_types` too), else from the values. Pure.
 */
export interface Fixture {
  readonly key: string;
  readonly call: InputCall;
  readonly cteName: string;
  /** The fixture's SELECT (for format sql: the text as written, rendered before use when it has Jinja). */
  readonly sql: string;
  /** Format sql text holding `{{` or `{%`: render it through the run pass first. */
  readonly needsRender: boolean;
}

export interface FixtureLookup {
  node(name: string): RefableNode | undefined;
  source(sourceName: string, tableName: string): SourceNode | undefined;
}

function declaredColumns(columns: Readonly<Record<string, ColumnInfo>> | undefined, columnTypes?: unknown): DeclaredColumn[] {
  const out: DeclaredColumn[] = [];
  const types = columnTypes !== null && typeof columnTypes === 'object' ? (columnTypes as Record<string, unknown>) : {};
  const typeOf = (name: string): string | undefined => {
    for (const [k, v] of Object.entries(types)) if (k.toLowerCase() === name.toLowerCase() && typeof v === 'string') return v;
    return undefined;
  };
  const seen = new Set<string>();
  for (const c of Object.values(columns ?? {})) {
    seen.add(c.name.toLowerCase());
    const dataType = c.dataType ?? typeOf(c.name);
    out.push(dataType ? { name: c.name, dataType } : { name: c.name });
  }
  for (const [name, t] of Object.entries(types)) if (!seen.has(name.toLowerCase()) && typeof t === 'string') out.push({ name, dataType: t });
  return out;
}

/** The columns an input declares: the model's own for `this`, the ref'd node's, or the source table's. */
export function declaredColumnsOf(call: InputCall, model: ModelNode, lookup: FixtureLookup): DeclaredColumn[] {
  switch (call.kind) {
    case 'this':
      return declaredColumns(model.columns);
    case 'source':
      return declaredColumns(lookup.source(call.sourceName, call.tableName)?.columns);
    case 'ref': {
      const node = lookup.node(call.name);
      return declaredColumns(node?.columns, node?.resourceType === 'seed' ? node.config['column_types'] : undefined);
    }
  }
}

/** The SELECT of rows given as dict or csv (csv rows arrive parsed, their values text). */
export function buildInputSql(input: Pick<UnitTestInput, 'format' | 'rows'>, declared: readonly DeclaredColumn[]): { sql: string; columns: FixtureColumn[] } {
  const rows = typeof input.rows === 'string' ? (parseCsv(input.rows).csv?.rows ?? []) : input.rows;
  const columns = buildFixtureColumns(rows, declared, input.format === 'csv');
  return { sql: buildRowsSql(rows, columns), columns };
}

function hasJinja(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

export function planGivenFixtures(node: UnitTestNode, model: ModelNode, lookup: FixtureLookup): Fixture[] {
  const out: Fixture[] = [];
  for (const given of node.given) {
    const call = parseInputCall(given.input);
    if (!call) {
      throw new ProjectError('project/invalid-value', `unit test '${node.name}' has an input '${given.input}' that is not ref(...), source(...) or this`, {
        location: given.location,
        hint: "write input: ref('model_name'), source('source_name', 'table_name') or this.",
        nodeId: node.uniqueId,
      });
    }
    const cteName = fixtureCteName(call, model.name);
    if (given.format === 'sql') {
      const text = typeof given.rows === 'string' ? given.rows : '';
      out.push({ key: inputKey(call), call, cteName, sql: text.trim().replace(/;\s*$/, ''), needsRender: hasJinja(text) });
      continue;
    }
    const { sql } = buildInputSql(given, declaredColumnsOf(call, model, lookup));
    out.push({ key: inputKey(call), call, cteName, sql, needsRender: false });
  }
  return out;
}

/** A seed the model reads without a `given:` item: its CSV file is the fixture. */
export function buildSeedFixture(seed: SeedNode, csvText: string): string {
  const parsed = parseCsv(csvText);
  if (parsed.problem) {
    throw new ProjectError('project/invalid-value', `seed '${seed.name}' (read as a unit-test input) is not valid csv: ${parsed.problem.message} (line ${parsed.problem.record})`, {
      location: { file: seed.originalFilePath, line: parsed.problem.record },
      hint: `fix the seed file, or give the unit test an input: ref('${seed.name}') with rows.`,
    });
  }
  const columns = buildFixtureColumns(parsed.csv.rows, declaredColumns(seed.columns, seed.config['column_types']), true);
  return buildRowsSql(parsed.csv.rows, columns);
}
