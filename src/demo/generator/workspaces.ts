/**
 * Incident.io workspace catalogues. Each workspace configures its own severities, statuses, timestamps,
 * roles, custom fields and duration metrics, with workspace-specific ids: the differences the staging
 * models must reconcile (source-apis.md §1.3). Three flavours reproduce companya/b/c; any number of
 * workspaces can reuse a flavour under another name.
 */
import { isoTime } from './calendar.js';
import type { Organisation, Service } from './organisation.js';
import { hashString } from './prng.js';
import { ulid } from './ulid.js';

export type WorkspaceFlavour = 'companya' | 'companyb' | 'companyc';

/** Points of an incident's life the generator knows; timestamps map onto these. */
export type LifecycleKey = 'reported' | 'impact' | 'detected' | 'responded' | 'fixed' | 'resolved' | 'closed';

export type StatusKey =
  | 'triage'
  | 'investigating'
  | 'fixing'
  | 'monitoring'
  | 'learning'
  | 'closed'
  | 'declined'
  | 'merged'
  | 'canceled'
  | 'paused';

export type StatusCategory = 'triage' | 'live' | 'learning' | 'closed' | 'declined' | 'merged' | 'canceled' | 'paused';

export interface WorkspaceSpec {
  /** Workspace name (`_workspace`), e.g. `companya`. */
  readonly name: string;
  /** Which catalogue to use; defaults to the name when it is companya/b/c, else companya. */
  readonly flavour?: WorkspaceFlavour;
  /** Multiplier on `incidentsPerDay` (defaults: companya 1, companyb 0.6, companyc 0.4, others 0.5). */
  readonly volume?: number;
  /** Exact number of incidents in the window; overrides incidentsPerDay × days × volume. */
  readonly incidentCount?: number;
}

export interface SeverityDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly rank: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface StatusDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly category: StatusCategory;
  readonly rank: number;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface TimestampDef {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
}

export interface RoleDef {
  readonly id: string;
  readonly name: string;
  readonly shortform: string;
  readonly description: string;
  readonly instructions: string;
  readonly role_type: 'lead' | 'reporter' | 'custom';
  readonly required: boolean;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface IncidentTypeDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly is_default: boolean;
  readonly private_incidents_only: boolean;
  readonly create_in_triage: 'optional' | 'always';
  readonly created_at: string;
  readonly updated_at: string;
}

export interface CustomFieldOption {
  readonly id: string;
  readonly custom_field_id: string;
  readonly value: string;
  readonly sort_key: number;
}

export interface CustomFieldDef {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly field_type: 'single_select' | 'multi_select' | 'text' | 'link' | 'numeric';
  readonly catalog_type_id?: string;
  readonly options: readonly CustomFieldOption[];
  readonly created_at: string;
  readonly updated_at: string;
  /** Generator hint: what the field holds. */
  readonly role: 'services' | 'customer-impact' | 'root-cause' | 'root-cause-category' | 'link' | 'customers-affected';
}

export interface CatalogEntryDef {
  readonly id: string;
  readonly name: string;
  readonly external_id: string;
  readonly aliases: readonly string[];
  readonly catalog_type_id: string;
  readonly rank: number;
  readonly attribute_values: Record<string, unknown>;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface DurationMetricDef {
  readonly id: string;
  readonly name: string;
  readonly from: LifecycleKey;
  readonly to: LifecycleKey;
}

export interface WorkspaceCatalogue {
  readonly name: string;
  readonly flavour: WorkspaceFlavour;
  /** 1-based id namespace used inside incident ids. */
  readonly number: number;
  readonly createdMs: number;
  readonly severities: readonly SeverityDef[];
  /** Probability of each severity (same order as `severities`, ascending rank). */
  readonly severityWeights: readonly number[];
  readonly statuses: readonly StatusDef[];
  readonly statusByKey: Readonly<Record<StatusKey, StatusDef>>;
  readonly timestamps: readonly TimestampDef[];
  /** Lifecycle point each timestamp records, same order as `timestamps`. */
  readonly timestampKeys: readonly LifecycleKey[];
  /** How an unset timestamp value is rendered: `{value: null}` or no `value` key at all. */
  readonly unsetStyle: 'null' | 'missing' | 'mixed';
  readonly roles: readonly RoleDef[];
  readonly incidentTypes: readonly IncidentTypeDef[];
  readonly customFields: readonly CustomFieldDef[];
  /** The field that lists affected services, and whether it holds catalog entries or plain options. */
  readonly servicesField: CustomFieldDef;
  readonly servicesFieldKind: 'catalog' | 'option';
  readonly catalogType: { readonly id: string; readonly name: string; readonly type_name: string; readonly description: string };
  readonly catalogEntries: readonly CatalogEntryDef[];
  readonly durationMetrics: readonly DurationMetricDef[];
  readonly apiKey: { readonly id: string; readonly name: string };
  readonly slackTeamId: string;
}

const FLAVOURS: readonly WorkspaceFlavour[] = ['companya', 'companyb', 'companyc'];

export function flavourOf(spec: WorkspaceSpec): WorkspaceFlavour {
  if (spec.flavour) return spec.flavour;
  return (FLAVOURS as readonly string[]).includes(spec.name) ? (spec.name as WorkspaceFlavour) : 'companya';
}

export function defaultVolume(spec: WorkspaceSpec): number {
  if (spec.volume !== undefined) return spec.volume;
  if (spec.name === 'companya') return 1;
  if (spec.name === 'companyb') return 0.6;
  if (spec.name === 'companyc') return 0.4;
  return 0.5;
}

interface FlavourDef {
  severities: ReadonlyArray<[name: string, description: string, weight: number]>;
  statusNames: Readonly<Record<StatusKey, string>>;
  timestamps: ReadonlyArray<[name: string, key: LifecycleKey]>;
  unsetStyle: 'null' | 'missing' | 'mixed';
  roles: ReadonlyArray<[name: string, shortform: string, type: 'lead' | 'reporter' | 'custom']>;
  fields: ReadonlyArray<[name: string, type: CustomFieldDef['field_type'], role: CustomFieldDef['role'], options?: readonly string[]]>;
  servicesFieldKind: 'catalog' | 'option';
  durationMetrics: ReadonlyArray<[name: string, from: LifecycleKey, to: LifecycleKey]>;
}

const FLAVOUR_DEFS: Readonly<Record<WorkspaceFlavour, FlavourDef>> = {
  companya: {
    severities: [
      ['Minor', 'Little or no customer impact; fix in working hours.', 0.6],
      ['Major', 'Significant impact on a subset of customers.', 0.3],
      ['Critical', 'Widespread impact on customers or revenue; all hands.', 0.1],
    ],
    statusNames: {
      triage: 'Triage', investigating: 'Investigating', fixing: 'Fixing', monitoring: 'Monitoring',
      learning: 'Documenting', closed: 'Closed', declined: 'Declined', merged: 'Merged', canceled: 'Canceled', paused: 'Paused',
    },
    // No detection timestamp: by convention "Impact started" is recorded when on-call confirms impact.
    timestamps: [
      ['Impact started', 'impact'],
      ['Accepted at', 'responded'],
      ['Fixed at', 'fixed'],
      ['Resolved at', 'resolved'],
      ['Closed at', 'closed'],
    ],
    unsetStyle: 'null',
    roles: [
      ['Incident Lead', 'lead', 'lead'],
      ['Reporter', 'reporter', 'reporter'],
      ['Communications Lead', 'comms', 'custom'],
      ['Scribe', 'scribe', 'custom'],
    ],
    fields: [
      ['Affected services', 'multi_select', 'services'],
      ['Customer impact', 'single_select', 'customer-impact', ['None', 'Some customers', 'All customers']],
      ['Root cause', 'text', 'root-cause'],
      ['Jira ticket', 'link', 'link'],
    ],
    servicesFieldKind: 'catalog',
    durationMetrics: [
      ['Time to fix', 'impact', 'fixed'],
      ['Lasted', 'impact', 'resolved'],
    ],
  },
  companyb: {
    severities: [
      ['P3', 'Low urgency.', 0.45],
      ['P2', 'Degraded service for some customers.', 0.33],
      ['P1', 'Major customer-facing outage.', 0.16],
      ['P0', 'Total outage or data loss.', 0.06],
    ],
    statusNames: {
      triage: 'Triage', investigating: 'Investigating', fixing: 'Mitigating', monitoring: 'Monitoring',
      learning: 'Post-incident', closed: 'Closed', declined: 'Declined', merged: 'Merged', canceled: 'Canceled', paused: 'Paused',
    },
    timestamps: [
      ['Reported at', 'reported'],
      ['Identified at', 'detected'],
      ['Impact started', 'impact'],
      ['Acknowledged at', 'responded'],
      ['Fixed at', 'fixed'],
      ['Resolved at', 'resolved'],
      ['Closed at', 'closed'],
    ],
    unsetStyle: 'missing',
    roles: [
      ['Incident Commander', 'ic', 'lead'],
      ['Reporter', 'reporter', 'reporter'],
      ['Communications', 'comms', 'custom'],
      ['Scribe', 'scribe', 'custom'],
    ],
    fields: [
      ['Services impacted', 'multi_select', 'services'],
      ['Customers affected', 'numeric', 'customers-affected'],
      ['Root cause category', 'single_select', 'root-cause-category', ['Deploy', 'Config change', 'Capacity', 'Dependency', 'Unknown']],
    ],
    servicesFieldKind: 'catalog',
    durationMetrics: [
      ['Time to acknowledge', 'reported', 'responded'],
      ['Lasted', 'impact', 'resolved'],
    ],
  },
  companyc: {
    severities: [
      ['SEV4', 'Cosmetic or internal only.', 0.4],
      ['SEV3', 'Minor customer impact.', 0.35],
      ['SEV2', 'Significant customer impact.', 0.18],
      ['SEV1', 'Critical: widespread outage.', 0.07],
    ],
    statusNames: {
      triage: 'Triage', investigating: 'Investigating', fixing: 'Fixing', monitoring: 'Monitoring',
      learning: 'Learning', closed: 'Closed', declined: 'Declined', merged: 'Merged', canceled: 'Canceled', paused: 'Paused',
    },
    // No "Fixed at" in this workspace.
    timestamps: [
      ['Detected at', 'detected'],
      ['Impact started', 'impact'],
      ['Accepted at', 'responded'],
      ['Resolved at', 'resolved'],
      ['Closed at', 'closed'],
    ],
    unsetStyle: 'mixed',
    roles: [
      ['Incident Lead', 'lead', 'lead'],
      ['Reporter', 'reporter', 'reporter'],
      ['Comms', 'comms', 'custom'],
    ],
    // Older workspace: services are a plain option field, not catalog-backed.
    fields: [
      ['Affected service', 'single_select', 'services'],
      ['Customer impact', 'single_select', 'customer-impact', ['None', 'Some customers', 'All customers']],
    ],
    servicesFieldKind: 'option',
    durationMetrics: [
      ['Time to resolve', 'reported', 'resolved'],
      ['Lasted', 'impact', 'resolved'],
    ],
  },
};

const STATUS_ORDER: readonly [StatusKey, StatusCategory][] = [
  ['triage', 'triage'],
  ['investigating', 'live'],
  ['fixing', 'live'],
  ['monitoring', 'live'],
  ['paused', 'paused'],
  ['learning', 'learning'],
  ['closed', 'closed'],
  ['declined', 'declined'],
  ['merged', 'merged'],
  ['canceled', 'canceled'],
];

export function buildWorkspaceCatalogue(seed: number, spec: WorkspaceSpec, number: number, org: Organisation): WorkspaceCatalogue {
  const flavour = flavourOf(spec);
  const def = FLAVOUR_DEFS[flavour];
  const nsHash = hashString(spec.name, seed);
  const createdMs = Date.UTC(2021, 0, 4) + (nsHash % 400) * 86_400_000;
  const created = isoTime(createdMs);
  const id = (key: string): string => ulid(createdMs + (hashString(key, nsHash) % 86_400_000), nsHash, hashString(key, seed));

  const severities: SeverityDef[] = def.severities.map(([name, description], rank) => ({
    id: id(`sev:${name}`),
    name,
    description,
    rank,
    created_at: created,
    updated_at: created,
  }));

  const statuses: StatusDef[] = STATUS_ORDER.map(([key, category], rank) => ({
    id: id(`status:${key}`),
    name: def.statusNames[key],
    description: `${def.statusNames[key]} (${category})`,
    category,
    rank,
    created_at: created,
    updated_at: created,
  }));
  const statusByKey = Object.fromEntries(STATUS_ORDER.map(([key], i) => [key, statuses[i]])) as Record<StatusKey, StatusDef>;

  const timestamps: TimestampDef[] = def.timestamps.map(([name], rank) => ({ id: id(`ts:${name}`), name, rank: rank + 1 }));

  const roles: RoleDef[] = def.roles.map(([name, shortform, roleType]) => ({
    id: id(`role:${name}`),
    name,
    shortform,
    description: `The ${name.toLowerCase()} of the incident.`,
    instructions: roleType === 'lead' ? 'Coordinate the response and keep the channel updated.' : `Act as ${name.toLowerCase()}.`,
    role_type: roleType,
    required: roleType === 'lead',
    created_at: created,
    updated_at: created,
  }));

  const incidentTypes: IncidentTypeDef[] = [
    ['Default', 'Anything that is not a security or customer-facing incident.', true, false],
    ['Security', 'Possible security incident.', false, true],
    ['Customer Facing', 'Customers are directly affected.', false, false],
  ].map(([name, description, isDefault, isPrivate]) => ({
    id: id(`type:${String(name)}`),
    name: String(name),
    description: String(description),
    is_default: Boolean(isDefault),
    private_incidents_only: Boolean(isPrivate),
    create_in_triage: 'optional' as const,
    created_at: created,
    updated_at: created,
  }));

  const catalogType = {
    id: id('catalog-type:Service'),
    name: 'Service',
    type_name: 'Custom["Service"]',
    description: 'Services owned by engineering teams.',
  };
  const catalogEntries: CatalogEntryDef[] = org.services.map((svc: Service, rank) => ({
    id: id(`catalog:${svc.externalId}`),
    name: svc.name,
    external_id: svc.externalId,
    aliases: rank % 4 === 0 ? [svc.name.replace(/-/g, ' ')] : [],
    catalog_type_id: catalogType.id,
    rank,
    attribute_values: {
      owning_team: { value: { literal: svc.team } },
      business_unit: { value: { literal: svc.businessUnit } },
      tier: { value: { literal: String(svc.tier) } },
    },
    created_at: created,
    updated_at: created,
  }));

  const customFields: CustomFieldDef[] = def.fields.map(([name, fieldType, role, optionValues]) => {
    const fieldId = id(`field:${name}`);
    let values: readonly string[] = optionValues ?? [];
    if (role === 'services' && def.servicesFieldKind === 'option') values = org.services.map((s) => s.name);
    const options = values.map((value, sortKey) => ({
      id: id(`option:${name}:${value}`),
      custom_field_id: fieldId,
      value,
      sort_key: (sortKey + 1) * 10,
    }));
    return {
      id: fieldId,
      name,
      description: `${name} for the incident.`,
      field_type: fieldType,
      ...(role === 'services' && def.servicesFieldKind === 'catalog' ? { catalog_type_id: catalogType.id } : {}),
      options,
      created_at: created,
      updated_at: created,
      role,
    };
  });
  const servicesField = customFields.find((f) => f.role === 'services') as CustomFieldDef;

  return {
    name: spec.name,
    flavour,
    number,
    createdMs,
    severities,
    severityWeights: def.severities.map(([, , w]) => w),
    statuses,
    statusByKey,
    timestamps,
    timestampKeys: def.timestamps.map(([, key]) => key),
    unsetStyle: def.unsetStyle,
    roles,
    incidentTypes,
    customFields,
    servicesField,
    servicesFieldKind: def.servicesFieldKind,
    catalogType,
    catalogEntries,
    durationMetrics: def.durationMetrics.map(([name, from, to]) => ({ id: id(`metric:${name}`), name, from, to })),
    apiKey: { id: id('api-key:alerting'), name: 'Alertmanager integration' },
    slackTeamId: `T0${(nsHash % 0x7fffffff).toString(36).toUpperCase().padStart(8, '0')}`,
  };
}
