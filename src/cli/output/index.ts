export { PRINTER_WIDTH, formatFancyOutputLine, formatSeconds, humanizeExecutionTime, pluralize, buildStatLine } from './format-line.js';
export type { FancyLine } from './format-line.js';
export { NO_PAINT, createPaint, shouldUseColors, stripAnsi } from './paint.js';
export type { Paint, ColorDecision } from './paint.js';
export { formatError, formatCodeFrame, formatDatabaseError, formatResultError } from './format-error.js';
export type { FileReader, FormatErrorOptions } from './format-error.js';
export {
  createEventRenderer,
  buildDisplayRelation,
  buildNodeDescription,
  buildTestName,
  buildRunStats,
  buildStatsLine,
  buildEndOfRunSummary,
} from './render-event.js';
export type { RenderedLine, RenderOptions, EventRenderer, RunStats } from './render-event.js';
export { createBufferedWriter, createMemoryWriter } from './writer.js';
export type { OutputStream, OutputWriter, MemoryWriter } from './writer.js';
export { combineReporters, createClockFormatter } from './reporter.js';
export type { Reporter } from './reporter.js';
export { createHumanReporter } from './human-reporter.js';
export type { HumanReporterOptions } from './human-reporter.js';
export { createJsonReporter } from './json-reporter.js';
export type { JsonReporterOptions } from './json-reporter.js';
export { createFileLogger } from './file-logger.js';
export type { FileLogger, FileLoggerOptions } from './file-logger.js';
export { renderTable, renderShowOutput, printTable } from './table.js';
export type { TableRow, TableColumn, TableOptions, ShowOutputOptions } from './table.js';
export { buildNodeSummary, buildFoundCounts } from './node-summary.js';
export type { NodeSummaryOptions } from './node-summary.js';
