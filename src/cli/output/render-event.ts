import type { LogLevel, NodeResult, NodeSummary, RunEvent } from '../../run/index.js';
import { summaryFromId } from '../../run/index.js';
import { formatError, formatResultError, type FileReader } from './format-error.js';
import { buildStatLine, formatFancyOutputLine, formatSeconds, humanizeExecutionTime, PRINTER_WIDTH } from './format-line.js';
import { NO_PAINT, type Paint } from './paint.js';

/** One line (possibly with embedded newlines) of output, named after dbt's event. */
export interface RenderedLine {
  /** dbt's event name: `LogStartLine`, `LogModelResult`, `StatsLine`, ... */
  readonly name: string;
  /** dbt's event code (`Q011`) where opp's event has a dbt twin. */
  readonly code?: string;
  readonly level: LogLevel;
  /** The human text, coloured with the renderer's paint. */
  readonly msg: string;
  /** Printed without the timestamp prefix (command output such as `opp ls`). */
  readonly raw?: boolean;
  /** Structured fields for `--log-format json` (snake_case, dbt-like); built only when asked for. */
  readonly data?: () => Readonly<Record<string, unknown>>;
}

export interface RenderOptions {
  readonly paint?: Paint;
  /** Dot-padding width. Default 80. */
  readonly width?: number;
  /** The target's database: a relation in it is shown as `schema.alias` (dbt omits the default database). */
  readonly defaultDatabase?: string;
  /** Reads project files for error code frames. */
  readonly readFile?: FileReader;
}

export type EventRenderer = (event: RunEvent) => RenderedLine[];

const REFABLE = new Set(['model', 'seed', 'snapshot']);

/** `schema.alias`, or `database.schema.alias` outside the target's database (dbt's get_node_representation). */
export function buildDisplayRelation(node: NodeSummary, defaultDatabase?: string): string {
  const alias = node.alias ?? node.name;
  if (!node.schema) return alias;
  if (node.database && defaultDatabase !== undefined && node.database !== defaultDatabase) return `${node.database}.${node.schema}.${alias}`;
  return `${node.schema}.${alias}`;
}

/** What dbt's runners call `describe_node()`: `sql view model main.stg_x`, `seed file main.raw`, `test not_null_x`. */
export function buildNodeDescription(node: NodeSummary, defaultDatabase?: string): string {
  switch (node.resourceType) {
    case 'model':
      return `${node.language ?? 'sql'} ${node.materialized ?? 'view'} model ${buildDisplayRelation(node, defaultDatabase)}`;
    case 'seed':
      return `seed file ${buildDisplayRelation(node, defaultDatabase)}`;
    case 'snapshot':
      return `snapshot ${buildDisplayRelation(node, defaultDatabase)}`;
    case 'test':
    case 'unit_test':
      return `${node.resourceType} ${buildTestName(node)}`;
    case 'source':
      return `freshness of ${node.sourceName ?? 'source'}.${node.name}`;
    default:
      return `${node.resourceType} ${node.name}`;
  }
}

/** Tests print their name; unit tests print `model::test`. */
export function buildTestName(node: NodeSummary): string {
  return node.resourceType === 'unit_test' && node.model ? `${node.model}::${node.name}` : node.name;
}

function isEphemeral(node: NodeSummary): boolean {
  return node.resourceType === 'model' && node.materialized === 'ephemeral';
}

/** The `Finished running ...` key of a node: `view model`, `seed`, `test`, `hook`. */
function countKey(node: NodeSummary): string {
  return node.resourceType === 'model' ? `${node.materialized ?? 'view'} model` : node.resourceType;
}

export interface RunStats {
  pass: number;
  warn: number;
  error: number;
  skip: number;
  noop: number;
  total: number;
}

/** dbt's interpret_run_result, tallied. */
export function buildRunStats(results: readonly NodeResult[]): RunStats {
  const stats: RunStats = { pass: 0, warn: 0, error: 0, skip: 0, noop: 0, total: 0 };
  for (const r of results) {
    const s = r.status as string;
    if (s === 'error' || s === 'fail' || s === 'runtime error') stats.error++;
    else if (s === 'skipped') stats.skip++;
    else if (s === 'warn') stats.warn++;
    else if (s === 'no-op') stats.noop++;
    else stats.pass++;
    stats.total++;
  }
  return stats;
}

/**
 * `Done. PASS=10 WARN=1 ERROR=0 SKIP=1 TOTAL=12`, exactly as cli-contract.md specifies (dbt 1.8's line;
 * dbt ≥ 1.10 adds NO-OP, which opp counts in TOTAL but, following the contract, does not print).
 */
export function buildStatsLine(stats: RunStats): string {
  return `Done. PASS=${stats.pass} WARN=${stats.warn} ERROR=${stats.error} SKIP=${stats.skip} TOTAL=${stats.total}`;
}

/** dbt's EndOfRunSummary. */
export function buildEndOfRunSummary(numErrors: number, numWarnings: number, interrupted: boolean, paint: Paint = NO_PAINT): string {
  const errors = `${numErrors} ${numErrors === 1 ? 'error' : 'errors'}`;
  const warnings = `${numWarnings} ${numWarnings === 1 ? 'warning' : 'warnings'}`;
  if (interrupted) return paint.yellow('Exited because of keyboard interrupt');
  if (numErrors > 0) return paint.red(`Completed with ${errors} and ${warnings}:`);
  if (numWarnings > 0) return paint.yellow(`Completed with ${warnings}:`);
  return paint.green('Completed successfully');
}

/**
 * Turns events into dbt's lines. Keeps a small cache of node summaries (from node events) so the
 * end-of-run summary can describe every result without the manifest.
 */
export function createEventRenderer(opts: RenderOptions = {}): EventRenderer {
  const paint = opts.paint ?? NO_PAINT;
  const width = opts.width ?? PRINTER_WIDTH;
  const db = opts.defaultDatabase;
  const nodes = new Map<string, NodeSummary>();
  const startedAt = new Map<string, number>();

  const blank = (): RenderedLine => ({ name: 'Formatting', code: 'Z017', level: 'info', msg: '' });

  const nodeInfo = (node: NodeSummary, status: string, finished?: boolean): Record<string, unknown> => {
    const started = startedAt.get(node.uniqueId);
    return {
      node_path: node.originalFilePath ?? null,
      node_name: node.name,
      unique_id: node.uniqueId,
      resource_type: node.resourceType,
      materialized: node.materialized ?? null,
      node_status: status,
      node_started_at: started === undefined ? null : new Date(started).toISOString(),
      node_finished_at: finished ? new Date().toISOString() : null,
      meta: {},
      node_relation: {
        database: node.database ?? null,
        schema: node.schema ?? null,
        alias: node.alias ?? node.name,
        relation_name: node.relationName ?? null,
      },
    };
  };

  const fancy = (msg: string, status: string, index: number | undefined, total: number | undefined, executionTime?: number, truncate?: boolean): string =>
    formatFancyOutputLine({
      msg,
      status,
      ...(index !== undefined ? { index } : {}),
      ...(total !== undefined ? { total } : {}),
      ...(executionTime !== undefined ? { executionTime } : {}),
      ...(truncate ? { truncate } : {}),
      width,
    });

  const summaryFor = (id: string, extra?: ReadonlyMap<string, NodeSummary>): NodeSummary => nodes.get(id) ?? extra?.get(id) ?? summaryFromId(id);

  const renderNodeFinished = (e: Extract<RunEvent, { kind: 'node-finished' }>): RenderedLine[] => {
    const { node, result, index, total } = e;
    const id = node.uniqueId;
    const out: RenderedLine[] = [];
    const status = result.status as string;
    const time = result.executionTime;
    const info = (): Record<string, unknown> => nodeInfo(node, status, true);
    if (!isEphemeral(node) && index > 0) {
      if (status === 'skipped') {
        const msg = REFABLE.has(node.resourceType)
          ? `SKIP relation ${node.schema ? `${node.schema}.` : ''}${node.name}`
          : `SKIP ${node.resourceType} ${node.name}`;
        out.push({
          name: 'SkippingDetails',
          code: 'Q034',
          level: 'info',
          msg: fancy(msg, paint.yellow('SKIP'), index, total),
          data: () => ({ resource_type: node.resourceType, schema: node.schema ?? '', node_name: node.name, index, total, node_info: info() }),
        });
      } else if (status === 'no-op') {
        out.push({
          name: 'LogNodeNoOpResult',
          level: 'info',
          msg: fancy(`NO-OP ${buildNodeDescription(node, db)}`, paint.yellow('NO-OP'), index, total, time),
          data: () => ({ description: buildNodeDescription(node, db), index, total, execution_time: time, node_info: info() }),
        });
      } else out.push(renderResultLine(node, result, index, total, info));
    }
    if (status === 'skipped' && result.message) out.push({ name: 'RunResultError', code: 'Z024', level: 'debug', msg: `  ${result.message}`, data: () => ({ msg: result.message }) });
    out.push({ name: 'NodeFinished', code: 'Q025', level: 'debug', msg: `Finished running node ${id}`, data: () => ({ node_info: info(), run_result: { status, message: result.message, execution_time: time } }) });
    startedAt.delete(id);
    return out;
  };

  const renderResultLine = (node: NodeSummary, result: NodeResult, index: number, total: number, info: () => Record<string, unknown>): RenderedLine => {
    const status = result.status as string;
    const time = result.executionTime;
    const isError = status === 'error';
    const message = result.message || 'OK';
    switch (node.resourceType) {
      case 'model': {
        const description = buildNodeDescription(node, db);
        return {
          name: 'LogModelResult',
          code: 'Q012',
          level: isError ? 'error' : 'info',
          msg: fancy(`${isError ? 'ERROR creating' : 'OK created'} ${description}`, isError ? paint.red('ERROR') : paint.green(message), index, total, time),
          data: () => ({ description, status: isError ? 'error' : message, index, total, execution_time: time, node_info: info() }),
        };
      }
      case 'seed': {
        const relation = `${node.schema ? `${node.schema}.` : ''}${node.alias ?? node.name}`;
        return {
          name: 'LogSeedResult',
          code: 'Q016',
          level: isError ? 'error' : 'info',
          msg: fancy(`${isError ? 'ERROR loading' : 'OK loaded'} seed file ${relation}`, isError ? paint.red('ERROR') : paint.green(message), index, total, time),
          data: () => ({ status, result_message: result.message, schema: node.schema ?? '', relation: node.alias ?? node.name, index, total, execution_time: time, node_info: info() }),
        };
      }
      case 'snapshot': {
        const description = buildDisplayRelation(node, db);
        return {
          name: 'LogSnapshotResult',
          code: 'Q015',
          level: isError ? 'error' : 'info',
          msg: fancy(`${isError ? 'ERROR snapshotting' : 'OK snapshotted'} ${description}`, isError ? paint.red('ERROR') : paint.green(message), index, total, time),
          data: () => ({ description, status, result_message: result.message, index, total, execution_time: time, node_info: info() }),
        };
      }
      case 'test':
      case 'unit_test': {
        const failures = result.failures ?? 0;
        let label: string;
        let colored: string;
        let level: LogLevel;
        if (isError || status === 'runtime error') [label, level] = ['ERROR', 'error'];
        else if (status === 'fail') [label, level] = [`FAIL ${failures}`, 'error'];
        else if (status === 'warn') [label, level] = [`WARN ${failures}`, 'warn'];
        else [label, level] = ['PASS', 'info'];
        if (level === 'error') colored = paint.red(label);
        else if (level === 'warn') colored = paint.yellow(label);
        else colored = paint.green(label);
        const name = buildTestName(node);
        return {
          name: 'LogTestResult',
          code: 'Q007',
          level,
          msg: fancy(`${label} ${name}`, colored, index, total, time),
          data: () => ({ name, status, index, num_models: total, execution_time: time, num_failures: failures, node_info: info() }),
        };
      }
      case 'source': {
        let label: string;
        let colored: string;
        let level: LogLevel;
        if (status === 'runtime error') [label, colored, level] = ['ERROR', paint.red('ERROR'), 'error'];
        else if (status === 'error') [label, colored, level] = ['ERROR STALE', paint.red('ERROR STALE'), 'error'];
        else if (status === 'warn') [label, colored, level] = ['WARN', paint.yellow('WARN'), 'warn'];
        else [label, colored, level] = ['PASS', paint.green('PASS'), 'info'];
        return {
          name: 'LogFreshnessResult',
          code: 'Q018',
          level,
          msg: fancy(`${label} freshness of ${node.sourceName ?? 'source'}.${node.name}`, colored, index, total, time),
          data: () => ({ status, source_name: node.sourceName ?? '', table_name: node.name, index, total, execution_time: time, node_info: info() }),
        };
      }
      default: {
        const description = buildNodeDescription(node, db);
        return {
          name: 'LogNodeResult',
          level: isError ? 'error' : 'info',
          msg: fancy(`${isError ? 'ERROR' : 'OK'} ${description}`, isError ? paint.red('ERROR') : paint.green(message), index, total, time),
          data: () => ({ description, status, index, total, execution_time: time, node_info: info() }),
        };
      }
    }
  };

  const renderRunFinished = (e: Extract<RunEvent, { kind: 'run-finished' }>): RenderedLine[] => {
    const out: RenderedLine[] = [];
    const results = e.results.filter((r) => r.status === 'error' || !isEphemeral(summaryFor(r.uniqueId, e.nodes)));
    if (results.length === 0) return out;
    if (!e.interrupted) {
      const counts: Record<string, number> = {};
      for (const r of results) {
        const key = countKey(summaryFor(r.uniqueId, e.nodes));
        counts[key] = (counts[key] ?? 0) + 1;
      }
      const sorted: Record<string, number> = {};
      for (const key of Object.keys(counts).sort()) sorted[key] = counts[key]!;
      const statLine = buildStatLine(sorted);
      const execution = humanizeExecutionTime(e.elapsedSeconds);
      out.push(blank(), {
        name: 'FinishedRunningStats',
        level: 'info',
        msg: `Finished running ${statLine}${execution} (${formatSeconds(e.elapsedSeconds)}s).`,
        data: () => ({ stat_line: statLine, execution, execution_time: e.elapsedSeconds }),
      });
    }
    const errors: NodeResult[] = [];
    const warnings: NodeResult[] = [];
    for (const r of results) {
      const s = r.status as string;
      if (s === 'error' || s === 'fail' || s === 'runtime error') errors.push(r);
      else if (s === 'warn') warnings.push(r);
    }
    out.push(blank(), {
      name: 'EndOfRunSummary',
      code: 'Z030',
      level: 'info',
      msg: buildEndOfRunSummary(errors.length, warnings.length, e.interrupted, paint),
      data: () => ({ num_errors: errors.length, num_warnings: warnings.length, keyboard_interrupt: e.interrupted }),
    });
    for (const r of errors) out.push(...renderResultDetails(r, summaryFor(r.uniqueId, e.nodes), false));
    for (const r of warnings) out.push(...renderResultDetails(r, summaryFor(r.uniqueId, e.nodes), true));
    const stats = buildRunStats(results);
    out.push(blank(), { name: 'StatsLine', code: 'Z023', level: 'info', msg: buildStatsLine(stats), data: () => ({ stats: { ...stats } }) });
    return out;
  };

  /** dbt's print_run_result_error. */
  const renderResultDetails = (r: NodeResult, node: NodeSummary, isWarning: boolean): RenderedLine[] => {
    const out: RenderedLine[] = [blank()];
    const status = r.status as string;
    if (status === 'fail' || isWarning) {
      const what = `${node.resourceType} ${node.name} (${node.originalFilePath ?? node.uniqueId})`;
      out.push(
        isWarning
          ? { name: 'RunResultWarning', code: 'Z021', level: 'warn', msg: paint.yellow(`Warning in ${what}`), data: () => ({ resource_type: node.resourceType, node_name: node.name, path: node.originalFilePath ?? '' }) }
          : { name: 'RunResultFailure', code: 'Z022', level: 'error', msg: paint.red(`Failure in ${what}`), data: () => ({ resource_type: node.resourceType, node_name: node.name, path: node.originalFilePath ?? '' }) },
      );
      out.push(
        r.message
          ? { name: 'RunResultError', code: 'Z024', level: isWarning ? 'warn' : 'error', msg: `  ${r.message}`, data: () => ({ msg: r.message }) }
          : { name: 'RunResultErrorNoMessage', code: 'Z025', level: 'error', msg: `  Status: ${status}`, data: () => ({ status }) },
      );
      const compiledPath = r.compiledPath ?? node.compiledPath;
      if (compiledPath) out.push(blank(), { name: 'SQLCompiledPath', code: 'Z026', level: 'info', msg: `  compiled Code at ${compiledPath}`, data: () => ({ path: compiledPath }) });
      if (node.storeFailuresRelation) {
        const sql = `select * from ${node.storeFailuresRelation}`;
        const border = '-'.repeat(sql.length);
        out.push(blank(), { name: 'CheckNodeTestFailure', code: 'Z027', level: 'info', msg: `  See test failures:\n  ${border}\n  ${sql}\n  ${border}`, data: () => ({ relation_name: node.storeFailuresRelation }) });
      }
      return out;
    }
    const text = formatResultError(r, { ...node, ...(r.compiledPath ? { compiledPath: r.compiledPath } : {}) });
    out.push({ name: 'RunResultError', code: 'Z024', level: 'error', msg: `  ${text}`, data: () => ({ msg: text }) });
    return out;
  };

  return (event: RunEvent): RenderedLine[] => {
    switch (event.kind) {
      case 'invocation-started':
        return [{ name: 'MainReportVersion', code: 'A001', level: 'info', msg: `Running with opp=${event.version}`, data: () => ({ version: event.version, command: event.command, log_version: 3 }) }];
      case 'adapter-registered':
        return [
          {
            name: 'AdapterRegistered',
            code: 'E034',
            level: 'info',
            msg: `Registered adapter: ${event.adapterType}=${event.adapterVersion}`,
            data: () => ({ adapter_name: event.adapterType, adapter_version: event.adapterVersion }),
          },
        ];
      case 'found': {
        const statLine = buildStatLine(event.counts);
        return [{ name: 'FoundStats', code: 'W006', level: 'info', msg: `Found ${statLine}`, data: () => ({ stat_line: statLine }) }];
      }
      case 'run-started': {
        const out: RenderedLine[] = [];
        if (event.counts) {
          const statLine = buildStatLine(event.counts);
          out.push({ name: 'FoundStats', code: 'W006', level: 'info', msg: `Found ${statLine}`, data: () => ({ stat_line: statLine }) });
        }
        if (event.total === 0) {
          out.push({ name: 'NothingToDo', code: 'Q035', level: 'warn', msg: 'Nothing to do. Try checking your model configs and model specification args' });
          return out;
        }
        out.push(
          blank(),
          {
            name: 'ConcurrencyLine',
            code: 'Q027',
            level: 'info',
            msg: `Concurrency: ${event.threads} threads (target='${event.targetName}')`,
            data: () => ({ num_threads: event.threads, target_name: event.targetName }),
          },
          blank(),
        );
        return out;
      }
      case 'node-started': {
        const node = event.node;
        nodes.set(node.uniqueId, node);
        startedAt.set(node.uniqueId, event.startedAt);
        const out: RenderedLine[] = [{ name: 'NodeStart', code: 'Q024', level: 'debug', msg: `Began running node ${node.uniqueId}`, data: () => ({ node_info: nodeInfo(node, 'started') }) }];
        if (!isEphemeral(node) && event.index > 0) {
          const description = buildNodeDescription(node, db);
          out.push({
            name: 'LogStartLine',
            code: 'Q011',
            level: 'info',
            msg: fancy(`START ${description}`, 'RUN', event.index, event.total),
            data: () => ({ description, index: event.index, total: event.total, node_info: nodeInfo(node, 'started') }),
          });
        }
        return out;
      }
      case 'node-finished':
        nodes.set(event.node.uniqueId, event.node);
        return renderNodeFinished(event);
      case 'hooks-started': {
        const plural = event.count === 1 ? 'hook' : 'hooks';
        return [{ name: 'HooksRunning', level: 'info', msg: `Running ${event.count} ${event.hookType} ${plural}`, data: () => ({ num_hooks: event.count, hook_type: event.hookType }) }];
      }
      case 'hook-started':
        return [
          {
            name: 'LogHookStartLine',
            code: 'Q032',
            level: 'info',
            msg: fancy(`START hook: ${event.name}`, 'RUN', event.index, event.total, undefined, true),
            data: () => ({ statement: event.name, index: event.index, total: event.total }),
          },
        ];
      case 'hook-finished':
        return [
          {
            name: 'LogHookEndLine',
            code: 'Q033',
            level: 'info',
            msg: fancy(`OK hook: ${event.name}`, paint.green(event.status), event.index, event.total, event.executionTime, true),
            data: () => ({ statement: event.name, status: event.status, index: event.index, total: event.total, execution_time: event.executionTime }),
          },
        ];
      case 'run-finished':
        return renderRunFinished(event);
      case 'output':
        return [{ name: event.name ?? 'ListCmdOut', code: event.name ? undefined : 'Z049', level: 'info', msg: event.text, raw: true, data: () => ({ msg: event.text }) }];
      case 'log':
        return [{ name: 'Note', code: 'Z050', level: event.level, msg: event.message, data: () => ({ msg: event.message }) }];
      case 'error': {
        const text = formatError(event.error, { paint, ...(opts.readFile ? { readFile: opts.readFile } : {}) });
        return [{ name: 'MainEncounteredError', code: 'Z002', level: 'error', msg: text, data: () => ({ exc: formatError(event.error, opts.readFile ? { readFile: opts.readFile } : {}) }) }];
      }
    }
  };
}
