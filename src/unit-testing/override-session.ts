import { CompileError } from '../errors/index.js';
import type { MacroNode, Manifest } from '../manifest/index.js';
import { closestMatch } from '../util/did-you-mean.js';

/**
 * Unit-test `overrides:` (vars, env_vars, macros) applied per test inside ONE compile session, without
 * touching compile's internals — a stand-in for a compile hook (see README: `RunContext.overrides`).
 *
 * The run pass builds a compile session per manifest object (`sessionForRun`), loading every macro of
 * `manifest.macros`. The unit-test engine renders against a shallow copy of the manifest whose macros end
 * with one synthetic macro file; that file, executed into the session's shared context when it is built,
 *
 * - reads this module's state object back through `var('__opp_unit_state')` (the only var the session is
 *   given) and replaces the context's `var` with `state.var`, which looks up the current test's vars
 *   (project vars, `--vars`, then the test's `overrides.vars`);
 * - wraps each macro some unit test overrides (`current_timestamp`, `dbt.current_timestamp`, a project
 *   macro, ...) so that, while a test with that override renders, it returns the override value;
 * - sets non-macro context values some test overrides (`invocation_id`, `run_started_at`, ...) to fixed
 *   values: such tests get a session of their own (keyed by those values), built once.
 *
 * `env_var()` reads the session's env object, which is a proxy over the current test's environment and
 * `overrides.env_vars`. `is_incremental` is not wrapped: the run pass's `isIncremental` flag carries it.
 * Renders of one engine are serialized (`UnitTestEngine.exclusive`), so "the current test" is well defined.
 */

/** Context values that are not macros: an override replaces the value itself (dbt does the same). */
export const CONTEXT_VALUE_NAMES: ReadonlySet<string> = new Set([
  'invocation_id',
  'run_started_at',
  'project_name',
  'dbt_version',
  'target',
  'execute',
  'flags',
  'graph',
  'model',
  'node',
  'modules',
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STATE_VAR = '__opp_unit_state';
const MACRO_ID_NAME = '__opp_unit_test_overrides';

/** What one test renders with. */
export interface OverrideFrame {
  /** Project vars and `--vars`, then `overrides.vars`. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly macros: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly envOverrides: Readonly<Record<string, unknown>>;
  /** For messages. */
  readonly testName: string;
}

const NO_FRAME: OverrideFrame = { vars: {}, macros: {}, env: {}, envOverrides: {}, testName: '' };

export interface OverrideSession {
  /** The manifest copy to render against (its own compile session). */
  readonly manifest: Manifest;
  /** `RunContext.vars` / `env` for the first render, which builds the session. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The test being rendered. */
  frame: OverrideFrame;
}

function has(obj: Readonly<Record<string, unknown>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last !== null && typeof last === 'object' && (last as Record<string, unknown>)['__keywords'] === true) {
    const { __keywords: _k, ...keywords } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

/** Function-type and value-type names among a test's macro overrides (`is_incremental` excluded). */
export function splitOverrideNames(macros: Readonly<Record<string, unknown>>): { functions: string[]; values: string[] } {
  const functions: string[] = [];
  const values: string[] = [];
  for (const name of Object.keys(macros)) {
    if (name === 'is_incremental') continue;
    if (CONTEXT_VALUE_NAMES.has(name)) values.push(name);
    else functions.push(name);
  }
  return { functions, values };
}

function buildMacroSql(functionNames: readonly string[], valueNames: readonly string[]): string {
  const out = [`{%- set __opp_ut = var('${STATE_VAR}') -%}`, '{%- set var = __opp_ut.var -%}'];
  for (const name of valueNames) {
    if (IDENTIFIER.test(name)) out.push(`{%- set ${name} = __opp_ut.statics['${name}'] -%}`);
  }
  const bare = new Set<string>();
  for (const name of functionNames) {
    const parts = name.split('.');
    const last = parts[parts.length - 1]!;
    if (!IDENTIFIER.test(last) || parts.length > 2) continue;
    if (parts.length === 2 && parts[0] === 'dbt') {
      out.push(`{%- if dbt.${last} is defined and dbt.${last} is callable -%}{%- do dbt.update({'${last}': __opp_ut.wrap('${last}', dbt.${last})}) -%}{%- endif -%}`);
    }
    if (parts.length === 1 || parts[0] === 'dbt') bare.add(last);
  }
  for (const name of bare) {
    out.push(`{%- if ${name} is defined and ${name} is callable -%}{%- set ${name} = __opp_ut.wrap('${name}', ${name}) -%}{%- endif -%}`);
  }
  return out.join('\n');
}

/**
 * A session for unit tests: `functionNames` are every macro override any unit test of the manifest makes
 * (wrapped once), `statics` the context values this session fixes.
 */
export function buildOverrideSession(
  manifest: Manifest,
  functionNames: readonly string[],
  statics: Readonly<Record<string, unknown>>,
): OverrideSession {
  const session: OverrideSession = {
    manifest,
    vars: {},
    env: {},
    frame: NO_FRAME,
  };
  const lookupMacro = (name: string): { found: boolean; value?: unknown } => {
    const macros = session.frame.macros;
    if (has(macros, name)) return { found: true, value: macros[name] };
    if (has(macros, `dbt.${name}`)) return { found: true, value: macros[`dbt.${name}`] };
    return { found: false };
  };
  const state = {
    statics: { ...statics },
    var: (...args: unknown[]): unknown => {
      const { positional, keywords } = splitKeywords(args);
      const key = String(positional[0]);
      const vars = session.frame.vars;
      if (has(vars, key)) return vars[key];
      if (positional.length > 1) return positional[1];
      if (has(keywords, 'default')) return keywords['default'];
      const names = Object.keys(vars);
      const match = closestMatch(key, names);
      throw new CompileError(
        'compile/unknown-var',
        `var('${key}') is not defined and has no default` + (names.length ? ` (defined vars: ${names.join(', ')})` : ' (no vars are defined)'),
        {
          hint: match
            ? `did you mean '${match}'?`
            : `define '${key}' under vars: in project.yml, or under overrides: {vars: {${key}: ...}} of unit test '${session.frame.testName}'`,
        },
      );
    },
    wrap: (name: string, original: unknown): unknown =>
      function wrapped(this: unknown, ...args: unknown[]): unknown {
        const hit = lookupMacro(name);
        if (hit.found) return hit.value;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      },
  };
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, key) {
      if (typeof key !== 'string') return undefined;
      const { envOverrides, env: base } = session.frame;
      if (has(envOverrides, key)) {
        const v = envOverrides[key];
        return v === null || v === undefined ? undefined : String(v);
      }
      return base[key];
    },
  });
  const macro: MacroNode = {
    uniqueId: `macro.${manifest.projectName}.${MACRO_ID_NAME}`,
    name: MACRO_ID_NAME,
    packageName: manifest.projectName,
    originalFilePath: '<unit test overrides>',
    macroSql: buildMacroSql(functionNames, Object.keys(statics)),
    arguments: [],
    description: 'opp: unit-test overrides',
    location: { file: '<unit test overrides>', line: 1, column: 1 },
    dependsOn: { macros: [] },
    kind: 'macro',
  };
  return Object.assign(session, {
    manifest: { ...manifest, macros: { ...manifest.macros, [macro.uniqueId]: macro } },
    vars: { [STATE_VAR]: state },
    env,
  });
}
