// Sync benchmark on the local org: N generated accounts (~5 contacts each), all changed, then a
// second run with nothing changed; optional fault run. The sync runs in a child process so its
// peak memory is measured apart from the local org's store.
//   node --import tsx scripts/bench-sync.ts [--accounts 100000] [--faults] [--model model/account-score.onnx]
//     [--child-heap MiB] [--child-prof DIR] [--json out.json] [--doc docs/BENCHMARKS.md] [--baseline DIR]
// --doc writes the measured table (with the load averages) into that file's bench-sync block.
// --baseline DIR then runs the same benchmark (same accounts, model and options) with the checkout
// in DIR (its own scripts/bench-sync.ts, on its own fresh org), right after this one, and puts its
// rows beside these: a comparison at the same machine load.
// At 1,000,000 accounts the local org needs a big heap in this (parent) process:
//   node --max-old-space-size=14000 --import tsx scripts/bench-sync.ts --accounts 1000000
import { execFileSync, fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scoreOrgFields } from '../src/demo/score-field-specs.js';
import { writeDocBlock } from './doc-block.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    model: { type: 'string', default: 'model/account-score.onnx' },
    faults: { type: 'boolean', default: false },
    /** --max-old-space-size for the sync child (default: Node's own limit) */
    'child-heap': { type: 'string' },
    json: { type: 'string' },
    doc: { type: 'string' },
    baseline: { type: 'string' },
    /** write a V8 CPU profile of each sync child into this directory (node --cpu-prof) */
    'child-prof': { type: 'string' },
    child: { type: 'string' },
  },
});

if (values.child) {
  // Child: one sync run against the given org; prints the report and peak RSS.
  const { connect } = await import('../src/salesforce/connection.js');
  const { runSync } = await import('../src/sync/run.js');
  const { loadScoringModel } = await import('../src/model/index.js');
  const { url, token, stateDir, model } = JSON.parse(values.child) as Record<string, string>;
  const { conn, calls } = await connect({ instanceUrl: url, accessToken: token }, { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2000, seed: 1 });
  const t0 = performance.now();
  // Progress with memory, at most every 5 s: shows which phase holds the memory.
  let lastSay = 0;
  const progress = (message: string) => {
    const t = performance.now();
    if (t - lastSay < 5000) return;
    lastSay = t;
    const mu = process.memoryUsage();
    const mib = (b: number) => (b / 2 ** 20).toFixed(0);
    console.log(`    [${((t - t0) / 1000).toFixed(0)} s] ${message}: rss ${mib(mu.rss)} MiB, heap ${mib(mu.heapUsed)} MiB, external+buffers ${mib(mu.external + mu.arrayBuffers)} MiB`);
  };
  const report = await runSync({
    conn,
    calls,
    stateDir,
    progress,
    loadModel: () => loadScoringModel(model),
    write: { recordRetry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2000, seed: 2 } },
  });
  const seconds = (performance.now() - t0) / 1000;
  process.send!({ report, seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024 });
  process.exit(0);
}

const { startLocalOrg } = await import('../src/local-org/index.js');
const { generateOrg } = await import('../src/local-org/generate/index.js');
const n = Number(values.accounts);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average at start: ${load()}`);
const t0 = performance.now();
const org = await startLocalOrg({ dailyApiLimit: 1_000_000, bulkPollDelayMs: 200, extraFields: scoreOrgFields() });
let batch: Record<string, unknown>[] = [];
let contacts: Record<string, unknown>[] = [];
for (const g of generateOrg({ seed: 42, accounts: n })) {
  batch.push(g.account);
  contacts.push(...(g.contacts as unknown as Record<string, unknown>[]));
  if (batch.length >= 10_000) {
    org.store.addRecords('Account', batch);
    org.store.addRecords('Contact', contacts);
    batch = [];
    contacts = [];
    const done = org.store.count('Account');
    if (done % 100_000 === 0) console.log(`  loaded ${done} accounts (${((performance.now() - t0) / 1000).toFixed(0)} s, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB)`);
  }
}
org.store.addRecords('Account', batch);
org.store.addRecords('Contact', contacts);
console.log(
  `org: ${org.store.count('Account')} accounts, ${org.store.count('Contact')} contacts, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s, ` +
    `local org rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
);
const results: Record<string, unknown>[] = [];
const contactCount = org.store.count('Contact');

const stateDir = await mkdtemp(join(tmpdir(), 'bench-sync-'));
// Both runs use a private copy of the model: a model file replaced mid-benchmark (same version
// string, other trees) would rescore every account in run 2.
const modelCopy = join(stateDir, 'model.onnx');
await copyFile(values.model, modelCopy);
const self = fileURLToPath(import.meta.url);
function runChild(label: string): Promise<void> {
  const loadBefore = load();
  return new Promise((resolve, reject) => {
    const child = fork(self, ['--child', JSON.stringify({ url: org.url, token: org.issueToken(), stateDir, model: modelCopy })], {
      execArgv: [
        '--import',
        'tsx',
        ...(values['child-heap'] ? [`--max-old-space-size=${values['child-heap']}`] : []),
        ...(values['child-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['child-prof']}`] : []),
      ],
    });
    child.on('message', (m: { report: { status: string; accounts: object; api: { calls: number; retries: number }; phases: object; error?: string; paths: object }; seconds: number; maxRssMiB: number }) => {
      const r = m.report;
      console.log(
        `${label}: ${r.status}${r.error ? ` (${r.error})` : ''} in ${m.seconds.toFixed(1)} s, peak RSS ${m.maxRssMiB.toFixed(0)} MiB, ` +
          `API calls ${r.api.calls} (${r.api.retries} retries)\n  accounts ${JSON.stringify(r.accounts)}\n  paths ${JSON.stringify(r.paths)}\n  phases ms ${JSON.stringify(r.phases)}` +
          `\n  load average before ${loadBefore}, after ${load()}`,
      );
      results.push({ label, status: r.status, seconds: m.seconds, maxRssMiB: m.maxRssMiB, api: r.api, accounts: r.accounts, paths: r.paths, phases: r.phases, loadBefore, loadAfter: load() });
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${label}: child exited ${code}`))));
  });
}

try {
  if (values.faults) org.faults.set({ unavailableRate: 0.1, lockRowRate: 0.05, seed: 3 });
  await runChild(`run 1 (all changed${values.faults ? ', 10% 503 + 5% lock rows' : ''})`);
  org.faults.reset();
  await runChild('run 2 (nothing changed)');
  if (values.json) await writeFile(values.json, JSON.stringify({ accounts: n, contacts: org.store.count('Contact'), runs: results }, null, 2));
} finally {
  await org.close();
  await rm(stateDir, { recursive: true, force: true });
}
const baseline = values.baseline ? runBaseline(values.baseline) : undefined;
if (values.doc) await writeDoc(values.doc, contactCount, baseline);

/** The short commit of a checkout, marked when it has uncommitted changes. */
function commitOf(dir: string): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
  return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' + uncommitted changes' : ''}`;
}

/** The same benchmark with another checkout's code (its own script and org), read back from its --json. */
function runBaseline(dir: string): { commit: string; runs: Record<string, unknown>[] } {
  const out = join(tmpdir(), `bench-sync-baseline-${process.pid}.json`);
  const args = ['--import', 'tsx', 'scripts/bench-sync.ts', '--accounts', String(n), '--model', resolvePath(values.model), '--json', out, ...(values.faults ? ['--faults'] : [])];
  if (values['child-heap']) args.push('--child-heap', values['child-heap']);
  console.log(`baseline ${dir}:`);
  execFileSync(process.execPath, args, { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
  const runs = (JSON.parse(readFileSync(out, 'utf8')) as { runs: Record<string, unknown>[] }).runs;
  rmSync(out, { force: true });
  return { commit: commitOf(dir), runs };
}

/** The measured table, with the load averages, into the file's bench-sync block. */
async function writeDoc(file: string, contacts: number, base?: { commit: string; runs: Record<string, unknown>[] }): Promise<void> {
  type Run = { label: string; status: string; seconds: number; maxRssMiB: number; api: { calls: number; retries: number }; accounts: { written: number; failed: number; changed: number }; phases: Record<string, number>; loadBefore: string; loadAfter: string };
  const s1 = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(1);
  const ours = commitOf('.');
  const rowsOf = (runs: Run[], who: string) =>
    runs.map(
      (r) =>
        `| ${who}${r.label} | **${r.seconds.toFixed(1)} s** (read ${s1(r.phases.read)} / plan ${s1(r.phases.plan)} / write ${s1(r.phases.write)}) | ${r.maxRssMiB.toFixed(0)} MiB | ` +
        `**${r.api.calls}**${r.api.retries ? ` (${r.api.retries} retries)` : ''} | ${r.accounts.changed} changed, ${r.accounts.written} written, ${r.accounts.failed} failed (${r.status}) | ${r.loadBefore} → ${r.loadAfter} |`,
    );
  const cmd = ['node --import tsx scripts/bench-sync.ts', `--accounts ${n}`, ...(values.faults ? ['--faults'] : []), `--doc ${file}`, ...(base ? [`--baseline ${values.baseline}`] : [])].join(' ');
  const body = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`${cmd}\` (model ${values.model}), code at ${ours}` +
      (base ? `; then the same benchmark with the checkout of ${base.commit} (its own script, a fresh org), right after, at the same machine load.` : '.'),
    '',
    `| ${n.toLocaleString('en-US')} accounts / ${contacts.toLocaleString('en-US')} contacts | time (phases) | peak RSS (sync) | API calls | result | load average (1/5/15 min) before → after |`,
    '|---|---|---|---|---|---|',
    ...rowsOf(results as Run[], base ? `${ours}: ` : ''),
    ...(base ? rowsOf(base.runs as Run[], `baseline ${base.commit}: `) : []),
  ].join('\n');
  await writeDocBlock(file, 'bench-sync', 'scripts/bench-sync.ts --doc', body, '## Sync on the local org');
  console.log(`${file}: bench-sync block updated`);
}
