// The generator core: a lazy, deterministic stream of accounts with their contacts and the
// hidden propensity the label was drawn from. Account i is the same whatever the org size.
import { makeId } from '../ids.js';
import { accountCreatedMs, drawIdentity, renderAccount, sfDate, type AccountRecord } from './account.js';
import { aggregateContacts, planContacts, rawContactMean, renderContacts, type Contact } from './contacts.js';
import { drawLatent, type Latent } from './latent.js';
import { writeNotes } from './notes.js';
import { parseGenerateOptions, type GenerateOptions, type GenerateOptionsInput } from './options.js';
import { renderOpportunities, type Opportunity } from './opportunities.js';
import { mix32, Rng } from './prng.js';
import { baseLogit, NOISE_SD, sigmoid, solveIntercept } from './propensity.js';
import type { ContactAggregates } from './contacts.js';
import { renderActivity, type ActivityRecord } from './activity.js';
import { drawOwner, makePeople, type People } from './people.js';

/** The generated org's people (users, roles, group, permission set), or null without `owners`. */
export function generatedPeople(opts: GenerateOptions): People | null {
  return opts.owners ? makePeople(opts.owners, `${opts.asOf}T00:00:00.000+0000`) : null;
}

export interface GeneratedAccount {
  account: AccountRecord;
  contacts: Contact[];
  /** Only with `opportunities: true` (otherwise empty): the account's Opportunities. */
  opportunities: Opportunity[];
  /** Only with `activity: true` (otherwise empty): Tasks and Events on the account. */
  tasks: ActivityRecord[];
  events: ActivityRecord[];
  /** True probability the label was drawn from (ground truth; never written into the org). */
  propensity: number;
  /** Only with `withLatent: true`: the hidden profile, for diagnostics (what notes should have said, ceilings). */
  latent?: LatentView;
}

export interface LatentView {
  profile: Latent;
  contacts: ContactAggregates;
  /** Propensity a model would give if it knew every latent signal but not the account-level noise. */
  propensityWithoutNoise: number;
}

// Independent random streams per account, so changing how one part is rendered never shifts another.
const STREAM = { latent: 1, plan: 2, notes: 3, label: 4, contacts: 5, account: 6, opportunities: 7, owners: 8, activity: 9 } as const;
const OWNERS = 25;
const DAY_MS = 86_400_000;

export interface Calibration {
  intercept: number;
  contactScale: number;
}

// Calibration is a pure function of these options; cache a few so repeated runs skip it.
const calibrationCache = new Map<string, Calibration>();

/** Solves the contact-count scale and the intercept on a sample of latent draws disjoint from the org. */
export function calibrate(opts: GenerateOptions): Calibration {
  const key = `${opts.seed}|${opts.positiveRate}|${opts.contactsPerAccount}|${opts.calibrationSample}`;
  const cached = calibrationCache.get(key);
  if (cached) return cached;
  const cal = solveCalibration(opts);
  if (calibrationCache.size >= 16) calibrationCache.delete(calibrationCache.keys().next().value as string);
  calibrationCache.set(key, cal);
  return cal;
}

function solveCalibration(opts: GenerateOptions): Calibration {
  const n = opts.calibrationSample;
  const calSeed = mix32(opts.seed ^ 0x5eed_ca11);
  const latents = new Array<Latent>(n);
  let rawSum = 0;
  for (let i = 0; i < n; i++) {
    latents[i] = drawLatent(Rng.forKey(calSeed, i, STREAM.latent));
    rawSum += rawContactMean(latents[i]);
  }
  const contactScale = rawSum === 0 ? 0 : (opts.contactsPerAccount * n) / rawSum;
  const logits = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const plans = planContacts(Rng.forKey(calSeed, i, STREAM.plan), latents[i], contactScale);
    logits[i] = baseLogit(latents[i], aggregateContacts(plans));
  }
  return { intercept: solveIntercept(logits, opts.positiveRate), contactScale };
}

/** Lazily generates the org. Validates options eagerly (throws before the first item). */
export function generateOrg(input: GenerateOptionsInput): Generator<GeneratedAccount, void, undefined> {
  const opts = parseGenerateOptions(input);
  return generate(opts, calibrate(opts));
}

function* generate(opts: GenerateOptions, cal: Calibration): Generator<GeneratedAccount, void, undefined> {
  const asOf = new Date(`${opts.asOf}T00:00:00Z`);
  const asOfMs = asOf.getTime();
  let contactIndex = 0;
  let opportunityIndex = 0;
  let taskIndex = 0;
  let eventIndex = 0;
  const people = generatedPeople(opts);
  for (let i = 0; i < opts.accounts; i++) {
    const latent = drawLatent(Rng.forKey(opts.seed, i, STREAM.latent));
    const plans = planContacts(Rng.forKey(opts.seed, i, STREAM.plan), latent, cal.contactScale);
    const aggregates = aggregateContacts(plans);
    const z = baseLogit(latent, aggregates);
    const propensity = sigmoid(z + cal.intercept);

    const accRng = Rng.forKey(opts.seed, i, STREAM.account);
    const identity = drawIdentity(accRng, latent);
    const id = makeId('001', i);
    const createdMs = accountCreatedMs(accRng, asOfMs);
    const notes = writeNotes(Rng.forKey(opts.seed, i, STREAM.notes), latent, { companyName: identity.name, asOf });
    const account = renderAccount(accRng, latent, { id, identity, asOfMs, createdMs }, notes);
    account.OwnerId = makeId('005', accRng.int(0, OWNERS - 1));
    if (people) account.OwnerId = drawOwner(Rng.forKey(opts.seed, i, STREAM.owners), people, opts.owners!.poolShare, account.Region__c);

    const labelRng = Rng.forKey(opts.seed, i, STREAM.label);
    const positive = labelRng.next() < propensity;
    const daysAgo = labelRng.int(0, 179);
    account[opts.labelField] = positive;
    const convertedMs = positive ? Math.max(createdMs, asOfMs - daysAgo * DAY_MS) : null;
    account[opts.labelDateField] = convertedMs === null ? null : sfDate(convertedMs);

    const contacts = renderContacts(Rng.forKey(opts.seed, i, STREAM.contacts), latent, plans, contactIndex, {
      accountId: id,
      domain: identity.domain,
      accountCreatedMs: createdMs,
      asOfMs,
    });
    contactIndex += contacts.length;
    const opportunities = opts.opportunities
      ? renderOpportunities(Rng.forKey(opts.seed, i, STREAM.opportunities), {
          accountId: id,
          accountName: identity.name,
          accountCreatedMs: createdMs,
          convertedMs,
          employees: latent.employees,
          asOfMs,
          firstIndex: opportunityIndex,
        })
      : [];
    opportunityIndex += opportunities.length;
    if (people) for (const o of opportunities) o.OwnerId = account.OwnerId;
    let tasks: ActivityRecord[] = [];
    let events: ActivityRecord[] = [];
    if (people && opts.activity) {
      const actRng = Rng.forKey(opts.seed, i, STREAM.activity);
      ({ tasks, events } = renderActivity(actRng, {
        accountId: id,
        ownerId: account.OwnerId,
        inPool: account.OwnerId === people.poolUserId,
        someRep: actRng.pick(people.reps).id,
        asOfMs,
        firstTask: taskIndex,
        firstEvent: eventIndex,
      }));
      taskIndex += tasks.length;
      eventIndex += events.length;
    }
    if (opts.withLatent) {
      const latentView = { profile: latent, contacts: aggregates, propensityWithoutNoise: sigmoid(z - NOISE_SD * latent.noise + cal.intercept) };
      yield { account, contacts, opportunities, tasks, events, propensity, latent: latentView };
    } else yield { account, contacts, opportunities, tasks, events, propensity };
  }
}
