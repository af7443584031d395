/** Deterministic credentials per data set (the extractors must send exactly these). */
import type { Dataset } from '../generator/index.js';
import { hashInts, hashString } from '../generator/index.js';
import type { FakeApiKeys } from './types.js';

function hex(seed: number, salt: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += hashInts(seed, hashString(salt), i).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

export function buildKeys(dataset: Dataset): FakeApiKeys {
  const s = dataset.seed;
  const incidentio: Record<string, string> = {};
  for (const ws of dataset.workspaces) incidentio[ws.name] = hex(s, `incidentio:${ws.name}`, 40);
  const holders = dataset.tools.litellm.holders(dataset.days - 1, true);
  const userJ = holders[0] ?? 0;
  return {
    incidentio,
    litellm: { masterKey: `sk-${hex(s, 'litellm-master', 22)}`, userKey: `sk-${hex(s, 'litellm-user', 22)}`, userKeyUserId: dataset.usage.litellm.userId(userJ) },
    claude_code: { adminKey: `sk-ant-admin01-${hex(s, 'anthropic-admin', 40)}`, anthropicVersion: '2023-06-01' },
    openai: { adminKey: `sk-admin-${hex(s, 'openai-admin', 40)}` },
    copilot: { token: `ghp_${hex(s, 'github', 36)}`, org: dataset.githubOrg, enterprise: dataset.usage.copilot.enterprise, apiVersion: '2022-11-28' },
    cursor: { apiKey: `key_${hex(s, 'cursor', 48)}` },
    windsurf: { serviceKey: hex(s, 'windsurf', 36) },
    claude_enterprise: { analyticsKey: `sk-ant-api01-${hex(s, 'anthropic-analytics', 40)}`, anthropicVersion: '2023-06-01' },
    datadog: { apiKey: hex(s, 'dd-api', 32), applicationKey: hex(s, 'dd-app', 40) },
  };
}
