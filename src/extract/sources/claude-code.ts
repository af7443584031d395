import { cursorPaginator } from '../paginate/index.js';
import type { JsonRecord } from '../contract/index.js';
import { col, computed, deepSum, req } from './helpers.js';
import type { SourceDescriptor } from './types.js';

export const ANTHROPIC_VERSION = '2023-06-01';

function actorKey(r: JsonRecord): string {
  const a = (r.actor ?? {}) as Record<string, unknown>;
  return JSON.stringify([r.date, a.type, a.email_address ?? a.api_key_name]);
}

function joinDistinct(a: unknown, b: unknown): unknown {
  if (a === b || b === undefined || b === null) return a;
  if (a === undefined || a === null) return b;
  return [...new Set([...String(a).split(','), ...String(b).split(',')])].sort().join(',');
}

/**
 * Two records of one actor on one day (the API splits by terminal type) summed into one: counters
 * added, `model_breakdown` merged by model, differing `terminal_type`/`customer_type` listed.
 */
export function mergeClaudeCodeRecords(a: JsonRecord, b: JsonRecord): JsonRecord {
  const out = deepSum(a, b) as Record<string, unknown>;
  out.terminal_type = joinDistinct(a.terminal_type, b.terminal_type);
  out.customer_type = joinDistinct(a.customer_type, b.customer_type);
  const byModel = new Map<string, unknown>();
  for (const list of [a.model_breakdown, b.model_breakdown]) {
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      const name = String((m as Record<string, unknown> | null)?.model ?? '');
      byModel.set(name, byModel.has(name) ? deepSum(byModel.get(name), m) : m);
    }
  }
  if (byModel.size > 0) out.model_breakdown = [...byModel.values()];
  return out;
}

/** Claude Code Analytics, Anthropic Admin API (source-apis.md §2.2): one UTC day per call. */
export const claudeCodeSource: SourceDescriptor = {
  kind: 'claude_code',
  title: 'Claude Code Analytics',
  partitionColumn: '_tenant',
  credentials: [{ name: 'apiKey', env: 'ANTHROPIC_ADMIN_API_KEY', required: true }],
  baseUrl: { default: 'https://api.anthropic.com', env: 'ANTHROPIC_BASE_URL' },
  headers: (c) => ({ 'x-api-key': c.apiKey!, 'anthropic-version': ANTHROPIC_VERSION }),
  streams: [
    {
      name: 'usage',
      table: 'claude_code__usage_report',
      description: 'one record per actor per day; records the API splits (terminal types) are summed',
      method: 'GET',
      path: '/v1/organizations/usage_report/claude_code',
      paginator: cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 1000 }),
      records: 'data',
      request: (ctx) => ({ query: { starting_at: ctx.window?.start ?? ctx.end } }),
      windowDays: 1,
      incremental: { column: 'date', repullDays: 3, initialDays: 30 },
      aggregate: { key: actorKey, merge: mergeClaudeCodeRecords },
      naturalKey: ['date', 'actor_type', 'actor_id'],
      columns: [
        req('date', 'date', 'date', 'iso'),
        req('actor_type', 'string', 'actor.type'),
        computed('actor_id', 'string', (r) => {
          const a = r.actor as Record<string, unknown> | undefined;
          return a?.email_address ?? a?.api_key_name;
        }, { required: true }),
        col('actor_email', 'string', 'actor.email_address'),
        col('actor_api_key_name', 'string', 'actor.api_key_name'),
        col('organization_id', 'string'),
        col('customer_type', 'string'),
        col('terminal_type', 'string'),
        col('num_sessions', 'bigint', 'core_metrics.num_sessions'),
        col('lines_added', 'bigint', 'core_metrics.lines_of_code.added'),
        col('lines_removed', 'bigint', 'core_metrics.lines_of_code.removed'),
        col('commits_by_claude_code', 'bigint', 'core_metrics.commits_by_claude_code'),
        col('pull_requests_by_claude_code', 'bigint', 'core_metrics.pull_requests_by_claude_code'),
      ],
      fields: ['date', 'actor', 'organization_id', 'customer_type', 'terminal_type', 'core_metrics', 'tool_actions', 'model_breakdown'],
    },
  ],
};
