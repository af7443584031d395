/**
 * buildDemoEnv: the environment `opp extract` reads (credentials, base URLs, settings — see
 * src/extract/README.md), pointing every source at the fake vendor APIs on 127.0.0.1. Used by the demo
 * (`npm run demo` passes it to the `opp extract` child process) and by the integration tests.
 */
import type { FakeApis } from './fake-apis/index.js';
import type { Dataset } from './generator/index.js';

export function buildDemoEnv(apis: FakeApis, dataset: Dataset): Record<string, string> {
  const k = apis.keys;
  const env: Record<string, string> = {
    INCIDENT_IO_BASE_URL: apis.urls.incidentio,
    LITELLM_BASE_URL: apis.urls.litellm,
    LITELLM_API_KEY: k.litellm.masterKey,
    ANTHROPIC_BASE_URL: apis.urls.claude_code,
    ANTHROPIC_ADMIN_API_KEY: k.claude_code.adminKey,
    OPENAI_BASE_URL: apis.urls.openai,
    OPENAI_ADMIN_API_KEY: k.openai.adminKey,
    GITHUB_API_URL: apis.urls.copilot,
    GITHUB_COPILOT_TOKEN: k.copilot.token,
    GITHUB_COPILOT_ORG: k.copilot.org,
    CURSOR_BASE_URL: apis.urls.cursor,
    CURSOR_ADMIN_API_KEY: k.cursor.apiKey,
    WINDSURF_BASE_URL: apis.urls.windsurf,
    WINDSURF_SERVICE_KEY: k.windsurf.serviceKey,
    CLAUDE_ENTERPRISE_BASE_URL: apis.urls.claude_enterprise,
    CLAUDE_ENTERPRISE_ANALYTICS_KEY: k.claude_enterprise.analyticsKey,
    DATADOG_BASE_URL: apis.urls.datadog,
    DD_API_KEY: k.datadog.apiKey,
    DD_APP_KEY: k.datadog.applicationKey,
  };
  for (const ws of dataset.workspaces) env[`INCIDENT_IO_API_KEY_${ws.name.toUpperCase()}`] = k.incidentio[ws.name]!;
  return env;
}
