import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  Scalar,
  type Document,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import {
  ConfigError,
  ProjectError,
  type ErrorCode,
  type OppError,
  type SourceLocation,
} from '../errors/index.js';
import { didYouMean } from '../util/did-you-mean.js';

export type { YamlNode };

/**
 * Which stage a YAML file belongs to: `config` files (project.yml, profiles.yml) raise ConfigError with
 * `config/*` codes; `project` files (properties YAML, selectors.yml) raise ProjectError with `project/*`.
 */
export type YamlStage = 'config' | 'project';

/** A parsed YAML document that remembers where every node came from. */
export interface YamlSource {
  /** Project-relative path (or absolute, for files outside the project such as `~/.opp/profiles.yml`). */
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** One `key: value` pair of a mapping, after aliases and `<<` merge keys are resolved. */
export interface YamlEntry {
  readonly key: string;
  readonly keyNode: YamlNode;
  /** `null` for `key:` with nothing after it. */
  readonly value: YamlNode | null;
}

/** Parses YAML with positions. Returns the source, or the first syntax error as an OppError. */
export function parseYamlSource(
  text: string,
  file: string,
  stage: YamlStage,
): { readonly source: YamlSource; readonly error?: undefined } | { readonly source?: undefined; readonly error: OppError } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const offset = first.pos[0];
    const pos = lineCounter.linePos(offset);
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const error = makeError(stage, 'yaml-syntax', `${file} is not valid YAML: ${message}`, {
      file,
      line: pos.line,
      column: pos.col,
    }, 'fix the YAML syntax at this line (indentation, a missing colon, or an unclosed bracket or quote).');
    return { error };
  }
  return { source: { file, doc, lineCounter } };
}

/** The error class and code for a stage: `config/<suffix>` → ConfigError, `project/<suffix>` → ProjectError. */
export function makeError(
  stage: YamlStage,
  suffix: string,
  message: string,
  location: SourceLocation | undefined,
  hint?: string,
): OppError {
  const code = `${stage}/${suffix}` as ErrorCode;
  const opts = { ...(location ? { location } : {}), ...(hint ? { hint } : {}) };
  return stage === 'config' ? new ConfigError(code, message, opts) : new ProjectError(code, message, opts);
}

/** Node kinds as users would name them, for "expected a mapping, got a list" messages. */
export function describeNode(node: YamlNode | null): string {
  if (node === null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
    if (typeof v === 'boolean') return `the boolean ${String(v)}`;
    if (typeof v === 'number') return `the number ${v}`;
    return typeof v;
  }
  return 'an unsupported value';
}

/**
 * Reads a YAML document node by node, collecting diagnostics (never throwing), so that loading can
 * report every problem of every file at once. Every error carries file, line and column.
 */
export class YamlReader {
  readonly errors: OppError[] = [];

  constructor(
    readonly source: YamlSource,
    readonly stage: YamlStage,
  ) {}

  get file(): string {
    return this.source.file;
  }

  /** The root node, or null for an empty document. */
  root(): YamlNode | null {
    return this.resolve(this.source.doc.contents as YamlNode | null);
  }

  /** Location of a node's first character (1-based). Falls back to the file alone. */
  loc(node: YamlNode | null | undefined): SourceLocation {
    const range = node?.range;
    if (!range) return { file: this.file };
    const start = this.source.lineCounter.linePos(range[0]);
    const end = this.source.lineCounter.linePos(range[1]);
    return { file: this.file, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
  }

  /** Where a whole entry is reported: its key. */
  entryLoc(entry: YamlEntry): SourceLocation {
    return this.loc(entry.keyNode);
  }

  error(suffix: string, message: string, node: YamlNode | null | undefined, hint?: string): void {
    this.errors.push(makeError(this.stage, suffix, message, this.loc(node), hint));
  }

  errorAt(suffix: string, message: string, location: SourceLocation, hint?: string): void {
    this.errors.push(makeError(this.stage, suffix, message, location, hint));
  }

  invalid(what: string, expected: string, node: YamlNode | null, fallback?: YamlNode | null): void {
    this.error(
      'invalid-value',
      `${what} must be ${expected}, got ${describeNode(node)}`,
      node?.range ? node : (fallback ?? node),
      `write ${what} as ${expected}.`,
    );
  }

  /** Follows an alias (`*anchor`) to the node it names. */
  resolve(node: YamlNode | null | undefined): YamlNode | null {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return (node.resolve(this.source.doc) as YamlNode | undefined) ?? null;
    return node;
  }

  isNull(node: YamlNode | null): boolean {
    const n = this.resolve(node);
    return n === null || (isScalar(n) && n.value === null);
  }

  /** The node as plain JavaScript data (aliases and merge keys resolved). */
  plain(node: YamlNode | null): unknown {
    const n = this.resolve(node);
    if (n === null) return null;
    return n.toJS(this.source.doc, { maxAliasCount: 1000 });
  }

  /**
   * The entries of a mapping, in order, with `<<: *anchor` merges expanded (explicit keys win).
   * `null` / empty values give an empty list. Anything else is reported as `what` being the wrong type,
   * and returns undefined.
   */
  entries(node: YamlNode | null, what: string, fallback?: YamlNode | null): YamlEntry[] | undefined {
    const n = this.resolve(node);
    if (n === null || (isScalar(n) && n.value === null)) return [];
    if (!isMap(n)) {
      this.invalid(what, 'a mapping', n, fallback);
      return undefined;
    }
    return this.mapEntries(n, what, 0);
  }

  private mapEntries(map: YAMLMap, what: string, depth: number): YamlEntry[] {
    const explicit: YamlEntry[] = [];
    const merged: YamlEntry[] = [];
    for (const pair of map.items) {
      const keyNode = pair.key as YamlNode | null;
      const value = (pair.value as YamlNode | null | undefined) ?? null;
      if (keyNode && isScalar(keyNode) && isMergeKey(keyNode.value)) {
        if (depth > 20) continue;
        const sources = this.resolve(value);
        const list = sources && isSeq(sources) ? (sources.items as YamlNode[]) : [sources];
        for (const src of list) {
          const target = this.resolve(src);
          if (target && isMap(target)) merged.push(...this.mapEntries(target, what, depth + 1));
          else this.invalid(`a '<<' merge in ${what}`, 'an alias of a mapping', target, value);
        }
        continue;
      }
      if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.invalid(`a key in ${what}`, 'a plain string', keyNode, value);
        continue;
      }
      explicit.push({ key: String(keyNode.value), keyNode, value: this.resolve(value) });
    }
    if (merged.length === 0) return explicit;
    const seen = new Set(explicit.map((e) => e.key));
    const out = [...explicit];
    for (const e of merged) {
      if (!seen.has(e.key)) {
        seen.add(e.key);
        out.push(e);
      }
    }
    return out;
  }

  /** The items of a list (`null` → empty). Reports anything else. */
  items(node: YamlNode | null, what: string, fallback?: YamlNode | null): YamlNode[] | undefined {
    const n = this.resolve(node);
    if (n === null || (isScalar(n) && n.value === null)) return [];
    if (!isSeq(n)) {
      this.invalid(what, 'a list', n, fallback);
      return undefined;
    }
    return (n.items as (YamlNode | null)[]).map((item) => this.resolve(item) ?? nullScalarAt(n));
  }

  /**
   * Reports every key not in `allowed` as unknown, with a did-you-mean hint.
   * `what` names the container ("model 'orders'", "project.yml").
   */
  checkKeys(entries: readonly YamlEntry[], allowed: ReadonlySet<string> | readonly string[], what: string): void {
    const set = allowed instanceof Set ? allowed : new Set(allowed as readonly string[]);
    for (const e of entries) {
      if (set.has(e.key)) continue;
      const suggestion = didYouMean(e.key, set);
      this.error(
        'unknown-key',
        `unknown key '${e.key}' in ${what}`,
        e.keyNode,
        suggestion || `remove it; known keys are ${[...set].slice(0, 12).join(', ')}${set.size > 12 ? ', …' : ''}.`,
      );
    }
  }

  scalar(node: YamlNode | null): unknown {
    const n = this.resolve(node);
    return n && isScalar(n) ? n.value : undefined;
  }

  /** A string (numbers are accepted and converted, as YAML users expect for names like `2024`). */
  str(node: YamlNode | null, what: string, fallback?: YamlNode | null): string | undefined {
    const n = this.resolve(node);
    if (n && isScalar(n)) {
      if (typeof n.value === 'string') return n.value;
      if (typeof n.value === 'number' || typeof n.value === 'bigint') return String(n.value);
    }
    this.invalid(what, 'a string', n, fallback);
    return undefined;
  }

  /** Like `str`, but `null` is accepted and returns undefined silently. */
  optStr(node: YamlNode | null, what: string, fallback?: YamlNode | null): string | undefined {
    if (this.isNull(node)) return undefined;
    return this.str(node, what, fallback);
  }

  bool(node: YamlNode | null, what: string, fallback?: YamlNode | null): boolean | undefined {
    const n = this.resolve(node);
    if (n && isScalar(n) && typeof n.value === 'boolean') return n.value;
    this.invalid(what, 'true or false', n, fallback);
    return undefined;
  }

  int(node: YamlNode | null, what: string, fallback?: YamlNode | null): number | undefined {
    const n = this.resolve(node);
    if (n && isScalar(n) && typeof n.value === 'number' && Number.isInteger(n.value)) return n.value;
    this.invalid(what, 'a whole number', n, fallback);
    return undefined;
  }

  /** A string or a list of strings, as a list (`tags: nightly` → `['nightly']`). */
  strList(node: YamlNode | null, what: string, fallback?: YamlNode | null): string[] | undefined {
    const n = this.resolve(node);
    if (n === null || (isScalar(n) && n.value === null)) return [];
    if (isScalar(n)) {
      const s = this.str(n, what, fallback);
      return s === undefined ? undefined : [s];
    }
    if (isSeq(n)) {
      const out: string[] = [];
      let ok = true;
      for (const item of n.items as YamlNode[]) {
        const s = this.str(item, `each item of ${what}`, n);
        if (s === undefined) ok = false;
        else out.push(s);
      }
      return ok ? out : undefined;
    }
    this.invalid(what, 'a string or a list of strings', n, fallback);
    return undefined;
  }

  /** A mapping as plain data (`meta:`, `vars:`). */
  plainMap(node: YamlNode | null, what: string, fallback?: YamlNode | null): Record<string, unknown> | undefined {
    const n = this.resolve(node);
    if (n === null || (isScalar(n) && n.value === null)) return {};
    if (!isMap(n)) {
      this.invalid(what, 'a mapping', n, fallback);
      return undefined;
    }
    return this.plain(n) as Record<string, unknown>;
  }
}

function isMergeKey(value: unknown): boolean {
  return value === '<<' || (typeof value === 'symbol' && value.description === '<<');
}

function nullScalarAt(parent: YamlNode): YamlNode {
  // A `- ` list item with nothing after it: report it at the list.
  const s = new Scalar(null);
  if (parent.range) s.range = parent.range;
  return s;
}
