/**
 * startFakeApis: one real HTTP server per vendor on 127.0.0.1 (ephemeral ports), serving the data
 * set the way each vendor's API does. Workspaces share the incident.io server (told apart by key);
 * Claude Code and Claude Enterprise share the Anthropic server; Copilot report files come from a
 * separate "blob storage" host behind signed, expiring URLs.
 */
import { buildKeys } from './credentials.js';
import { FaultController } from './faults.js';
import { createAnthropicVendor } from './anthropic.js';
import { createCursorVendor } from './cursor.js';
import { createDatadogVendor } from './datadog.js';
import { createGithubVendors } from './github.js';
import { createIncidentIoVendor } from './incidentio.js';
import { createLiteLLMVendor } from './litellm.js';
import { createOpenAIVendor } from './openai.js';
import { createWindsurfVendor } from './windsurf.js';
import { RateLimiter } from './rate-limiter.js';
import { type SharedState, createRequestIds } from './shared-state.js';
import type { FakeApis, FakeApisOptions, FaultPlan, RouteStats, SourceName } from './types.js';
import { type RunningServer, type VendorDef, startVendorServer } from './vendor-server.js';
import { hashInts } from '../generator/index.js';

export async function startFakeApis(opts: FakeApisOptions): Promise<FakeApis> {
  const host = opts.host ?? '127.0.0.1';
  const now = opts.now ?? Date.now;
  const stats = new Map<string, RouteStats>();
  const state: SharedState = {
    dataset: opts.dataset,
    revision: Math.max(0, opts.revision ?? 0),
    now,
    faults: new FaultController(opts.faults ?? []),
    limiter: new RateLimiter(opts.rateLimits, now),
    stats,
    keys: buildKeys(opts.dataset),
    signingSecret: `sig-${hashInts(opts.dataset.seed, 0x5167).toString(16)}`,
    options: opts,
    copilotDownloadBase: '',
    nextRequestId: createRequestIds(opts.dataset.seed),
  };

  const github = createGithubVendors(state);
  const vendors: Record<string, VendorDef> = {
    incidentio: createIncidentIoVendor(state),
    litellm: createLiteLLMVendor(state),
    anthropic: createAnthropicVendor(state),
    openai: createOpenAIVendor(state),
    github: github.api,
    'copilot-blobs': github.blobs,
    cursor: createCursorVendor(state),
    windsurf: createWindsurfVendor(state),
    datadog: createDatadogVendor(state),
  };
  const running: Record<string, RunningServer> = {};
  try {
    for (const [name, vendor] of Object.entries(vendors)) running[name] = await startVendorServer(vendor, state, host);
    state.copilotDownloadBase = running['copilot-blobs']?.url ?? '';
  } catch (err) {
    await Promise.all(Object.values(running).map((s) => s.close()));
    throw err;
  }
  const url = (name: string): string => running[name]?.url ?? '';
  const urls: Record<SourceName, string> = {
    incidentio: url('incidentio'),
    litellm: url('litellm'),
    claude_code: url('anthropic'),
    openai: url('openai'),
    copilot: url('github'),
    cursor: url('cursor'),
    windsurf: url('windsurf'),
    claude_enterprise: url('anthropic'),
    datadog: url('datadog'),
  };

  return {
    urls,
    keys: state.keys,
    stats: () => Object.fromEntries([...stats].map(([k, v]) => [k, { requests: v.requests, statuses: { ...v.statuses } }])),
    resetStats: () => stats.clear(),
    setFaults: (plan: FaultPlan) => state.faults.set(plan),
    advance(revision: number) {
      if (!Number.isInteger(revision) || revision < 0) throw new RangeError(`revision must be a non-negative integer, got ${revision}`);
      state.revision = revision;
    },
    get revision() {
      return state.revision;
    },
    close: async () => {
      await Promise.all(Object.values(running).map((s) => s.close()));
    },
  };
}
