/**
 * The `input:` of a unit test's `given:` item, as dbt accepts it: `ref('model')`, `ref('package', 'model')`,
 * `ref('model', v=2)`, `source('source', 'table')` or `this` (an incremental model's own relation).
 * Pure.
 */
export type InputCall =
  | { readonly kind: 'ref'; readonly name: string; readonly package?: string; readonly version?: string }
  | { readonly kind: 'source'; readonly sourceName: string; readonly tableName: string }
  | { readonly kind: 'this' };

type Token = { kind: 'str'; value: string } | { kind: 'num'; value: string } | { kind: 'name'; value: string } | { kind: 'punct'; value: string };

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) return undefined;
      out.push({ kind: 'str', value });
      i = j + 1;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      const m = /^[0-9][0-9._]*|^\.[0-9]+/.exec(text.slice(i));
      if (!m) return undefined;
      out.push({ kind: 'num', value: m[0] });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      out.push({ kind: 'name', value: m[0] });
      i += m[0].length;
      continue;
    }
    if ('(),='.includes(c)) {
      out.push({ kind: 'punct', value: c });
      i++;
      continue;
    }
    return undefined;
  }
  return out;
}

/** `ref(...)` / `source(...)` arguments: positional strings and `key=value` keywords. */
function parseArgs(tokens: readonly Token[]): { positional: string[]; keywords: Record<string, string> } | undefined {
  const positional: string[] = [];
  const keywords: Record<string, string> = {};
  let i = 0;
  if (tokens.length === 0) return { positional, keywords };
  for (;;) {
    const t = tokens[i];
    if (!t) return undefined;
    if (t.kind === 'name' && tokens[i + 1]?.kind === 'punct' && tokens[i + 1]!.value === '=') {
      const v = tokens[i + 2];
      if (!v || (v.kind !== 'str' && v.kind !== 'num')) return undefined;
      keywords[t.value] = v.value;
      i += 3;
    } else if (t.kind === 'str') {
      if (Object.keys(keywords).length > 0) return undefined;
      positional.push(t.value);
      i++;
    } else return undefined;
    if (i === tokens.length) return { positional, keywords };
    const sep = tokens[i]!;
    if (sep.kind !== 'punct' || sep.value !== ',') return undefined;
    i++;
    if (i === tokens.length) return { positional, keywords }; // trailing comma
  }
}

/** Parses an `input:` string; undefined when it is not a ref/source call or `this`. */
export function parseInputCall(text: string): InputCall | undefined {
  const trimmed = text.trim();
  if (trimmed === 'this') return { kind: 'this' };
  const tokens = tokenize(trimmed);
  if (!tokens || tokens.length < 3) return undefined;
  const [fn, open] = tokens;
  const close = tokens[tokens.length - 1]!;
  if (fn!.kind !== 'name' || open!.kind !== 'punct' || open!.value !== '(' || close.kind !== 'punct' || close.value !== ')') return undefined;
  const args = parseArgs(tokens.slice(2, -1));
  if (!args) return undefined;
  if (fn!.value === 'ref') {
    const { positional, keywords } = args;
    const extra = Object.keys(keywords).filter((k) => k !== 'v' && k !== 'version');
    if (positional.length < 1 || positional.length > 2 || extra.length > 0) return undefined;
    const version = keywords['v'] ?? keywords['version'];
    return positional.length === 2
      ? { kind: 'ref', package: positional[0]!, name: positional[1]!, ...(version !== undefined ? { version } : {}) }
      : { kind: 'ref', name: positional[0]!, ...(version !== undefined ? { version } : {}) };
  }
  if (fn!.value === 'source') {
    if (args.positional.length !== 2 || Object.keys(args.keywords).length > 0) return undefined;
    return { kind: 'source', sourceName: args.positional[0]!, tableName: args.positional[1]! };
  }
  return undefined;
}

/** The canonical text of an input: `ref('x')`, `ref('pkg', 'x')`, `ref('x', v='2')`, `source('s', 't')`, `this`. */
export function formatInputCall(call: InputCall): string {
  switch (call.kind) {
    case 'this':
      return 'this';
    case 'source':
      return `source('${call.sourceName}', '${call.tableName}')`;
    case 'ref': {
      const version = call.version !== undefined ? `, v='${call.version}'` : '';
      return call.package !== undefined ? `ref('${call.package}', '${call.name}'${version})` : `ref('${call.name}'${version})`;
    }
  }
}

/**
 * The identity of an input, for matching a `given:` item to the model's `ref()`/`source()` calls: refs by
 * name (opp has no packages or model versions, so `ref('pkg', 'x')` and `ref('x', v=2)` are `x`), sources
 * by source and table name.
 */
export function inputKey(call: InputCall): string {
  switch (call.kind) {
    case 'this':
      return 'this';
    case 'source':
      return `source:${call.sourceName}.${call.tableName}`;
    case 'ref':
      return `ref:${call.name}`;
  }
}

/** The CTE a fixture becomes in the compiled SQL (dbt names input CTEs `__dbt__cte__<name>`). */
export function fixtureCteName(call: InputCall, modelName: string): string {
  switch (call.kind) {
    case 'this':
      return `__dbt__cte__${modelName}`;
    case 'source':
      return `__dbt__cte__${call.sourceName}__${call.tableName}`;
    case 'ref':
      return `__dbt__cte__${call.name}`;
  }
}
