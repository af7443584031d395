/**
 * incident.io list filters: bracket-encoded query parameters (`updated_at[gte]=…`,
 * `mode[one_of]=a&mode[one_of]=b`, `custom_field[<id>][one_of]=…`) parsed into a predicate over
 * incident indexes, plus the index ranges that can possibly match (so scans stay short).
 */
import { DAY_MS, type IncidentLifecycle, type IncidentWorkspace, parseInstant } from '../generator/index.js';

export type IncidentMode = 'standard' | 'retrospective' | 'test' | 'tutorial';

interface SetFilter<T> {
  in?: Set<T>;
  out?: Set<T>;
}

export interface IncidentQuery {
  readonly modes: SetFilter<string>;
  readonly statusCategories: SetFilter<string>;
  readonly statuses: SetFilter<string>;
  readonly severities: SetFilter<string> & { minRank?: number; maxRank?: number };
  readonly types: SetFilter<string>;
  readonly createdFrom: number;
  readonly createdTo: number;
  readonly updatedFrom: number;
  readonly updatedTo: number;
  readonly serviceValues: SetFilter<string>;
  /** Stable text of the filters (cache key for counts). */
  readonly signature: string;
  readonly needsLifecycle: boolean;
}

export class QueryError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const MODES = new Set(['standard', 'retrospective', 'test', 'tutorial']);
const CATEGORIES = new Set(['triage', 'live', 'learning', 'closed', 'declined', 'merged', 'canceled', 'paused']);

function dateBound(op: string, value: string, field: string): [number, number] {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (op === 'date_range') {
    const [a, b] = value.split('~');
    const from = parseInstant(a ?? '');
    const to = parseInstant(b ?? '');
    if (!Number.isFinite(from) || !Number.isFinite(to)) throw new QueryError(`${field}[date_range] must look like 2025-01-01~2025-01-31`, field);
    return [from, /^\d{4}-\d{2}-\d{2}$/.test(b ?? '') ? to + DAY_MS : to + 1];
  }
  const t = parseInstant(value);
  if (!Number.isFinite(t)) throw new QueryError(`${field}[${op}] is not a date or time: '${value}'`, field);
  switch (op) {
    case 'gte':
      return [t, Number.POSITIVE_INFINITY];
    case 'gt':
      return [dateOnly ? t + DAY_MS : t + 1, Number.POSITIVE_INFINITY];
    case 'lte':
      return [Number.NEGATIVE_INFINITY, dateOnly ? t + DAY_MS : t + 1];
    case 'lt':
      return [Number.NEGATIVE_INFINITY, t];
    default:
      throw new QueryError(`${field} does not support the '${op}' operator (use gte, lte, gt, lt or date_range)`, field);
  }
}

function setOp(target: SetFilter<string>, op: string, value: string, field: string): void {
  if (op === 'one_of') (target.in ??= new Set()).add(value);
  else if (op === 'not_in') (target.out ??= new Set()).add(value);
  else throw new QueryError(`${field} does not support the '${op}' operator (use one_of or not_in)`, field);
}

/** Parses the list filters; throws QueryError (→ 422) on malformed ones. Unknown fields are ignored. */
export function parseIncidentQuery(query: URLSearchParams, ws: IncidentWorkspace): IncidentQuery {
  const cat = ws.catalogue;
  const modes: SetFilter<string> = {};
  const statusCategories: SetFilter<string> = {};
  const statuses: SetFilter<string> = {};
  const severities: SetFilter<string> & { minRank?: number; maxRank?: number } = {};
  const types: SetFilter<string> = {};
  const serviceValues: SetFilter<string> = {};
  let createdFrom = Number.NEGATIVE_INFINITY;
  let createdTo = Number.POSITIVE_INFINITY;
  let updatedFrom = Number.NEGATIVE_INFINITY;
  let updatedTo = Number.POSITIVE_INFINITY;
  const parts: string[] = [];

  for (const [key, value] of query) {
    const m = /^([a-z_]+)((?:\[[^\]]*\])+)$/.exec(key);
    if (!m) continue;
    const field = m[1] as string;
    const ops = [...(m[2] as string).matchAll(/\[([^\]]*)\]/g)].map((x) => x[1] as string);
    const op = ops[ops.length - 1] as string;
    switch (field) {
      case 'mode':
        if (!MODES.has(value)) throw new QueryError(`mode must be one of standard, retrospective, test, tutorial; got '${value}'`, 'mode');
        setOp(modes, op, value, field);
        break;
      case 'status_category':
        if (!CATEGORIES.has(value)) throw new QueryError(`status_category '${value}' does not exist`, field);
        setOp(statusCategories, op, value, field);
        break;
      case 'status':
        setOp(statuses, op, value, field);
        break;
      case 'severity':
        if (op === 'gte' || op === 'lte') {
          const sev = cat.severities.find((s) => s.id === value);
          if (!sev) throw new QueryError(`severity '${value}' does not exist`, field);
          if (op === 'gte') severities.minRank = sev.rank;
          else severities.maxRank = sev.rank;
        } else setOp(severities, op, value, field);
        break;
      case 'incident_type':
        setOp(types, op, value, field);
        break;
      case 'created_at':
      case 'updated_at': {
        const [from, to] = dateBound(op, value, field);
        if (field === 'created_at') {
          createdFrom = Math.max(createdFrom, from);
          createdTo = Math.min(createdTo, to);
        } else {
          updatedFrom = Math.max(updatedFrom, from);
          updatedTo = Math.min(updatedTo, to);
        }
        break;
      }
      case 'custom_field': {
        const fieldId = ops[0];
        if (ops.length !== 2 || fieldId === undefined) throw new QueryError('use custom_field[<id>][one_of]=<value id>', field);
        if (!cat.customFields.some((f) => f.id === fieldId)) throw new QueryError(`custom field '${fieldId}' does not exist`, field);
        if (fieldId !== cat.servicesField.id) throw new QueryError(`filtering on custom field '${fieldId}' is not supported by this server (only ${cat.servicesField.name})`, field);
        setOp(serviceValues, op, value, field);
        break;
      }
      default:
        continue; // incident_role[...] and anything else: accepted, not applied
    }
    parts.push(`${key}=${value}`);
  }
  if (!modes.in) modes.in = new Set(['standard', 'retrospective']);
  parts.sort();
  const needsLifecycle =
    !!(statusCategories.in || statusCategories.out || statuses.in || statuses.out || severities.in || severities.out) ||
    severities.minRank !== undefined ||
    severities.maxRank !== undefined ||
    !!(types.in || types.out || serviceValues.in || serviceValues.out) ||
    Number.isFinite(updatedTo) ||
    Number.isFinite(updatedFrom);
  return {
    modes,
    statusCategories,
    statuses,
    severities,
    types,
    createdFrom,
    createdTo,
    updatedFrom,
    updatedTo,
    serviceValues,
    signature: parts.join('&'),
    needsLifecycle,
  };
}

function passes<T>(f: SetFilter<T>, value: T): boolean {
  if (f.in && !f.in.has(value)) return false;
  if (f.out?.has(value)) return false;
  return true;
}

/**
 * Evaluates the filters on an incident. Returns the lifecycle when it had to be built (so the
 * caller can render without rebuilding it), `true` when it matches without one, `false` otherwise.
 */
export function matchIncident(q: IncidentQuery, ws: IncidentWorkspace, index: number, revision: number): IncidentLifecycle | boolean {
  const quick = ws.quick(index);
  if (!passes(q.modes, quick.mode)) return false;
  if (quick.createdMs < q.createdFrom || quick.createdMs >= q.createdTo) return false;
  const updatedOk = Number.isFinite(q.updatedFrom) && !Number.isFinite(q.updatedTo) && quick.createdMs >= q.updatedFrom;
  const onlyUpdated = !(
    q.statusCategories.in ||
    q.statusCategories.out ||
    q.statuses.in ||
    q.statuses.out ||
    q.severities.in ||
    q.severities.out ||
    q.severities.minRank !== undefined ||
    q.severities.maxRank !== undefined ||
    q.types.in ||
    q.types.out ||
    q.serviceValues.in ||
    q.serviceValues.out
  );
  if (!q.needsLifecycle || (onlyUpdated && updatedOk)) return true;

  const lc = ws.lifecycle(index);
  const cat = ws.catalogue;
  if (!updatedOk && (Number.isFinite(q.updatedFrom) || Number.isFinite(q.updatedTo))) {
    const updated = ws.updatedAtMs(lc, revision);
    if (updated < q.updatedFrom || updated >= q.updatedTo) return false;
  }
  if (q.statusCategories.in || q.statusCategories.out || q.statuses.in || q.statuses.out) {
    const key = ws.statusKeyAt(lc, revision);
    const status = cat.statusByKey[key];
    if (!passes(q.statusCategories, status.category)) return false;
    if (!passes(q.statuses, status.id)) return false;
  }
  if (q.severities.in || q.severities.out || q.severities.minRank !== undefined || q.severities.maxRank !== undefined) {
    const sevIndex = ws.severityIndexAt(lc, revision);
    const sev = sevIndex >= 0 ? cat.severities[sevIndex] : undefined;
    if ((q.severities.in || q.severities.minRank !== undefined || q.severities.maxRank !== undefined) && !sev) return false;
    if (sev) {
      if (!passes(q.severities, sev.id)) return false;
      if (q.severities.minRank !== undefined && sev.rank < q.severities.minRank) return false;
      if (q.severities.maxRank !== undefined && sev.rank > q.severities.maxRank) return false;
    }
  }
  if (q.types.in || q.types.out) {
    const type = cat.incidentTypes[lc.typeIndex];
    if (!type || !passes(q.types, type.id)) return false;
  }
  if (q.serviceValues.in || q.serviceValues.out) {
    const ids = lc.services.map((s) =>
      cat.servicesFieldKind === 'catalog' ? (cat.catalogEntries[s]?.id ?? '') : (cat.servicesField.options[s]?.id ?? ''),
    );
    if (q.serviceValues.in && !ids.some((id) => q.serviceValues.in?.has(id))) return false;
    if (q.serviceValues.out && ids.some((id) => q.serviceValues.out?.has(id))) return false;
  }
  return lc;
}

/**
 * The descending index sequence that can match: the main range [lo, hi] and, when filtering on
 * updated_at, the incidents edited late (older than the main range).
 */
export interface Candidates {
  readonly hi: number;
  readonly lo: number;
  readonly extras: readonly number[];
}

export function candidateRange(q: IncidentQuery, ws: IncidentWorkspace, revision: number): Candidates {
  let hi = ws.count - 1;
  let lo = 0;
  if (Number.isFinite(q.createdTo)) hi = Math.min(hi, ws.timeline.endIndexAtOrBefore(q.createdTo) - 1);
  if (Number.isFinite(q.createdFrom)) lo = Math.max(lo, ws.timeline.firstIndexAtOrAfter(q.createdFrom));
  let extras: readonly number[] = [];
  if (Number.isFinite(q.updatedFrom)) {
    const mainLo = Math.max(lo, ws.firstIndexUpdatedSince(q.updatedFrom));
    if (mainLo > lo) extras = ws.lateEditedIndexes(revision).filter((i) => i < mainLo && i >= lo && i <= hi);
    lo = mainLo;
  }
  return { hi, lo, extras };
}

/** Walks candidates in descending order strictly below `before` (exclusive). */
export function* walkCandidates(c: Candidates, before: number): Generator<number> {
  for (let i = Math.min(c.hi, before - 1); i >= c.lo; i--) yield i;
  for (const i of c.extras) if (i < before) yield i;
}
