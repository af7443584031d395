import { cursorPaginator } from '../paginate/index.js';
import { col, computed, req } from './helpers.js';
import { ANTHROPIC_VERSION } from './claude-code.js';
import type { SourceDescriptor } from './types.js';

/** Claude Enterprise Analytics (source-apis.md §2.7): chat usage per user per day, one day per call. */
export const claudeEnterpriseSource: SourceDescriptor = {
  kind: 'claude_enterprise',
  title: 'Claude Enterprise Analytics',
  partitionColumn: '_tenant',
  credentials: [{ name: 'apiKey', env: 'CLAUDE_ENTERPRISE_ANALYTICS_KEY', required: true }],
  baseUrl: { default: 'https://api.anthropic.com', env: 'CLAUDE_ENTERPRISE_BASE_URL' },
  headers: (c) => ({ 'x-api-key': c.apiKey!, 'anthropic-version': ANTHROPIC_VERSION }),
  streams: [
    {
      name: 'users',
      table: 'claude_enterprise__user_activity',
      description: 'chat metrics per user per day (claude_code_metrics is kept in _raw only)',
      method: 'GET',
      path: '/v1/organizations/analytics/users',
      paginator: cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 1000 }),
      records: 'data',
      request: (ctx) => ({ query: { date: ctx.window?.start ?? ctx.end } }),
      windowDays: 1,
      incremental: { column: 'date', repullDays: 4, initialDays: 30, endOffsetDays: -1, earliest: '2026-01-01' },
      naturalKey: ['date', 'user_id'],
      columns: [
        computed('date', 'date', (r, ctx) => r.date ?? ctx.windowStart, { required: true }),
        req('user_id', 'string', 'user.id'),
        col('user_email', 'string', 'user.email_address'),
        col('distinct_conversation_count', 'bigint', 'chat_metrics.distinct_conversation_count'),
        col('message_count', 'bigint', 'chat_metrics.message_count'),
        col('thinking_message_count', 'bigint', 'chat_metrics.thinking_message_count'),
        col('distinct_projects_used_count', 'bigint', 'chat_metrics.distinct_projects_used_count'),
        col('distinct_files_uploaded_count', 'bigint', 'chat_metrics.distinct_files_uploaded_count'),
        col('distinct_artifacts_created_count', 'bigint', 'chat_metrics.distinct_artifacts_created_count'),
        col('web_search_count', 'bigint'),
        col('last_activity_date', 'date'),
      ],
      fields: ['user', 'chat_metrics', 'web_search_count', 'last_activity_date', 'claude_code_metrics?', 'date?'],
    },
  ],
};
