/**
 * The cheap skeleton of an incident: when things happened, its mode, outcome, severity, type and
 * services. Pure function of (seed, workspace, index); a few dozen random draws, no strings. Filters
 * and counts run on skeletons; the full vendor payload is built only for records actually served.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from './calendar.js';
import { Rng, hashInts } from './prng.js';
import type { IncidentTimeline } from './timeline.js';
import type { LifecycleKey, StatusKey, WorkspaceCatalogue } from './workspaces.js';

/** Order of lifecycle points in `IncidentLifecycle.times`. */
export const LIFECYCLE_KEYS: readonly LifecycleKey[] = ['reported', 'impact', 'detected', 'responded', 'fixed', 'resolved', 'closed'];
export const LK: Readonly<Record<LifecycleKey, number>> = {
  reported: 0,
  impact: 1,
  detected: 2,
  responded: 3,
  fixed: 4,
  resolved: 5,
  closed: 6,
};

/** Nothing happens to an incident more than this long after it was created (late edits aside). */
export const MAX_LIFETIME_MS = 21 * DAY_MS;

export type IncidentMode = 'standard' | 'retrospective' | 'test' | 'tutorial';
export type IncidentOutcome = 'normal' | 'declined' | 'merged' | 'canceled';

export interface StatusEvent {
  readonly at: number;
  readonly status: StatusKey;
}

export interface IncidentLifecycle {
  readonly index: number;
  readonly createdMs: number;
  readonly mode: IncidentMode;
  readonly outcome: IncidentOutcome;
  /** Index into the workspace's severities (ascending rank), or -1 for no severity. */
  readonly initialSeverity: number;
  readonly severity: number;
  /** When the severity changed from initialSeverity to severity (NaN when it never did). */
  readonly severityChangeMs: number;
  /** Internal instants, indexed like LIFECYCLE_KEYS; NaN when the point never happens. */
  readonly times: Float64Array;
  readonly postmortem: boolean;
  readonly reopenMs: number;
  readonly status: readonly StatusEvent[];
  /** Lifecycle key whose recorded value is shifted out of order (-1 none), and by how much. */
  readonly anomalyKey: number;
  readonly anomalyShiftMs: number;
  /** Lifecycle key whose value was never entered (null), and key whose entry is absent (-1 none). */
  readonly unsetKey: number;
  readonly missingKey: number;
  readonly typeIndex: number;
  /** Indexes into the organisation's services; the first is the primary one. */
  readonly services: readonly number[];
  /** Lifecycle indexes of the workspace's recorded timestamps (they count as changes). */
  readonly recordedKeys: readonly number[];
}

const recordedKeysCache = new WeakMap<WorkspaceCatalogue, readonly number[]>();

/** Lifecycle indexes of a workspace's timestamps, in catalogue order. */
export function recordedKeysOf(ws: WorkspaceCatalogue): readonly number[] {
  let keys = recordedKeysCache.get(ws);
  if (!keys) {
    keys = ws.timestampKeys.map((key) => LK[key]);
    recordedKeysCache.set(ws, keys);
  }
  return keys;
}

/**
 * Creation time and mode only: the first two draws of buildLifecycle's stream, so filters on mode
 * and creation time (and the default mode filter's counts) need no full lifecycle.
 */
export function quickSkeleton(seed: number, ws: WorkspaceCatalogue, timeline: IncidentTimeline, index: number): { createdMs: number; mode: IncidentMode } {
  const rng = new Rng(hashInts(seed, 0x1c1, ws.number, index));
  const createdMs = timeline.timeAt((index + rng.next()) / timeline.count);
  return { createdMs, mode: modeFromDraw(rng.next()) };
}

function modeFromDraw(draw: number): IncidentMode {
  return draw < 0.03 ? 'test' : draw < 0.04 ? 'tutorial' : draw < 0.07 ? 'retrospective' : 'standard';
}

export function buildLifecycle(
  seed: number,
  ws: WorkspaceCatalogue,
  timeline: IncidentTimeline,
  serviceCount: number,
  index: number,
): IncidentLifecycle {
  const rng = new Rng(hashInts(seed, 0x1c1, ws.number, index));
  const createdQ = (index + rng.next()) / timeline.count;
  const created = timeline.timeAt(createdQ);

  const mode = modeFromDraw(rng.next());
  const outcomeDraw = rng.next();
  let outcome: IncidentOutcome = 'normal';
  if (mode === 'standard' || mode === 'test') {
    if (outcomeDraw < 0.04) outcome = 'declined';
    else if (outcomeDraw < 0.06) outcome = 'merged';
    else if (outcomeDraw < 0.075) outcome = 'canceled';
  }
  const startsInTriage = outcome === 'declined' || outcome === 'merged' || (outcome === 'normal' && mode !== 'retrospective' && rng.chance(0.5));

  const sevCount = ws.severities.length;
  let severity = rng.weighted(ws.severityWeights);
  if (mode === 'test' || mode === 'tutorial') severity = 0;
  let initialSeverity = severity;
  let severityChangeMs = Number.NaN;
  const noSeverity = (outcome === 'declined' || outcome === 'merged') && rng.chance(0.3);
  const level = sevCount > 1 ? severity / (sevCount - 1) : 0;
  const speed = mode === 'test' || mode === 'tutorial' ? 0.2 : 1;

  const t = new Float64Array(7).fill(Number.NaN);
  const postmortem = outcome === 'normal' && mode !== 'test' && mode !== 'tutorial' && rng.chance(level >= 0.5 ? 0.85 : 0.1);
  let reopenMs = Number.NaN;

  // Offsets (ms) relative to a base instant; made absolute below.
  const impactBefore = rng.logNormal(15 * (1 - 0.5 * level), 1.0) * MINUTE_MS;
  const impactConfirm = rng.logNormal(4, 0.8) * MINUTE_MS;
  const detectAfter = rng.logNormal(3 * (1 - 0.6 * level) + 0.5, 0.9) * MINUTE_MS * speed;
  const respondAfter = rng.logNormal(12 - 10 * level, 0.9) * MINUTE_MS * speed;
  const fixAfter = rng.logNormal(240 - 200 * level, 1.0) * MINUTE_MS * speed;
  const resolveAfter = rng.logNormal(25, 1.0) * MINUTE_MS * speed;
  const closeAfter = postmortem ? rng.logNormal(3 * 24 * 60, 0.7) * MINUTE_MS : 0;
  const endOfOutcome = rng.logNormal(20, 0.9) * MINUTE_MS;
  const reopen = outcome === 'normal' && mode === 'standard' && rng.chance(0.03);
  const reopenAfter = rng.logNormal(5 * 60, 0.8) * MINUTE_MS;
  const reresolveAfter = rng.logNormal(90, 0.8) * MINUTE_MS;

  const status: StatusEvent[] = [];
  if (outcome === 'normal') {
    let base = created;
    if (mode === 'retrospective') {
      // Declared after the fact: everything but closing happened before created_at.
      const span = detectAfter + respondAfter + fixAfter + resolveAfter + rng.logNormal(3 * 60, 0.8) * MINUTE_MS;
      base = created - span;
    }
    const detected = base + detectAfter;
    const responded = Math.max(detected, base) + respondAfter;
    const fixed = responded + fixAfter;
    let resolved = fixed + resolveAfter;
    t[LK.reported] = created;
    t[LK.impact] = ws.flavour === 'companya' ? base + impactConfirm : base - impactBefore;
    t[LK.detected] = detected;
    t[LK.responded] = responded;
    t[LK.fixed] = fixed;
    if (mode === 'retrospective') {
      t[LK.resolved] = resolved;
      t[LK.closed] = postmortem ? created + closeAfter : created;
      status.push({ at: created, status: postmortem ? 'learning' : 'closed' });
      if (postmortem) status.push({ at: created + closeAfter, status: 'closed' });
    } else {
      if (startsInTriage) status.push({ at: created, status: 'triage' });
      status.push({ at: startsInTriage ? responded : created, status: 'investigating' });
      status.push({ at: responded + 0.4 * (fixed - responded), status: 'fixing' });
      status.push({ at: fixed, status: 'monitoring' });
      if (reopen) {
        status.push({ at: resolved, status: postmortem ? 'learning' : 'closed' });
        reopenMs = resolved + reopenAfter;
        const again = reopenMs + reresolveAfter;
        status.push({ at: reopenMs, status: 'investigating' });
        status.push({ at: reopenMs + 0.5 * reresolveAfter, status: 'monitoring' });
        resolved = again;
      }
      t[LK.resolved] = resolved;
      t[LK.closed] = resolved + closeAfter;
      status.push({ at: resolved, status: postmortem ? 'learning' : 'closed' });
      if (postmortem) status.push({ at: resolved + closeAfter, status: 'closed' });
    }
    if (mode === 'standard' && rng.chance(0.12)) {
      const up = severity < sevCount - 1 && (severity === 0 || rng.chance(0.65));
      const down = !up && severity > 0;
      if (up || down) {
        initialSeverity = severity;
        severity = up ? severity + 1 : severity - 1;
        severityChangeMs = responded + rng.logNormal(20, 0.8) * MINUTE_MS;
      }
    }
  } else {
    t[LK.reported] = created;
    if (ws.flavour !== 'companya') t[LK.impact] = created - impactBefore;
    t[LK.detected] = created + detectAfter;
    if (outcome === 'declined') {
      status.push({ at: created, status: 'triage' }, { at: created + endOfOutcome, status: 'declined' });
    } else if (outcome === 'merged') {
      status.push({ at: created, status: 'triage' }, { at: created + endOfOutcome, status: 'merged' });
    } else {
      t[LK.responded] = created + detectAfter + respondAfter;
      status.push({ at: created, status: 'investigating' }, { at: created + endOfOutcome + respondAfter, status: 'canceled' });
    }
  }

  // Clamp everything into the incident's lifetime window.
  const limit = created + MAX_LIFETIME_MS;
  for (let k = 0; k < 7; k++) if ((t[k] as number) > limit) t[k] = limit;
  for (let k = 0; k < status.length; k++) {
    const ev = status[k] as StatusEvent;
    if (ev.at > limit) status[k] = { at: limit, status: ev.status };
  }
  if (severityChangeMs > limit) severityChangeMs = limit;

  // Data-quality quirks on the recorded timestamps.
  const recordedKeys = recordedKeysOf(ws);
  let anomalyKey = -1;
  let anomalyShiftMs = 0;
  let unsetKey = -1;
  let missingKey = -1;
  if (mode !== 'test' && mode !== 'tutorial') {
    const pickRecorded = (): number => {
      let n = 0;
      for (const k of recordedKeys) if (k !== LK.reported && Number.isFinite(t[k])) n++;
      let target = rng.int(0, Math.max(0, n - 1));
      for (const k of recordedKeys) if (k !== LK.reported && Number.isFinite(t[k]) && target-- === 0) return k;
      return -1;
    };
    if (rng.chance(0.015)) {
      anomalyKey = pickRecorded();
      anomalyShiftMs = -rng.int(1, 48) * HOUR_MS;
    }
    if (rng.chance(0.04)) unsetKey = pickRecorded();
    if (rng.chance(0.02)) missingKey = pickRecorded();
  }

  const typeIndex = rng.chance(0.7) ? 0 : rng.chance(0.25) ? 1 : 2;
  const services: number[] = [];
  if (serviceCount > 0) {
    const primary = rng.int(0, serviceCount - 1);
    services.push(primary);
    const extra = ws.servicesFieldKind === 'option' ? 0 : rng.chance(0.25) ? rng.int(1, 2) : 0;
    for (let k = 0; k < extra; k++) {
      const s = rng.int(0, serviceCount - 1);
      if (!services.includes(s)) services.push(s);
    }
  }
  if (noSeverity) {
    severity = -1;
    initialSeverity = -1;
  }

  return {
    index,
    createdMs: t[LK.reported] as number,
    mode,
    outcome,
    initialSeverity,
    severity,
    severityChangeMs,
    times: t,
    postmortem,
    reopenMs,
    status,
    anomalyKey,
    anomalyShiftMs,
    unsetKey,
    missingKey,
    typeIndex,
    services,
    recordedKeys,
  };
}

/**
 * Latest change at or before asOf, never before creation: status moves, the severity change and the
 * recorded timestamps (entering a timestamp updates the incident).
 */
export function lastChangeAt(lc: IncidentLifecycle, asOfMs: number): number {
  let best = lc.createdMs;
  for (const ev of lc.status) if (ev.at <= asOfMs && ev.at > best) best = ev.at;
  const sc = lc.severityChangeMs;
  if (sc <= asOfMs && sc > best) best = sc;
  const t = lc.times;
  for (const k of lc.recordedKeys) {
    const v = t[k] as number;
    if (v <= asOfMs && v > best) best = v;
  }
  return best;
}

/** Status at asOf: the last status event at or before it. */
export function statusAt(lc: IncidentLifecycle, asOfMs: number): StatusKey {
  let current: StatusKey = lc.status[0]?.status ?? 'triage';
  for (const ev of lc.status) {
    if (ev.at <= asOfMs) current = ev.status;
    else break;
  }
  return current;
}

/** Severity index at asOf (-1 = none). */
export function severityAt(lc: IncidentLifecycle, asOfMs: number): number {
  if (Number.isFinite(lc.severityChangeMs) && lc.severityChangeMs > asOfMs) return lc.initialSeverity;
  return lc.severity;
}
