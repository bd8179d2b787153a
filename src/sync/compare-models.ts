// Champion vs challenger on the org's own accounts, without writing anything: both models score
// the same accounts (read once), and the report says how much the ranking and the tiers move
// and, where outcomes are known for accounts scored since the active model was activated,
// how well each model ranked them.
import type { Connection } from 'jsforce';
import { rocAuc, liftTable } from '../model/evaluate/metrics.js';
import { scoreMatrixRows, tierFor, TIERS, type ScoringModel, type Tier } from '../model/index.js';
import { preflight } from '../salesforce/preflight.js';
import { DEFAULT_READ, openQuery, type ReadOptions, type SalesforceRecord } from '../salesforce/query.js';
import { SCORE_FIELDS } from '../salesforce/score-fields.js';
import { readSettings } from '../salesforce/settings.js';
import { readOpportunityRollups } from './read-opportunity-rollups.js';

export interface CompareOptions {
  active: ScoringModel;
  challenger: ScoringModel;
  /** when the active model was activated (ISO): outcomes count for accounts scored since */
  activatedAt: string | null;
  /** the active model's label definition (an Account checkbox or date field name, when it is one) */
  label: string | null;
  /** score a seeded random sample of this many accounts instead of all */
  sample?: number;
  seed?: number;
  read?: Partial<ReadOptions>;
  progress?: (message: string) => void;
}

export interface ModelOutcome {
  rocAuc: number | null;
  liftTop10: number | null;
}

export interface CompareResult {
  active: string;
  challenger: string;
  accounts: number;
  /** Spearman rank correlation of the two models' scores */
  rankCorrelation: number | null;
  thresholds: { hot: number; warm: number };
  tiers: { active: Record<Tier, number>; challenger: Record<Tier, number> };
  /** accounts whose tier changes from the active model to the challenger, by direction */
  moves: { up: number; down: number; same: number; matrix: Record<Tier, Record<Tier, number>> };
  meanScore: { active: number | null; challenger: number | null };
  outcomes:
    | { measured: true; label: string; since: string; accounts: number; positives: number; active: ModelOutcome; challenger: ModelOutcome }
    | { measured: false; reason: string };
}

const RANK: Record<Tier, number> = { Cold: 0, Warm: 1, Hot: 2 };
const fieldName = /^[A-Za-z][A-Za-z0-9_]*$/;

export async function compareModels(conn: Connection, o: CompareOptions): Promise<CompareResult> {
  const say = o.progress ?? (() => {});
  const settings = await readSettings(conn);
  const { active: a, challenger: c } = o;
  // "Converted_To_SQL__c" or "Converted_To_SQL_Date__c within 90 days of CreatedDate": the field is the first word
  const first = o.label?.split(' ')[0] ?? '';
  const labelField = fieldName.test(first) && first !== 'Opportunity' ? first : null;
  const accountFields = [...new Set(['Id', ...a.accountFields, ...c.accountFields, SCORE_FIELDS.scoredAt.name])];
  const contactFields = [...new Set([...a.contactFields, ...c.contactFields])];
  const pf = await preflight(conn, { accountFields: labelField ? [...accountFields, labelField] : accountFields, contactFields, writeFields: [] }).catch((e: Error) => {
    // a label that is not an Account field (Opportunity labels) just means no outcome check
    if (labelField && e.message.includes(labelField)) return null;
    throw e;
  });
  const useLabel = labelField !== null && pf !== null;
  const pfOk = pf ?? (await preflight(conn, { accountFields, contactFields, writeFields: [] }));
  const readOpts = { ...DEFAULT_READ, ...o.read };
  const fields = useLabel ? [...accountFields, labelField] : accountFields;

  const accountsQ = await openQuery(conn, { object: 'Account', fields }, pfOk.accountTypes, readOpts);
  const aggA = a.newContactAggregator();
  const aggC = c.newContactAggregator();
  if (contactFields.length) {
    const cq = await openQuery(conn, { object: 'Contact', fields: [...new Set(['AccountId', ...contactFields])], where: 'AccountId != null' }, pfOk.contactTypes, readOpts, accountsQ.mode);
    for await (const page of cq.pages) {
      for (const ct of page) {
        aggA.add(ct);
        aggC.add(ct);
      }
    }
  }
  // Both models' roll-ups count the same Opportunities: read them once, with whichever spec has them.
  const oppSpec = a.spec.opportunities ? a.spec : c.spec;
  const opps = await readOpportunityRollups(conn, oppSpec, { read: readOpts, mode: accountsQ.mode, say });
  let accounts: SalesforceRecord[] = [];
  for await (const page of accountsQ.pages) {
    accounts.push(...page);
    say(`read ${accounts.length} accounts`);
  }
  if (o.sample !== undefined && o.sample < accounts.length) accounts = seededSample(accounts, o.sample, o.seed ?? 42);
  const n = accounts.length;
  const scoreWith = async (m: ScoringModel, agg: ReturnType<ScoringModel['newContactAggregator']>) => {
    const out = new Float64Array(n);
    const chunk = 10_000;
    for (let i = 0; i < n; i += chunk) {
      const part = accounts.slice(i, i + chunk);
      const X = m.encode(part.map((account) => ({ account, contacts: agg.get(String(account.Id)), opportunities: opps?.aggregator.get(String(account.Id)) })));
      out.set((await scoreMatrixRows(m, X, part.length)).scores, i);
    }
    return out;
  };
  say(`scoring ${n} accounts with ${a.version}`);
  const sa = await scoreWith(a, aggA);
  say(`scoring ${n} accounts with ${c.version}`);
  const sc = await scoreWith(c, aggC);

  const { hotThreshold: hot, warmThreshold: warm } = settings;
  const zero = (): Record<Tier, number> => ({ Hot: 0, Warm: 0, Cold: 0 });
  const matrix = { Hot: zero(), Warm: zero(), Cold: zero() } as Record<Tier, Record<Tier, number>>;
  const tiers = { active: zero(), challenger: zero() };
  let up = 0;
  let down = 0;
  for (let i = 0; i < n; i++) {
    const ta = tierFor(sa[i], { hot, warm });
    const tc = tierFor(sc[i], { hot, warm });
    tiers.active[ta]++;
    tiers.challenger[tc]++;
    matrix[ta][tc]++;
    if (RANK[tc] > RANK[ta]) up++;
    else if (RANK[tc] < RANK[ta]) down++;
  }
  const mean = (s: Float64Array) => (n ? Math.round((s.reduce((x, y) => x + y, 0) / n) * 100) / 100 : null);

  let outcomes: CompareResult['outcomes'];
  if (!o.label) outcomes = { measured: false, reason: 'the active model does not record its label definition' };
  else if (!useLabel) outcomes = { measured: false, reason: `the label "${o.label}" is not an Account field this check can read (Opportunity-based labels are not compared)` };
  else if (!o.activatedAt) outcomes = { measured: false, reason: 'the active model has no activation date (it is not a published model)' };
  else {
    const since = Date.parse(o.activatedAt);
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      const at = accounts[i][SCORE_FIELDS.scoredAt.name];
      if (typeof at === 'string' && Date.parse(at.replace(/\+0000$/, 'Z')) >= since) idx.push(i);
    }
    const y = Uint8Array.from(idx, (i) => (truthy(accounts[i][labelField]) ? 1 : 0));
    const positives = y.reduce((s, v) => s + v, 0);
    if (idx.length === 0 || positives === 0 || positives === idx.length) {
      outcomes = {
        measured: false,
        reason: `${idx.length} accounts were scored since ${o.activatedAt}, ${positives} of them with ${o.label}: both outcomes are needed to measure ROC AUC`,
      };
    } else {
      const measure = (s: Float64Array): ModelOutcome => {
        const pick = Float64Array.from(idx, (i) => s[i]);
        const lift = liftTable(pick, y, [0.1])[0]?.lift;
        return { rocAuc: rocAuc(pick, y), liftTop10: Number.isFinite(lift) ? lift : null };
      };
      outcomes = { measured: true, label: o.label, since: o.activatedAt, accounts: idx.length, positives, active: measure(sa), challenger: measure(sc) };
    }
  }

  return {
    active: a.version,
    challenger: c.version,
    accounts: n,
    rankCorrelation: n > 1 ? spearman(sa, sc) : null,
    thresholds: { hot, warm },
    tiers,
    moves: { up, down, same: n - up - down, matrix },
    meanScore: { active: mean(sa), challenger: mean(sc) },
    outcomes,
  };
}

const truthy = (v: unknown): boolean => v === true || v === 'true' || (typeof v === 'string' && v !== '' && v !== 'false') || (typeof v === 'number' && v !== 0);

/** Average ranks (ties share the mean rank), 1-based. */
function ranks(s: Float64Array): Float64Array {
  const order = Array.from(s.keys()).sort((i, j) => s[i] - s[j]);
  const r = new Float64Array(s.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && s[order[j + 1]] === s[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho: Pearson correlation of the ranks (null when a model gives every account one score). */
export function spearman(x: Float64Array, y: Float64Array): number | null {
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : Math.round((sxy / Math.sqrt(sxx * syy)) * 10_000) / 10_000;
}

function seededSample<T>(items: T[], k: number, seed: number): T[] {
  let s = seed >>> 0 || 1;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const a = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

export { TIERS };
