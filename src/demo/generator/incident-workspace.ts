/**
 * One incident.io workspace: its catalogue and its incidents as a pure function of (index, revision).
 * Nothing is stored per incident, so a million-incident workspace costs the same memory as a small one.
 */
import { DAY_MS, MINUTE_MS, isoTime } from './calendar.js';
import { type GeneratorContext, asOfMs } from './context.js';
import {
  type IncidentLifecycle,
  type IncidentMode,
  LK,
  MAX_LIFETIME_MS,
  buildLifecycle,
  lastChangeAt,
  quickSkeleton,
  severityAt,
  statusAt,
} from './incident-lifecycle.js';
import { INCIDENT_SYMPTOMS, SUMMARY_SENTENCES } from './names.js';
import type { Engineer } from './organisation.js';
import { Rng, hashInts } from './prng.js';
import { IncidentTimeline } from './timeline.js';
import { indexedUlid, parseIndexedUlid, ulid } from './ulid.js';
import {
  type IncidentTypeDef,
  type StatusCategory,
  type StatusKey,
  type WorkspaceCatalogue,
  type WorkspaceSpec,
  buildWorkspaceCatalogue,
  defaultVolume,
} from './workspaces.js';

/** An incident exactly as `GET /v2/incidents` returns it (loosely typed: it is vendor data). */
export type IncidentRecord = Record<string, unknown> & {
  readonly id: string;
  readonly reference: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly mode: string;
};

/** An incident update as `GET /v2/incident_updates` returns it. */
export type IncidentUpdateRecord = Record<string, unknown> & { readonly id: string; readonly incident_id: string; readonly created_at: string };

export type LateEditKind = 'severity' | 'timestamp' | 'services' | 'summary';

export interface LateEdit {
  readonly revision: number;
  readonly at: number;
  readonly kind: LateEditKind;
}

const EDIT_KINDS: readonly LateEditKind[] = ['severity', 'timestamp', 'services', 'summary'];
const NO_EDITS: readonly LateEdit[] = [];
const TRAILING_DASH = /-$/;

export interface RenderOptions {
  /** Force schema drift on (fault injection) or off; default: drift from the dataset's schemaDriftFrom day. */
  readonly drift?: boolean;
}

interface Fragments {
  statuses: Record<StatusKey, string>;
  severities: string[];
  types: string[];
  roles: string[];
  timestamps: string[];
  fieldHeads: string[];
  catalogValues: string[];
  optionValues: string[][];
  apiKey: string;
  users: (string | undefined)[];
  durationHeads: string[];
}

export interface IncidentUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: string;
  readonly slack_user_id: string;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class IncidentWorkspace {
  readonly name: string;
  readonly catalogue: WorkspaceCatalogue;
  readonly count: number;
  readonly timeline: IncidentTimeline;
  private readonly ctx: GeneratorContext;
  private readonly users: (IncidentUser | undefined)[] = [];
  private readonly editSets = new Map<number, Map<number, LateEditKind>>();
  private readonly editedDesc = new Map<number, readonly number[]>();
  private frag: Fragments | undefined;
  private readonly names = new Map<number, { nameJson: string; slug: string }>();
  private readonly summaries = new Map<number, string>();

  constructor(ctx: GeneratorContext, spec: WorkspaceSpec, number: number, incidentsPerDay: number) {
    this.ctx = ctx;
    this.name = spec.name;
    this.catalogue = buildWorkspaceCatalogue(ctx.seed, spec, number, ctx.organisation);
    this.count = Math.max(0, Math.round(spec.incidentCount ?? incidentsPerDay * ctx.days * defaultVolume(spec)));
    this.timeline = new IncidentTimeline(ctx.seed, number, ctx.startMs, ctx.days, this.count);
  }

  // ---- identity -------------------------------------------------------------------------------

  /** The incident id at an index: ULID-like, sorts like the index, decodable with indexOf. */
  id(index: number): string {
    return indexedUlid(this.timeline.timeAt((index + 0.5) / Math.max(1, this.count)), this.catalogue.number, index, 0, this.ctx.seed);
  }

  /** Index of an incident id of this workspace, or -1. */
  indexOf(id: string): number {
    const parts = parseIndexedUlid(id);
    if (!parts || parts.namespace !== this.catalogue.number || parts.sub !== 0) return -1;
    if (parts.index >= this.count || this.id(parts.index) !== id) return -1;
    return parts.index;
  }

  /** Id of the k-th update of an incident (same namespace, `sub` = k + 1). */
  updateId(index: number, k: number): string {
    return indexedUlid(this.timeline.timeAt((index + 0.5) / Math.max(1, this.count)), this.catalogue.number, index, k + 1, this.ctx.seed);
  }

  /** (incident index, update number) of an update id, or undefined. */
  parseUpdateId(id: string): { index: number; k: number } | undefined {
    const parts = parseIndexedUlid(id);
    if (!parts || parts.namespace !== this.catalogue.number || parts.sub === 0 || parts.index >= this.count) return undefined;
    if (this.updateId(parts.index, parts.sub - 1) !== id) return undefined;
    return { index: parts.index, k: parts.sub - 1 };
  }

  /** The workspace's incident.io user for an engineer (ids differ per workspace). */
  user(engineerIndex: number): IncidentUser {
    let u = this.users[engineerIndex];
    if (!u) {
      const e = this.ctx.organisation.engineers[engineerIndex] as Engineer;
      u = {
        id: ulid(this.catalogue.createdMs + (hashInts(engineerIndex, 7) % (400 * DAY_MS)), this.catalogue.number, engineerIndex, 0x05e),
        name: e.name,
        email: e.email,
        role: e.onCall ? 'responder' : 'viewer',
        slack_user_id: e.slackUserId,
      };
      this.users[engineerIndex] = u;
    }
    return u;
  }

  // ---- skeleton queries (cheap) -----------------------------------------------------------------

  /** Creation time and mode of an incident without building its lifecycle. */
  quick(index: number): { createdMs: number; mode: IncidentMode } {
    return quickSkeleton(this.ctx.seed, this.catalogue, this.timeline, index);
  }

  lifecycle(index: number): IncidentLifecycle {
    return buildLifecycle(this.ctx.seed, this.catalogue, this.timeline, this.ctx.organisation.services.length, index);
  }

  /** Incidents edited late at one revision step k >= 1: index → kind of edit. */
  private editsAt(k: number): Map<number, LateEditKind> {
    let set = this.editSets.get(k);
    if (!set) {
      set = new Map();
      if (this.count > 0) {
        const m = Math.max(3, Math.round(this.count * this.ctx.lateUpdateRate));
        for (let j = 0; j < m; j++) {
          const h = hashInts(this.ctx.seed, 0x1a7e, this.catalogue.number, k, j);
          set.set(h % this.count, EDIT_KINDS[hashInts(h, 3) % EDIT_KINDS.length] as LateEditKind);
        }
      }
      this.editSets.set(k, set);
    }
    return set;
  }

  /** Late edits applying to an incident at a revision, oldest first. */
  lateEdits(index: number, revision: number): LateEdit[] {
    const out: LateEdit[] = [];
    for (let k = 1; k <= revision; k++) {
      const kind = this.editsAt(k).get(index);
      if (kind) {
        const frac = 0.1 + 0.8 * ((hashInts(this.ctx.seed, 0xed17, index, k) % 1000) / 1000);
        out.push({ revision: k, at: asOfMs(this.ctx, k - 1) + Math.floor(frac * this.ctx.revisionStepMs), kind });
      }
    }
    return out;
  }

  /** Indexes edited late at any revision step up to `revision`, descending, without duplicates. */
  lateEditedIndexes(revision: number): readonly number[] {
    let list = this.editedDesc.get(revision);
    if (!list) {
      const all = new Set<number>();
      for (let k = 1; k <= revision; k++) for (const i of this.editsAt(k).keys()) all.add(i);
      list = [...all].sort((a, b) => b - a);
      this.editedDesc.set(revision, list);
    }
    return list;
  }

  /** updated_at (ms) of an incident at a revision. */
  updatedAtMs(lc: IncidentLifecycle, revision: number, edits?: readonly LateEdit[]): number {
    const asOf = asOfMs(this.ctx, revision);
    let updated = lastChangeAt(lc, asOf);
    if (revision > 0) for (const edit of edits ?? this.lateEdits(lc.index, revision)) if (edit.at > updated) updated = edit.at;
    return updated;
  }

  statusKeyAt(lc: IncidentLifecycle, revision: number): StatusKey {
    return statusAt(lc, asOfMs(this.ctx, revision));
  }

  statusCategoryAt(lc: IncidentLifecycle, revision: number): StatusCategory {
    return this.catalogue.statusByKey[this.statusKeyAt(lc, revision)].category;
  }

  /** Severity index at a revision, with late severity edits applied (-1 = none). */
  severityIndexAt(lc: IncidentLifecycle, revision: number, edits?: readonly LateEdit[]): number {
    let sev = severityAt(lc, asOfMs(this.ctx, revision));
    if (sev < 0 || revision <= 0) return sev;
    const max = this.catalogue.severities.length - 1;
    for (const edit of edits ?? this.lateEdits(lc.index, revision)) {
      if (edit.kind === 'severity') sev = sev >= max ? sev - 1 : sev === 0 ? 1 : hashInts(lc.index, edit.revision) % 2 ? sev + 1 : sev - 1;
    }
    return sev;
  }

  /** Lowest index that can have updated_at >= ms at a revision, ignoring late edits. */
  firstIndexUpdatedSince(ms: number): number {
    return this.timeline.firstIndexAtOrAfter(ms - MAX_LIFETIME_MS);
  }

  // ---- full payloads ----------------------------------------------------------------------------

  incident(index: number, revision = 0, opts: RenderOptions = {}): IncidentRecord {
    return JSON.parse(this.renderIncident(this.lifecycle(index), revision, opts)) as IncidentRecord;
  }

  /** Pre-serialised JSON of the workspace's static objects, embedded verbatim in every incident. */
  private fragments(): Fragments {
    if (this.frag) return this.frag;
    const ws = this.catalogue;
    const j = (v: unknown) => JSON.stringify(v);
    const statuses = {} as Record<StatusKey, string>;
    for (const key of Object.keys(ws.statusByKey) as StatusKey[]) statuses[key] = j(ws.statusByKey[key]);
    this.frag = {
      statuses,
      severities: ws.severities.map(j),
      types: ws.incidentTypes.map(j),
      roles: ws.roles.map(j),
      timestamps: ws.timestamps.map(j),
      fieldHeads: ws.customFields.map((f) => j({ id: f.id, name: f.name, description: f.description, field_type: f.field_type })),
      catalogValues: ws.catalogEntries.map((e) => j({ value_catalog_entry: { id: e.id, name: e.name, external_id: e.external_id, aliases: e.aliases } })),
      optionValues: ws.customFields.map((f) => f.options.map((o) => j({ value_option: o }))),
      apiKey: j({ api_key: ws.apiKey }),
      users: [],
      durationHeads: ws.durationMetrics.map((m) => j({ id: m.id, name: m.name })),
    };
    return this.frag;
  }

  /** Incident name (as JSON) and Slack channel slug for a mode/service/symptom, cached. */
  private naming(mode: IncidentMode, service: number, symptom: number): { nameJson: string; slug: string } {
    const key = (mode === 'test' ? 1 : mode === 'tutorial' ? 2 : 0) + 4 * (symptom + 64 * service);
    let n = this.names.get(key);
    if (!n) {
      const s = INCIDENT_SYMPTOMS[symptom] as string;
      const name =
        mode === 'test' ? `[TEST] ${s} drill` : mode === 'tutorial' ? 'Tutorial incident' : capitalise(`${this.ctx.organisation.services[service]?.name ?? 'service'} ${s}`);
      n = { nameJson: JSON.stringify(name), slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-') };
      this.names.set(key, n);
    }
    return n;
  }

  private summaryJson(a: number, b: number): string {
    const key = a * 64 + b;
    let text = this.summaries.get(key);
    if (text === undefined) {
      text = JSON.stringify(`${SUMMARY_SENTENCES[a]} ${SUMMARY_SENTENCES[b]}`);
      this.summaries.set(key, text);
    }
    return text;
  }

  private userJson(engineer: number): string {
    const frag = this.fragments();
    let u = frag.users[engineer];
    if (u === undefined) {
      u = JSON.stringify(this.user(engineer));
      frag.users[engineer] = u;
    }
    return u;
  }

  /**
   * The incident as `GET /v2/incidents` serialises it, built straight as JSON text (static parts are
   * pre-serialised), so a server can send a 250-incident page in a few milliseconds.
   */
  renderIncident(lc: IncidentLifecycle, revision: number, opts: RenderOptions = {}): string {
    const ws = this.catalogue;
    const org = this.ctx.organisation;
    const frag = this.fragments();
    const q = JSON.stringify;
    const asOf = asOfMs(this.ctx, revision);
    const edits = revision > 0 ? this.lateEdits(lc.index, revision) : NO_EDITS;
    const rng = new Rng(hashInts(this.ctx.seed, 0xde7, ws.number, lc.index));
    const number = lc.index + 1;
    const drift = opts.drift ?? lc.createdMs >= this.ctx.schemaDriftFromMs;

    const serviceIndex = lc.services[0] ?? 0;
    const primary = org.services[serviceIndex];
    const symptomIndex = rng.int(0, INCIDENT_SYMPTOMS.length - 1);
    const naming = this.naming(lc.mode, serviceIndex, symptomIndex);
    const summaryDraw = rng.next();
    const s1 = rng.int(0, SUMMARY_SENTENCES.length - 1);
    const s2 = rng.int(0, SUMMARY_SENTENCES.length - 1);
    let summaryJson: string | undefined = summaryDraw < 0.2 ? undefined : summaryDraw < 0.3 ? 'null' : this.summaryJson(s1, s2);
    const summaryEdit = rng.pick(SUMMARY_SENTENCES);
    if (edits.some((e) => e.kind === 'summary')) {
      const base = summaryDraw < 0.3 ? '' : `${SUMMARY_SENTENCES[s1]} ${SUMMARY_SENTENCES[s2]}`;
      summaryJson = q(`${base} Updated after review: ${summaryEdit}`.trim());
    }

    const statusKey = statusAt(lc, asOf);
    const sevIndex = this.severityIndexAt(lc, revision, edits);
    const level = ws.severities.length > 1 && sevIndex >= 0 ? sevIndex / (ws.severities.length - 1) : 0;
    const type = ws.incidentTypes[lc.typeIndex] ?? (ws.incidentTypes[0] as IncidentTypeDef);

    // People: responders come from the owning business unit's on-call engineers.
    const unitPool = org.onCallByUnit.get(primary?.businessUnit ?? '');
    const poolSize = unitPool && unitPool.length > 0 ? unitPool.length : org.engineers.length;
    const pickPerson = (): number => {
      if (poolSize === 0) return -1;
      const k = rng.int(0, poolSize - 1);
      return unitPool && unitPool.length > 0 ? (unitPool[k] as number) : k;
    };
    const lead = pickPerson();
    const reporter = pickPerson();
    const comms = pickPerson();
    const scribe = pickPerson();
    const creatorIsUser = rng.chance(0.75) && reporter >= 0;

    let roles = '';
    ws.roles.forEach((role, i) => {
      let who = -1;
      if (role.role_type === 'lead') {
        const pastTriage = statusKey !== 'triage' && statusKey !== 'declined' && statusKey !== 'merged';
        who = pastTriage && rng.chance(0.93) ? lead : -1;
      } else if (role.role_type === 'reporter') who = creatorIsUser ? reporter : -1;
      else if (role.shortform === 'comms') who = level >= 0.5 && rng.chance(0.6) ? comms : -1;
      else who = rng.chance(0.2) ? scribe : -1;
      roles += `${i ? ',' : ''}{"role":${frag.roles[i]}${who >= 0 ? `,"assignee":${this.userJson(who)}` : ''}}`;
    });

    // Timestamps, by workspace catalogue.
    const fixedLate = edits.some((e) => e.kind === 'timestamp');
    let timestamps = '';
    const visible = new Float64Array(7).fill(Number.NaN);
    for (let i = 0; i < ws.timestamps.length; i++) {
      const k = LK[ws.timestampKeys[i] as keyof typeof LK];
      if (k === lc.missingKey && !fixedLate) continue;
      const actual = lc.times[k] as number;
      const happened = Number.isFinite(actual) && actual <= asOf && (k !== lc.unsetKey || fixedLate);
      const head = `${timestamps ? ',' : ''}{"incident_timestamp":${frag.timestamps[i]}`;
      if (happened) {
        const value = actual + (k === lc.anomalyKey ? lc.anomalyShiftMs : 0);
        visible[k] = value;
        timestamps += `${head},"value":{"value":"${isoTime(value)}"}}`;
      } else {
        const style = ws.unsetStyle === 'mixed' ? ((lc.index + i) % 2 === 0 ? 'null' : 'missing') : ws.unsetStyle;
        timestamps += style === 'null' ? `${head},"value":null}` : `${head}}`;
      }
    }
    visible[LK.reported] = lc.createdMs;

    let durations = '';
    ws.durationMetrics.forEach((m, i) => {
      const secs = Math.round(((visible[LK[m.to]] as number) - (visible[LK[m.from]] as number)) / 1000);
      durations += `${i ? ',' : ''}{"duration_metric":${frag.durationHeads[i]}${Number.isFinite(secs) && secs >= 0 ? `,"value_seconds":${secs}` : ''}}`;
    });

    // Custom fields.
    let services: readonly number[] = lc.services;
    if (ws.servicesFieldKind === 'catalog' && org.services.length > 1 && edits.some((e) => e.kind === 'services')) {
      const extra = ((services[services.length - 1] ?? 0) + 1) % org.services.length;
      if (!services.includes(extra)) services = [...services, extra];
    }
    const resolvedVisible = Number.isFinite(visible[LK.resolved]) || statusKey === 'closed' || statusKey === 'learning';
    let fields = '';
    ws.customFields.forEach((field, fi) => {
      let values = '';
      switch (field.role) {
        case 'services':
          if (ws.servicesFieldKind === 'catalog') values = services.map((s) => frag.catalogValues[s]).join(',');
          else values = frag.optionValues[fi]?.[services[0] ?? 0] ?? '';
          break;
        case 'customer-impact':
        case 'root-cause-category': {
          const k = Math.min(field.options.length - 1, Math.floor(rng.next() * field.options.length * (0.5 + level / 2)));
          if (rng.chance(0.8)) values = frag.optionValues[fi]?.[k] ?? '';
          break;
        }
        case 'root-cause': {
          const text = rng.pick(SUMMARY_SENTENCES);
          if (resolvedVisible && rng.chance(0.6)) values = `{"value_text":${q(text)}}`;
          break;
        }
        case 'link':
          if (rng.chance(0.35)) values = `{"value_link":"https://jira.example.test/browse/OPS-${1000 + lc.index}"}`;
          break;
        case 'customers-affected': {
          const n = Math.round(rng.logNormal(40 + 2000 * level, 1.2));
          if (rng.chance(0.5)) values = `{"value_numeric":"${n}"}`;
          break;
        }
      }
      fields += `${fi ? ',' : ''}{"custom_field":${frag.fieldHeads[fi]},"values":[${values}]}`;
    });

    const updatedMs = this.updatedAtMs(lc, revision, edits);
    let out = `{"id":"${this.id(lc.index)}","reference":"INC-${number}","name":${naming.nameJson}`;
    if (summaryJson !== undefined && !drift) out += `,"summary":${summaryJson}`;
    out += `,"mode":"${lc.mode}","visibility":"${type.private_incidents_only ? 'private' : 'public'}"`;
    out += `,"created_at":"${isoTime(lc.createdMs)}","updated_at":"${isoTime(updatedMs)}"`;
    out += `,"incident_status":${frag.statuses[statusKey]}`;
    if (sevIndex >= 0) out += `,"severity":${frag.severities[sevIndex]}`;
    out += `,"incident_type":${frag.types[lc.typeIndex] ?? frag.types[0]}`;
    out += `,"creator":${creatorIsUser ? `{"user":${this.userJson(reporter)}}` : frag.apiKey}`;
    out += `,"permalink":"https://app.incident.io/${ws.name}/incidents/${number}"`;
    out += `,"slack_team_id":"${ws.slackTeamId}","slack_channel_id":"C0${(hashInts(ws.number, lc.index, 0xc4) % 0x7fffffff).toString(36).toUpperCase().padStart(8, '0')}"`;
    out += `,"slack_channel_name":"${`inc-${number}-${naming.slug}`.slice(0, 80).replace(TRAILING_DASH, '')}"`;
    if (rng.chance(0.3)) out += `,"call_url":"https://meet.example.test/inc-${number}"`;
    out += `,"incident_role_assignments":[${roles}],"incident_timestamp_values":[${timestamps}]`;
    out += `,"custom_field_entries":[${fields}],"duration_metrics":[${durations}]`;
    const workloadMult = 1 + rng.int(0, 3);
    const workloadA = rng.next();
    const workloadB = rng.next();
    if (Number.isFinite(visible[LK.resolved]) && Number.isFinite(visible[LK.responded])) {
      const total = Math.max(1, Math.round(((visible[LK.resolved] as number) - (visible[LK.responded] as number)) / MINUTE_MS) * workloadMult);
      const working = Math.round(total * (0.5 + 0.4 * workloadA));
      const late = Math.round((total - working) * workloadB);
      out += `,"workload_minutes_total":${total},"workload_minutes_working":${working},"workload_minutes_late":${late},"workload_minutes_sleeping":${total - working - late}`;
    }
    if (rng.chance(0.2)) {
      out += `,"external_issue_reference":{"provider":"jira","issue_name":"OPS-${1000 + lc.index}","issue_permalink":"https://jira.example.test/browse/OPS-${1000 + lc.index}"}`;
    }
    if (drift) out += `,"postmortem_document_url":"https://docs.example.test/postmortems/INC-${number}"`;
    return `${out}}`;
  }

  /** The status/severity change log of an incident at a revision, oldest first. */
  updates(index: number, revision = 0): IncidentUpdateRecord[] {
    const lc = this.lifecycle(index);
    const ws = this.catalogue;
    const asOf = asOfMs(this.ctx, revision);
    const rng = new Rng(hashInts(this.ctx.seed, 0x0bd, ws.number, index));
    const org = this.ctx.organisation;
    const unit = org.services[lc.services[0] ?? 0]?.businessUnit ?? '';
    const pool = org.onCallByUnit.get(unit)?.length ? (org.onCallByUnit.get(unit) as readonly number[]) : org.engineers.map((e) => e.index);

    interface Change {
      at: number;
      status?: StatusKey;
      severity?: number;
      message?: string;
    }
    const changes: Change[] = [];
    lc.status.forEach((ev, i) => {
      if (i > 0 && ev.at <= asOf) changes.push({ at: ev.at, status: ev.status });
    });
    if (Number.isFinite(lc.severityChangeMs) && lc.severityChangeMs <= asOf) changes.push({ at: lc.severityChangeMs, severity: lc.severity });
    const edits = this.lateEdits(index, revision);
    for (const edit of edits) {
      if (edit.kind === 'severity' && lc.severity >= 0) {
        const upTo = edits.filter((e) => e.at <= edit.at);
        changes.push({ at: edit.at, severity: this.severityIndexAt(lc, revision, upTo), message: 'Severity revised in the post-incident review.' });
      }
    }
    changes.sort((a, b) => a.at - b.at);

    let statusKey: StatusKey = lc.status[0]?.status ?? 'triage';
    let sev = lc.initialSeverity;
    const out: IncidentUpdateRecord[] = [];
    const max = ws.severities.length - 1;
    changes.forEach((c, k) => {
      if (c.status) statusKey = c.status;
      if (c.severity !== undefined) sev = Math.min(c.severity, max);
      const who = pool.length > 0 && rng.chance(0.9) ? (pool[rng.int(0, pool.length - 1)] as number) : -1;
      const update: Record<string, unknown> = {
        id: this.updateId(index, k),
        incident_id: this.id(index),
        created_at: isoTime(c.at),
      };
      const message = c.message ?? (c.status ? `Moved to ${ws.statusByKey[c.status].name}.` : rng.chance(0.5) ? 'Severity changed after assessing impact.' : undefined);
      if (message) update['message'] = message;
      update['new_incident_status'] = ws.statusByKey[statusKey];
      if (sev >= 0) update['new_severity'] = ws.severities[sev];
      update['updater'] = who >= 0 ? { user: this.user(who) } : { api_key: ws.apiKey };
      out.push(update as IncidentUpdateRecord);
    });
    return out;
  }

  /** Every incident at a revision, oldest first, generated lazily. */
  *incidents(revision = 0): Generator<IncidentRecord> {
    for (let i = 0; i < this.count; i++) yield this.incident(i, revision);
  }
}
