import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../../../src/errors/index.js';
import { SOURCE_DESCRIPTORS } from '../../../src/extract/index.js';
import type { SourceDescriptor } from '../../../src/extract/index.js';
import { apiIncidents, expectedFirstRun } from './expected.js';
import { startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

/** incident.io with a stricter contract: `summary` required (some incidents have none). */
function strictIncidents(): SourceDescriptor[] {
  return SOURCE_DESCRIPTORS.map((d) =>
    d.kind !== 'incident_io'
      ? d
      : {
          ...d,
          streams: d.streams.map((s) =>
            s.name !== 'incidents' ? s : { ...s, columns: s.columns.map((c) => (c.name === 'summary' ? { ...c, required: true } : c)) },
          ),
        },
  );
}

describe('schema contract', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    clearSecrets();
  });

  it('keeps rows that break the contract in raw._rejects with the reason, never as good rows, once', async () => {
    h = await startHarness();
    const res = await h.run({ sources: ['incident_io.companya'], descriptors: strictIncidents() });
    expect(res.results[0]!.status).toBe('success');
    const api = apiIncidents(h.dataset, 'companya');
    const bad = [...api.values()].filter((r) => r['summary'] === undefined || r['summary'] === null);
    expect(bad.length).toBeGreaterThan(0);
    const stream = res.results[0]!.streams.find((s) => s.stream === 'incident_io.incidents')!;
    expect(stream.rejected).toBe(bad.length);
    expect(stream.recordsLoaded).toBe(api.size - bad.length);
    expect(await h.count('incident_io__incidents')).toBe(api.size - bad.length);

    const rejects = await h.rows(`select source, stream, raw_table, workspace, record, reason, rejected_at, run_id from raw._rejects order by 1`);
    expect(rejects).toHaveLength(bad.length);
    const badById = new Map(bad.map((r) => [String(r['id']), r]));
    for (const r of rejects) {
      expect(r).toMatchObject({ source: 'incident_io', stream: 'incidents', raw_table: 'incident_io__incidents', workspace: 'companya', reason: "missing required field 'summary'", run_id: res.runId });
      expect(r['rejected_at']).toBeTruthy();
      const record = JSON.parse(String(r['record'])) as Record<string, unknown>;
      expect(record).toEqual(badById.get(String(record['id'])));
    }
    const leaked = await h.rows(`select count(*) as n from raw.incident_io__incidents where summary is null`);
    expect(Number(leaked[0]!['n'])).toBe(0);

    // A full re-run rejects the same records again but keeps one row per rejected record.
    const again = await h.run({ sources: ['incident_io.companya'], descriptors: strictIncidents(), fullRefresh: true });
    expect(again.results[0]!.rejected).toBe(bad.length);
    expect(await h.count('_rejects')).toBe(bad.length);
    const batchEvents = h.events.filter((e) => e.type === 'batch' && e.stream === 'incident_io.incidents' && e.rejected > 0);
    expect(batchEvents.length).toBeGreaterThan(0);
  });

  it('logs schema drift once per stream and run, with the field names, and still loads the records', async () => {
    h = await startHarness({ faults: [{ kind: 'schema-drift', times: Infinity }] });
    const res = await h.run();
    expect(res.error).toBe(0);
    const drift = h.events.filter((e) => e.type === 'drift');
    const by = new Map<string, { added: readonly string[]; missing: readonly string[] }>();
    for (const e of drift) {
      const key = `${e.source}:${e.stream}`;
      expect(by.has(key)).toBe(false); // once per stream and partition
      by.set(key, { added: e.added, missing: e.missing });
    }
    expect(by.get('incident_io.companya:incident_io.incidents')).toEqual({ added: ['postmortem_document_url'], missing: [] });
    expect(by.get('litellm.default:litellm.daily_activity')).toEqual({ added: ['metrics.tool_call_requests'], missing: ['metrics.cache_creation_input_tokens'] });
    expect(by.get('claude_code.default:claude_code.usage')).toEqual({ added: ['subscription_type'], missing: ['terminal_type'] });
    expect(by.get('openai.default:openai.usage_completions')).toEqual({ added: ['service_tier'], missing: ['input_audio_tokens'] });
    expect(by.get('github_copilot.default:github_copilot.user_metrics')).toEqual({ added: ['used_copilot_coding_agent'], missing: ['totals_by_language_feature'] });
    expect(by.get('cursor.default:cursor.daily_usage')!.added).toEqual(['backgroundAgentRequests']);
    expect(by.get('windsurf.default:windsurf.users')).toEqual({ added: ['teamStatus'], missing: ['lastUpdateTime'] });
    expect(by.get('claude_enterprise.default:claude_enterprise.users')).toEqual({ added: ['cowork_metrics'], missing: ['web_search_count'] });
    expect(by.get('datadog.default:datadog.slo_history')).toEqual({ added: ['overall.raw_error_budget_remaining'], missing: ['overall.uptime'] });
    // The stream results carry the same report, and nothing was rejected for drift.
    const cc = res.results.find((r) => r.source === 'claude_code.default')!.streams[0]!;
    expect(cc.drift).toEqual({ added: ['subscription_type'], missing: ['terminal_type'] });
    expect(await h.count('_rejects')).toBe(0);
    const expected = expectedFirstRun(h.dataset, h.clock.now());
    expect(await h.count('claude_code__usage_report')).toBe(expected.tools['claude_code__usage_report']);
    expect(await h.count('windsurf__users')).toBe(expected.tools['windsurf__users']);
  });

  it('never writes a credential: not in events, results, errors, RAW rows or the database file', async () => {
    h = await startHarness();
    const k = h.apis.keys;
    const wrong = 'sk-PLANTED-wrong-key-for-companyc-7f3a9';
    // A value the API echoes back in its data, registered as a secret (as if the vendor leaked a key).
    const roster = h.dataset.usage.windsurf.roster(0, h.dataset.days - 1);
    const echoed = String(roster[0]!['apiKey']);
    registerSecret(echoed);
    const secrets = [
      k.incidentio['companya']!,
      k.incidentio['companyb']!,
      k.litellm.masterKey,
      k.claude_code.adminKey,
      k.openai.adminKey,
      k.copilot.token,
      k.cursor.apiKey,
      k.windsurf.serviceKey,
      k.claude_enterprise.analyticsKey,
      k.datadog.apiKey,
      k.datadog.applicationKey,
      wrong,
      echoed,
    ];
    const res = await h.run({ env: { ...h.env, INCIDENT_IO_API_KEY_COMPANYC: wrong } });
    const c = res.results.find((r) => r.source === 'incident_io.companyc')!;
    expect(c.error).toMatchObject({ code: 'extract/auth', status: 401 });
    expect(res.results.filter((r) => r.status === 'success')).toHaveLength(10);

    const outputs = [
      JSON.stringify(h.events),
      JSON.stringify(res, (_k, v: unknown) => (v instanceof Error ? { ...v, message: v.message, hint: (v as { hint?: string }).hint } : v)),
      ...res.results.flatMap((r) => (r.error ? [r.error.message, r.error.hint ?? '', String(r.error.stack)] : [])),
    ].join('\n');
    for (const s of secrets) expect({ secret: s, found: outputs.includes(s) }).toEqual({ secret: s, found: false });

    // Every text column of every RAW table.
    const cols = await h.rows(
      `select table_name, column_name from information_schema.columns where table_schema = 'raw' and (data_type = 'VARCHAR' or data_type = 'JSON')`,
    );
    const scanned = new Set<string>();
    for (const col of cols) {
      const t = String(col['table_name']);
      const cn = String(col['column_name']);
      scanned.add(t);
      for (const s of secrets) {
        const n = await h.rows(`select count(*) as n from raw."${t}" where cast("${cn}" as varchar) like '%' || ${h.adapter.dialect.quoteLiteral(s)} || '%'`);
        expect({ t, cn, s, n: Number(n[0]!['n']) }).toEqual({ t, cn, s, n: 0 });
      }
    }
    expect(scanned.size).toBeGreaterThan(20);
    // The echoed value was replaced, not dropped: the roster row is there, scrubbed.
    const scrubbed = await h.rows(`select api_key, _raw from raw.windsurf__users where email = ${h.adapter.dialect.quoteLiteral(String(roster[0]!['email']))}`);
    expect(scrubbed[0]!['api_key']).toBe('****');
    expect(String(scrubbed[0]!['_raw'])).toContain('****');

    // And the bytes of the database file (and its WAL) after closing.
    const dir = dirname(h.dbPath);
    await h.adapter.close();
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      for (const s of secrets) expect({ f, s, at: bytes.indexOf(s) }).toEqual({ f, s, at: -1 });
    }
  });
});
