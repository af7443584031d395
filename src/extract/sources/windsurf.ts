import { nonePaginator } from '../paginate/index.js';
import { col, fanOutKey, req } from './helpers.js';
import type { SourceDescriptor, StreamContext } from './types.js';

/** Items of a custom-query response: `queryResults[].responseItems[].item`. */
function queryItems(body: unknown): unknown[] {
  const results = (body as { queryResults?: unknown } | null)?.queryResults;
  if (!Array.isArray(results)) return [];
  const out: unknown[] = [];
  for (const r of results) {
    const items = (r as { responseItems?: unknown } | null)?.responseItems;
    if (Array.isArray(items)) for (const i of items) out.push((i as { item?: unknown } | null)?.item ?? i);
  }
  return out;
}

/**
 * Rows of a Cascade query. The documented response nests them as
 * `queryResults[].cascadeLines.cascadeLines[]` (camelCase, one level per query); some versions answer
 * `cascade_lines[]` at the top. Both are read.
 */
function cascadeRows(kind: 'cascadeLines' | 'cascadeRuns'): (body: unknown) => unknown[] {
  const snake = kind === 'cascadeLines' ? 'cascade_lines' : 'cascade_runs';
  return (body) => {
    if (body === null || typeof body !== 'object') return [];
    const b = body as Record<string, unknown>;
    const out: unknown[] = [];
    const take = (v: unknown): void => {
      if (Array.isArray(v)) out.push(...v);
      else if (v !== null && typeof v === 'object') {
        const inner = (v as Record<string, unknown>)[kind] ?? (v as Record<string, unknown>)[snake];
        if (Array.isArray(inner)) out.push(...inner);
      }
    };
    if (Array.isArray(b.queryResults)) for (const r of b.queryResults) if (r && typeof r === 'object') take((r as Record<string, unknown>)[kind] ?? (r as Record<string, unknown>)[snake]);
    take(b[kind]);
    take(b[snake]);
    return out;
  };
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function cascadeBody(ctx: StreamContext, query: string): Record<string, unknown> {
  return {
    start_timestamp: rfc3339(ctx.window?.startMs ?? 0),
    end_timestamp: rfc3339(ctx.window?.endExclusiveMs ?? ctx.now),
    emails: [ctx.key],
    query_requests: [{ [query]: {} }],
  };
}

/** Windsurf (Codeium) Analytics API (source-apis.md §2.6): `service_key` in every JSON body. */
export const windsurfSource: SourceDescriptor = {
  kind: 'windsurf',
  title: 'Windsurf',
  partitionColumn: '_tenant',
  credentials: [{ name: 'serviceKey', env: 'WINDSURF_SERVICE_KEY', required: true }],
  baseUrl: { default: 'https://server.codeium.com', env: 'WINDSURF_BASE_URL' },
  settings: [
    { name: 'filterGte', env: 'WINDSURF_FILTER_GTE', default: 'QUERY_FILTER_GE', description: 'spelling of the greater-or-equal filter operator' },
    { name: 'filterLte', env: 'WINDSURF_FILTER_LTE', default: 'QUERY_FILTER_LE', description: 'spelling of the less-or-equal filter operator' },
    { name: 'aggregationSum', env: 'WINDSURF_AGGREGATION_SUM', default: 'QUERY_AGGREGATION_SUM', description: 'spelling of the sum aggregation' },
    { name: 'groupName', env: 'WINDSURF_GROUP_NAME', description: 'restrict the roster to one group' },
  ],
  headers: () => ({}),
  body: (c) => ({ service_key: c.serviceKey }),
  streams: [
    {
      name: 'users',
      table: 'windsurf__users',
      description: 'roster (UserPageAnalytics): email ↔ apiKey',
      method: 'POST',
      path: '/api/v1/UserPageAnalytics',
      paginator: nonePaginator(),
      records: 'userTableStats',
      request: (ctx) => ({ query: {}, body: ctx.settings.groupName ? { group_name: ctx.settings.groupName } : {} }),
      naturalKey: ['email'],
      columns: [
        req('email', 'string'),
        col('name', 'string'),
        col('api_key', 'string', 'apiKey'),
        col('active_days', 'bigint', 'activeDays'),
        col('last_update_time', 'timestamp_tz', 'lastUpdateTime'),
      ],
      fields: ['name', 'email', 'apiKey', 'activeDays', 'lastUpdateTime', 'lastAutocompleteUsageTime?', 'lastChatUsageTime?', 'lastCommandUsageTime?', 'disableCodeium?'],
    },
    {
      name: 'autocomplete',
      table: 'windsurf__autocomplete',
      description: 'autocomplete per api_key per date (Analytics custom query; numbers arrive as strings)',
      method: 'POST',
      path: '/api/v1/Analytics',
      paginator: nonePaginator(),
      records: queryItems,
      request: (ctx) => {
        const sum = ctx.settings.aggregationSum;
        return {
          query: {},
          body: {
            query_requests: [
              {
                data_source: 'QUERY_DATA_SOURCE_USER_DATA',
                selections: [
                  { field: 'api_key', name: 'api_key' },
                  { field: 'date', name: 'date' },
                  { field: 'num_acceptances', name: 'num_acceptances', aggregation_function: sum },
                  { field: 'num_lines_accepted', name: 'num_lines_accepted', aggregation_function: sum },
                  { field: 'num_bytes_accepted', name: 'num_bytes_accepted', aggregation_function: sum },
                ],
                filters: [
                  { name: 'date', filter: ctx.settings.filterGte, value: ctx.window?.start ?? ctx.start },
                  { name: 'date', filter: ctx.settings.filterLte, value: ctx.window?.end ?? ctx.end },
                ],
                aggregations: [
                  { field: 'api_key', name: 'api_key' },
                  { field: 'date', name: 'date' },
                ],
              },
            ],
          },
        };
      },
      incremental: { column: 'date', repullDays: 3, initialDays: 30 },
      naturalKey: ['api_key', 'date'],
      columns: [
        req('api_key', 'string'),
        req('date', 'date'),
        col('num_acceptances', 'bigint'),
        col('num_lines_accepted', 'bigint'),
        col('num_bytes_accepted', 'bigint'),
      ],
      fields: ['api_key', 'date', 'num_acceptances', 'num_lines_accepted', 'num_bytes_accepted', 'language?', 'ide?'],
    },
    {
      name: 'cascade_lines',
      table: 'windsurf__cascade_lines',
      description: 'Cascade lines suggested/accepted per day, one call per roster email',
      method: 'POST',
      path: '/api/v1/CascadeAnalytics',
      paginator: nonePaginator(),
      records: cascadeRows('cascadeLines'),
      request: (ctx) => ({ query: {}, body: cascadeBody(ctx, 'cascade_lines') }),
      fanOut: { from: 'users', column: 'email' },
      incremental: { column: 'day', repullDays: 3, initialDays: 30 },
      naturalKey: ['email', 'day'],
      columns: [fanOutKey('email'), req('day', 'date'), col('lines_suggested', 'bigint', 'linesSuggested'), col('lines_accepted', 'bigint', 'linesAccepted')],
      fields: ['day', 'linesSuggested', 'linesAccepted'],
    },
    {
      name: 'cascade_runs',
      table: 'windsurf__cascade_runs',
      description: 'Cascade messages and credits per day/model/mode, one call per roster email',
      method: 'POST',
      path: '/api/v1/CascadeAnalytics',
      paginator: nonePaginator(),
      records: cascadeRows('cascadeRuns'),
      request: (ctx) => ({ query: {}, body: cascadeBody(ctx, 'cascade_runs') }),
      fanOut: { from: 'users', column: 'email' },
      incremental: { column: 'day', repullDays: 3, initialDays: 30 },
      naturalKey: ['email', 'day', 'model', 'mode', 'cascade_id'],
      columns: [
        fanOutKey('email'),
        req('day', 'date'),
        col('model', 'string'),
        col('mode', 'string'),
        col('cascade_id', 'string', 'cascadeId'),
        col('messages_sent', 'bigint', 'messagesSent'),
        col('prompts_used', 'bigint', 'promptsUsed'),
      ],
      fields: ['day', 'model', 'mode', 'messagesSent', 'promptsUsed', 'cascadeId?'],
    },
  ],
};
