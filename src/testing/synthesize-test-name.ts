import { createHash } from 'node:crypto';
import { pyRepr, pyStr } from './python-text.js';

/**
 * dbt's names for generic tests (dbt-core `synthesize_generic_test_names` and `create_test_node`):
 *
 * - the full name is `<test type>_<target>_<args>`, where the test type is the test's name (prefixed
 *   `source_` on sources, and `<namespace>_` when namespaced), and the args are every kwarg but `model`,
 *   in sorted key order, flattened (a dict gives its values, a list its items), each `str()`'d with runs of
 *   characters other than `[0-9a-zA-Z_]` replaced by `_`, joined by `__`;
 * - when the full name is 64 characters or more, the short name (the alias and compiled file name) is the
 *   first 30 characters of `<test type>_<target>` + `_` + md5(full name);
 * - the unique id is `test.<project>.<full name>.<hash>`, the hash being the last 10 hex digits of
 *   md5(full name + repr(metadata)) where metadata `{namespace, name, kwargs}` has its dict keys sorted
 *   and every leaf `str()`'d.
 */

export interface GenericTestNames {
  /** The node's name, fqn leaf and unique-id part. */
  readonly fullName: string;
  /** The alias and compiled file name: the full name, or a truncated one with an md5 when ≥ 64 characters. */
  readonly shortName: string;
}

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function buildGenericTestNames(testType: string, targetName: string, args: Readonly<Record<string, unknown>>): GenericTestNames {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === 'model') continue;
    const value = args[key];
    let parts: unknown[];
    if (Array.isArray(value)) parts = value;
    else if (value !== null && typeof value === 'object') parts = Object.values(value as Record<string, unknown>);
    else parts = [value];
    for (const p of parts) flat.push(pyStr(p).replace(/[^0-9a-zA-Z_]+/g, '_'));
  }
  const identifier = `${testType}_${targetName}`;
  const fullName = `${identifier}_${flat.join('__')}`;
  const shortName = fullName.length >= 64 ? `${identifier.slice(0, 30)}_${md5(fullName)}` : fullName;
  return { fullName, shortName };
}

/** dbt's `get_hashable_md`: dicts with sorted keys, lists kept, every leaf `str()`'d. */
function hashable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hashable);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) out[key] = hashable((value as Record<string, unknown>)[key]);
    return out;
  }
  return pyStr(value);
}

/** md5(full name + repr(metadata)) in full (32 hex digits): the unique id takes its last 10. */
export function buildGenericTestDigest(
  fullName: string,
  metadata: { readonly name: string; readonly namespace?: string | null; readonly kwargs: Readonly<Record<string, unknown>> },
): string {
  const md = { namespace: metadata.namespace ?? null, name: metadata.name, kwargs: metadata.kwargs };
  return md5(fullName + pyRepr(hashable(md)));
}

/** The 10-character hash of a generic test's unique id. `namespace` is None (null) for unnamespaced tests. */
export function buildGenericTestHash(
  fullName: string,
  metadata: { readonly name: string; readonly namespace?: string | null; readonly kwargs: Readonly<Record<string, unknown>> },
): string {
  return buildGenericTestDigest(fullName, metadata).slice(-10);
}
