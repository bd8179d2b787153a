// Generates a synthetic org directory plus its ground-truth side file.
//   node --import tsx scripts/generate-org.ts --accounts 100000 --seed 42 --positive-rate 0.03 \
//     --out data/orgs/seed42 --truth data/orgs/seed42.truth.csv
// Progress goes to stderr; a JSON summary to stdout.
import { parseArgs } from 'node:util';
import { writeOrgDir } from '../src/local-org/generate/index.js';

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      'positive-rate': { type: 'string' },
      'contacts-per-account': { type: 'string' },
      'label-field': { type: 'string' },
      'label-date-field': { type: 'string' },
      'as-of': { type: 'string' },
      'custom-schema': { type: 'boolean', default: false },
      out: { type: 'string' },
      truth: { type: 'string' },
      opportunities: { type: 'boolean', default: false },
      reps: { type: 'string' },
      'pool-share': { type: 'string' },
      activity: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help || !values.out || !values.truth) {
    process.stderr.write(
      'usage: generate-org --out <org dir> --truth <truth.csv outside the org dir> [--accounts 100000] [--seed 42]\n' +
        '       [--positive-rate 0.03] [--contacts-per-account 5] [--label-field X__c] [--label-date-field Y__c] [--as-of 2026-11-01]\n' +
        '       [--custom-schema]  (rename the demo fields, add 10 unrelated custom fields and a leakage field; writes schema.json)\n' +
        '       [--opportunities] [--reps 10 [--pool-share 0.7] [--activity]]   (owners: a pool user, an SDR manager and reps)\n',
    );
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const started = process.hrtime.bigint();
  let lastLog = 0;
  const result = await writeOrgDir(
    values.out,
    {
      seed: num('seed', values.seed)!,
      accounts: num('accounts', values.accounts)!,
      positiveRate: num('positive-rate', values['positive-rate']),
      contactsPerAccount: num('contacts-per-account', values['contacts-per-account']),
      labelField: values['label-field'],
      labelDateField: values['label-date-field'],
      asOf: values['as-of'],
      customSchema: values['custom-schema'],
      opportunities: values.opportunities,
      owners: values.reps === undefined ? undefined : { reps: num('reps', values.reps), poolShare: num('pool-share', values['pool-share']) },
      activity: values.activity,
    },
    {
      truthFile: values.truth,
      progressEvery: 10_000,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - lastLog < 1000 && done !== total) return;
        lastLog = now;
        const s = Number(process.hrtime.bigint() - started) / 1e9;
        process.stderr.write(`generate-org: ${done}/${total} accounts (${Math.round(done / Math.max(s, 1e-9))}/s)\n`);
      },
    },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = {
    out: result.dir,
    truth: result.truthFile,
    accounts: result.accounts,
    contacts: result.contacts,
    positives: result.positives,
    realisedRate: Number(result.realisedRate.toFixed(5)),
    bestAchievableAuc: result.bestAchievableAuc === null ? null : Number(result.bestAchievableAuc.toFixed(4)),
    bytesWritten: result.bytes,
    seconds: Number(seconds.toFixed(2)),
    accountsPerSecond: Math.round(result.accounts / seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`generate-org: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
