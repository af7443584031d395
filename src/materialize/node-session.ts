import type { Adapter, ExecOptions } from '../adapters/index.js';

/**
 * Runs `fn` with the node's session settings in place (`dialect.nodeSession`: Snowflake's `use warehouse`
 * for `snowflake_warehouse`, `alter session set query_tag` for `query_tag`) and puts the target's back
 * afterwards, also when `fn` failed. Call it inside `adapter.withSession` so everything shares the
 * session whose settings change. Without settings to change, just `fn()`.
 */
export async function runInNodeSession<T>(
  adapter: Adapter,
  config: Readonly<Record<string, unknown>>,
  exec: ExecOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const settings = adapter.dialect.nodeSession?.(config);
  if (!settings || (settings.before.length === 0 && settings.after.length === 0)) return fn();
  await adapter.executePlan(settings.before, exec);
  let failure: unknown;
  let result: T | undefined;
  try {
    result = await fn();
  } catch (err) {
    failure = err;
  }
  try {
    const { signal: _cancelled, ...restore } = exec; // the restore runs even after Ctrl-C aborted the node
    await adapter.executePlan(settings.after, restore);
  } catch (err) {
    failure ??= err;
  }
  if (failure !== undefined) throw failure;
  return result as T;
}
