export { openProjectSession, openProjectConfig, type ProjectSession, type SessionOptions } from './project-session.js';
export {
  runNodeTask,
  selectForTask,
  writeManifestArtifact,
  exitCodeOf,
  TASK_RESOURCE_TYPES,
  type NodeTaskName,
  type NodeTaskOptions,
  type NodeTaskOutcome,
  type SelectionFlags,
} from './node-task.js';
export { summarizeNode } from './summarize-node.js';
export { runCompileTask, type CompileTaskOptions, type CompileTaskOutcome, type CompiledNodeSummary } from './compile-task.js';
export { buildRunContext } from './run-context.js';
export { runShowTask, type ShowTaskOptions, type ShowTaskOutcome } from './show-task.js';
export { runFreshnessTask, type FreshnessTaskOptions } from './freshness-task.js';
export { runExtractTask, type ExtractTaskOptions } from './extract-task.js';
export { runDocsGenerateTask, type DocsGenerateOptions } from './docs-task.js';
export { runPipelineTask, listPipelines, describeStep, type PipelineTaskOptions } from './pipeline-task.js';
