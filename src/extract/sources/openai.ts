import { cursorPaginator } from '../paginate/index.js';
import type { JsonRecord } from '../contract/index.js';
import { col, req } from './helpers.js';
import type { SourceDescriptor } from './types.js';

/** OpenAI organization usage (source-apis.md §2.3). */
export const openaiSource: SourceDescriptor = {
  kind: 'openai',
  title: 'OpenAI usage',
  partitionColumn: '_tenant',
  credentials: [{ name: 'apiKey', env: 'OPENAI_ADMIN_API_KEY', required: true }],
  baseUrl: { default: 'https://api.openai.com', env: 'OPENAI_BASE_URL' },
  headers: (c) => ({ authorization: `Bearer ${c.apiKey}` }),
  streams: [
    {
      name: 'users',
      table: 'openai__users',
      description: 'organization members {id, email, name, role, added_at, is_service_account}',
      method: 'GET',
      path: '/v1/organization/users',
      paginator: cursorPaginator({ param: 'after', cursorPath: 'last_id', hasMorePath: 'has_more', sizeParam: 'limit', size: 100 }),
      records: 'data',
      naturalKey: ['id'],
      columns: [
        req('id', 'string'),
        col('email', 'string'),
        col('name', 'string'),
        col('role', 'string'),
        col('added_at', 'timestamp_tz', 'added_at', { format: 'epoch_s' }),
        col('is_service_account', 'boolean'),
      ],
      fields: ['object', 'id', 'email', 'name', 'role', 'added_at', 'is_service_account'],
    },
    {
      name: 'usage_completions',
      table: 'openai__usage_completions',
      description: 'daily buckets grouped by user_id and model; one record per bucket result (bucket bounds added)',
      method: 'GET',
      path: '/v1/organization/usage/completions',
      paginator: cursorPaginator({ param: 'page', cursorPath: 'next_page', hasMorePath: 'has_more', sizeParam: 'limit', size: 31, stopOnEmpty: false }),
      records: 'data',
      request: (ctx) => ({
        query: {
          start_time: Math.floor((ctx.window?.startMs ?? 0) / 1000),
          end_time: Math.floor((ctx.window?.endExclusiveMs ?? ctx.now) / 1000),
          bucket_width: '1d',
          group_by: ['user_id', 'model'],
        },
      }),
      flatten: function* (bucket: JsonRecord) {
        const results = Array.isArray(bucket.results) ? bucket.results : [];
        for (const r of results) {
          yield r !== null && typeof r === 'object' ? { ...(r as JsonRecord), start_time: bucket.start_time, end_time: bucket.end_time } : r;
        }
      },
      incremental: { column: 'bucket_date', repullDays: 3, initialDays: 30 },
      naturalKey: ['start_time', 'user_id', 'model', 'project_id', 'api_key_id'],
      columns: [
        req('start_time', 'timestamp_tz', 'start_time', 'epoch_s'),
        col('end_time', 'timestamp_tz', 'end_time', { format: 'epoch_s' }),
        req('bucket_date', 'date', 'start_time', 'epoch_s'),
        col('user_id', 'string'),
        col('model', 'string'),
        col('project_id', 'string'),
        col('api_key_id', 'string'),
        col('batch', 'boolean'),
        col('input_tokens', 'bigint'),
        col('input_cached_tokens', 'bigint'),
        col('output_tokens', 'bigint'),
        col('input_audio_tokens', 'bigint'),
        col('output_audio_tokens', 'bigint'),
        col('num_model_requests', 'bigint'),
      ],
      fields: [
        'object',
        'start_time',
        'end_time',
        'user_id',
        'model',
        'project_id',
        'api_key_id',
        'batch',
        'input_tokens',
        'input_cached_tokens',
        'output_tokens',
        'input_audio_tokens',
        'output_audio_tokens',
        'num_model_requests',
      ],
    },
  ],
};
