import { claudeCodeSource } from './claude-code.js';
import { claudeEnterpriseSource } from './claude-enterprise.js';
import { cursorSource } from './cursor.js';
import { datadogSource } from './datadog.js';
import { githubCopilotSource } from './github-copilot.js';
import { incidentIoSource } from './incident-io.js';
import { litellmSource } from './litellm.js';
import { openaiSource } from './openai.js';
import { windsurfSource } from './windsurf.js';
import type { SourceDescriptor, SourceInstanceConfig } from './types.js';

/**
 * Every source descriptor opp knows. An eighth AI tool is one descriptor file plus one entry here and
 * one in `EXTRACT_INSTANCES`.
 */
export const SOURCE_DESCRIPTORS: readonly SourceDescriptor[] = [
  incidentIoSource,
  litellmSource,
  claudeCodeSource,
  openaiSource,
  githubCopilotSource,
  cursorSource,
  windsurfSource,
  claudeEnterpriseSource,
  datadogSource,
];

/**
 * The configured instances: `<kind>.<name>` is what `opp extract --source` selects. A fourth incident.io
 * workspace is one line: `{ kind: 'incident_io', name: 'companyd' }` (its key is read from
 * `INCIDENT_IO_API_KEY_COMPANYD`; pass `env: { apiKey: 'OTHER_VAR' }` to read another variable).
 */
export const EXTRACT_INSTANCES: readonly SourceInstanceConfig[] = [
  { kind: 'incident_io', name: 'companya' },
  { kind: 'incident_io', name: 'companyb' },
  { kind: 'incident_io', name: 'companyc' },
  { kind: 'litellm', name: 'default' },
  { kind: 'claude_code', name: 'default' },
  { kind: 'openai', name: 'default' },
  { kind: 'github_copilot', name: 'default' },
  { kind: 'cursor', name: 'default' },
  { kind: 'windsurf', name: 'default' },
  { kind: 'claude_enterprise', name: 'default' },
  { kind: 'datadog', name: 'default' },
];

export function findDescriptor(kind: string, descriptors: readonly SourceDescriptor[] = SOURCE_DESCRIPTORS): SourceDescriptor | undefined {
  return descriptors.find((d) => d.kind === kind);
}
