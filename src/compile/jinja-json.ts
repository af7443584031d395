import { stringify as yamlStringify, parse as yamlParse } from 'yaml';
import { isPlainObject, pyStr, unsafe } from './python-values.js';

/**
 * JSON and YAML as Python's `json.dumps` / PyYAML's `safe_dump` write them, which is what dbt's
 * `tojson`/`toyaml` produce: `{"a": 1, "b": [1, 2]}` with Python's separators and `ensure_ascii`.
 */

export interface JsonDumpOptions {
  readonly sortKeys?: boolean;
  readonly indent?: number | null;
  /** Jinja's `|tojson` filter escapes `< > & '` so the output is safe in HTML. */
  readonly htmlSafe?: boolean;
}

function jsonString(s: string, htmlSafe: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e || (htmlSafe && (ch === '<' || ch === '>' || ch === '&' || ch === "'"))) {
      out += '\\u' + code.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

export function pyJsonDumps(value: unknown, opts: JsonDumpOptions = {}): string {
  const indent = opts.indent ?? null;
  const htmlSafe = opts.htmlSafe ?? false;
  const write = (v: unknown, level: number): string => {
    v = unsafe(v);
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return 'NaN';
      if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
      return String(v);
    }
    if (typeof v === 'string') return jsonString(v, htmlSafe);
    const nl = indent === null ? '' : '\n' + ' '.repeat(indent * (level + 1));
    const end = indent === null ? '' : '\n' + ' '.repeat(indent * level);
    const itemSep = indent === null ? ', ' : ',';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return '[' + v.map((x) => nl + write(x, level + 1)).join(itemSep) + end + ']';
    }
    if (isPlainObject(v)) {
      let keys = Object.keys(v).filter((k) => k !== '__keywords');
      if (opts.sortKeys) keys = keys.sort();
      if (keys.length === 0) return '{}';
      return '{' + keys.map((k) => nl + jsonString(k, htmlSafe) + ': ' + write(v[k], level + 1)).join(itemSep) + end + '}';
    }
    return jsonString(pyStr(v), htmlSafe);
  };
  return write(value, 0);
}

function toPlain(v: unknown): unknown {
  v = unsafe(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) if (k !== '__keywords') out[k] = toPlain(v[k]);
    return out;
  }
  if (v !== null && typeof v === 'object') return pyStr(v);
  return v;
}

export function pyYamlDump(value: unknown, sortKeys = false): string {
  return yamlStringify(toPlain(value), { indentSeq: false, sortMapEntries: sortKeys, lineWidth: 0 });
}

export function parseYamlText(text: string): unknown {
  return yamlParse(String(unsafe(text)));
}
