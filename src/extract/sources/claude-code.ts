import { cursorPaginator } from '../paginate/index.js';
import { col, computed, req } from './helpers.js';
import type { SourceDescriptor } from './types.js';

export const ANTHROPIC_VERSION = '2023-06-01';

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
      description: 'one record per actor per day (per terminal type when an actor used several)',
      method: 'GET',
      path: '/v1/organizations/usage_report/claude_code',
      paginator: cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 1000 }),
      records: 'data',
      request: (ctx) => ({ query: { starting_at: ctx.window?.start ?? ctx.end } }),
      windowDays: 1,
      incremental: { column: 'date', repullDays: 3, initialDays: 30 },
      naturalKey: ['date', 'actor_type', 'actor_id', 'terminal_type', 'customer_type'],
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
