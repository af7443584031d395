/**
 * Test helper for the fake vendor APIs: re-exports the servers and the generator, starts a small data
 * set by default, and builds each vendor's auth headers.
 */
import { type Dataset, type DatasetOptions, generateDataset } from '../../src/demo/generator/index.js';
import { type FakeApis, type FakeApisOptions, type SourceName, startFakeApis } from '../../src/demo/fake-apis/index.js';

export { generateDataset } from '../../src/demo/generator/index.js';
export type { Dataset, DatasetOptions } from '../../src/demo/generator/index.js';
export { SOURCE_NAMES, startDemoApis, startFakeApis } from '../../src/demo/fake-apis/index.js';
export type { FakeApiKeys, FakeApis, FaultPlan, FaultRule, SourceName } from '../../src/demo/fake-apis/index.js';

/** A small, fast data set: 60 engineers, 30 days ending 2026-03-31, ~5 incidents/day in companya. */
export const SMALL_DATASET: DatasetOptions = { seed: 1, engineers: 60, incidentsPerDay: 5, days: 30, endDate: '2026-03-31' };

export interface TestApis {
  readonly apis: FakeApis;
  readonly dataset: Dataset;
  /** Auth headers for a source (incident.io: pass the workspace). */
  headers(source: SourceName, workspace?: string): Record<string, string>;
  close(): Promise<void>;
}

export async function startTestApis(
  dataset: Partial<DatasetOptions> = {},
  options: Omit<FakeApisOptions, 'dataset'> = {},
): Promise<TestApis> {
  const ds = generateDataset({ ...SMALL_DATASET, ...dataset });
  const apis = await startFakeApis({ ...options, dataset: ds });
  return { apis, dataset: ds, headers: (source, workspace) => authHeaders(apis, source, workspace), close: () => apis.close() };
}

/** The headers each vendor expects (Windsurf's key goes in the body: see windsurfBody). */
export function authHeaders(apis: FakeApis, source: SourceName, workspace = 'companya'): Record<string, string> {
  const k = apis.keys;
  switch (source) {
    case 'incidentio':
      return { authorization: `Bearer ${k.incidentio[workspace] ?? ''}` };
    case 'litellm':
      return { authorization: `Bearer ${k.litellm.masterKey}` };
    case 'claude_code':
      return { 'x-api-key': k.claude_code.adminKey, 'anthropic-version': k.claude_code.anthropicVersion };
    case 'claude_enterprise':
      return { 'x-api-key': k.claude_enterprise.analyticsKey, 'anthropic-version': k.claude_enterprise.anthropicVersion };
    case 'openai':
      return { authorization: `Bearer ${k.openai.adminKey}` };
    case 'copilot':
      return { authorization: `Bearer ${k.copilot.token}`, accept: 'application/vnd.github+json', 'x-github-api-version': k.copilot.apiVersion };
    case 'cursor':
      return { authorization: `Basic ${Buffer.from(`${k.cursor.apiKey}:`).toString('base64')}`, 'content-type': 'application/json' };
    case 'windsurf':
      return { 'content-type': 'application/json' };
    case 'datadog':
      return { 'dd-api-key': k.datadog.apiKey, 'dd-application-key': k.datadog.applicationKey };
  }
}

/** A Windsurf request body with the service key. */
export function windsurfBody(apis: FakeApis, body: Record<string, unknown> = {}): string {
  return JSON.stringify({ service_key: apis.keys.windsurf.serviceKey, ...body });
}
