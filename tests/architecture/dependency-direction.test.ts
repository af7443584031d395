import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, dirname, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/project-fixture.js';

// The lint rule of style.md, as a test: cli → stages → materialize → adapters → errors/util. Every
// relative import in src/ is resolved to its stage folder and checked against what that folder may use.

const SRC = join(REPO_ROOT, 'src');

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listSources(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

interface Import {
  readonly from: string;
  readonly to: string;
  readonly typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'/gm;
const DYNAMIC = /import\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = posix.normalize(relative(SRC, file).split('\\').join('/'));
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    const to = posix.normalize(posix.join(posix.dirname(from), spec));
    out.push({ from, to, typeOnly });
  };
  for (const m of text.matchAll(IMPORT)) add(m[3]!, m[2] !== undefined);
  for (const m of text.matchAll(DYNAMIC)) add(m[1]!, false);
  return out;
}

const stageOf = (path: string): string => {
  const parts = path.split('/');
  if (parts[0] === 'adapters' && (parts[1] === 'duckdb' || parts[1] === 'snowflake')) return `adapters/${parts[1]}`;
  if (parts[0] === 'cli' && parts[1] === 'output') return 'cli/output';
  return parts.length > 1 ? parts[0]! : '.';
};

/** What each stage may import at run time (type-only imports of plain data types are always allowed). */
const RUNTIME_ALLOWED: Record<string, readonly string[] | '*'> = {
  errors: ['errors'],
  util: ['util', 'errors'],
  manifest: ['manifest'],
  adapters: ['adapters', 'adapters/duckdb', 'adapters/snowflake', 'errors', 'util'],
  'adapters/duckdb': ['adapters', 'adapters/duckdb', 'errors', 'util'],
  'adapters/snowflake': ['adapters', 'adapters/snowflake', 'errors', 'util'],
  seeds: ['seeds', 'adapters', 'errors', 'util'],
  materialize: ['materialize', 'adapters', 'seeds', 'errors', 'util'],
  config: ['config', 'errors', 'util'],
  project: ['project', 'config', 'errors', 'util'],
  compile: ['compile', 'config', 'project', 'errors', 'util', 'adapters'],
  graph: ['graph', 'project', 'errors', 'util'],
  run: ['run', 'errors', 'util'],
  artifacts: ['artifacts', 'errors', 'util'],
  testing: ['testing', 'compile', 'config', 'project', 'adapters', 'materialize', 'errors', 'util'],
  'unit-testing': ['unit-testing', 'compile', 'config', 'project', 'adapters', 'materialize', 'errors', 'util'],
  freshness: ['freshness', 'adapters', 'errors', 'util'],
  docs: ['docs', 'adapters', 'artifacts', 'errors', 'util'],
  extract: ['extract', 'adapters', 'errors', 'util'],
  // the demo is an application on top of opp, like the CLI: it drives tasks and reads the warehouse
  demo: ['demo', 'tasks', 'config', 'adapters', 'errors', 'util'],
  tasks: '*',
  'cli/output': ['cli/output', 'run', 'errors', 'util'],
  cli: '*',
};

const all = listSources(SRC).flatMap(importsOf);

describe('dependency direction (style.md)', () => {
  it('reads the source tree', () => {
    expect(all.length).toBeGreaterThan(500);
  });

  it('nothing outside cli imports cli, and only the applications (cli, demo) import tasks', () => {
    const bad = all.filter((i) => {
      const from = stageOf(i.from);
      const to = stageOf(i.to);
      if ((to === 'cli' || to === 'cli/output') && from !== 'cli' && from !== 'cli/output') return true;
      return to === 'tasks' && from !== 'tasks' && from !== 'cli' && from !== 'demo';
    });
    expect(bad.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('each stage imports at run time only the stages below it', () => {
    const bad = all.filter((i) => {
      if (i.typeOnly) return false;
      const from = stageOf(i.from);
      const to = stageOf(i.to);
      const allowed = RUNTIME_ALLOWED[from];
      if (allowed === undefined) return true; // a new stage folder must be placed in the table
      return allowed !== '*' && !allowed.includes(to);
    });
    expect(bad.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('engine-specific adapter code is reached only through the adapter registry', () => {
    const bad = all.filter((i) => {
      const to = stageOf(i.to);
      const from = stageOf(i.from);
      return (to === 'adapters/duckdb' || to === 'adapters/snowflake') && !from.startsWith('adapters');
    });
    expect(bad.map((i) => `${i.from} → ${i.to}`)).toEqual([]);
  });

  it('no engine type is tested outside src/adapters', () => {
    const offenders: string[] = [];
    for (const file of listSources(SRC)) {
      const rel = relative(SRC, file).split('\\').join('/');
      if (rel.startsWith('adapters/')) continue;
      const text = readFileSync(file, 'utf8');
      if (/(type|adapterType)\s*[!=]==?\s*'(duckdb|snowflake)'/.test(text) || /'(duckdb|snowflake)'\s*[!=]==?\s*\w*type/i.test(text)) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });
});
