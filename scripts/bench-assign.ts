// Assignment benchmark (issue 13's done-when): a generated org with 10 SDRs and a pool of
// ~5,000 accounts, scored by a sync; hand out 500 (50 per rep). Measures the plan against the
// top-500 total (computed independently, straight from the model module), the max/min ratio of
// expected conversions per rep counting books vs round-robin by score, the same with
// --match-field Region__c (cross-region moves counted from the org), tiers mode, and --apply
// then undo (every OwnerId compared). Writes its section of docs/BENCHMARKS.md.
//   node --import tsx scripts/bench-assign.ts [--accounts 7240] [--seed 42] [--no-doc]
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyPlan } from '../src/assign/apply.js';
import { scoreOrgFields } from '../src/demo/score-field-specs.js';
import type { AssignPlanFile } from '../src/assign/plan-file.js';
import { planFromOrg, type AssignOptions } from '../src/assign/run.js';
import { createContactAggregator, encodeBatch } from '../src/features/index.js';
import { writeOrgDir } from '../src/local-org/generate/index.js';
import { OrgStore, startLocalOrg } from '../src/local-org/index.js';
import { conversionProbability, loadScoringModel, scoreMatrix } from '../src/model/index.js';
import { connect } from '../src/salesforce/connection.js';
import { parsePool, parseReps } from '../src/salesforce/owners.js';
import { runSync } from '../src/sync/run.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '7240' },
    seed: { type: 'string', default: '42' },
    model: { type: 'string', default: 'model/account-score.onnx' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const N = Number(values.accounts);
const SEED = Number(values.seed);
const MODEL = values.model!;
const PER_REP = 50;
const POOL = '005000000000000AAA';
const NOW = new Date('2026-11-01T09:00:00Z'); // the generator's asOf: activity windows line up
const DAY = 86_400_000;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const RETRY = { maxAttempts: 8, baseDelayMs: 20, maxDelayMs: 500, seed: 1 };

const loadStart = load();
console.log(`load average at start: ${loadStart}`);
const dir = await mkdtemp(path.join(tmpdir(), 'bench-assign-'));
try {
  await writeOrgDir(
    path.join(dir, 'org'),
    { seed: SEED, accounts: N, opportunities: true, owners: { reps: 10 }, activity: true },
    { truthFile: path.join(dir, 'truth.csv') },
  );
  const store = await OrgStore.loadDir(path.join(dir, 'org'), { extraFields: scoreOrgFields() });
  const org = await startLocalOrg({ store, dailyApiLimit: 1_000_000, bulkPollDelayMs: 20 });
  try {
    const session = async () => connect({ instanceUrl: org.url, accessToken: org.issueToken() }, RETRY);
    {
      const { conn, calls } = await session();
      const stateDir = path.join(dir, 'state');
      const report = await runSync({ conn, calls, stateDir, loadModel: () => loadScoringModel(MODEL), now: () => NOW, write: { recordRetry: RETRY } });
      console.log(`sync: ${report.status}, ${report.accounts.scored} accounts scored`);
    }
    const accounts = [...store.iterate('Account')];
    const poolIds = accounts.filter((a) => a.OwnerId === POOL).map((a) => String(a.Id));
    console.log(`org: ${N} accounts, pool ${poolIds.length}, 10 reps`);

    // ---- independent top-500: model module probabilities over pool accounts nobody works
    const since = Math.floor((NOW.getTime() - 30 * DAY) / DAY) * DAY;
    const worked = new Set<string>();
    const day = (v: unknown) => (typeof v === 'string' ? Date.parse(`${v.slice(0, 10)}T00:00:00Z`) : NaN);
    for (const t of store.iterate('Task')) if (day(t.ActivityDate) >= since || (t.IsClosed === false && t.ActivityDate === null)) worked.add(String(t.WhatId));
    for (const e of store.iterate('Event')) if (day(e.ActivityDate) >= since) worked.add(String(e.WhatId));
    for (const o of store.iterate('Opportunity')) if (o.IsClosed === false) worked.add(String(o.AccountId));
    const model = await loadScoringModel(MODEL);
    const agg = createContactAggregator(model.spec);
    for (const c of store.iterate('Contact')) agg.add(c);
    const eligible = accounts.filter((a) => a.OwnerId === POOL && !worked.has(String(a.Id)));
    const enc = encodeBatch(model.spec, eligible.map((a) => ({ account: a, contacts: agg.get(String(a.Id)) })));
    const { margins } = await scoreMatrix(model, enc.data, enc.rows);
    const probabilities = Array.from(margins, (m) => conversionProbability(m, model.probabilityShift));
    const top500 = probabilities.sort((a, b) => b - a).slice(0, 500).reduce((s, p) => s + p, 0);
    await model.close();

    const plan = async (extra: Partial<AssignOptions>) => {
      const { conn, calls } = await session();
      const t0 = performance.now();
      const p = await planFromOrg({
        conn,
        calls,
        loadModel: () => loadScoringModel(MODEL),
        pool: parsePool(POOL),
        reps: parseReps('group:SDR_Team'),
        poolText: POOL,
        repsText: 'group:SDR_Team',
        perRep: PER_REP,
        now: () => NOW,
        ...extra,
      });
      return { p, seconds: (performance.now() - t0) / 1000, calls: calls.count, load: load() };
    };
    const expected = await plan({});
    const tiers = await plan({ balance: 'tiers' });
    const matched = await plan({ matchField: 'Region__c' });
    const region = new Map(accounts.map((a) => [String(a.Id), a.Region__c]));
    const repRegion = new Map([...store.iterate('User')].map((u) => [String(u.Id), u.Region__c]));
    const crossRegion = matched.p.assignments.filter((a) => region.get(a.accountId) !== repRegion.get(a.to)).length;
    const byRegion = new Map<string, number[]>();
    for (const r of matched.p.reps) byRegion.set(String(r.match), [...(byRegion.get(String(r.match)) ?? []), r.after.expected]);
    const regionRatios = [...byRegion].map(([reg, t]) => `${reg} ${t.length} reps ${(Math.max(...t) / Math.min(...t)).toFixed(5)}`).join(', ');

    // ---- apply then undo: every OwnerId back as it was
    const before = new Map(accounts.map((a) => [String(a.Id), String(a.OwnerId)]));
    const { conn, calls } = await session();
    const t1 = performance.now();
    const applied = await applyPlan(expected.p, 'apply', { conn, calls, write: { recordRetry: RETRY } });
    const applySeconds = (performance.now() - t1) / 1000;
    const applyCalls = calls.count;
    const movedOk = expected.p.assignments.every((a) => store.get('Account', a.accountId)!.OwnerId === a.to);
    const undone = await applyPlan(expected.p, 'undo', { conn, calls, write: { recordRetry: RETRY } });
    const afterUndo = [...store.iterate('Account')];
    const differ = afterUndo.filter((a) => before.get(String(a.Id)) !== String(a.OwnerId)).length;

    const row = (name: string, r: { p: AssignPlanFile; seconds: number; calls: number; load: string }) =>
      `| ${name} | ${r.p.stats.assigned} | ${r.p.stats.planExpected.toFixed(3)} | ${r.p.stats.topNExpected.toFixed(3)} | ${r.p.stats.ratio.toFixed(5)} | ${r.p.stats.baselineRatio.toFixed(4)} | ${r.p.stats.tierSpread} / ${r.p.stats.baselineTierSpread} | ${r.p.skipped.length} | ${r.seconds.toFixed(1)} s, ${r.calls} calls (load ${r.load}) |`;
    const books = expected.p.reps.map((r) => r.before.expected);
    const lines = [
      `Generated org: ${N} accounts (seed ${SEED}, opportunities, owners: 10 SDRs by region, activity), pool user holding ${poolIds.length} accounts, scored by a sync with \`${MODEL}\`; 50 accounts per rep (500). Activity window 30 days from ${NOW.toISOString().slice(0, 10)}. Current books: ${Math.min(...expected.p.reps.map((r) => r.before.count))}-${Math.max(...expected.p.reps.map((r) => r.before.count))} accounts, ${Math.min(...books).toFixed(2)}-${Math.max(...books).toFixed(2)} expected conversions (ratio ${(Math.max(...books) / Math.min(...books)).toFixed(3)}).`,
      '',
      `Top-500 expected conversions computed independently (onnxruntime margins from the model module, calibrated by the model's class-weight shift, over the ${eligible.length} pool accounts nobody works): **${top500.toFixed(3)}**.`,
      '',
      '| plan | accounts | plan expected conv. | top-N total | max/min per rep incl. books | round-robin by score | tier spread (plan / round-robin) | best accounts left (worked) | time, API calls |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
      row('--balance expected', expected),
      row('--balance tiers', tiers),
      row('--match-field Region__c', matched),
      '',
      `With --match-field Region__c: **${crossRegion}** of ${matched.p.stats.assigned} accounts went to a rep of another region (checked against Account.Region__c and User.Region__c in the org). Regions cannot trade accounts, so the ratio is balanced within each region: max/min ${regionRatios}.`,
      '',
      `--apply then undo (expected plan): apply moved ${applied.moved}, failed ${applied.failed}, skipped ${applied.skipped} in ${applySeconds.toFixed(1)} s (${applyCalls} API calls incl. pre-flight and owner check); every account with its planned rep after apply: ${movedOk}; undo restored ${undone.moved}; accounts whose OwnerId differs from before: **${differ}** of ${afterUndo.length}.`,
      '',
      `Command: \`node --import tsx scripts/bench-assign.ts --accounts ${N} --seed ${SEED}\`; load average at start ${loadStart}, at end ${load()}.`,
    ];
    const section = lines.join('\n');
    console.log(section);
    if (!values['no-doc']) {
      const file = 'docs/BENCHMARKS.md';
      const doc = await readFile(file, 'utf8');
      const start = '<!-- bench-assign:start -->';
      const end = '<!-- bench-assign:end -->';
      const block = `${start}\n${section}\n${end}`;
      const next = doc.includes(start)
        ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block)
        : `${doc.trimEnd()}\n\n## Assignment (\`scripts/bench-assign.ts\`)\n\n${block}\n`;
      await writeFile(file, next);
      console.log(`wrote ${file}`);
    }
    if (expected.p.stats.planExpected < top500 - 1e-3 || expected.p.stats.ratio > 1.05 || crossRegion > 0 || differ > 0) process.exitCode = 1;
  } finally {
    await org.close();
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
