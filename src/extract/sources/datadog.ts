import { nonePaginator, offsetPaginator } from '../paginate/index.js';
import { col, computed, fanOutKey, req } from './helpers.js';
import type { SourceDescriptor } from './types.js';

/** Datadog SLOs (source-apis.md §3): list, then one history snapshot per SLO per day. */
export const datadogSource: SourceDescriptor = {
  kind: 'datadog',
  title: 'Datadog SLOs',
  partitionColumn: '_tenant',
  credentials: [
    { name: 'apiKey', env: 'DD_API_KEY', required: true },
    { name: 'appKey', env: 'DD_APP_KEY', required: true },
  ],
  baseUrl: { default: 'https://api.datadoghq.com', env: 'DATADOG_BASE_URL' },
  settings: [{ name: 'tagsQuery', env: 'DATADOG_SLO_TAGS_QUERY', description: 'tags_query filter for the SLO list' }],
  headers: (c) => ({ 'dd-api-key': c.apiKey!, 'dd-application-key': c.appKey! }),
  resetMode: 'delta',
  streams: [
    {
      name: 'slos',
      table: 'datadog__slos',
      description: 'SLO definitions with thresholds per timeframe',
      method: 'GET',
      path: '/api/v1/slo',
      paginator: offsetPaginator({ offsetParam: 'offset', limitParam: 'limit', limit: 100 }),
      records: 'data',
      request: (ctx) => ({ query: ctx.settings.tagsQuery ? { tags_query: ctx.settings.tagsQuery } : {} }),
      naturalKey: ['id'],
      columns: [
        req('id', 'string'),
        col('name', 'string'),
        col('type', 'string'),
        col('created_at', 'timestamp_tz', 'created_at', { format: 'epoch_s' }),
        col('modified_at', 'timestamp_tz', 'modified_at', { format: 'epoch_s' }),
      ],
      fields: ['id', 'name', 'type', 'type_id', 'thresholds', 'tags', 'created_at', 'modified_at', 'description', 'creator', 'monitor_tags', 'monitor_ids?', 'groups?', 'query?', 'target_threshold?', 'warning_threshold?', 'timeframe?'],
    },
    {
      name: 'slo_history',
      table: 'datadog__slo_history',
      description: 'daily SLO history snapshot (from_ts = day start, to_ts = end of day) per SLO',
      method: 'GET',
      path: '/api/v1/slo/{key}/history',
      paginator: nonePaginator(),
      records: (body) => {
        const data = (body as { data?: unknown } | null)?.data;
        return data !== null && typeof data === 'object' ? [data] : [];
      },
      request: (ctx) => ({
        query: { from_ts: Math.floor(ctx.window!.startMs / 1000), to_ts: Math.floor(ctx.window!.endExclusiveMs / 1000), apply_correction: 'true' },
      }),
      windowDays: 1,
      fanOut: { from: 'slos', column: 'id' },
      incremental: { column: 'snapshot_date', repullDays: 1, initialDays: 30 },
      naturalKey: ['slo_id', 'to_ts'],
      columns: [
        fanOutKey('slo_id'),
        col('from_ts', 'timestamp_tz', 'from_ts', { format: 'epoch_s' }),
        req('to_ts', 'timestamp_tz', 'to_ts', 'epoch_s'),
        computed('snapshot_date', 'date', (_r, ctx) => ctx.windowStart, { required: true }),
        col('type', 'string'),
        col('sli_value', 'double', 'overall.sli_value'),
        col('span_precision', 'double', 'overall.span_precision'),
      ],
      fields: [
        'from_ts',
        'to_ts',
        'type',
        'type_id',
        'slo',
        'thresholds',
        'overall',
        'overall.name',
        'overall.preview',
        'overall.sli_value',
        'overall.span_precision',
        'overall.uptime',
        'overall.precision',
        'overall.corrections',
        'overall.error_budget_remaining',
        'overall.monitor_type?',
        'overall.history?',
        'overall.errors?',
        'groups?',
        'monitors?',
        'series?',
      ],
    },
  ],
};
