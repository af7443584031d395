/**
 * The parameters of a generic test's macro, read from its `{% test name(model, column_name, values,
 * quote=True) %}` (or legacy `{% macro test_name(...) %}`) tag: which have defaults and which the YAML must
 * give. Pure; reads only the opening tag.
 */

export interface MacroParameter {
  readonly name: string;
  readonly hasDefault: boolean;
}

/** Splits `a, b=(1, 2), c='x,y'` at top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** The parameter list of the first `{% test %}`/`{% macro %}` tag, or undefined when it cannot be read. */
export function parseTestMacroSignature(macroSql: string): MacroParameter[] | undefined {
  const open = /\{%-?\s*(?:test|macro)\s+[A-Za-z_][A-Za-z0-9_]*\s*\(/.exec(macroSql);
  if (!open) return undefined;
  let i = open.index + open[0].length;
  const start = i;
  let depth = 1;
  for (; i < macroSql.length && depth > 0; i++) {
    const c = macroSql[i]!;
    if (c === '"' || c === "'") {
      i++;
      while (i < macroSql.length && macroSql[i] !== c) {
        if (macroSql[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  if (depth !== 0) return undefined;
  const inner = macroSql.slice(start, i - 1);
  const params: MacroParameter[] = [];
  for (const part of splitTopLevel(inner)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=)?/.exec(part);
    if (!m) return undefined;
    params.push({ name: m[1]!, hasDefault: m[2] === '=' });
  }
  return params;
}

/** Parameters without a default, other than `model` (always given). */
export function requiredTestArguments(params: readonly MacroParameter[]): string[] {
  return params.filter((p) => !p.hasDefault && p.name !== 'model').map((p) => p.name);
}
