// Contacts of one account: first a cheap plan (how many, which titles, which email kind) that
// the propensity depends on, then the rendered records (names, emails, dates).
import { makeId } from '../ids.js';
import { Rng } from './prng.js';
import type { Latent } from './latent.js';
import { FIRST_NAMES, FREE_MAIL, LAST_NAMES, NATIVE_NAMES, TITLE_BANDS, type TitleBand } from './vocab.js';

export type EmailKind = 'work' | 'free' | 'none';
export interface ContactPlan {
  readonly band: number; // index in TITLE_BANDS
  readonly title: string;
  readonly email: EmailKind;
}
export interface ContactAggregates {
  count: number;
  atl: number; // above-the-line contacts (C-level, VP, Head of, Director)
  freeShare: number; // share of present emails at free-mail domains
}

export type Contact = Record<string, string | number | boolean | null>;

/** Hard cap: a few hundred contacts at the very largest accounts, as in real CRMs. */
export const MAX_CONTACTS_PER_ACCOUNT = 900;
/** Dispersion of the per-account count (gamma-Poisson shape): small = heavy tail. */
const COUNT_SHAPE = 0.7;

/** Unscaled expected contact count: grows sub-linearly with headcount. */
export function rawContactMean(latent: Latent): number {
  return Math.pow(latent.employees, 0.42);
}

function bandWeights(latent: Latent): readonly (readonly [number, number])[] {
  const small = latent.segment === 'SMB';
  const ent = latent.segment === 'Enterprise';
  const w: Record<TitleBand['band'], number> = {
    c: small ? 0.2 : ent ? 0.035 : 0.07,
    vp: small ? 0.03 : 0.07,
    head: small ? 0.05 : 0.07,
    dir: small ? 0.06 : 0.13,
    mgr: 0.18,
    ic: small ? 0.27 : 0.3,
    intern: 0.03,
    other: 0.05,
    blank: 0.07,
  };
  return TITLE_BANDS.map((b, i) => [i, w[b.band]] as const);
}

export function planContacts(rng: Rng, latent: Latent, countScale: number): ContactPlan[] {
  const n = Math.min(MAX_CONTACTS_PER_ACCOUNT, rng.negBinomial(rawContactMean(latent) * countScale, COUNT_SHAPE));
  const weights = bandWeights(latent);
  const plans = new Array<ContactPlan>(n);
  for (let k = 0; k < n; k++) {
    const band = rng.weighted(weights);
    const title = rng.pick(TITLE_BANDS[band].titles);
    const u = rng.next();
    const email: EmailKind = u < 0.08 ? 'none' : u < 0.08 + 0.92 * latent.freeMailAffinity ? 'free' : 'work';
    plans[k] = { band, title, email };
  }
  return plans;
}

export function aggregateContacts(plans: readonly ContactPlan[]): ContactAggregates {
  let atl = 0;
  let free = 0;
  let present = 0;
  for (const p of plans) {
    if (TITLE_BANDS[p.band].atl) atl++;
    if (p.email !== 'none') present++;
    if (p.email === 'free') free++;
  }
  return { count: plans.length, atl, freeShare: present === 0 ? 0 : free / present };
}

/** ASCII local part from a (possibly accented) name: "Søren O'Brien" -> "soren", "obrien". */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ł/gi, 'l')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function emailFor(rng: Rng, first: string, last: string, kind: EmailKind, domain: string): string | null {
  if (kind === 'none' || !last) return null;
  const f = first || 'info';
  if (kind === 'free') {
    const local = rng.pick([`${f}.${last}`, `${f}${last}${rng.int(1, 99)}`, `${f[0]}${last}`, `${f}_${last}`, `${last}.${f}${rng.int(70, 99)}`]);
    return `${local}@${rng.pick(FREE_MAIL)}`.slice(0, 80);
  }
  const local = rng.weighted([[`${f}.${last}`, 0.5], [`${f[0]}${last}`, 0.25], [f, 0.15], [`${f}${last[0]}`, 0.1]] as const);
  return `${local}@${domain}`.slice(-80).replace(/^[^a-z0-9]+/, '');
}

export interface RenderContext {
  accountId: string;
  domain: string;
  accountCreatedMs: number;
  asOfMs: number;
}

/** Renders planned contacts into Contact records. `firstIndex` is the global contact number for Ids. */
export function renderContacts(rng: Rng, latent: Latent, plans: readonly ContactPlan[], firstIndex: number, ctx: RenderContext): Contact[] {
  const out = new Array<Contact>(plans.length);
  for (let k = 0; k < plans.length; k++) {
    const p = plans[k];
    let first: string | null;
    let last: string;
    let emailFirst: string;
    let emailLast: string;
    if (latent.region === 'APAC' && (latent.country.tld === '.co.jp' || latent.country.tld === '.co.kr') && rng.chance(0.25)) {
      const [nf, nl, rf, rl] = rng.pick(NATIVE_NAMES);
      first = nf;
      last = nl;
      emailFirst = rf;
      emailLast = rl;
    } else {
      first = rng.chance(0.02) ? null : rng.pick(FIRST_NAMES);
      last = rng.pick(LAST_NAMES);
      if (rng.chance(0.01)) last = last.toUpperCase(); // imported lists in caps
      emailFirst = asciiSlug(first ?? '');
      emailLast = asciiSlug(last);
    }
    const created = ctx.accountCreatedMs + Math.floor(rng.next() * (ctx.asOfMs - ctx.accountCreatedMs));
    const modified = created + Math.floor(rng.next() * (ctx.asOfMs - created));
    out[k] = {
      Id: makeId('003', firstIndex + k),
      AccountId: ctx.accountId,
      FirstName: first,
      LastName: last,
      Name: first ? `${first} ${last}` : last,
      Title: p.title === '' ? null : p.title,
      Email: emailFor(rng, emailFirst, emailLast, p.email, ctx.domain),
      CreatedDate: sfDateTime(created),
      LastModifiedDate: sfDateTime(modified),
      IsDeleted: false,
    };
  }
  return out;
}

/** Salesforce's datetime shape: 2026-03-04T05:06:07.000+0000 */
export function sfDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('Z', '+0000');
}
