// Plans an assignment against an org: reads reps, the pool and each rep's book, scores them
// with the model (expected conversion = the model's probability), leaves out accounts being
// worked, and hands the rest to the planner. Reads only; apply.ts writes.
import { randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { scoreMatrixRows, scoreOf, tierFor, type ScoringModel } from '../model/index.js';
import type { ApiCallCounter } from '../salesforce/api-calls.js';
import { apiBudget } from '../salesforce/limits.js';
import {
  AssignInputError,
  IDS_PER_QUERY,
  poolOwnerId,
  queryByIds,
  quoteId,
  readWorked,
  resolveReps,
  type PoolSource,
  type RepSource,
  type RepUser,
} from '../salesforce/owners.js';
import { preflight } from '../salesforce/preflight.js';
import { openQuery, DEFAULT_READ, type SalesforceRecord } from '../salesforce/query.js';
import { readSettings, type ScoreSettings } from '../salesforce/settings.js';
import { readOpportunityRollups } from '../sync/read-opportunity-rollups.js';
import type { OpportunityAggregator } from '../features/index.js';
import { planAssignment, type Balance, type Book, type PoolAccount, type Rep } from './plan.js';
import type { AssignPlanFile } from './plan-file.js';

export interface AssignOptions {
  conn: Connection;
  calls: ApiCallCounter;
  loadModel: () => Promise<ScoringModel>;
  orgId?: string | null;
  pool: PoolSource;
  reps: RepSource;
  /** as the user typed them, for the plan file */
  poolText: string;
  repsText: string;
  perRep?: number;
  /** User field holding the most accounts a rep's book may hold */
  capacityField?: string;
  /** Account field an account and its rep must agree on */
  matchField?: string;
  /** the User field compared with matchField (default: the same API name) */
  repMatchField?: string;
  balance?: Balance;
  /** max/min expected conversions per rep the plan aims for (default 1.05) */
  tolerance?: number;
  /** activity in the last N days (or planned) marks an account as worked (default 30) */
  excludeWorkedDays?: number;
  apiReservePercent?: number;
  now?: () => Date;
  progress?: (message: string) => void;
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const DAY = 86_400_000;

interface Scored {
  rec: SalesforceRecord;
  score: number;
  probability: number;
}

export async function planFromOrg(opts: AssignOptions): Promise<AssignPlanFile> {
  const say = opts.progress ?? (() => {});
  const now = (opts.now ?? (() => new Date()))();
  const balance = opts.balance ?? 'expected';
  const tolerance = opts.tolerance ?? 1.05;
  const workedDays = opts.excludeWorkedDays ?? 30;
  if (opts.perRep === undefined && opts.capacityField === undefined) {
    throw new AssignInputError('Say how many accounts each rep takes: --per-rep N, or --capacity-field <User field with the most accounts a book may hold>.');
  }
  if (opts.perRep !== undefined && !(Number.isInteger(opts.perRep) && opts.perRep >= 0)) throw new AssignInputError(`--per-rep must be a whole number >= 0 (got ${opts.perRep}).`);
  if (!(Number.isInteger(workedDays) && workedDays >= 0)) throw new AssignInputError(`--exclude-worked-days must be a whole number >= 0 (got ${workedDays}).`);
  for (const [flag, v] of [['--match-field', opts.matchField], ['--rep-match-field', opts.repMatchField], ['--capacity-field', opts.capacityField]] as const) {
    if (v !== undefined && !API_NAME.test(v)) throw new AssignInputError(`${flag} "${v}" is not a field API name.`);
  }
  const matchField = opts.matchField;
  const repMatchField = matchField ? (opts.repMatchField ?? matchField) : undefined;

  const settings = await readSettings(opts.conn);
  const model = await opts.loadModel();
  try {
    return await planWith(model, settings, opts, { now, balance, tolerance, workedDays, matchField, repMatchField, say });
  } finally {
    await model.close();
  }
}

interface Resolved {
  now: Date;
  balance: Balance;
  tolerance: number;
  workedDays: number;
  matchField: string | undefined;
  repMatchField: string | undefined;
  say: (message: string) => void;
}

async function planWith(model: ScoringModel, settings: ScoreSettings, opts: AssignOptions, r: Resolved): Promise<AssignPlanFile> {
  const { now, balance, tolerance, workedDays, matchField, repMatchField, say } = r;
  if (settings.modelVersion && settings.modelVersion !== model.version) {
    throw new Error(
      `Account_Score_Setting__mdt.Model_Version__c is "${settings.modelVersion}" but the loaded model is "${model.version}": plan with the org's model.`,
    );
  }
  const accountFields = [...new Set(['Id', 'Name', 'OwnerId', ...(matchField ? [matchField] : []), ...model.accountFields])];
  const pf = await preflight(opts.conn, { accountFields, contactFields: model.contactFields, writeFields: [] });
  const budget = await apiBudget(opts.conn, opts.apiReservePercent ?? settings.apiReservePercent, opts.calls);
  budget.assert(12, 'reading reps, the pool and the books');

  say('reading reps');
  const users = await resolveReps(opts.conn, opts.reps, [repMatchField, opts.capacityField].filter((f): f is string => !!f));
  const poolOwner = await poolOwnerId(opts.conn, opts.pool);
  const repIds = users.map((u) => u.Id);
  const repSet = new Set(repIds);
  if (poolOwner && repSet.has(poolOwner)) throw new AssignInputError(`The pool user ${poolOwner} is also one of the reps.`);

  const where = opts.pool.kind === 'filter' ? `(${opts.pool.where})` : `OwnerId = ${quoteId(poolOwner!)}`;
  say('reading the pool');
  const poolRecs = (await readAccounts(opts, accountFields, where, pf.accountTypes)).filter((r) => !repSet.has(String(r.OwnerId)));
  say(`read ${poolRecs.length} pool accounts; reading the reps' books`);
  const bookRecs = await readAccounts(opts, accountFields, `OwnerId IN (${repIds.map(quoteId).join(',')})`, pf.accountTypes);

  const contacts = model.newContactAggregator();
  if (model.contactFields.length) {
    say('reading contacts');
    const owners = [...repIds, ...(poolOwner ? [poolOwner] : [])];
    const cFields = model.contactFields.join(', ');
    // one query per slice of owners (Bulk API when large), not one per account
    for (let i = 0; i < owners.length; i += IDS_PER_QUERY) {
      const list = owners.slice(i, i + IDS_PER_QUERY).map(quoteId).join(',');
      const q = await openQuery(opts.conn, { object: 'Contact', fields: model.contactFields, where: `Account.OwnerId IN (${list})` }, pf.contactTypes, DEFAULT_READ);
      for await (const page of q.pages) for (const c of page) contacts.add(c);
    }
    if (!poolOwner) {
      const ids = poolRecs.map((r) => String(r.Id));
      for (const c of await queryByIds(opts.conn, ids, (list) => `SELECT ${cFields} FROM Contact WHERE AccountId IN (${list})`)) contacts.add(c);
    }
  }
  // one paged query over all Opportunities (not one per owner slice): the roll-ups need only three fields
  const opps = (await readOpportunityRollups(opts.conn, model.spec, { read: DEFAULT_READ, say }))?.aggregator;
  say('scoring');
  const pool = await scoreAll(model, poolRecs, contacts, opps);
  const books = await scoreAll(model, bookRecs, contacts, opps);
  const tierOf = (s: number) => tierFor(s, { hot: settings.hotThreshold, warm: settings.warmThreshold });

  const reps: Rep[] = users.map((u) => {
    const book: Book = { count: 0, expected: 0, tiers: { Hot: 0, Warm: 0, Cold: 0 } };
    return { id: u.Id, name: String(u.Name), match: repMatchField ? matchValue(u[repMatchField]) : null, capacity: 0, book };
  });
  const byId = new Map(reps.map((r) => [r.id, r]));
  for (const b of books) {
    const r = byId.get(String(b.rec.OwnerId))!;
    r.book.count++;
    r.book.expected += b.probability;
    r.book.tiers[tierOf(b.score)]++;
  }
  users.forEach((u, k) => (reps[k].capacity = capacityOf(u, reps[k].book.count, opts)));

  // Activity checks go down the pool best first, only as deep as the plan can reach.
  pool.sort((a, b) => b.probability - a.probability);
  const since = new Date(now.getTime() - workedDays * DAY).toISOString().slice(0, 10);
  const candidates: PoolAccount[] = [];
  const room = new Map<string, number>();
  for (const r of reps) {
    if (matchField && r.match === null) continue;
    const key = matchField ? String(r.match) : '';
    room.set(key, (room.get(key) ?? 0) + r.capacity);
  }
  const need = new Map(room);
  let checked = 0;
  const CHECK = IDS_PER_QUERY;
  while (checked < pool.length && [...need.values()].some((n) => n > 0)) {
    const slice = pool.slice(checked, checked + CHECK);
    budget.assert(4, 'checking activity on pool accounts');
    const worked = await readWorked(opts.conn, slice.map((s) => String(s.rec.Id)), { since });
    for (const s of slice) {
      const id = String(s.rec.Id);
      const match = matchField ? matchValue(s.rec[matchField]) : null;
      const reason = worked.get(id) ?? null;
      candidates.push({ id, name: String(s.rec.Name ?? ''), ownerId: String(s.rec.OwnerId), score: s.score, tier: tierOf(s.score), probability: s.probability, match, worked: reason });
      const key = matchField ? String(match) : '';
      if (!reason && need.has(key) && (match !== null || !matchField)) need.set(key, need.get(key)! - 1);
    }
    checked += slice.length;
    say(`checked activity on ${checked} of ${pool.length} pool accounts`);
  }

  const plan = planAssignment(candidates, reps, { balance, tolerance, matchField });
  return {
    format: 'account-score-assignment/1',
    planId: randomUUID(),
    createdAt: now.toISOString(),
    orgId: opts.orgId ?? null,
    modelVersion: model.version,
    options: {
      pool: opts.poolText,
      reps: opts.repsText,
      perRep: opts.perRep ?? null,
      capacityField: opts.capacityField ?? null,
      matchField: matchField ?? null,
      repMatchField: repMatchField ?? null,
      balance,
      tolerance,
      excludeWorkedDays: workedDays,
      workedSince: since,
    },
    stats: { ...plan.stats, poolAccounts: pool.length, checkedForActivity: checked },
    reps: plan.reps,
    assignments: plan.assignments,
    skipped: plan.skipped,
    history: [],
  };
}

function matchValue(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : String(v);
}

function capacityOf(u: RepUser, bookCount: number, opts: AssignOptions): number {
  let cap = opts.perRep ?? Infinity;
  if (opts.capacityField) {
    const raw = u[opts.capacityField];
    const max = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    if (!Number.isFinite(max) || max < 0) {
      throw new AssignInputError(`User ${u.Id} (${u.Name}) has no usable ${opts.capacityField} (got ${raw === null || raw === undefined ? 'blank' : JSON.stringify(raw)}): set it, or leave this rep out of --reps.`);
    }
    cap = Math.min(cap, Math.max(0, Math.floor(max) - bookCount));
  }
  return cap;
}

async function readAccounts(opts: AssignOptions, fields: string[], where: string, types: ReadonlyMap<string, string>): Promise<SalesforceRecord[]> {
  const q = await openQuery(opts.conn, { object: 'Account', fields, where }, types, DEFAULT_READ);
  const out: SalesforceRecord[] = [];
  for await (const page of q.pages) out.push(...page);
  return out;
}

const SCORE_CHUNK = 10_000;

/** Score and calibrated probability (the core's: class weights of the training undone) per account. */
async function scoreAll(
  model: ScoringModel,
  recs: SalesforceRecord[],
  contacts: ReturnType<ScoringModel['newContactAggregator']>,
  opps: OpportunityAggregator | undefined,
): Promise<Scored[]> {
  const out: Scored[] = [];
  for (let i = 0; i < recs.length; i += SCORE_CHUNK) {
    const part = recs.slice(i, i + SCORE_CHUNK);
    const X = model.encode(part.map((account) => ({ account, contacts: contacts.get(String(account.Id)), opportunities: opps?.get(String(account.Id)) })));
    const { margins } = await scoreMatrixRows(model, X, part.length);
    part.forEach((rec, k) => {
      const s = scoreOf(model, margins[k]);
      out.push({ rec, score: s.score, probability: s.probability });
    });
  }
  return out;
}
