import { isMap, parseDocument } from 'yaml';
import { UsageError } from '../errors/index.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `--vars 'YAML'` → a mapping. An empty string gives `{}`; anything that is not a YAML (or JSON)
 * mapping is a UsageError `usage/bad-vars`.
 */
export function parseVarsFlag(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    throw new UsageError('usage/bad-vars', `--vars is not valid YAML: ${first.message.split('\n')[0]}`, {
      hint: `quote the whole value and write a mapping, e.g. --vars '{start_date: "2024-01-01", full: true}'.`,
    });
  }
  if (!isMap(doc.contents)) {
    throw new UsageError('usage/bad-vars', `--vars must be a YAML mapping, got ${JSON.stringify(text.trim())}`, {
      hint: `write key: value pairs, e.g. --vars '{start_date: "2024-01-01"}'.`,
    });
  }
  return doc.toJS() as Record<string, unknown>;
}

/**
 * The vars a node of the current project sees, as dbt resolves them: project.yml `vars:` (global
 * entries), then the entries scoped to this project (`vars: {my_project: {x: 1}}`), then `--vars`,
 * the command line winning. Pure.
 */
export function resolveVars(
  projectVars: Readonly<Record<string, unknown>>,
  cliVars: Readonly<Record<string, unknown>> = {},
  projectName?: string,
): Record<string, unknown> {
  const scoped = projectName !== undefined ? projectVars[projectName] : undefined;
  return {
    ...projectVars,
    ...(isPlainObject(scoped) ? scoped : {}),
    ...cliVars,
  };
}
