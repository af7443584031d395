import { didYouMean } from '../util/did-you-mean.js';
import type { ErrorCode, SourceLocation } from '../errors/index.js';
import { SelectorError } from './selection-error.js';
import type {
  IndirectSelection,
  MethodName,
  SelectionCriteria,
  SelectionIntersection,
  SelectionSpec,
  SelectionUnion,
  StateCheck,
} from './types.js';

/**
 * The selection grammar, exactly dbt's (pure: no graph, no manifest):
 *
 *   expression   := term (WHITESPACE term)*            union
 *   term         := criterion ("," criterion)*          intersection
 *   criterion    := "@"? (DIGITS? "+")? body ("+" DIGITS?)?
 *   body         := method ("." key)* ":" value  |  value
 *
 * A body without a method is a path when it contains a slash, a file when it ends in .sql/.py/.csv,
 * and a node name / fqn otherwise. Several --select strings are a union too; --exclude is subtracted.
 */

export const METHOD_NAMES: readonly MethodName[] = [
  'fqn',
  'tag',
  'path',
  'file',
  'source',
  'config',
  'resource_type',
  'state',
  'package',
  'test_type',
  'test_name',
  'unit_test',
  'access',
  'group',
  'version',
  'selector',
];

/** dbt methods that select things opp does not have (or reads artifacts opp does not read for selection). */
const DBT_ONLY_METHODS: Readonly<Record<string, string>> = {
  exposure: 'opp has no exposures',
  metric: 'opp has no metrics',
  semantic_model: 'opp has no semantic models',
  saved_query: 'opp has no saved queries',
  result: 'opp does not select by previous run results yet',
  source_status: 'opp does not select by source freshness results yet',
};

export const STATE_VALUES: readonly StateCheck[] = [
  'new',
  'old',
  'modified',
  'unmodified',
  'modified.body',
  'modified.configs',
  'modified.relation',
  'modified.persisted_descriptions',
  'modified.macros',
  'modified.contract',
];

/** Resource types opp has, plus dbt's others (accepted so dbt selectors parse; they match nothing). */
export const RESOURCE_TYPE_VALUES: readonly string[] = ['model', 'seed', 'snapshot', 'test', 'analysis', 'source', 'unit_test'];
const DBT_RESOURCE_TYPES = ['exposure', 'metric', 'semantic_model', 'saved_query', 'operation', 'sql_operation', 'doc', 'macro', 'group', 'function'];

export const TEST_TYPE_VALUES: readonly string[] = ['generic', 'singular', 'data', 'unit', 'schema'];
export const ACCESS_VALUES: readonly string[] = ['public', 'protected', 'private'];
export const VERSION_VALUES: readonly string[] = ['latest', 'prerelease', 'old', 'none'];
export const INDIRECT_SELECTION_VALUES: readonly IndirectSelection[] = ['eager', 'cautious', 'buildable', 'empty'];

/** What `--select` means when it is not given (dbt's DEFAULT_INCLUDES, less what opp does not have). */
export const DEFAULT_SELECTION: readonly string[] = ['fqn:*', 'source:*', 'unit_test:*'];

const FILE_EXTENSIONS = ['.sql', '.py', '.csv'];

/** A problem with a criterion; `at` is an offset relative to the start of its `method:value` body. */
export class CriterionProblem extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly at: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Validates a method (as written, with its `.keys`) and its value. Offsets in problems are relative to
 * `methodText + ':' + value`. Returns the method and its keys.
 */
export function checkMethod(methodText: string, value: string): { method: MethodName; args: string[] } {
  const parts = methodText.split('.');
  const name = parts[0]!;
  if (name === '') throw new CriterionProblem('selection/syntax', `missing a method name before ':'`, 0, `write method:value, e.g. tag:nightly`);
  if (!(METHOD_NAMES as readonly string[]).includes(name)) {
    const unsupported = DBT_ONLY_METHODS[name];
    if (unsupported !== undefined) {
      throw new CriterionProblem('selection/unknown-method', `'${name}' is a dbt selection method opp does not support`, 0, `${unsupported}; use one of ${METHOD_NAMES.filter((m) => m !== 'selector').join(', ')}`);
    }
    const suggestion = didYouMean(name, METHOD_NAMES);
    throw new CriterionProblem(
      'selection/unknown-method',
      `unknown selection method '${name}'`,
      0,
      suggestion || `methods are ${METHOD_NAMES.join(', ')}`,
    );
  }
  const method = name as MethodName;
  const args = parts.slice(1);
  let at = name.length;
  for (const arg of args) {
    if (arg === '') throw new CriterionProblem('selection/syntax', `empty key after '.' in '${methodText}'`, at + 1, `write ${name}.<key>:value, e.g. config.materialized:table`);
    at += arg.length + 1;
  }
  if (method === 'config' && args.length === 0) {
    throw new CriterionProblem('selection/syntax', `'config' needs a key: config.<key>:value`, name.length, `e.g. config.materialized:incremental or config.meta.owner:alice`);
  }
  if (method !== 'config' && args.length > 0) {
    throw new CriterionProblem('selection/syntax', `'${name}' takes no '.${args[0]}' key`, name.length, `only config takes keys (config.<key>:value); write ${name}:value`);
  }
  const valueAt = methodText.length + 1;
  if (value === '') {
    throw new CriterionProblem('selection/syntax', `'${methodText}:' has no value`, valueAt, `write ${methodText}:<value>, e.g. ${exampleFor(method)}`);
  }
  const allowed = allowedValues(method);
  if (allowed && !allowed.includes(value) && !(method === 'resource_type' && DBT_RESOURCE_TYPES.includes(value))) {
    const suggestion = didYouMean(value, allowed);
    throw new CriterionProblem(
      'selection/syntax',
      `'${value}' is not a valid value for ${method}`,
      valueAt,
      suggestion || `${method} takes one of ${allowed.join(', ')}`,
    );
  }
  if (method === 'source' && value.split('.').length > 3) {
    throw new CriterionProblem('selection/syntax', `'${value}' has too many parts for a source`, valueAt, `write source:<source>, source:<source>.<table> or source:<package>.<source>.<table>`);
  }
  return { method, args };
}

function allowedValues(method: MethodName): readonly string[] | undefined {
  switch (method) {
    case 'state':
      return STATE_VALUES;
    case 'resource_type':
      return RESOURCE_TYPE_VALUES;
    case 'test_type':
      return TEST_TYPE_VALUES;
    case 'access':
      return ACCESS_VALUES;
    case 'version':
      return VERSION_VALUES;
    default:
      return undefined;
  }
}

function exampleFor(method: MethodName): string {
  const examples: Partial<Record<MethodName, string>> = {
    tag: 'tag:nightly',
    path: 'path:models/staging',
    file: 'file:stg_orders.sql',
    source: 'source:raw.orders',
    config: 'config.materialized:table',
    resource_type: 'resource_type:model',
    state: 'state:modified',
    package: 'package:my_project',
    test_type: 'test_type:generic',
    test_name: 'test_name:unique',
    unit_test: 'unit_test:test_orders',
    access: 'access:public',
    group: 'group:finance',
    version: 'version:latest',
    selector: 'selector:nightly',
    fqn: 'fqn:my_project.staging.*',
  };
  return examples[method] ?? `${method}:x`;
}

/** The method a bare value implies (dbt's default_method). */
export function defaultMethod(value: string): MethodName {
  if (value.includes('/') || value.includes('\\')) return 'path';
  const lower = value.toLowerCase();
  if (FILE_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'file';
  return 'fqn';
}

/** Where a selector string comes from, for messages: a prefix ("selector 'nightly': ") and a file location. */
export interface ParseContext {
  readonly prefix?: string;
  readonly location?: SourceLocation;
}

/**
 * Parses one criterion (no whitespace, no comma). `offset` is where it starts within `expression`;
 * errors point into `expression`.
 */
export function parseCriterion(term: string, expression: string = term, offset = 0, where: ParseContext = {}): SelectionCriteria {
  const fail = (code: ErrorCode, message: string, at: number, hint?: string): never => {
    throw new SelectorError(code, `${where.prefix ?? ''}${message}`, expression, offset + at, {
      ...(hint ? { hint } : {}),
      ...(where.location ? { location: where.location } : {}),
    });
  };
  let i = 0;
  let childrensParents = false;
  if (term[0] === '@') {
    childrensParents = true;
    i = 1;
  }
  let parents = false;
  let parentsDepth: number | undefined;
  const prefix = /^(\d*)\+/.exec(term.slice(i));
  if (prefix) {
    parents = true;
    if (prefix[1]) parentsDepth = Number(prefix[1]);
    i += prefix[0].length;
  }
  let end = term.length;
  let children = false;
  let childrenDepth: number | undefined;
  const suffix = /\+(\d*)$/.exec(term.slice(i));
  if (suffix) {
    children = true;
    if (suffix[1]) childrenDepth = Number(suffix[1]);
    end = i + suffix.index;
  }
  const body = term.slice(i, end);
  if (body === '') {
    const after = term.slice(0, i) || term;
    fail('selection/syntax', `'${after}' needs a node name or method:value after it`, i, `e.g. ${term.startsWith('@') ? '@' : '+'}my_model, or tag:nightly+`);
  }
  const plus = body.indexOf('+');
  if (plus >= 0) {
    fail('selection/syntax', `'+' can only stand at the start or the end of a term`, i + plus, `write +x for ancestors, x+ for descendants, 2+x / x+2 to limit the depth`);
  }
  const at = body.indexOf('@');
  if (at >= 0) {
    fail('selection/syntax', `'@' can only stand at the start of a term`, i + at, `write @x for x, its descendants and all their ancestors`);
  }
  if (childrensParents && children) {
    fail('selection/syntax', `'@' and a trailing '+' cannot be combined`, end, `@x already includes every descendant of x; drop the trailing '+'`);
  }

  let method: MethodName;
  let methodArgs: string[] = [];
  let value: string;
  let implicitMethod = false;
  const colon = body.indexOf(':');
  const methodText = colon >= 0 ? body.slice(0, colon) : '';
  if (colon >= 0 && !/[\\/]/.test(methodText)) {
    value = body.slice(colon + 1);
    try {
      const checked = checkMethod(methodText, value);
      method = checked.method;
      methodArgs = checked.args;
    } catch (err) {
      if (err instanceof CriterionProblem) return fail(err.code, err.message, i + err.at, err.hint);
      throw err;
    }
  } else {
    value = body;
    method = defaultMethod(value);
    implicitMethod = true;
  }
  return {
    kind: 'criteria',
    raw: term,
    method,
    methodArgs,
    value,
    implicitMethod,
    parents,
    ...(parentsDepth !== undefined ? { parentsDepth } : {}),
    children,
    ...(childrenDepth !== undefined ? { childrenDepth } : {}),
    childrensParents,
    offset,
    expression,
  };
}

/**
 * Parses one selector string (one `--select` argument, or a selectors.yml string): whitespace-separated
 * terms are a union, comma-joined criteria an intersection.
 */
export function parseSelectorExpression(expression: string, opts: { expectExists?: boolean } & ParseContext = {}): SelectionUnion {
  const expectExists = opts.expectExists ?? true;
  const where: ParseContext = { ...(opts.prefix ? { prefix: opts.prefix } : {}), ...(opts.location ? { location: opts.location } : {}) };
  const extra = where.location ? { location: where.location } : {};
  const terms: SelectionIntersection[] = [];
  const re = /\S+/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(expression)) !== null) {
    const term = match[0];
    const start = match.index;
    const criteria: SelectionCriteria[] = [];
    let pos = 0;
    for (const part of term.split(',')) {
      if (part === '') {
        const what = term.length === 1 ? `a lone ','` : pos === 0 ? `a ',' with nothing before it` : pos >= term.length ? `a ',' with nothing after it` : `two ',' in a row`;
        throw new SelectorError('selection/syntax', `${where.prefix ?? ''}empty criterion: ${what}`, expression, start + Math.min(pos, term.length - 1), {
          ...extra,
          hint: `join criteria with one ',' and no spaces (tag:a,tag:b); separate alternatives with a space`,
        });
      }
      criteria.push(parseCriterion(part, expression, start + pos, where));
      pos += part.length + 1;
    }
    terms.push({ kind: 'intersection', components: criteria, raw: term, expectExists });
  }
  if (terms.length === 0) {
    throw new SelectorError('selection/syntax', `${where.prefix ?? ''}empty selector`, expression, 0, {
      ...extra,
      hint: 'give a node name, a path, or method:value (e.g. tag:nightly); leave the flag out to select everything',
    });
  }
  return { kind: 'union', components: terms, raw: expression };
}

/**
 * Parses a command line's selection: every `--select` string (a union of them all; dbt's default when
 * there is none) minus every `--exclude` string.
 */
export function parseSelectionArgs(select?: readonly string[], exclude?: readonly string[]): SelectionSpec {
  const given = (select ?? []).length > 0;
  const include: SelectionUnion = {
    kind: 'union',
    components: (given ? select! : DEFAULT_SELECTION).map((s) => parseSelectorExpression(s, { expectExists: given })),
    raw: (given ? select! : DEFAULT_SELECTION).join(' '),
  };
  if (!exclude || exclude.length === 0) return include;
  return {
    kind: 'difference',
    include,
    exclude: { kind: 'union', components: exclude.map((s) => parseSelectorExpression(s, { expectExists: false })), raw: exclude.join(' ') },
  };
}

/** Renders a spec back to selector syntax (for messages and debugging); not guaranteed to round-trip YAML-only options. */
export function renderSelectionSpec(spec: SelectionSpec): string {
  switch (spec.kind) {
    case 'criteria': {
      const body = spec.implicitMethod ? spec.value : `${[spec.method, ...spec.methodArgs].join('.')}:${spec.value}`;
      const pre = `${spec.childrensParents ? '@' : ''}${spec.parents ? `${spec.parentsDepth ?? ''}+` : ''}`;
      const post = spec.children ? `+${spec.childrenDepth ?? ''}` : '';
      return `${pre}${body}${post}`;
    }
    case 'intersection':
      return spec.components.map(renderSelectionSpec).join(',');
    case 'union':
      return spec.components.map(renderSelectionSpec).join(' ');
    case 'difference':
      return `(${renderSelectionSpec(spec.include)}) - (${renderSelectionSpec(spec.exclude)})`;
  }
}
