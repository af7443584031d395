import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';

/** 1-based line and column in a YAML text. */
export interface YamlPosition {
  readonly line: number;
  readonly column: number;
}

function keyOf(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}

/**
 * Where `column_types` gives `column` its type in a YAML text: inside the `seeds:` entry named
 * `scope.seed` of a properties file, or (without `scope.seed`) under any `column_types:` /
 * `+column_types:` of project.yml — preferring the entry whose value is `type`. The position of the
 * type's value; undefined when the text does not say it (or is not valid YAML).
 */
export function locateColumnType(text: string, column: string, type: string, scope: { readonly seed?: string } = {}): YamlPosition | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) return undefined;
  const found: { node: YamlNode; value: string }[] = [];

  const visitNode = (node: unknown, inScope: boolean): void => {
    if (isSeq(node)) {
      for (const item of node.items) visitNode(item, inScope);
      return;
    }
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = keyOf(pair.key);
      if (key === undefined) continue;
      if (inScope && (key === 'column_types' || key === '+column_types') && isMap(pair.value)) {
        const entries = pair.value.items;
        const entry = entries.find((p) => keyOf(p.key) === column) ?? entries.find((p) => keyOf(p.key)?.toLowerCase() === column.toLowerCase());
        const target = (entry?.value ?? entry?.key) as YamlNode | undefined;
        if (entry && target) found.push({ node: target, value: isScalar(entry.value) ? String(entry.value.value) : '' });
        continue;
      }
      if (scope.seed !== undefined && !inScope) {
        // Properties file: descend into `seeds:` and then only into the entry named `scope.seed`.
        if (key === 'seeds' && isSeq(pair.value)) {
          for (const item of pair.value.items) {
            if (isMap(item) && item.items.some((p) => keyOf(p.key) === 'name' && keyOf(p.value) === scope.seed)) visitNode(item, true);
          }
        }
        continue;
      }
      visitNode(pair.value, inScope);
    }
  };
  visitNode(doc.contents, scope.seed === undefined);
  const best = found.find((f) => f.value.trim() === type.trim()) ?? found[0];
  const start = best?.node.range?.[0];
  if (start === undefined) return undefined;
  const pos = lineCounter.linePos(start);
  return { line: pos.line, column: pos.col };
}
