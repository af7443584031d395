export { buildGraph } from './build-graph.js';
export {
  parseSelectorExpression,
  parseSelectionArgs,
  parseCriterion,
  renderSelectionSpec,
  DEFAULT_SELECTION,
  METHOD_NAMES,
  STATE_VALUES,
} from './selector-parser.js';
export { buildSelectorResolver, type SelectorResolver } from './selector-definitions.js';
export { selectNodes, selectNodesDetailed, selectionSpecFor, type SelectOptions, type SelectionResult } from './select-nodes.js';
export { readStateManifest, parseStateManifest } from './state.js';
export { CONFIG_KEYS_NOT_COMPARED } from './state-compare.js';
export { formatNodeForList } from './format-node.js';
export { SelectorError } from './selection-error.js';
export type {
  GraphNodeAttributes,
  IndirectSelection,
  ListOutput,
  MethodName,
  ProjectGraph,
  SelectionCriteria,
  SelectionDifference,
  SelectionIntersection,
  SelectionSpec,
  SelectionUnion,
  StateCheck,
  StateManifest,
  StateNode,
  StateSource,
  StateUnitTest,
} from './types.js';
