/**
 * Schema drift: from a given day (generator option) or on demand (fault plan), records of each source
 * gain a field the extractor has never seen and lose an optional one. One definition per source so
 * the generator and the fake servers drift the same way.
 */

export type DriftSource =
  | 'incidentio'
  | 'litellm'
  | 'claude_code'
  | 'openai'
  | 'copilot'
  | 'cursor'
  | 'windsurf'
  | 'claude_enterprise'
  | 'datadog';

export interface DriftDefinition {
  /** Field added to each record (dotted path for nested objects). */
  readonly added: string;
  /** Optional field removed from each record. */
  readonly removed: string;
}

export const DRIFT: Readonly<Record<DriftSource, DriftDefinition>> = {
  incidentio: { added: 'postmortem_document_url', removed: 'summary' },
  litellm: { added: 'metrics.tool_call_requests', removed: 'metrics.cache_creation_input_tokens' },
  claude_code: { added: 'subscription_type', removed: 'terminal_type' },
  openai: { added: 'service_tier', removed: 'input_audio_tokens' },
  copilot: { added: 'used_copilot_coding_agent', removed: 'totals_by_language_feature' },
  cursor: { added: 'backgroundAgentRequests', removed: 'clientVersion' },
  windsurf: { added: 'teamStatus', removed: 'lastUpdateTime' },
  claude_enterprise: { added: 'cowork_metrics', removed: 'web_search_count' },
  datadog: { added: 'overall.raw_error_budget_remaining', removed: 'overall.uptime' },
};

function addedValue(source: DriftSource, record: Record<string, unknown>): unknown {
  switch (source) {
    case 'incidentio':
      return typeof record['reference'] === 'string' ? `https://docs.example.test/postmortems/${record['reference']}` : null;
    case 'litellm':
      return 0;
    case 'claude_code':
      return 'enterprise';
    case 'openai':
      return 'default';
    case 'copilot':
      return false;
    case 'cursor':
      return 0;
    case 'windsurf':
      return 'TEAM_STATUS_APPROVED';
    case 'claude_enterprise':
      return { session_count: 0, message_count: 0 };
    case 'datadog':
      return { value: 0, unit: 'minute' };
  }
}

function parentOf(record: Record<string, unknown>, path: string): [Record<string, unknown> | undefined, string] {
  const parts = path.split('.');
  let node: unknown = record;
  for (const part of parts.slice(0, -1)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  }
  const leaf = parts[parts.length - 1] as string;
  return [node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined, leaf];
}

/** Applies the source's drift to one record in place and returns it. */
export function applyDrift<T>(source: DriftSource, record: T): T {
  const rec = record as unknown as Record<string, unknown>;
  const def = DRIFT[source];
  const [removeParent, removeLeaf] = parentOf(rec, def.removed);
  if (removeParent) delete removeParent[removeLeaf];
  const [addParent, addLeaf] = parentOf(rec, def.added);
  if (addParent && !(addLeaf in addParent)) addParent[addLeaf] = addedValue(source, rec);
  return record;
}
