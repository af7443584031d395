import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SelectionError } from '../errors/index.js';
import { unitTestFingerprint } from './state-compare.js';
import type { StateColumn, StateManifest, StateNode, StateSource, StateUnitTest } from './types.js';

const STATE_HINT =
  'run `opp parse` (or any command) against the reference target and pass its target/ folder with --state, or copy a manifest.json from a previous run into that folder';

/**
 * Reads the previous run's manifest (`<dir>/manifest.json`, dbt's v12 shape) for `state:` selection.
 * `dir` may also name the JSON file itself. Missing, unreadable or malformed → `selection/state-missing`.
 */
export async function readStateManifest(dir: string): Promise<StateManifest> {
  let file = dir;
  try {
    if (!dir.endsWith('.json') || (await stat(dir)).isDirectory()) file = path.join(dir, 'manifest.json');
  } catch {
    // a .json path that does not exist: report it as given
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? `no manifest.json at ${file}` : `cannot read ${file} (${code ?? String(err)})`;
    throw new SelectionError('selection/state-missing', `--state: ${what}`, { hint: STATE_HINT, cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SelectionError('selection/state-missing', `--state: ${file} is not valid JSON (${(err as Error).message})`, {
      hint: STATE_HINT,
      cause: err,
    });
  }
  return parseStateManifest(json, file);
}

/** Reduces a parsed manifest.json to what state comparison reads. Pure. */
export function parseStateManifest(json: unknown, file: string): StateManifest {
  if (!isRecord(json) || !isRecord(json.nodes)) {
    throw new SelectionError('selection/state-missing', `--state: ${file} is not a manifest (it has no "nodes" object)`, {
      hint: STATE_HINT,
    });
  }
  const nodes: Record<string, StateNode> = {};
  for (const [id, raw] of Object.entries(json.nodes)) {
    if (isRecord(raw)) nodes[id] = readNode(id, raw);
  }
  const sources: Record<string, StateSource> = {};
  for (const [id, raw] of Object.entries(record(json.sources))) {
    if (isRecord(raw)) sources[id] = readSource(id, raw);
  }
  const unitTests: Record<string, StateUnitTest> = {};
  for (const [id, raw] of Object.entries(record(json.unit_tests))) {
    if (isRecord(raw)) unitTests[id] = readUnitTest(id, raw);
  }
  const macros: Record<string, { macroSql: string }> = {};
  for (const [id, raw] of Object.entries(record(json.macros))) {
    if (isRecord(raw)) macros[id] = { macroSql: typeof raw.macro_sql === 'string' ? raw.macro_sql : '' };
  }
  return { file, nodes, sources, unitTests, macros };
}

function readNode(id: string, raw: Record<string, unknown>): StateNode {
  const checksum = isRecord(raw.checksum) ? raw.checksum.checksum : raw.checksum;
  const config = record(raw.config);
  const contract = isRecord(raw.contract) ? raw.contract : record(config.contract);
  const dependsOn = record(raw.depends_on);
  return {
    uniqueId: id,
    resourceType: str(raw.resource_type) ?? id.split('.')[0] ?? '',
    ...(typeof checksum === 'string' ? { checksum } : {}),
    ...(typeof raw.raw_code === 'string' ? { rawCode: raw.raw_code } : {}),
    ...(Array.isArray(raw.fqn) ? { fqn: raw.fqn.map(String) } : {}),
    config,
    ...(isRecord(raw.unrendered_config) ? { unrenderedConfig: raw.unrendered_config } : {}),
    database: nullableStr(raw.database),
    schema: nullableStr(raw.schema),
    alias: nullableStr(raw.alias),
    description: str(raw.description) ?? '',
    columns: readColumns(raw.columns),
    dependsOnMacros: Array.isArray(dependsOn.macros) ? dependsOn.macros.map(String) : [],
    contractEnforced: contract.enforced === true,
    constraints: Array.isArray(raw.constraints) ? raw.constraints : [],
  };
}

function readColumns(raw: unknown): Record<string, StateColumn> {
  const out: Record<string, StateColumn> = {};
  for (const [name, col] of Object.entries(record(raw))) {
    const c = record(col);
    out[name] = {
      description: str(c.description) ?? '',
      dataType: nullableStr(c.data_type),
      constraints: Array.isArray(c.constraints) ? c.constraints : [],
    };
  }
  return out;
}

function readSource(id: string, raw: Record<string, unknown>): StateSource {
  return {
    uniqueId: id,
    ...(Array.isArray(raw.fqn) ? { fqn: raw.fqn.map(String) } : {}),
    database: nullableStr(raw.database),
    schema: nullableStr(raw.schema),
    identifier: nullableStr(raw.identifier),
    config: record(raw.config),
    quoting: record(raw.quoting),
    freshness: raw.freshness ?? null,
    loadedAtField: nullableStr(raw.loaded_at_field),
    external: raw.external ?? null,
  };
}

function readUnitTest(id: string, raw: Record<string, unknown>): StateUnitTest {
  const given = Array.isArray(raw.given) ? raw.given.filter(isRecord) : [];
  return {
    uniqueId: id,
    ...(Array.isArray(raw.fqn) ? { fqn: raw.fqn.map(String) } : {}),
    config: record(raw.config),
    fingerprint: unitTestFingerprint({
      given: given.map((g) => ({
        input: str(g.input) ?? '',
        ...(typeof g.format === 'string' ? { format: g.format } : {}),
        rows: g.rows ?? null,
        fixture: nullableStr(g.fixture),
      })),
      expect: (() => {
        const e = record(raw.expect);
        return { ...(typeof e.format === 'string' ? { format: e.format } : {}), rows: e.rows ?? null, fixture: nullableStr(e.fixture) };
      })(),
      overrides: record(raw.overrides),
    }),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function nullableStr(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
