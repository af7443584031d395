import { CompileError, formatLocation, positionAt, type OppError } from '../errors/index.js';
import type { MacroNode } from '../manifest/index.js';
import type { ProjectFile } from '../project/index.js';
import { findBlocks } from './block-scanner.js';
import type { CompileSession } from './compile-session.js';
import { njNodes, type NjNode } from './nunjucks-internals.js';
import type { CompiledTemplate } from './template-environment.js';

/**
 * Loads the project's macro files into a session: each file is compiled once and run once against the
 * shared context, which defines its `{% macro %}`s (and `{% test %}`s, as `test_<name>`) for every model
 * and every other macro. Returns the `MacroNode`s for the manifest. A macro name defined twice is
 * `compile/duplicate-macro`.
 */

export interface MacroFileCacheEntry {
  readonly checksum: string;
  readonly code: string;
  readonly macros: readonly MacroNode[];
}

export interface LoadedMacros {
  readonly macros: Record<string, MacroNode>;
  /** What to store in the parse cache, by file path. */
  readonly cacheEntries: Record<string, MacroFileCacheEntry>;
}

/** Names called as functions in an AST (`foo(...)`), for `dependsOn.macros`. */
export function calledNames(ast: NjNode): Set<string> {
  const names = new Set<string>();
  for (const call of ast.findAll(njNodes.FunCall)) {
    const callee = call['name'] as NjNode;
    if (callee?.typename === 'Symbol') names.add(callee['value'] as string);
  }
  return names;
}

function macroArguments(node: NjNode): string[] {
  const out: string[] = [];
  for (const arg of (node['args'] as NjNode).children ?? []) {
    if (arg.typename === 'Symbol') out.push(arg['value'] as string);
    else if (arg.typename === 'KeywordArgs' || arg.typename === 'Dict') {
      for (const pair of arg.children ?? []) out.push(((pair['key'] as NjNode)['value'] as string) ?? '');
    }
  }
  return out;
}

function macrosOfFile(
  file: ProjectFile,
  ast: NjNode,
  projectName: string,
): { node: MacroNode; calls: Set<string> }[] {
  const { blocks } = findBlocks(file.content, ['macro', 'test']);
  const byName = new Map<string, (typeof blocks)[number]>();
  for (const b of blocks) byName.set(b.tag === 'test' ? `test_${b.name}` : b.name, b);
  const out: { node: MacroNode; calls: Set<string> }[] = [];
  for (const child of ast.children ?? []) {
    if (child.typename !== 'Macro') continue;
    const name = (child['name'] as NjNode)['value'] as string;
    const block = byName.get(name);
    const pos = block ? positionAt(file.content, block.start) : { line: child.lineno + 1, column: child.colno + 1 };
    out.push({
      node: {
        uniqueId: `macro.${projectName}.${name}`,
        name,
        packageName: projectName,
        originalFilePath: file.path,
        macroSql: block ? file.content.slice(block.start, block.end) : '',
        arguments: macroArguments(child),
        description: '',
        location: { file: file.path, line: pos.line, column: pos.column },
        dependsOn: { macros: [] },
        kind: block?.tag === 'test' ? 'test' : 'macro',
      },
      calls: calledNames(child),
    });
  }
  return out;
}

export function loadMacroFiles(
  session: CompileSession,
  files: readonly ProjectFile[],
  errors: OppError[],
  cache: Readonly<Record<string, MacroFileCacheEntry>> | undefined,
): LoadedMacros {
  const projectName = session.project.name;
  const macros: Record<string, MacroNode> = {};
  const calls = new Map<string, Set<string>>();
  const cacheEntries: Record<string, MacroFileCacheEntry> = {};
  const compiled: CompiledTemplate[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    let tpl: CompiledTemplate;
    let found: MacroNode[];
    const hit = cache?.[file.path];
    try {
      if (hit && hit.checksum === file.checksum) {
        tpl = session.templates.instantiate(hit.code, file.path);
        found = [...hit.macros];
      } else {
        const parsed = session.templates.parse(file.content, file.path);
        const defs = macrosOfFile(file, parsed.ast, projectName);
        found = [];
        for (const d of defs) {
          calls.set(d.node.name, d.calls);
          found.push(d.node);
        }
        tpl = session.templates.build(parsed, 0, file.content);
      }
    } catch (e) {
      errors.push(e as OppError);
      continue;
    }
    const kept: MacroNode[] = [];
    for (const m of found) {
      const first = macros[m.uniqueId];
      if (first) {
        errors.push(
          new CompileError('compile/duplicate-macro', `macro '${m.name}' is defined twice: ${formatLocation(first.location)} and ${formatLocation(m.location)}`, {
            location: m.location,
            hint: `rename or remove one of the two definitions of '${m.name}'`,
          }),
        );
        continue;
      }
      macros[m.uniqueId] = m;
      kept.push(m);
      session.projectMacros.add(m.name);
    }
    cacheEntries[file.path] = { checksum: file.checksum, code: tpl.code, macros: found };
    compiled.push(tpl);
  }
  // Define the macros only once every file compiled, so definitions never depend on file order.
  for (const tpl of compiled) {
    try {
      session.executeMacroFile(tpl);
    } catch (e) {
      errors.push(e as OppError);
    }
  }
  // dependsOn.macros: calls to other project macros (freshly parsed files only; cached ones kept theirs).
  for (const [name, names] of calls) {
    const id = `macro.${projectName}.${name}`;
    const m = macros[id];
    if (!m) continue;
    const deps = [...names].filter((n) => session.projectMacros.has(n) && n !== name).map((n) => `macro.${projectName}.${n}`);
    macros[id] = { ...m, dependsOn: { macros: deps } };
  }
  for (const [path, entry] of Object.entries(cacheEntries)) {
    cacheEntries[path] = { ...entry, macros: entry.macros.map((m) => macros[m.uniqueId] ?? m) };
  }
  return { macros, cacheEntries };
}
