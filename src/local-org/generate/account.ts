// Renders the observable Account record from the latent profile (names, web, firmographics, dates).
import { asciiSlug, sfDateTime } from './contacts.js';
import type { Latent } from './latent.js';
import type { Rng } from './prng.js';
import { ABM_GROUPS, ACCOUNT_TYPES, INDUSTRIES, NAME_JOINERS, NAME_ROOTS, NAME_TAILS, TECH_VARIANTS } from './vocab.js';

export type AccountRecord = Record<string, string | number | boolean | null>;

const DAY_MS = 86_400_000;

export interface Identity {
  name: string;
  domain: string;
}

export function drawIdentity(rng: Rng, l: Latent): Identity {
  const root = rng.pick(NAME_ROOTS);
  const joiner = rng.pick(NAME_JOINERS);
  const tail = joiner === '' ? rng.pick(NAME_TAILS) : '';
  const brand = joiner ? `${root}${joiner}` : rng.chance(0.3) ? `${root}${tail}` : `${root} ${tail}`;
  const legal = rng.pick(l.country.legal);
  const name = legal.startsWith('Société') || legal === '株式会社' ? `${legal} ${brand}` : legal ? `${brand} ${legal}` : brand;
  const tld = rng.chance(0.5) ? l.country.tld : INDUSTRIES[l.industryIndex][0] === 'Technology' && rng.chance(0.4) ? '.io' : '.com';
  const domain = `${asciiSlug(brand)}${rng.chance(0.08) ? rng.pick(['hq', 'app', 'group', 'inc']) : ''}${tld}`;
  return { name, domain };
}

function websiteFor(rng: Rng, domain: string): string | null {
  return rng.weighted([
    [`https://www.${domain}`, 0.4],
    [`www.${domain}`, 0.22],
    [domain, 0.15],
    [`http://${domain}`, 0.06],
    [`https://${domain}/`, 0.05],
    [null, 0.12],
  ] as const);
}

/** Two significant digits, like revenue estimates from data vendors. */
function roundRevenue(v: number): number {
  if (v < 1000) return Math.round(v);
  const p = Math.pow(10, Math.floor(Math.log10(v)) - 1);
  return Math.round(v / p) * p;
}

/** Headcounts are often typed as round numbers. */
function typedEmployees(rng: Rng, n: number): number {
  if (n < 20 || !rng.chance(0.35)) return n;
  const p = Math.pow(10, Math.floor(Math.log10(n)));
  return Math.max(1, Math.round(n / (p / 2)) * (p / 2));
}

export interface AccountContext {
  id: string;
  identity: Identity;
  asOfMs: number;
  createdMs: number;
}

export function accountCreatedMs(rng: Rng, asOfMs: number): number {
  return asOfMs - Math.floor((30 + rng.next() * 6 * 365) * DAY_MS) - rng.int(0, 86_399) * 1000;
}

export function renderAccount(rng: Rng, l: Latent, ctx: AccountContext, notes: string | null): AccountRecord {
  const modified = ctx.createdMs + Math.floor(rng.next() * (ctx.asOfMs - ctx.createdMs));
  const revenue = l.revenueMissing ? null : roundRevenue(l.employees * l.revenuePerEmployee);
  const personaPool =
    l.segment === 'SMB'
      ? ([['Founder', 0.35], ['Talent Acquisition', 0.25], ['HR Operations', 0.2], ['Sales Leadership', 0.08], ['Finance', 0.07], ['IT', 0.05]] as const)
      : ([['Talent Acquisition', 0.4], ['HR Operations', 0.25], ['Sales Leadership', 0.12], ['Founder', 0.03], ['Finance', 0.1], ['IT', 0.1]] as const);
  const type = rng.weighted<string | null>([...ACCOUNT_TYPES.map((t, i) => [t, [0.82, 0.05, 0.02, 0.03, 0.01, 0.03, 0.02][i]] as const), [null, 0.02]]);
  return {
    Id: ctx.id,
    Name: rng.chance(0.01) ? ctx.identity.name.toUpperCase() : ctx.identity.name,
    Type: type,
    Industry: l.industryMissing ? null : INDUSTRIES[l.industryIndex][0],
    AnnualRevenue: revenue,
    NumberOfEmployees: l.employeesMissing ? null : typedEmployees(rng, l.employees),
    BillingCity: rng.chance(0.05) ? null : rng.pick(l.country.cities),
    BillingCountry: rng.chance(0.04) ? null : rng.weighted(l.country.names),
    Website: websiteFor(rng, ctx.identity.domain),
    OwnerId: '', // filled by the caller (needs makeId)
    CreatedDate: sfDateTime(ctx.createdMs),
    LastModifiedDate: sfDateTime(modified),
    SystemModstamp: sfDateTime(modified),
    IsDeleted: false,
    Region__c: l.region,
    GTM_Segment__c: l.segment,
    ABM_Group__c: l.abmTier === 0 ? null : ABM_GROUPS[l.abmTier - 1],
    Persona__c: rng.chance(0.08) ? null : rng.weighted(personaPool),
    Current_Technology__c: l.tech === 'none' ? (rng.chance(0.85) ? null : rng.pick(TECH_VARIANTS.none)) : rng.chance(0.1) ? null : rng.pick(TECH_VARIANTS[l.tech]),
    Researcher_Notes__c: notes,
  };
}

export function sfDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
