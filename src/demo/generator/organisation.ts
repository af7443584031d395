/**
 * The synthetic organisation: business units, teams, engineers and the service catalogue. These are
 * small (a few thousand engineers at most), so they are built once, as arrays.
 */
import { BUSINESS_UNITS, FIRST_NAMES, LAST_NAMES } from './names.js';
import { Rng, hashInts, hashString } from './prng.js';

export interface BusinessUnit {
  readonly index: number;
  readonly name: string;
  readonly slug: string;
  readonly teams: readonly Team[];
}

export interface Team {
  readonly index: number;
  readonly name: string;
  readonly slug: string;
  readonly businessUnit: string;
  /** GitHub team id (numeric), as the Copilot user-teams report shows it. */
  readonly githubTeamId: number;
}

export interface Engineer {
  readonly index: number;
  /** HR-style employee id, e.g. `E00042`. */
  readonly employeeId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly name: string;
  /** Corporate email: `first.last@<domain>.test` (a digit is appended on collisions). */
  readonly email: string;
  readonly githubLogin: string;
  readonly githubId: number;
  readonly slackUserId: string;
  readonly businessUnit: string;
  readonly team: string;
  readonly teamIndex: number;
  /** How active this person is overall (0.4..1). Drives AI usage and incident duty. */
  readonly activeness: number;
  /** True for on-call capable engineers (incident leads are drawn from these). */
  readonly onCall: boolean;
}

export interface Service {
  readonly index: number;
  readonly name: string;
  /** `svc-<name>`: the id shared by every workspace's catalogue and the SLOs. */
  readonly externalId: string;
  readonly businessUnit: string;
  readonly team: string;
  /** 1 = most critical. */
  readonly tier: 1 | 2 | 3;
}

export interface Organisation {
  readonly domain: string;
  readonly businessUnits: readonly BusinessUnit[];
  readonly teams: readonly Team[];
  readonly engineers: readonly Engineer[];
  readonly services: readonly Service[];
  /** Engineer indexes per business unit name (for picking incident responders). */
  readonly engineersByUnit: ReadonlyMap<string, readonly number[]>;
  /** On-call engineer indexes per business unit name. */
  readonly onCallByUnit: ReadonlyMap<string, readonly number[]>;
}

function slugify(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function asciiLower(text: string): string {
  return text.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

export function buildOrganisation(seed: number, engineerCount: number, domain: string): Organisation {
  const teams: Team[] = [];
  const businessUnits: BusinessUnit[] = BUSINESS_UNITS.map((bu, buIndex) => {
    const buTeams = bu.teams.map((name) => {
      const team: Team = {
        index: teams.length,
        name,
        slug: slugify(name),
        businessUnit: bu.name,
        githubTeamId: 100000 + (hashString(`${bu.name}/${name}`, seed) % 900000),
      };
      teams.push(team);
      return team;
    });
    return { index: buIndex, name: bu.name, slug: slugify(bu.name), teams: buTeams };
  });

  const buWeights = BUSINESS_UNITS.map((bu) => bu.weight);
  const usedEmails = new Set<string>();
  const usedLogins = new Set<string>();
  const engineers: Engineer[] = [];
  const engineersByUnit = new Map<string, number[]>();
  const onCallByUnit = new Map<string, number[]>();
  for (const bu of businessUnits) {
    engineersByUnit.set(bu.name, []);
    onCallByUnit.set(bu.name, []);
  }

  for (let i = 0; i < engineerCount; i++) {
    const rng = new Rng(hashInts(seed, 0x0e9, i));
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    const first = asciiLower(firstName);
    const last = asciiLower(lastName);
    let local = `${first}.${last}`;
    for (let n = 2; usedEmails.has(local); n++) local = `${first}.${last}${n}`;
    usedEmails.add(local);

    const loginStyles = [`${first}-${last}`, `${first[0]}${last}`, `${first}${last[0]}`, `${first}-${last}-dev`, `${last}${first}`];
    let login = rng.pick(loginStyles);
    for (let n = 2; usedLogins.has(login); n++) login = `${rng.pick(loginStyles)}${n}`;
    usedLogins.add(login);

    const bu = businessUnits[rng.weighted(buWeights)] as BusinessUnit;
    const team = rng.pick(bu.teams);
    const onCall = rng.chance(0.55);
    const engineer: Engineer = {
      index: i,
      employeeId: `E${String(i + 1).padStart(5, '0')}`,
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      email: `${local}@${domain}.test`,
      githubLogin: login,
      githubId: 1_000_000 + (hashInts(seed, 0x61d, i) % 89_000_000),
      slackUserId: `U0${(hashInts(seed, 0x51a, i) % 0x7fffffff).toString(36).toUpperCase().padStart(8, '0')}`,
      businessUnit: bu.name,
      team: team.name,
      teamIndex: team.index,
      activeness: 0.4 + 0.6 * rng.next(),
      onCall,
    };
    engineers.push(engineer);
    engineersByUnit.get(bu.name)?.push(i);
    if (onCall) onCallByUnit.get(bu.name)?.push(i);
  }

  const services: Service[] = [];
  for (const bu of BUSINESS_UNITS) {
    const buTeams = businessUnits.find((b) => b.name === bu.name)?.teams ?? [];
    bu.services.forEach((name, k) => {
      const rng = new Rng(hashString(name, seed));
      services.push({
        index: services.length,
        name,
        externalId: `svc-${name}`,
        businessUnit: bu.name,
        team: buTeams[k % buTeams.length]?.name ?? bu.teams[0] ?? bu.name,
        tier: k < 2 ? 1 : rng.chance(0.5) ? 2 : 3,
      });
    });
  }

  return { domain, businessUnits, teams, engineers, services, engineersByUnit, onCallByUnit };
}
