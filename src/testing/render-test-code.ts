/**
 * The `raw_code` of a generic test: one call of its test macro with the tested relation and the YAML
 * arguments as keyword arguments, which the run pass renders as it renders any node:
 *
 * ```jinja
 * {{ test_accepted_values(model=get_where_subquery(ref('orders')), column_name='status', values=['placed', 'shipped']) }}
 * ```
 *
 * Arguments become Jinja values as dbt's `add_rendered_test_kwargs` renders them: a string that looks like
 * a function call (`ref('x')`, `source('a', 'b')`, `var('v')`, `env_var('E')`, `doc('d')`) is that call; a
 * string holding `{{ }}` or `{% %}` is rendered as a template; `column_name` and other strings stay
 * strings; lists and dicts are walked. Pure.
 */

/** dbt's `looks_like_func` (Python `re.match`, so `.` does not cross newlines). */
const LOOKS_LIKE_FUNC = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/;
const ONE_EXPRESSION = /^\s*\{\{([^]*?)\}\}\s*$/;

/** A string as a Jinja string literal (single quotes, Python escapes). */
export function buildJinjaString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

interface Emitter {
  readonly prelude: string[];
  counter: number;
}

function isTemplated(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

function jinjaValue(value: unknown, em: Emitter, keyPath: readonly string[]): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') {
    if (keyPath.length === 1 && keyPath[0] === 'column_name') return buildJinjaString(value);
    if (LOOKS_LIKE_FUNC.test(value)) return value.trim();
    if (isTemplated(value)) {
      const one = ONE_EXPRESSION.exec(value);
      if (one && !one[1]!.includes('}}') && !one[1]!.includes('{{')) return one[1]!.trim();
      const name = `__opp_test_arg_${++em.counter}`;
      em.prelude.push(`{% set ${name} %}${value}{% endset %}`);
      return name;
    }
    return buildJinjaString(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => jinjaValue(v, em, [...keyPath, String(i)])).join(', ')}]`;
  if (value instanceof Date) return buildJinjaString(value.toISOString());
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${buildJinjaString(k)}: ${jinjaValue(v, em, [...keyPath, k])}`)
      .join(', ')}}`;
  }
  return buildJinjaString(String(value));
}

/**
 * `{{ <macro>(model=..., column_name=..., <other kwargs>...) }}`: `kwargs` are dbt's test kwargs (including
 * `model`, the `{{ get_where_subquery(...) }}` string), in the order written.
 */
export function buildTestRawCode(macroName: string, kwargs: Readonly<Record<string, unknown>>): string {
  const em: Emitter = { prelude: [], counter: 0 };
  const keys = Object.keys(kwargs);
  const ordered = [...keys.filter((k) => k === 'model'), ...keys.filter((k) => k === 'column_name'), ...keys.filter((k) => k !== 'model' && k !== 'column_name')];
  const args = ordered.map((k) => `${k}=${jinjaValue(kwargs[k], em, [k])}`);
  return `${em.prelude.join('')}{{ ${macroName}(${args.join(', ')}) }}`;
}

export interface FoundRef {
  readonly name: string;
  readonly package?: string;
}

export interface FoundSource {
  readonly sourceName: string;
  readonly tableName: string;
}

const REF_CALL = /\bref\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?(?:,\s*(?:v|version)\s*=\s*[^)]*)?\)/g;
const SOURCE_CALL = /\bsource\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)/g;

/** `ref()` and `source()` calls with literal arguments anywhere in `text`, in order. */
export function findRelationCalls(text: string): { refs: FoundRef[]; sources: FoundSource[] } {
  const refs: FoundRef[] = [];
  const sources: FoundSource[] = [];
  for (const m of text.matchAll(REF_CALL)) {
    refs.push(m[4] !== undefined ? { package: m[2]!, name: m[4] } : { name: m[2]! });
  }
  for (const m of text.matchAll(SOURCE_CALL)) sources.push({ sourceName: m[2]!, tableName: m[4]! });
  return { refs, sources };
}

/** Every string inside a YAML value (lists and dicts walked), for finding refs in test arguments. */
export function collectStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date)) for (const v of Object.values(value as Record<string, unknown>)) collectStrings(v, out);
  return out;
}
