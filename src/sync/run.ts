import { randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { toScore } from '../model/index.js';
import type { ApiCallCounter } from '../salesforce/api-calls.js';
import { redact } from '../salesforce/connection.js';
import { apiBudget, BudgetError, type ApiBudget } from '../salesforce/limits.js';
import { preflight } from '../salesforce/preflight.js';
import { DEFAULT_READ, openQuery, type ReadOptions, type SalesforceRecord } from '../salesforce/query.js';
import { SCORE_FIELDS, SCORE_FIELD_NAMES } from '../salesforce/score-fields.js';
import { readSettings } from '../salesforce/settings.js';
import { DEFAULT_WRITE, writeAccounts, type AccountUpdate, type WriteFailure, type WriteOptions } from '../salesforce/writer.js';
import { CheckpointStore, type Checkpoint } from './checkpoint.js';
import type { BatchExplainer, ScoringModel } from './model.js';
import { buildFactors, tierFor, type Tier } from './payload.js';
import { loadPopulation, Population, savePopulation } from './population.js';
import { reconcileNote, RunReport } from './report.js';

export interface SyncOptions {
  conn: Connection;
  calls: ApiCallCounter;
  /** loads and checks the model; its errors stop the run before anything is read */
  loadModel: () => Promise<ScoringModel>;
  /** where checkpoints and the population distribution live (one dir per org) */
  stateDir: string;
  dryRun?: boolean;
  /** percent of the daily API limit to leave unused, for this run; overrides Api_Reserve_Percent__c (0-90, like its rule) */
  apiReservePercent?: number;
  /** score only these Accounts (on demand); percentiles against the last full run's population */
  accountIds?: readonly string[];
  read?: Partial<ReadOptions>;
  write?: Partial<WriteOptions>;
  /** updates per write step (bounds memory; each step is one bulk job or a run of collections calls) */
  writeChunk?: number;
  /** a checkpoint older than this is discarded and the run starts over */
  checkpointMaxAgeMs?: number;
  now?: () => Date;
  progress?: (message: string) => void;
  /** test hook called at phase boundaries and after each confirmed write; throwing simulates a crash */
  crashPoint?: (point: string) => void;
}

const F = SCORE_FIELDS;
/** keeps the Id list inside SOQL and URL length limits */
export const MAX_ON_DEMAND = 300;
/** changed accounts explained per TreeSHAP batch (~2 MB of features, ~4 MB of values at 48 features) */
const EXPLAIN_CHUNK = 10_000;
const TIER_CODE: Record<string, number> = { Hot: 1, Warm: 2, Cold: 3 };
const TIER_OF: Tier[] = ['Cold', 'Hot', 'Warm', 'Cold'];

/** One page of accounts as kept between the read and the plan: compact typed arrays. */
interface Page {
  ids: string[];
  X: Float32Array;
  scores: Float64Array;
  storedScore: Float64Array; // NaN = empty
  storedPct: Float64Array; // NaN = empty
  storedTier: Uint8Array; // 0 = empty
  /** 1 when the stored model version matches and the factors field holds a payload */
  storedCurrent: Uint8Array;
}

class PhaseTimer {
  readonly phases: Record<string, number> = {};
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.phases[name] = Math.round((this.phases[name] ?? 0) + performance.now() - t0);
    }
  }
}

const soqlQuote = (id: string) => {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) throw new Error(`Not a Salesforce Id: "${id}"`);
  return `'${id}'`;
};

/**
 * One sync run: settings -> model -> pre-flight -> API budget -> read (contacts aggregated,
 * accounts streamed) -> score -> percentiles -> plan (diff, factors for changed accounts
 * only) -> checkpoint -> write -> report. Never throws for run failures: the report says
 * what happened (status failed/partial); the exit code follows from it.
 */
export async function runSync(opts: SyncOptions): Promise<RunReport> {
  const now = opts.now ?? (() => new Date());
  const say = opts.progress ?? (() => {});
  const crash = opts.crashPoint ?? (() => {});
  const readOpts: ReadOptions = { ...DEFAULT_READ, ...opts.read };
  const writeOpts: WriteOptions = { ...DEFAULT_WRITE, ...opts.write };
  const store = new CheckpointStore(opts.stateDir);
  const timer = new PhaseTimer();
  const startedAt = now();
  const callsAtStart = opts.calls.count;
  const retriesAtStart = opts.calls.retries;
  const kind = opts.accountIds ? 'ids' : 'full';
  const dryRun = !!opts.dryRun;

  let model: ScoringModel | undefined;
  let budget: ApiBudget | undefined;
  let resumed = false;
  let read = 0;
  let scored = 0;
  let changed = 0;
  let written = 0;
  // write outcomes beyond written/failed: sent but unconfirmed, and never sent because the write stopped
  let unknown = 0;
  let notAttempted = 0;
  const unconfirmed: WriteFailure[] = [];
  const failures: WriteFailure[] = [];
  let failedCount = 0;
  const tiers = { Hot: 0, Warm: 0, Cold: 0 };
  let runScores: Population | undefined;
  let scoreMin = Infinity;
  let scoreMax = -Infinity;
  let scoreSum = 0;
  const paths: RunReport['paths'] = { accounts: 'none', contacts: 'none', write: 'none' };
  let error: string | undefined;
  const runId = randomUUID();

  try {
    const r = opts.apiReservePercent;
    if (r !== undefined && !(Number.isFinite(r) && r >= 0 && r <= 90)) {
      throw new Error(`The API reserve must be between 0 and 90 percent (got ${r}). Nothing was read or written.`);
    }
    const settings = await timer.time('settings', () => readSettings(opts.conn));
    crash('settings');
    model = await timer.time('model', opts.loadModel);
    const m = model;
    if (settings.modelVersion && settings.modelVersion !== m.version) {
      throw new Error(
        `Account_Score_Setting__mdt.Model_Version__c is "${settings.modelVersion}" but the loaded model is "${m.version}": ` +
          'deploy the matching model or update the setting. Nothing was written.',
      );
    }
    crash('model');
    const accountFields = [...new Set(['Id', ...m.accountFields, ...SCORE_FIELD_NAMES])];
    const pf = await timer.time('preflight', () =>
      preflight(opts.conn, { accountFields, contactFields: m.contactFields, writeFields: SCORE_FIELD_NAMES }),
    );
    crash('preflight');
    const reservePercent = opts.apiReservePercent ?? settings.apiReservePercent;
    budget = await timer.time('budget', () => apiBudget(opts.conn, reservePercent, opts.calls));
    budget.assert(kind === 'ids' ? 4 : 8, 'reading the org');
    crash('budget');
    const settingsKey = JSON.stringify([settings.hotThreshold, settings.warmThreshold, settings.tolerance, settings.topFactorCount, kind]);

    // Resume an interrupted full run's writes instead of rescoring.
    let cp: Checkpoint | null = null;
    if (kind === 'full' && !dryRun) {
      cp = await store.load();
      const fresh = cp && now().getTime() - Date.parse(cp.createdAt) <= (opts.checkpointMaxAgeMs ?? 20 * 3600_000);
      if (cp && (!fresh || cp.modelVersion !== m.version || cp.modelDigest !== m.digest || cp.settingsKey !== settingsKey)) {
        say('discarding a stale checkpoint (different model, settings, or too old)');
        await store.clear();
        cp = null;
      }
    }

    if (cp) {
      resumed = true;
      say(`resuming run ${cp.runId}: ${cp.planned} planned updates`);
      ({ read, scored } = cp.stats);
      Object.assign(tiers, cp.stats.tiers);
      paths.accounts = cp.stats.accountsPath;
      paths.contacts = cp.stats.contactsPath;
      changed = cp.planned;
      const counts = new Uint32Array(10_001);
      for (const [bin, c] of cp.stats.scoreList) counts[bin] = c;
      runScores = new Population(counts);
    } else {
      // ---- read: contacts aggregated first (bulk pages, never per account), then accounts streamed
      const pages: Page[] = [];
      await timer.time('read', async () => {
        if (opts.accountIds && opts.accountIds.length > MAX_ON_DEMAND) {
          throw new Error(`On-demand scoring takes at most ${MAX_ON_DEMAND} Account Ids per run (got ${opts.accountIds.length}); run a full sync instead.`);
        }
        const where = opts.accountIds?.length ? `Id IN (${opts.accountIds.map(soqlQuote).join(',')})` : undefined;
        if (opts.accountIds && opts.accountIds.length === 0) return;
        const accountsQuery = await openQuery(opts.conn, { object: 'Account', fields: accountFields, where }, pf.accountTypes, readOpts, kind === 'ids' ? 'rest' : undefined);
        paths.accounts = accountsQuery.mode;
        const contacts = m.newContactAggregator();
        if (m.contactFields.length) {
          const cWhere = where ? `AccountId IN (${opts.accountIds!.map(soqlQuote).join(',')})` : 'AccountId != null';
          const cq = await openQuery(opts.conn, { object: 'Contact', fields: m.contactFields, where: cWhere }, pf.contactTypes, readOpts, accountsQuery.mode);
          paths.contacts = cq.mode;
          let n = 0;
          for await (const page of cq.pages) {
            for (const c of page) contacts.add(c);
            n += page.length;
            say(`read ${n} contacts`);
          }
        }
        crash('contacts');
        for await (const page of accountsQuery.pages) {
          pages.push(await scorePage(m, page, contacts));
          read += page.length;
          say(`read and scored ${read} accounts`);
        }
      });
      crash('read');
      if (opts.accountIds) {
        const found = new Set(pages.flatMap((p) => p.ids.map((id) => id.slice(0, 15))));
        for (const id of opts.accountIds) {
          if (!found.has(id.slice(0, 15))) {
            failures.push({ id, code: 'NOT_FOUND', message: 'No Account with this Id (deleted, or not visible to this user)' });
          }
        }
        failedCount += failures.length;
      }

      // ---- score: percentiles against this population (full) or the last full run's (on demand)
      const population = await timer.time('score', async () => {
        const all = Population.fromScores(concatScores(pages));
        if (kind === 'full') {
          if (!dryRun && all.size) await savePopulation(opts.stateDir, all, m.version, startedAt, m.digest);
          return all;
        }
        const last = await loadPopulation(opts.stateDir, m.version, m.digest);
        if (!last) {
          throw new Error(
            `No score population for model ${m.version} in ${opts.stateDir}: run a full sync first, so on-demand percentiles are relative to all accounts.`,
          );
        }
        return last.pop;
      });
      runScores = Population.fromScores(concatScores(pages));
      crash('score');

      // ---- plan: diff against stored values; factors (TreeSHAP) only for accounts that change
      const scoredAt = startedAt.toISOString();
      const plan = dryRun ? null : await store.begin();
      await timer.time('plan', async () => {
        // Changed rows are gathered into chunks and explained together on the explainer's
        // worker threads (one pool per run), then turned into updates in read order.
        const cols = m.nFeatures;
        const chunkX = new Float32Array(new SharedArrayBuffer(EXPLAIN_CHUNK * cols * 4));
        const pending: AccountUpdate[] = [];
        let explainer: BatchExplainer | undefined;
        const flush = async () => {
          if (!plan || pending.length === 0) return;
          explainer ??= await m.openExplainer();
          const shap = await explainer.run(chunkX, pending.length);
          for (let r = 0; r < pending.length; r++) {
            const x = chunkX.subarray(r * cols, (r + 1) * cols);
            pending[r][F.factors.name] = buildFactors(m, x, settings.topFactorCount, shap.subarray(r * (cols + 1), (r + 1) * (cols + 1)));
            plan.add(pending[r]);
          }
          pending.length = 0;
          await plan.drain();
        };
        try {
          for (const p of pages) {
            for (let i = 0; i < p.ids.length; i++) {
              const score = p.scores[i];
              const pct = population.percentile(score);
              const tier = tierFor(score, settings.hotThreshold, settings.warmThreshold);
              tiers[tier]++;
              scored++;
              const stored = p.storedScore[i];
              const differs =
                Number.isNaN(stored) ||
                Math.abs(score - stored) > settings.tolerance ||
                p.storedPct[i] !== pct ||
                TIER_OF[p.storedTier[i]] !== tier ||
                p.storedTier[i] === 0 ||
                p.storedCurrent[i] === 0;
              if (!differs) continue;
              changed++;
              if (!plan) continue;
              chunkX.set(p.X.subarray(i * cols, (i + 1) * cols), pending.length * cols);
              const update: AccountUpdate = {
                Id: p.ids[i],
                [F.score.name]: score,
                [F.percentile.name]: pct,
                [F.tier.name]: tier,
                [F.factors.name]: '', // filled in by flush(), after the chunk's TreeSHAP
                [F.scoredAt.name]: scoredAt,
                [F.modelVersion.name]: m.version,
              };
              // Carry the previous score only when the score itself moves.
              if (!Number.isNaN(stored) && stored !== score) update[F.previousScore.name] = stored;
              pending.push(update);
              if (pending.length === EXPLAIN_CHUNK) await flush();
            }
          }
          await flush();
        } finally {
          await explainer?.close();
        }
      });
      pages.length = 0;
      crash('plan');
      if (plan && changed === 0) {
        await plan.close();
        await store.clear();
      } else if (plan) {
        const scoreList: [number, number][] = [];
        runScores.counts.forEach((c, bin) => c && scoreList.push([bin, c]));
        await store.commit(
          {
            version: 2,
            runId,
            createdAt: startedAt.toISOString(),
            scoredAt,
            modelVersion: m.version,
            modelDigest: m.digest,
            settingsKey,
            planned: changed,
            stats: { read, scored, tiers, scoreList, accountsPath: paths.accounts, contactsPath: paths.contacts },
          },
          plan,
        );
      }
      crash('checkpoint');
    }

    // ---- write: the plan's remaining updates, chunk by chunk, confirmed Ids checkpointed
    if (!dryRun && changed > 0) {
      await timer.time('write', async () => {
        const remainingAtStart = changed - (await store.written()).size;
        const bulk = remainingAtStart >= writeOpts.bulkThreshold;
        let sent = 0;
        for await (const chunk of store.remaining(opts.writeChunk ?? 50_000)) {
          // Until the write stops, updates not yet handed to the writer count as not attempted.
          notAttempted = remainingAtStart - sent;
          budget!.assert(estimateWriteCalls(chunk.length, bulk), `writing ${chunk.length} accounts`);
          sent += chunk.length;
          const res = await writeAccounts(opts.conn, chunk, {
            ...writeOpts,
            budget,
            bulkThreshold: bulk ? Math.min(writeOpts.bulkThreshold, chunk.length) : Number.POSITIVE_INFINITY,
            onWritten: async (ids) => {
              await store.markWritten(ids);
              written += ids.length;
              say(`written ${written} of ${remainingAtStart}`);
              crash('written');
            },
          });
          if (res.mode !== 'none') paths.write = paths.write === 'none' || paths.write === res.mode ? res.mode : paths.write;
          failedCount += res.failed.length;
          for (const f of res.failed) if (failures.length < 1000) failures.push(f);
          unknown += res.unknown.length;
          for (const f of res.unknown) if (unconfirmed.length < 1000) unconfirmed.push(f);
          notAttempted = remainingAtStart - sent + res.notAttempted;
          if (res.stopped) throw new (res.stopped.reason === 'budget' ? BudgetError : Error)(res.stopped.message);
        }
        notAttempted = 0;
      });
      // Failed records are not retried from the checkpoint: the next run's diff picks them up again.
      await store.clear();
    }
  } catch (err) {
    const e = err as Error;
    error = redact(`${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`);
  }

  const dist = runScores ?? new Population(new Uint32Array(10_001));
  const histogram = new Array<number>(10).fill(0);
  dist.counts.forEach((c, bin) => {
    if (!c) return;
    const s = bin / 100;
    histogram[Math.min(9, Math.floor(s / 10))] += c;
    scoreMin = Math.min(scoreMin, s);
    scoreMax = Math.max(scoreMax, s);
    scoreSum += s * c;
  });
  const n = dist.size;
  const q = (p: number) => (n ? dist.quantile(p) : null);
  const report: RunReport = {
    version: 1,
    runId,
    kind,
    dryRun,
    resumed,
    status: error ? 'failed' : failedCount > 0 ? 'partial' : 'ok',
    ...(error ? { error } : {}),
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    ...(model ? { modelVersion: model.version } : {}),
    accounts: { read, scored, changed, written, failed: failedCount, unknown, notAttempted },
    failures,
    unconfirmed,
    tiers,
    scores: {
      min: n ? scoreMin : null,
      p25: q(0.25),
      median: q(0.5),
      p75: q(0.75),
      p90: q(0.9),
      max: n ? scoreMax : null,
      mean: n ? Math.round((scoreSum / n) * 100) / 100 : null,
      histogram,
    },
    api: {
      calls: opts.calls.count - callsAtStart,
      retries: opts.calls.retries - retriesAtStart,
      dailyMax: budget?.max ?? null,
      remainingAtStart: budget?.remainingAtStart ?? null,
      reservePercent: budget?.reservePercent ?? null,
    },
    paths,
    phases: timer.phases,
  };
  const parsed = RunReport.parse(report);
  const next = reconcileNote(parsed);
  return next ? { ...parsed, reconcile: next } : parsed;
}

function estimateWriteCalls(n: number, bulk: boolean): number {
  // bulk: create, upload, close, a few polls, failed results; collections: one call per 200
  return bulk ? 8 : Math.ceil(n / 200) + 1;
}

function concatScores(pages: Page[]): Float64Array {
  const total = pages.reduce((s, p) => s + p.ids.length, 0);
  const out = new Float64Array(total);
  let o = 0;
  for (const p of pages) {
    out.set(p.scores, o);
    o += p.scores.length;
  }
  return out;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN);

async function scorePage(
  m: ScoringModel,
  records: SalesforceRecord[],
  contacts: ReturnType<ScoringModel['newContactAggregator']>,
): Promise<Page> {
  const n = records.length;
  const X = m.encode(records, contacts);
  const margins = await m.margins(X, n);
  const page: Page = {
    ids: new Array(n),
    X,
    scores: new Float64Array(n),
    storedScore: new Float64Array(n),
    storedPct: new Float64Array(n),
    storedTier: new Uint8Array(n),
    storedCurrent: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = records[i];
    page.ids[i] = String(r.Id);
    page.scores[i] = toScore(margins[i], m.scale);
    page.storedScore[i] = num(r[F.score.name]);
    page.storedPct[i] = num(r[F.percentile.name]);
    page.storedTier[i] = TIER_CODE[String(r[F.tier.name])] ?? 0;
    const factors = r[F.factors.name];
    page.storedCurrent[i] = r[F.modelVersion.name] === m.version && typeof factors === 'string' && factors.startsWith('{"v":1') ? 1 : 0;
  }
  return page;
}
