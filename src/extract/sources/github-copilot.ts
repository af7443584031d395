import { ExtractError } from '../../errors/index.js';
import { InvalidRecord } from '../contract/index.js';
import { buildUrl } from '../http/index.js';
import { pageNumberPaginator, nonePaginator } from '../paginate/index.js';
import { col, fillPath, req } from './helpers.js';
import type { FetchContext, FetchedRecords, SourceDescriptor } from './types.js';

const REPORT_PATH = '/orgs/{org}/copilot/metrics/reports/users-1-day';
/** NDJSON lines handed on per chunk: small enough to keep memory flat, large enough to batch. */
const CHUNK = 1000;
/** Times a day's report is re-requested when its signed links expire mid-download. */
const MAX_LINK_REFRESHES = 3;

function readLinks(body: unknown): string[] {
  const links = body !== null && typeof body === 'object' ? (body as { download_links?: unknown }).download_links : undefined;
  return Array.isArray(links) ? links.filter((l): l is string => typeof l === 'string') : [];
}

/**
 * Copilot's two-step report: ask for the day's report, then stream each signed NDJSON link line by
 * line. A 404 for the day means no report (nothing before late 2025; incomplete days). Expired links
 * (403/404/410 on the download) re-request the report and resume after the lines already read.
 */
export async function* fetchCopilotDay(ctx: FetchContext): AsyncGenerator<FetchedRecords> {
  const day = ctx.window?.start ?? ctx.end;
  const endpoint = `GET ${REPORT_PATH}`;
  const reportUrl = buildUrl(ctx.baseUrl, fillPath(REPORT_PATH, { org: ctx.settings.org }), { day });
  const done: number[] = [];
  for (let refresh = 0; ; refresh++) {
    const report = await ctx.http.requestJson({ method: 'GET', url: reportUrl, endpoint }, [404]);
    if (report.status === 404) return;
    const links = readLinks(report.body);
    try {
      for (let i = 0; i < links.length; i++) {
        let skip = done[i] ?? 0;
        let chunk: unknown[] = [];
        let read = 0;
        for await (const item of ctx.http.requestNdjson({ method: 'GET', url: links[i]!, endpoint: 'GET <copilot report download>', noAuth: true })) {
          read++;
          if (read <= skip) continue;
          chunk.push('value' in item ? item.value : new InvalidRecord(item.invalid, 'the NDJSON line is not valid JSON'));
          if (chunk.length >= CHUNK) {
            yield { records: chunk };
            done[i] = read;
            skip = read;
            chunk = [];
          }
        }
        if (chunk.length > 0) yield { records: chunk };
        done[i] = read;
      }
      return;
    } catch (err) {
      const expired = err instanceof ExtractError && err.status !== undefined && [403, 404, 410].includes(err.status);
      if (!expired || refresh >= MAX_LINK_REFRESHES) throw err;
    }
  }
}

/** GitHub Copilot usage metrics (source-apis.md §2.4). */
export const githubCopilotSource: SourceDescriptor = {
  kind: 'github_copilot',
  title: 'GitHub Copilot',
  partitionColumn: '_tenant',
  credentials: [{ name: 'token', env: 'GITHUB_COPILOT_TOKEN', required: true }],
  baseUrl: { default: 'https://api.github.com', env: 'GITHUB_API_URL' },
  settings: [{ name: 'org', env: 'GITHUB_COPILOT_ORG', required: true, description: 'the GitHub organization whose Copilot metrics are read' }],
  headers: (c) => ({ authorization: `Bearer ${c.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' }),
  resetMode: 'epoch',
  streams: [
    {
      name: 'seats',
      table: 'github_copilot__seats',
      description: 'Copilot seat roster (assignee login → seat)',
      method: 'GET',
      path: '/orgs/{org}/copilot/billing/seats',
      paginator: pageNumberPaginator({ pageParam: 'page', sizeParam: 'per_page', size: 100, totalPath: 'total_seats' }),
      records: 'seats',
      naturalKey: ['assignee_login'],
      columns: [
        req('assignee_login', 'string', 'assignee.login'),
        col('assignee_id', 'bigint', 'assignee.id'),
        col('assignee_type', 'string', 'assignee.type'),
        col('plan_type', 'string'),
        col('created_at', 'timestamp_tz'),
        col('updated_at', 'timestamp_tz'),
        col('last_activity_at', 'timestamp_tz'),
        col('last_activity_editor', 'string'),
        col('pending_cancellation_date', 'date'),
      ],
      fields: ['assignee', 'created_at', 'updated_at', 'pending_cancellation_date', 'last_activity_at', 'last_activity_editor', 'plan_type', 'assigning_team?', 'last_authenticated_at?'],
    },
    {
      name: 'user_metrics',
      table: 'github_copilot__user_metrics',
      description: 'users-1-day report, one NDJSON line per user per day',
      method: 'GET',
      path: REPORT_PATH,
      paginator: nonePaginator(),
      fetch: fetchCopilotDay,
      windowDays: 1,
      incremental: { column: 'day', repullDays: 7, initialDays: 28, endOffsetDays: -1 },
      naturalKey: ['day', 'user_id'],
      columns: [
        req('day', 'date'),
        req('user_id', 'bigint'),
        col('user_login', 'string'),
        col('organization_id', 'string'),
        col('enterprise_id', 'string'),
        col('user_initiated_interaction_count', 'bigint'),
        col('code_generation_activity_count', 'bigint'),
        col('code_acceptance_activity_count', 'bigint'),
        col('loc_suggested_to_add_sum', 'bigint'),
        col('loc_suggested_to_delete_sum', 'bigint'),
        col('loc_added_sum', 'bigint'),
        col('loc_deleted_sum', 'bigint'),
        col('used_chat', 'boolean'),
        col('used_agent', 'boolean'),
        col('used_cli', 'boolean'),
      ],
      fields: [
        'day',
        'organization_id?',
        'enterprise_id?',
        'user_id',
        'user_login',
        'user_initiated_interaction_count',
        'code_generation_activity_count',
        'code_acceptance_activity_count',
        'loc_suggested_to_add_sum',
        'loc_suggested_to_delete_sum',
        'loc_added_sum',
        'loc_deleted_sum',
        'used_chat',
        'used_agent',
        'used_cli',
        'totals_by_ide',
        'totals_by_feature',
        'totals_by_language_feature',
        'totals_by_language_model?',
        'totals_by_model_feature',
        'totals_by_cli?',
      ],
    },
  ],
};
