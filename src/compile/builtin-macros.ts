import { isPlainObject, pyStr, truthy, unsafe } from './python-values.js';

/**
 * dbt's global macros that decide where a node lands, as plain JavaScript (they run for every node of the
 * parse pass). A project macro of the same name overrides them (it replaces the name in the shared
 * context); `adapter.dispatch(..., 'dbt')` finds these under the `dbt` package. Their behaviour is dbt's
 * default bodies:
 *
 * ```jinja
 * {% macro default__generate_schema_name(custom_schema_name, node) -%}
 *     {%- set default_schema = target.schema -%}
 *     {%- if custom_schema_name is none -%} {{ default_schema }}
 *     {%- else -%} {{ default_schema }}_{{ custom_schema_name | trim }} {%- endif -%}
 * {%- endmacro %}
 *
 * {% macro default__generate_alias_name(custom_alias_name=none, node=none) -%}
 *     {%- if custom_alias_name -%} {{ custom_alias_name | trim }}
 *     {%- elif node.version -%} {{ return(node.name ~ "_v" ~ (node.version | replace(".", "_"))) }}
 *     {%- else -%} {{ node.name }} {%- endif -%}
 * {%- endmacro %}
 *
 * {% macro default__generate_database_name(custom_database_name=none, node=none) -%}
 *     {%- set default_database = target.database -%}
 *     {%- if custom_database_name is none -%} {{ default_database }}
 *     {%- else -%} {{ custom_database_name }} {%- endif -%}
 * {%- endmacro %}
 * ```
 *
 * and `generate_<x>_name(...)` is `{{ return(adapter.dispatch('generate_<x>_name', 'dbt')(...)) }}`.
 */

export interface BuiltinHost {
  readonly target: { readonly schema: string; readonly database: string };
  dispatch(name: string, namespace: string | null): unknown;
}

function isNone(v: unknown): boolean {
  return v === null || v === undefined;
}

function attr(node: unknown, key: string): unknown {
  const n = unsafe(node);
  if (n === null || n === undefined) return undefined;
  return (n as Record<string, unknown>)[key];
}

export function defaultSchemaName(targetSchema: string, custom: unknown): string {
  return isNone(custom) ? targetSchema : `${targetSchema}_${pyStr(unsafe(custom)).trim()}`;
}

export function defaultAliasName(custom: unknown, name: string, version: unknown): string {
  if (truthy(unsafe(custom))) return pyStr(unsafe(custom)).trim();
  if (truthy(version)) return `${name}_v${pyStr(version).split('.').join('_')}`;
  return name;
}

export function defaultDatabaseName(targetDatabase: string, custom: unknown): string {
  return isNone(custom) ? targetDatabase : pyStr(unsafe(custom));
}

function positional(args: unknown[], names: string[]): unknown[] {
  const last = args[args.length - 1];
  if (isPlainObject(last) && last['__keywords']) {
    const kw = last;
    const pos = args.slice(0, -1);
    return names.map((n, i) => (i < pos.length ? pos[i] : kw[n]));
  }
  return names.map((_n, i) => args[i]);
}

export function buildBuiltinMacros(host: BuiltinHost): Record<string, unknown> {
  const viaDispatch = (name: string, argNames: string[]) => (...args: unknown[]) =>
    (host.dispatch(name, 'dbt') as (...a: unknown[]) => unknown)(...positional(args, argNames));
  return {
    default__generate_schema_name: (...args: unknown[]) => {
      const [custom] = positional(args, ['custom_schema_name', 'node']);
      return defaultSchemaName(host.target.schema, custom);
    },
    default__generate_alias_name: (...args: unknown[]) => {
      const [custom, node] = positional(args, ['custom_alias_name', 'node']);
      return defaultAliasName(custom, pyStr(attr(node, 'name') ?? ''), attr(node, 'version'));
    },
    default__generate_database_name: (...args: unknown[]) => {
      const [custom] = positional(args, ['custom_database_name', 'node']);
      return defaultDatabaseName(host.target.database, custom);
    },
    generate_schema_name: viaDispatch('generate_schema_name', ['custom_schema_name', 'node']),
    generate_alias_name: viaDispatch('generate_alias_name', ['custom_alias_name', 'node']),
    generate_database_name: viaDispatch('generate_database_name', ['custom_database_name', 'node']),
  };
}
