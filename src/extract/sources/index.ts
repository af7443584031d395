export { SOURCE_DESCRIPTORS, EXTRACT_INSTANCES, findDescriptor } from './registry.js';
export { incidentIoSource } from './incident-io.js';
export { litellmSource } from './litellm.js';
export { claudeCodeSource } from './claude-code.js';
export { openaiSource } from './openai.js';
export { githubCopilotSource, fetchCopilotDay } from './github-copilot.js';
export { cursorSource } from './cursor.js';
export { windsurfSource } from './windsurf.js';
export { claudeEnterpriseSource } from './claude-enterprise.js';
export { datadogSource } from './datadog.js';
export { col, computed, deepSum, fanOutKey, fillPath, listSetting, recordsAt, req } from './helpers.js';
export type {
  CredentialSpec,
  FanOutSpec,
  FetchContext,
  FetchedRecords,
  IncrementalSpec,
  SettingSpec,
  SourceDescriptor,
  SourceInstanceConfig,
  StreamContext,
  StreamDescriptor,
} from './types.js';
