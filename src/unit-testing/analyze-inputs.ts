import type { ModelNode, SeedNode, SnapshotNode } from '../manifest/index.js';
import { formatInputCall, inputKey, type InputCall } from './parse-input-call.js';

/** What `ref()` can name: models, seeds and snapshots (by name). */
export type RefableNode = ModelNode | SeedNode | SnapshotNode;

/**
 * The inputs a model under test reads, as a unit test must give them: each `ref()` and `source()` the
 * parse pass recorded, looking through ephemeral parents that are not given themselves (their SQL is
 * rendered into the test as CTEs, as in a normal run, so their own inputs are needed instead). A seed
 * that is not given is read from its CSV file (dbt: "If you don't supply an input for a seed, we will use
 * the seed as the input"). Pure.
 */
export interface InputAnalysis {
  /** Every input the model needs, by `inputKey`, with the call as the model writes it. */
  readonly needed: ReadonlyMap<string, InputCall>;
  /** Needed inputs with no `given:` item: errors, except seeds. */
  readonly missing: readonly InputCall[];
  /** Seeds read without a `given:` item: their files become the fixture. */
  readonly seeds: readonly SeedNode[];
  /** Ephemeral parents rendered into the test (not given), in the order they were found. */
  readonly ephemeral: readonly ModelNode[];
}

function isEphemeral(node: RefableNode | undefined): node is ModelNode {
  return node?.resourceType === 'model' && node.config.materialized === 'ephemeral';
}

export function analyzeModelInputs(
  model: ModelNode,
  nodesByName: (name: string) => RefableNode | undefined,
  givenKeys: ReadonlySet<string>,
): InputAnalysis {
  const needed = new Map<string, InputCall>();
  const missing: InputCall[] = [];
  const seeds: SeedNode[] = [];
  const ephemeral: ModelNode[] = [];
  const visited = new Set<string>([model.uniqueId]);
  const need = (call: InputCall, given: boolean, seed?: SeedNode): void => {
    const key = inputKey(call);
    if (needed.has(key)) return;
    needed.set(key, call);
    if (given) return;
    if (seed) seeds.push(seed);
    else missing.push(call);
  };
  const visit = (node: ModelNode): void => {
    for (const r of node.refs) {
      const call: InputCall = {
        kind: 'ref',
        name: r.name,
        ...(r.package !== undefined ? { package: r.package } : {}),
        ...(r.version !== undefined ? { version: String(r.version) } : {}),
      };
      const key = inputKey(call);
      if (givenKeys.has(key)) {
        need(call, true);
        continue;
      }
      const target = nodesByName(r.name);
      if (isEphemeral(target)) {
        if (!visited.has(target.uniqueId)) {
          visited.add(target.uniqueId);
          ephemeral.push(target);
          visit(target);
        }
        continue;
      }
      need(call, false, target?.resourceType === 'seed' ? target : undefined);
    }
    for (const s of node.sources) {
      const call: InputCall = { kind: 'source', sourceName: s.sourceName, tableName: s.tableName };
      need(call, givenKeys.has(inputKey(call)));
    }
  };
  visit(model);
  return { needed, missing, seeds, ephemeral };
}

/** `ref('a'), source('s', 't')`: inputs as a user writes them in `given:`. */
export function describeInputs(calls: Iterable<InputCall>): string {
  return [...calls].map(formatInputCall).join(', ');
}
