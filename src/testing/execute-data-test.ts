import type { Adapter, RelationRef } from '../adapters/index.js';
import { stripTrailingSemicolon } from '../adapters/index.js';
import { buildRunPath, renderNode, type CompiledNode, type EphemeralCache, type RunContext } from '../compile/index.js';
import { DatabaseError, toOppError, type OppError } from '../errors/index.js';
import type { TestNode } from '../manifest/index.js';
import type { NodeResult } from '../run/types.js';
import { buildLimitedSql, buildTestOutcome, buildTestRunConfig, buildTestSql } from './build-test-sql.js';
import { planStoreFailures } from './plan-store-failures.js';
import { NodeTimer } from '../util/node-timer.js';

/**
 * What executing a data test needs besides the node: the same fields as the tasks' `ModelExecution`
 * (so one object serves both), plus the `--store-failures` and `--warn-error` flags.
 */
export interface DataTestExecution {
  readonly adapter: Adapter;
  /** The run pass's context; `isIncremental` is always false for tests. */
  readonly runContext: Omit<RunContext, 'isIncremental'>;
  /** Queues compiled/run SQL files (`CompiledFileWriter` of src/artifacts fits). */
  readonly files: { write(filePath: string, content: string): void };
  /** Absolute project folder: compiled and run paths are relative to it. */
  readonly rootDir: string;
  /** project.yml `target-path` (project-relative). */
  readonly targetPath: string;
  readonly ephemeralCache?: EphemeralCache;
  /** `--store-failures`: store failing rows of tests whose config does not say. */
  readonly storeFailures?: boolean;
  /** `--warn-error`: a warning test fails. */
  readonly warnError?: boolean;
}

function errorResult(node: TestNode, threadId: string, timer: NodeTimer, err: unknown, compiled?: CompiledNode): NodeResult {
  const error: OppError = toOppError(err);
  return {
    kind: 'node-result',
    uniqueId: node.uniqueId,
    status: 'error',
    message: error.message,
    executionTime: timer.elapsed,
    timing: timer.timing,
    adapterResponse: {},
    failures: null,
    threadId,
    error,
    ...(compiled ? { compiledCode: compiled.compiledCode, compiledPath: compiled.compiledPath } : {}),
  };
}

/**
 * Runs one data test (generic or singular) as dbt does: renders it (run pass), stores its failing rows
 * when `store_failures` says so, runs `select <fail_calc> as failures, ... from (<test sql>) dbt_internal_test`
 * and turns the row into `pass`, `fail` (severity error and error_if true), `warn` (warn_if true) with the
 * failure count. Writes the compiled SQL to `target/compiled/` and what ran to `target/run/`. Never
 * throws: a test whose SQL fails is that test's `error` result.
 */
export async function executeDataTest(node: TestNode, threadId: string, ex: DataTestExecution): Promise<NodeResult> {
  const timer = new NodeTimer();
  const { adapter } = ex;
  let compiled: CompiledNode | undefined;
  try {
    const cfg = buildTestRunConfig(node.config, { storeFailures: ex.storeFailures === true });
    const rc: RunContext = {
      ...ex.runContext,
      isIncremental: false,
      flags: { ...(ex.runContext.flags ?? {}), STORE_FAILURES: cfg.storeFailuresAs !== undefined },
    };
    compiled = await renderNode(node, rc, ex.ephemeralCache ? { ephemeralCache: ex.ephemeralCache } : {});
    ex.files.write(`${ex.rootDir}/${compiled.compiledPath}`, compiled.compiledCode);
    timer.end('compile');

    const limited = buildLimitedSql(stripTrailingSemicolon(compiled.compiledCode), cfg.limit);
    const ran: string[] = [];
    let mainSql = limited;
    let relationName: string | undefined;
    if (cfg.storeFailuresAs) {
      const relation: RelationRef = { database: node.database, schema: node.schema, identifier: node.alias };
      relationName = adapter.dialect.relationName(relation);
      await adapter.ensureSchema({ database: node.database, schema: node.schema });
      const existing = await adapter.getRelation(relation);
      const steps = planStoreFailures(relation, limited, cfg.storeFailuresAs, existing, adapter.dialect, adapter.capabilities);
      for (const step of steps) {
        await adapter.execute(step.sql, { nodeId: node.uniqueId, compiledPath: compiled.compiledPath, ...(step.purpose === 'create' ? { compiledSql: compiled.compiledCode } : {}) });
        ran.push(step.sql);
      }
      if (existing && existing.kind !== cfg.storeFailuresAs) adapter.relations?.delete(relation);
      adapter.relations?.set({ ...relation, kind: cfg.storeFailuresAs });
      mainSql = `select * from ${relationName}`;
    }

    const sql = buildTestSql(mainSql, cfg);
    const res = await adapter.execute(sql, { nodeId: node.uniqueId, compiledPath: compiled.compiledPath, compiledSql: compiled.compiledCode });
    ran.push(sql);
    timer.end('execute');
    ex.files.write(`${ex.rootDir}/${buildRunPath(node, node.packageName, ex.targetPath)}`, ran.join(';\n\n') + ';\n');
    if (res.rows.length !== 1) {
      throw new DatabaseError('database/query-failed', `the test query of ${node.name} returned ${res.rows.length} rows, but one row was expected`, {
        compiledPath: compiled.compiledPath,
        hint: `check fail_calc ('${cfg.failCalc}'): it must be an aggregate such as count(*) or sum(n_records)`,
        nodeId: node.uniqueId,
      });
    }
    const outcome = buildTestOutcome(res.rows[0]!, cfg, { warnError: ex.warnError === true });
    const label = outcome.status === 'pass' ? 'PASS' : `${outcome.status.toUpperCase()} ${outcome.failures}`;
    return {
      kind: 'node-result',
      uniqueId: node.uniqueId,
      status: outcome.status,
      message: outcome.message,
      executionTime: timer.elapsed,
      timing: timer.timing,
      adapterResponse: { message: label, code: 'SELECT', rowsAffected: res.rows.length, ...(res.queryId ? { queryId: res.queryId } : {}) },
      failures: outcome.failures,
      threadId,
      compiledCode: compiled.compiledCode,
      compiledPath: compiled.compiledPath,
      ...(relationName ? { relationName } : {}),
    };
  } catch (err) {
    return errorResult(node, threadId, timer, err, compiled);
  }
}
