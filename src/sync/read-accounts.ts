import type { Connection } from 'jsforce';
import type { AccountInput, OpportunityAggregator } from '../features/index.js';
import { conversionProbability, openScoringThread, toScores, type ScoringThread, type ScoringModel } from '../model/index.js';
import { soqlAccountId } from '../salesforce/ids.js';
import type { PreflightResult } from '../salesforce/preflight.js';
import { openQuery, type OpenedQuery, type ReadOptions, type SalesforceRecord } from '../salesforce/query.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';
import { readAhead } from '../util/read-ahead.js';
import { workerThreads } from '../util/threads.js';
import { readOpportunityRollups } from './read-opportunity-rollups.js';
import type { RunReport } from './report.js';

const F = SCORE_FIELDS;
/**
 * Accounts per step. Steps go to the scoring thread (encoded and scored there) while it has
 * fewer than THREAD_BACKLOG waiting; the others are encoded here and only scored there, so both
 * threads encode while onnxruntime runs off this one.
 */
const SCORE_STEP = 2500;
const THREAD_BACKLOG = 2;
const TIER_CODE: Record<string, number> = { Hot: 1, Warm: 2, Cold: 3 };
export const TIER_OF = ['Cold', 'Hot', 'Warm', 'Cold'] as const;

/** One page of accounts as kept between the read and the plan: compact typed arrays. */
export interface ScoredPage {
  ids: string[];
  X: Float32Array;
  scores: Float64Array;
  /** calibrated P(convert) per account (the model's class weights undone) */
  probabilities: Float64Array;
  storedScore: Float64Array; // NaN = empty
  storedPct: Float64Array; // NaN = empty
  storedTier: Uint8Array; // 0 = empty
  /** 1 when the stored model version matches and the factors field holds a payload */
  storedCurrent: Uint8Array;
}

export interface ReadAccountsInput {
  conn: Connection;
  model: ScoringModel;
  accountFields: string[];
  preflight: PreflightResult;
  read: ReadOptions;
  /** only these Accounts (on demand) */
  accountIds?: readonly string[];
  paths: RunReport['paths'];
  say: (message: string) => void;
  crash: (point: string) => void;
}

/**
 * The read phase: Contacts (and Opportunities when the spec rolls them up) aggregated first
 * (pages, never per account), then Accounts
 * streamed and scored page by page by the scoring core, with the score fields they hold now.
 */
export async function readAndScoreAccounts(o: ReadAccountsInput): Promise<ScoredPage[]> {
  const m = o.model;
  const pages: ScoredPage[] = [];
  if (o.accountIds && o.accountIds.length === 0) return pages;
  const idList = o.accountIds?.map(soqlAccountId).join(',');
  const where = idList ? `Id IN (${idList})` : undefined;
  const mode = o.accountIds ? 'rest' : undefined;
  const accountsQuery = await openQuery(o.conn, { object: 'Account', fields: o.accountFields, where }, o.preflight.accountTypes, o.read, mode);
  o.paths.accounts = accountsQuery.mode;
  // Many accounts: onnxruntime gets its own thread, started while the contacts are read
  // (unless ACCOUNT_SCORE_THREADS=1 asks for no worker threads).
  const scorerReady = openScoringThread(m, { thread: accountsQuery.mode === 'bulk' && workerThreads() > 1, encoder: m });
  // The org prepares the Accounts (and they download) while the Contacts are read.
  const accountPages = readAhead(accountsQuery.pages);
  try {
    return await readAndScore(o, { pages: accountPages, mode: accountsQuery.mode }, scorerReady, idList);
  } finally {
    await accountPages.close();
    await (await scorerReady).close();
  }
}

async function readAndScore(
  o: ReadAccountsInput,
  accounts: Pick<OpenedQuery, 'pages' | 'mode'>,
  scorerReady: Promise<ScoringThread>,
  idList: string | undefined,
): Promise<ScoredPage[]> {
  const m = o.model;
  const pages: ScoredPage[] = [];
  const contacts = m.newContactAggregator();
  if (m.contactFields.length) {
    const cWhere = idList ? `AccountId IN (${idList})` : 'AccountId != null';
    const cq = await openQuery(o.conn, { object: 'Contact', fields: m.contactFields, where: cWhere }, o.preflight.contactTypes, o.read, accounts.mode);
    o.paths.contacts = cq.mode;
    let n = 0;
    for await (const page of cq.pages) {
      for (const c of page) contacts.add(c);
      n += page.length;
      o.say(`read ${n} contacts`);
    }
  }
  const opps = await readOpportunityRollups(o.conn, m.spec, {
    read: o.read,
    where: idList ? `${m.spec.opportunities?.accountIdField ?? 'AccountId'} IN (${idList})` : undefined,
    mode: accounts.mode,
    say: o.say,
  });
  o.crash('contacts');
  const scorer = await scorerReady;
  // one "today" for every account of the run (relative dates in notes)
  const asOf = new Date();
  const scoring: Promise<void>[] = [];
  let read = 0;
  try {
    for await (const page of accounts.pages) {
      for (let start = 0; start < page.length; start += SCORE_STEP) {
        const { page: scored, done } = scorePage(m, scorer, page.slice(start, start + SCORE_STEP), contacts, opps?.aggregator, asOf);
        done.catch(() => undefined); // awaited below (or abandoned with the run)
        pages.push(scored);
        scoring.push(done);
        // let the thread's answers in, so the next step goes where there is room
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      read += page.length;
      o.say(`read and scored ${read} accounts`);
    }
  } finally {
    // nothing left scoring when the caller closes the thread
    await Promise.allSettled(scoring);
  }
  await Promise.all(scoring);
  return pages;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN);

/**
 * Encodes the records and reads what they hold now; the scores arrive when `done` resolves
 * (onnxruntime on its own thread), so the caller can encode the next records meanwhile.
 */
function scorePage(
  m: ScoringModel,
  scorer: ScoringThread,
  records: SalesforceRecord[],
  contacts: ReturnType<ScoringModel['newContactAggregator']>,
  opps: OpportunityAggregator | undefined,
  asOf: Date,
): { page: ScoredPage; done: Promise<void> } {
  const n = records.length;
  const inputs = new Array<AccountInput>(n);
  for (let i = 0; i < n; i++) {
    const account = records[i];
    const id = String(account.Id);
    inputs[i] = { account, contacts: contacts.get(id), opportunities: opps?.get(id) };
  }
  const page: ScoredPage = {
    ids: new Array<string>(n),
    X: new Float32Array(0), // set below, here or when the thread has encoded
    scores: new Float64Array(n),
    probabilities: new Float64Array(n),
    storedScore: new Float64Array(n),
    storedPct: new Float64Array(n),
    storedTier: new Uint8Array(n),
    storedCurrent: new Uint8Array(n),
  };
  let scored: Promise<{ X: Float32Array; margins: Float64Array }>;
  if (scorer.offThread && scorer.backlog < THREAD_BACKLOG) {
    // only the fields the features read cross to the thread (not the stored score fields)
    const fields = ['Id', ...m.accountFields];
    const trimmed = inputs.map((x) => {
      const account: SalesforceRecord = {};
      for (const f of fields) account[f] = x.account[f];
      return { ...x, account };
    });
    scored = scorer.encodeAndScore(trimmed, asOf);
  }
  else {
    const X = m.encode(inputs, { asOf });
    scored = scorer.margins(X, n).then((margins) => ({ X, margins }));
  }
  const done = scored.then(({ X, margins }) => {
    page.X = X;
    page.scores = toScores(margins, m.scale);
    for (let i = 0; i < n; i++) page.probabilities[i] = conversionProbability(margins[i], m.probabilityShift);
  });
  for (let i = 0; i < n; i++) {
    const r = records[i];
    page.ids[i] = String(r.Id);
    page.storedScore[i] = num(r[F.score.name]);
    page.storedPct[i] = num(r[F.percentile.name]);
    page.storedTier[i] = TIER_CODE[String(r[F.tier.name])] ?? 0;
    const factors = r[F.factors.name];
    // an account without the expected conversion (written since it exists) is rewritten once
    const current = r[F.modelVersion.name] === m.version && typeof factors === 'string' && factors.startsWith('{"v":1') && !Number.isNaN(num(r[F.probability.name]));
    page.storedCurrent[i] = current ? 1 : 0;
  }
  return { page, done };
}

export function concatScores(pages: readonly ScoredPage[]): Float64Array {
  const total = pages.reduce((s, p) => s + p.ids.length, 0);
  const out = new Float64Array(total);
  let o = 0;
  for (const p of pages) {
    out.set(p.scores, o);
    o += p.scores.length;
  }
  return out;
}
