import { formatLocation, positionAt, ProjectError, type OppError, type SourceLocation } from '../errors/index.js';
import type { ProjectFile, PropertiesFile, SeedFile } from './types.js';

const SNAPSHOT_BLOCK = /\{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%\}/g;

/** The `{% snapshot name %}` blocks of a snapshot file, with their locations. */
export function findSnapshotBlocks(file: ProjectFile): { name: string; location: SourceLocation }[] {
  const out: { name: string; location: SourceLocation }[] = [];
  for (const m of file.content.matchAll(SNAPSHOT_BLOCK)) {
    const pos = positionAt(file.content, m.index);
    out.push({ name: m[1]!, location: { file: file.path, line: pos.line, column: pos.column } });
  }
  return out;
}

function baseName(path: string, ext: string): string {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  return name.endsWith(ext) ? name.slice(0, -ext.length) : name;
}

interface Named {
  readonly name: string;
  readonly kind: string;
  readonly location: SourceLocation;
}

function where(loc: SourceLocation): string {
  return formatLocation(loc);
}

/**
 * Every clash of names dbt refuses, as `project/duplicate-name` errors naming both places:
 * models, seeds and snapshots share one name space (`ref()` must be unambiguous); analyses have
 * their own; a properties YAML entry may describe a resource only once across all files; a source
 * table, a unit test (per model) and a macro's properties may be declared once. Pure.
 */
export function buildDuplicateNameErrors(input: {
  readonly models: readonly ProjectFile[];
  readonly seeds: readonly SeedFile[];
  readonly snapshots: readonly ProjectFile[];
  readonly analyses: readonly ProjectFile[];
  readonly properties: readonly PropertiesFile[];
}): OppError[] {
  const errors: OppError[] = [];
  const check = (items: readonly Named[], describe: (a: Named, b: Named) => string, hint: string, caseInsensitive = false): void => {
    const seen = new Map<string, Named>();
    for (const item of items) {
      const key = caseInsensitive ? item.name.toLowerCase() : item.name;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, item);
        continue;
      }
      errors.push(new ProjectError('project/duplicate-name', describe(first, item), { location: item.location, hint }));
    }
  };

  const refable: Named[] = [
    ...input.models.map((f) => ({ name: baseName(f.path, '.sql'), kind: 'model', location: { file: f.path } })),
    ...input.seeds.map((f) => ({ name: baseName(f.path, '.csv'), kind: 'seed', location: { file: f.path } })),
    ...input.snapshots.flatMap((f) => findSnapshotBlocks(f).map((b) => ({ ...b, kind: 'snapshot' }))),
    ...input.properties.flatMap((p) =>
      p.nodes.filter((n) => n.resourceType === 'snapshot' && n.relation !== undefined).map((n) => ({ name: n.name, kind: 'snapshot', location: n.location })),
    ),
  ];
  check(
    refable,
    (a, b) => `${b.kind} '${b.name}' (${where(b.location)}) has the same name as ${a.kind} '${a.name}' (${where(a.location)})`,
    'models, seeds and snapshots share one name space: rename one of them.',
    // Relation names are case-insensitive in both warehouses: `Orders` and `orders` would collide.
    true,
  );
  check(
    input.analyses.map((f) => ({ name: baseName(f.path, '.sql'), kind: 'analysis', location: { file: f.path } })),
    (a, b) => `analysis '${b.name}' (${where(b.location)}) has the same name as analysis '${a.name}' (${where(a.location)})`,
    'rename one of the two analyses.',
  );

  // A YAML entry describing the same resource twice (in one file or across files).
  const patches: Named[] = input.properties.flatMap((p) =>
    p.nodes.filter((n) => !(n.resourceType === 'snapshot' && n.relation !== undefined)).map((n) => ({ name: `${n.resourceType}:${n.name}`, kind: n.resourceType, location: n.location })),
  );
  check(
    patches,
    (a, b) => `${b.kind} '${b.name.slice(b.kind.length + 1)}' is described twice in properties YAML: ${where(a.location)} and ${where(b.location)}`,
    'merge the two entries into one.',
  );
  check(
    input.properties.flatMap((p) => p.sources.flatMap((s) => s.tables.map((t) => ({ name: `${s.name}.${t.name}`, kind: 'source table', location: t.location })))),
    (a, b) => `source table '${b.name}' is declared twice: ${where(a.location)} and ${where(b.location)}`,
    'declare each source table once.',
  );
  check(
    input.properties.flatMap((p) => p.unitTests.map((u) => ({ name: `${u.model}.${u.name}`, kind: 'unit test', location: u.location }))),
    (a, b) => `unit test '${b.name}' is defined twice: ${where(a.location)} and ${where(b.location)}`,
    'give each unit test of a model its own name.',
  );
  check(
    input.properties.flatMap((p) => p.macros.map((m) => ({ name: m.name, kind: 'macro', location: m.location }))),
    (a, b) => `macro '${b.name}' is described twice in properties YAML: ${where(a.location)} and ${where(b.location)}`,
    'merge the two entries into one.',
  );
  return errors;
}
