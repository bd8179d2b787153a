import { randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { BINS, Population, PSI_WARN, scoreDrift, type Drift, type ScoringModel } from '../model/index.js';
import type { ApiCallCounter } from '../salesforce/api-calls.js';
import { redact } from '../salesforce/connection.js';
import { apiBudget, BudgetError, type ApiBudget } from '../salesforce/limits.js';
import { preflight } from '../salesforce/preflight.js';
import { DEFAULT_READ, type ReadOptions } from '../salesforce/query.js';
import { SCORE_FIELD_NAMES } from '../salesforce/score-fields.js';
import { readSettings } from '../salesforce/settings.js';
import { DEFAULT_WRITE, writeAccounts, type WriteFailure, type WriteOptions } from '../salesforce/writer.js';
import { CheckpointStore, type Checkpoint } from './checkpoint.js';
import { planUpdates } from './plan.js';
import { loadPopulation, savePopulation } from './population.js';
import { concatScores, readAndScoreAccounts, type ScoredPage } from './read-accounts.js';
import { reconcileNote, RunReport } from './report.js';

export interface SyncOptions {
  conn: Connection;
  calls: ApiCallCounter;
  /** loads and checks the model (loadScoringModel); its errors stop the run before anything is read */
  loadModel: () => Promise<ScoringModel>;
  /** where checkpoints and the population distribution live (one dir per org: stateDirFor) */
  stateDir: string;
  dryRun?: boolean;
  /** write with a model other than the org's active one (Model_Version__c); dry runs never need it */
  forceModel?: boolean;
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

/** keeps the Id list inside SOQL and URL length limits */
export const MAX_ON_DEMAND = 300;

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

/**
 * One sync run: settings -> model -> pre-flight -> API budget -> read (scored page by page by
 * the scoring core) -> population -> plan (diff, factors for changed accounts only) ->
 * checkpoint -> write -> report. Never throws for run failures: the report says what
 * happened (status failed/partial); the exit code follows from it.
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
  let tiers = { Hot: 0, Warm: 0, Cold: 0 };
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
    if (opts.accountIds && opts.accountIds.length > MAX_ON_DEMAND) {
      throw new Error(`On-demand scoring takes at most ${MAX_ON_DEMAND} Account Ids per run (got ${opts.accountIds.length}); run a full sync instead.`);
    }
    const settings = await timer.time('settings', () => readSettings(opts.conn));
    crash('settings');
    model = await timer.time('model', opts.loadModel);
    const m = model;
    if (settings.modelVersion && settings.modelVersion !== m.version && !dryRun && !opts.forceModel) {
      throw new Error(
        `The org's active model (Account_Score_Setting__mdt.Model_Version__c) is "${settings.modelVersion}" but this run's model is "${m.version}": ` +
          'a sync that writes uses the active model, so every run and every person scores the org the same way. ' +
          `Try it with --dry-run, make it the active model (sf score model publish --file <model> --activate, or sf score model activate --version ${m.version}), or override with --force-model. Nothing was written.`,
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
      tiers = { ...cp.stats.tiers };
      paths.accounts = cp.stats.accountsPath;
      paths.contacts = cp.stats.contactsPath;
      changed = cp.planned;
      const counts = new Uint32Array(BINS);
      for (const [bin, c] of cp.stats.scoreList) counts[bin] = c;
      runScores = new Population(counts);
    } else {
      // ---- read: every account scored by the core as its page arrives
      const pages: ScoredPage[] = await timer.time('read', () =>
        readAndScoreAccounts({ conn: opts.conn, model: m, accountFields, preflight: pf, read: readOpts, accountIds: opts.accountIds, paths, say, crash }),
      );
      read = pages.reduce((n, p) => n + p.ids.length, 0);
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

      // ---- population: this run's accounts (full) or the last full run's (on demand)
      runScores = Population.fromScores(concatScores(pages));
      const population = await timer.time('score', async () => {
        if (kind === 'full') {
          if (!dryRun && runScores!.size) await savePopulation(opts.stateDir, runScores!, m.version, startedAt, m.digest);
          return runScores!;
        }
        const last = await loadPopulation(opts.stateDir, m.version, m.digest);
        if (!last) {
          throw new Error(
            `No score population for model ${m.version} in ${opts.stateDir}: run a full sync first, so on-demand percentiles are relative to all accounts.`,
          );
        }
        return last.pop;
      });
      crash('score');

      // ---- plan: diff against stored values; factors (TreeSHAP) only for accounts that change
      const scoredAt = startedAt.toISOString();
      const plan = dryRun ? null : await store.begin();
      const outcome = await timer.time('plan', () => planUpdates({ model: m, pages, population, settings, plan, scoredAt }));
      ({ scored, changed, tiers } = outcome);
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
  } finally {
    await model?.close();
  }

  const dist = runScores ?? new Population(new Uint32Array(BINS));
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
  let drift: Drift | null = null;
  if (model?.trainingScores && kind === 'full' && n > 0) {
    // scores below x = those in histogram bins below ceil(x * 100) (scores are kept at 2 decimals)
    drift = scoreDrift(model.trainingScores, (x) => (Math.ceil(x * 100 - 1e-9) <= 0 ? 0 : dist.cumulative[Math.min(10_000, Math.ceil(x * 100 - 1e-9) - 1)]), n);
  }
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
    ...(model?.origin ? { modelSource: model.origin } : {}),
    ...(drift ? { drift: { psi: Math.round(drift.psi * 10_000) / 10_000, threshold: PSI_WARN, drifted: drift.drifted, bins: drift.bins } } : {}),
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
