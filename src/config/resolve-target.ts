import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { ConfigError, registerSecret, throwIfAny, UsageError } from '../errors/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { renderEnvVars } from './render-env-vars.js';
import type { ProjectConfig, TargetConfig } from './types.js';
import { parseYamlSource, YamlReader, type YamlEntry, type YamlNode } from './yaml-source.js';

/** The keys an adapter's target (profile output) takes, and which of them hold secrets. */
export interface AdapterTargetKeys {
  readonly keys: readonly string[];
  readonly secretKeys: readonly string[];
}

/** Keys every output takes, whatever its type. */
const COMMON_TARGET_KEYS = ['type', 'threads'];

/** The built-in adapters' target keys. Adapters may add keys through `adapterTargetKeys`. */
export const BUILTIN_TARGET_KEYS: Readonly<Record<string, AdapterTargetKeys>> = {
  duckdb: {
    keys: ['path', 'schema', 'database', 'extensions', 'settings'],
    secretKeys: [],
  },
  snowflake: {
    keys: [
      'account',
      'user',
      'password',
      'private_key',
      'private_key_path',
      'private_key_passphrase',
      'token',
      'authenticator',
      'oauth_client_id',
      'oauth_client_secret',
      'role',
      'warehouse',
      'database',
      'schema',
      'query_tag',
      'client_session_keep_alive',
      'connect_retries',
      'connect_timeout',
      'statement_timeout',
      'retry_on_database_errors',
      'retry_all',
      'reuse_connections',
      'insecure_mode',
      'host',
      'port',
      'protocol',
    ],
    secretKeys: ['password', 'private_key_passphrase', 'private_key', 'token', 'oauth_client_secret'],
  },
};

const REQUIRED_KEYS: Readonly<Record<string, readonly string[]>> = {
  snowflake: ['account', 'user', 'database', 'schema'],
};

/** Keys whose rendered strings become numbers or booleans (`threads: "{{ env_var('THREADS') }}"`). */
const NUMBER_KEYS = new Set(['threads', 'port', 'connect_retries', 'connect_timeout', 'statement_timeout']);
const BOOLEAN_KEYS = new Set(['client_session_keep_alive', 'retry_on_database_errors', 'retry_all', 'reuse_connections', 'insecure_mode']);

const PROFILE_KEYS = ['target', 'outputs'];
/** Top-level entries of profiles.yml that are not profiles (dbt's old global `config:` block). */
const NON_PROFILE_KEYS = new Set(['config']);

export const DEFAULT_TARGET_NAME = 'dev';
export const DEFAULT_DUCKDB_FILE = 'opp.duckdb';

export interface ResolveTargetOptions {
  readonly project: ProjectConfig;
  /** `--profiles-dir`. */
  readonly profilesDir?: string;
  /** `--target` / `-t`. */
  readonly targetName?: string;
  /** `--threads`: overrides the output's threads. */
  readonly threads?: number;
  /** Environment for `$OPP_PROFILES_DIR`, `env_var()` and `~`. Default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Target keys contributed by registered adapters (merged with `BUILTIN_TARGET_KEYS`). */
  readonly adapterTargetKeys?: Readonly<Record<string, AdapterTargetKeys>>;
}

export type ProfilesSource = 'profiles-dir' | 'env' | 'project' | 'home';

/**
 * Where profiles.yml is: `--profiles-dir`, then `$OPP_PROFILES_DIR`, then the project folder, then
 * `~/.opp/`. An explicit folder (flag or variable) without a profiles.yml is an error rather than a
 * silent fall-through. Undefined when there is none anywhere.
 */
export function findProfilesFile(opts: {
  readonly project: ProjectConfig;
  readonly profilesDir?: string;
  readonly env?: NodeJS.ProcessEnv;
}): { readonly path: string; readonly source: ProfilesSource } | undefined {
  const env = opts.env ?? process.env;
  if (opts.profilesDir !== undefined) {
    const path = join(resolve(opts.profilesDir), 'profiles.yml');
    if (!existsSync(path)) {
      throw new UsageError('usage/bad-flag', `--profiles-dir ${opts.profilesDir}: there is no profiles.yml in ${resolve(opts.profilesDir)}`, {
        hint: 'point --profiles-dir at the folder holding profiles.yml, or leave it out to use the project folder.',
      });
    }
    return { path, source: 'profiles-dir' };
  }
  const envDir = env.OPP_PROFILES_DIR;
  if (envDir) {
    const path = join(resolve(envDir), 'profiles.yml');
    if (!existsSync(path)) {
      throw new ConfigError('config/invalid-value', `OPP_PROFILES_DIR=${envDir}: there is no profiles.yml in ${resolve(envDir)}`, {
        hint: 'point OPP_PROFILES_DIR at the folder holding profiles.yml, or unset it.',
      });
    }
    return { path, source: 'env' };
  }
  const inProject = join(opts.project.rootDir, 'profiles.yml');
  if (existsSync(inProject)) return { path: inProject, source: 'project' };
  const home = env.HOME || homedir();
  const inHome = join(home, '.opp', 'profiles.yml');
  if (existsSync(inHome)) return { path: inHome, source: 'home' };
  return undefined;
}

/** The built-in target: an embedded DuckDB file inside the project, so a fresh clone runs with no set-up. */
export function defaultTarget(project: ProjectConfig, threads?: number): TargetConfig {
  return {
    type: 'duckdb',
    name: DEFAULT_TARGET_NAME,
    profileName: project.profile,
    settings: { path: join(project.rootDir, DEFAULT_DUCKDB_FILE) },
    schema: 'main',
    database: 'opp',
    threads: threads ?? 1,
  };
}

function displayPath(path: string, rootDir: string): string {
  const rel = relative(rootDir, path);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return path;
}

function listNames(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.map((n) => `'${n}'`).join(', ');
}

/**
 * Resolves the target opp connects to: finds profiles.yml (see `findProfilesFile`), picks the project's
 * profile and the asked-for (or default) output, renders `env_var()`, validates the keys for the
 * output's type with did-you-mean, fills defaults and registers secrets. With no profiles.yml anywhere,
 * returns the built-in embedded-DuckDB target (`defaultTarget`).
 */
export function resolveTarget(opts: ResolveTargetOptions): TargetConfig {
  const { project } = opts;
  const env = opts.env ?? process.env;
  if (opts.threads !== undefined && (!Number.isInteger(opts.threads) || opts.threads < 1)) {
    throw new UsageError('usage/bad-flag', `--threads must be a whole number of at least 1, got ${opts.threads}`, {
      hint: 'pass --threads 4, for example.',
    });
  }
  const found = findProfilesFile({ project, env, ...(opts.profilesDir !== undefined ? { profilesDir: opts.profilesDir } : {}) });
  if (!found) {
    if (opts.targetName !== undefined && opts.targetName !== DEFAULT_TARGET_NAME) {
      throw new ConfigError('config/unknown-target', `target '${opts.targetName}' does not exist: no profiles.yml was found, and the built-in target is '${DEFAULT_TARGET_NAME}'`, {
        hint: `create profiles.yml in the project folder (or ~/.opp/) with a '${project.profile}' profile, or leave out --target.`,
      });
    }
    return defaultTarget(project, opts.threads);
  }
  const file = displayPath(found.path, project.rootDir);
  let text: string;
  try {
    text = readFileSync(found.path, 'utf8');
  } catch (cause) {
    throw new ConfigError('config/invalid-value', `cannot read ${found.path}`, { cause, location: { file } });
  }
  const parsed = parseYamlSource(text, file, 'config');
  if (parsed.error) throw parsed.error;
  const r = new YamlReader(parsed.source, 'config');
  const target = readTarget(r, opts, env, file);
  throwIfAny(r.errors);
  return { ...target!, profilesFile: found.path };
}

function readTarget(r: YamlReader, opts: ResolveTargetOptions, env: NodeJS.ProcessEnv, file: string): TargetConfig | undefined {
  const { project } = opts;
  const root = r.root();
  const top = r.entries(root, file);
  if (!top) return undefined;
  const profiles = top.filter((e) => !NON_PROFILE_KEYS.has(e.key));
  const profile = profiles.find((e) => e.key === project.profile);
  if (!profile) {
    const names = profiles.map((p) => p.key);
    const suggestion = didYouMean(project.profile, names);
    r.errorAt(
      'unknown-profile',
      `profile '${project.profile}' (named by ${project.file}) is not in ${file}; its profiles are ${listNames(names)}`,
      profiles[0] ? r.loc(profiles[0].keyNode) : { file, line: 1, column: 1 },
      suggestion
        ? `${suggestion} Fix 'profile:' in ${project.file} or the profile's name in ${file}.`
        : `add a '${project.profile}:' profile to ${file}, or set 'profile:' in ${project.file} to one of its profiles.`,
    );
    return undefined;
  }
  const what = `profile '${profile.key}'`;
  const entries = r.entries(profile.value, what, profile.keyNode);
  if (!entries) return undefined;
  r.checkKeys(entries, PROFILE_KEYS, what);
  const targetEntry = entries.find((e) => e.key === 'target');
  const outputsEntry = entries.find((e) => e.key === 'outputs');
  if (!outputsEntry) {
    r.error('missing-key', `${what} has no 'outputs'`, profile.keyNode, "add 'outputs:' with at least one output, e.g. 'dev: {type: duckdb, path: dev.duckdb}'.");
    return undefined;
  }
  let defaultName = 'default';
  if (targetEntry && !r.isNull(targetEntry.value)) {
    const raw = r.str(targetEntry.value, `'target' of ${what}`, targetEntry.keyNode);
    if (raw !== undefined) defaultName = String(renderValue(r, targetEntry.value!, raw, env, 'target'));
  }
  const targetName = opts.targetName ?? defaultName;
  const outputs = r.entries(outputsEntry.value, `'outputs' of ${what}`, outputsEntry.keyNode);
  if (!outputs) return undefined;
  const output = outputs.find((o) => o.key === targetName);
  if (!output) {
    const names = outputs.map((o) => o.key);
    const suggestion = didYouMean(targetName, names);
    const fromFlag = opts.targetName !== undefined;
    r.error(
      'unknown-target',
      `target '${targetName}'${fromFlag ? ' (from --target)' : ''} is not an output of ${what}; its outputs are ${listNames(names)}`,
      fromFlag || !targetEntry ? outputsEntry.keyNode : targetEntry.value,
      suggestion || `use --target with one of ${listNames(names)}, or add an output named '${targetName}'.`,
    );
    return undefined;
  }
  return readOutput(r, opts, env, profile.key, output);
}

function readOutput(r: YamlReader, opts: ResolveTargetOptions, env: NodeJS.ProcessEnv, profileName: string, output: YamlEntry): TargetConfig | undefined {
  const what = `output '${output.key}' of profile '${profileName}'`;
  const entries = r.entries(output.value, what, output.keyNode);
  if (!entries) return undefined;
  const typeEntry = entries.find((e) => e.key === 'type');
  if (!typeEntry) {
    r.error('missing-key', `${what} has no 'type'`, output.keyNode, "add 'type: duckdb' (or 'type: snowflake').");
    return undefined;
  }
  const type = r.str(typeEntry.value, `'type' of ${what}`, typeEntry.keyNode);
  if (type === undefined) return undefined;
  const adapters: Record<string, AdapterTargetKeys> = { ...BUILTIN_TARGET_KEYS };
  for (const [name, extra] of Object.entries(opts.adapterTargetKeys ?? {})) {
    const base = adapters[name];
    adapters[name] = base
      ? { keys: [...base.keys, ...extra.keys], secretKeys: [...base.secretKeys, ...extra.secretKeys] }
      : extra;
  }
  const adapter = adapters[type];
  if (!adapter) {
    const names = Object.keys(adapters);
    r.error('unknown-adapter', `${what} has type '${type}', which no adapter handles; known types are ${listNames(names)}`, typeEntry.value, didYouMean(type, names) || `use one of ${listNames(names)}.`);
    return undefined;
  }
  r.checkKeys(entries, [...COMMON_TARGET_KEYS, ...adapter.keys], `${what} (type ${type})`);
  const errorCount = r.errors.length;
  const values: Record<string, unknown> = {};
  const secret = new Set(adapter.secretKeys);
  for (const e of entries) {
    if (e.key === 'type') continue;
    const value = renderNode(r, e.value, env, e.key);
    values[e.key] = coerce(e.key, value);
    if (secret.has(e.key) && typeof values[e.key] === 'string') registerSecret(values[e.key] as string);
  }
  for (const key of REQUIRED_KEYS[type] ?? []) {
    if (values[key] === undefined || values[key] === null || values[key] === '') {
      r.error('missing-key', `${what} (type ${type}) needs '${key}'`, output.keyNode, `add '${key}:' to the output (it may use {{ env_var('...') }}).`);
    }
  }
  let threads = 1;
  if (values.threads !== undefined && values.threads !== null) {
    const t = values.threads;
    if (typeof t === 'number' && Number.isInteger(t) && t >= 1) threads = t;
    else {
      const e = entries.find((x) => x.key === 'threads')!;
      r.error('invalid-value', `'threads' of ${what} must be a whole number of at least 1, got ${JSON.stringify(t)}`, e.value, "set 'threads: 4', for example.");
    }
  }
  if (opts.threads !== undefined) threads = opts.threads;
  for (const key of ['schema', 'database'] as const) {
    const v = values[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      const e = entries.find((x) => x.key === key)!;
      r.error('invalid-value', `'${key}' of ${what} must be a string`, e.value, `write '${key}: name'.`);
    }
  }
  if (r.errors.length > errorCount) return undefined;

  const { database, schema, ...rest } = values;
  delete rest.threads;
  // Adapter-specific defaults (a DuckDB file's path and catalog name, ...) are filled in by the adapter's
  // factory (`AdapterFactory.prepareTarget`), so config knows no engine.
  return {
    type,
    name: output.key,
    profileName,
    database: typeof database === 'string' ? database : '',
    schema: typeof schema === 'string' ? schema : '',
    threads,
    settings: rest,
  };
}

function coerce(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (NUMBER_KEYS.has(key) && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  if (BOOLEAN_KEYS.has(key)) {
    const lower = value.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return value;
}

function renderValue(r: YamlReader, node: YamlNode, text: string, env: NodeJS.ProcessEnv, key: string): string {
  const result = renderEnvVars(text, env);
  if (result.ok) return result.value;
  if (result.missingVar !== undefined) {
    r.error(
      'missing-env-var',
      `${r.file}: '${key}' uses environment variable '${result.missingVar}', which is not set`,
      node,
      `set ${result.missingVar} (export ${result.missingVar}=...), or give a default: {{ env_var('${result.missingVar}', 'value') }}.`,
    );
  } else {
    r.error('invalid-value', `'${key}': ${result.message}`, node, "check the {{ ... }} expression; only env_var('NAME', 'default') is available in profiles.");
  }
  return text;
}

/** A YAML value as plain data with every templated string rendered, reporting at the exact node. */
function renderNode(r: YamlReader, node: YamlNode | null, env: NodeJS.ProcessEnv, key: string): unknown {
  const n = r.resolve(node);
  if (n === null) return null;
  if (isScalar(n)) {
    return typeof n.value === 'string' ? renderValue(r, n, n.value, env, key) : n.value;
  }
  if (isSeq(n)) return (n.items as YamlNode[]).map((item) => renderNode(r, item, env, key));
  if (isMap(n)) {
    const out: Record<string, unknown> = {};
    for (const e of r.entries(n, `'${key}'`) ?? []) out[e.key] = renderNode(r, e.value, env, `${key}.${e.key}`);
    return out;
  }
  return r.plain(n);
}
