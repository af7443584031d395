import { isMap, isScalar } from 'yaml';
import { TEST_CONFIG_KEYS, validateConfigKeys, type YamlEntry, type YamlNode, type YamlReader } from '../config/index.js';
import type { TestDefinition } from './types.js';

const TEST_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;
const TEST_CONFIG = new Set(TEST_CONFIG_KEYS);

/**
 * One entry of a `tests:` / `data_tests:` list, in any form dbt accepts, as a TestDefinition:
 * - `- unique`
 * - `- not_null: {config: {severity: warn}}`
 * - `- accepted_values: {values: [a, b], quote: false, severity: warn}` (old style: config keys beside arguments)
 * - `- accepted_values: {arguments: {values: [a, b]}, config: {...}}` (dbt ≥ 1.10)
 * - `- relationships: {to: "ref('x')", field: id}`
 * - `- name: my_name` + `test_name: unique` (+ arguments and config beside them)
 * - namespaced generic tests: `- dbt_utils.expression_is_true: {expression: "x > 0"}`
 * Test-config keys (severity, where, limit, ...) go to `config`, everything else to `arguments`.
 * Problems go to `reader.errors`; returns undefined when the entry cannot be read.
 */
export function parseTestDefinition(
  r: YamlReader,
  node: YamlNode,
  what: string,
  adapterConfigKeys: readonly string[] = [],
): TestDefinition | undefined {
  const location = r.loc(node);
  if (isScalar(node)) {
    const name = r.str(node, `a test in ${what}`);
    if (name === undefined) return undefined;
    if (!checkName(r, name, node, what)) return undefined;
    return { testName: name, arguments: {}, config: {}, location };
  }
  if (!isMap(node)) {
    r.invalid(`a test in ${what}`, 'a test name or a mapping', node);
    return undefined;
  }
  const entries = r.entries(node, `a test in ${what}`);
  if (!entries) return undefined;
  let testName: string | undefined;
  let args: YamlEntry[];
  let nameNode: YamlNode;
  const testNameEntry = entries.find((e) => e.key === 'test_name');
  if (testNameEntry) {
    testName = r.str(testNameEntry.value, `'test_name' of a test in ${what}`, testNameEntry.keyNode);
    nameNode = testNameEntry.value ?? testNameEntry.keyNode;
    args = entries.filter((e) => e !== testNameEntry);
  } else {
    if (entries.length !== 1) {
      const first = entries[0];
      const hint =
        first && r.isNull(first.value)
          ? `indent the other keys under '${first.key}:' (they are its arguments), or name the test with 'test_name:'.`
          : "write one test per list item, as '- test_name: {arguments...}'.";
      r.error('invalid-value', `a test in ${what} must have exactly one key (the test's name), found ${entries.map((e) => `'${e.key}'`).join(', ')}`, node, hint);
      return undefined;
    }
    const only = entries[0]!;
    testName = only.key;
    nameNode = only.keyNode;
    args = r.entries(only.value, `the arguments of test '${only.key}' in ${what}`, only.keyNode) ?? [];
  }
  if (testName === undefined || !checkName(r, testName, nameNode, what)) return undefined;

  const label = `test '${testName}' in ${what}`;
  const config: Record<string, unknown> = {};
  const configLocs = new Map<string, YamlNode>();
  const topLevelConfig = new Map<string, YamlEntry>();
  const argumentsOut: Record<string, unknown> = {};
  let customName: string | undefined;
  let description: string | undefined;
  for (const e of args) {
    switch (e.key) {
      case 'name':
        customName = r.str(e.value, `'name' of ${label}`, e.keyNode);
        break;
      case 'description':
        description = r.optStr(e.value, `'description' of ${label}`, e.keyNode);
        break;
      case 'config': {
        for (const c of r.entries(e.value, `'config' of ${label}`, e.keyNode) ?? []) {
          config[c.key] = r.plain(c.value);
          configLocs.set(c.key, c.keyNode);
        }
        break;
      }
      case 'arguments': {
        for (const a of r.entries(e.value, `'arguments' of ${label}`, e.keyNode) ?? []) argumentsOut[a.key] = r.plain(a.value);
        break;
      }
      default:
        if (TEST_CONFIG.has(e.key)) topLevelConfig.set(e.key, e);
        else argumentsOut[e.key] = r.plain(e.value);
    }
  }
  for (const [key, e] of topLevelConfig) {
    if (key in config) {
      r.error('invalid-value', `'${key}' of ${label} is set both beside the arguments and under 'config:'`, e.keyNode, `keep '${key}' only under 'config:'.`);
      continue;
    }
    config[key] = r.plain(e.value);
    configLocs.set(key, e.keyNode);
  }
  r.errors.push(
    ...validateConfigKeys(config, 'test', (key) => r.loc(configLocs.get(key)), adapterConfigKeys, {
      stage: 'project',
      what: `the config of ${label}`,
    }),
  );
  return {
    testName,
    ...(customName !== undefined ? { customName } : {}),
    arguments: argumentsOut,
    config,
    ...(description !== undefined ? { description } : {}),
    location,
  };
}

function checkName(r: YamlReader, name: string, node: YamlNode, what: string): boolean {
  if (TEST_NAME.test(name)) return true;
  r.error(
    'invalid-value',
    `'${name}' in ${what} is not a test name`,
    node,
    "name a generic test such as 'unique', 'not_null', 'accepted_values', 'relationships' or 'package.test_name'.",
  );
  return false;
}
