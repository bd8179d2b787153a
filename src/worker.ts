// Standalone nightly entry: `account-score-worker [--config file] [--dry-run] [--ids a,b]
// [--schedule "0 2 * * *"] [--report out.json]`. Configuration comes from a JSON file or
// environment variables; secrets are never printed.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Cron } from 'croner';
import { z } from 'zod';
import { connect, ConnectionConfig, redact } from './salesforce/connection.js';
import { fileURLToPath } from 'node:url';
import { orgIdOf } from './salesforce/identity.js';
import { lockStateDir } from './sync/lock.js';
import { loadRunModel } from './sync/model-source.js';
import { stateDirFor } from './sync/state-files.js';
import { exitCodeFor, summarize, type RunReport } from './sync/report.js';
import { runSync } from './sync/run.js';

export const WorkerConfig = z
  .object({
    connection: ConnectionConfig,
    /** a model file to use instead of the org's active model (Model_Version__c); a writing run refuses it unless forceModel */
    model: z.string().min(1).optional(),
    forceModel: z.boolean().default(false),
    /** root of the per-org state directories; default ACCOUNT_SCORE_STATE_DIR, else the user's data dir (stateDirFor) */
    stateDir: z.string().min(1).optional(),
    bulkReadThreshold: z.number().int().positive().default(10_000),
    bulkWriteThreshold: z.number().int().positive().default(2_000),
    schedule: z.string().optional(),
    /** percent of the daily API limit to leave unused; overrides Api_Reserve_Percent__c (same 0-90 rule) */
    apiReservePercent: z.number().min(0, 'must be between 0 and 90').max(90, 'must be between 0 and 90').optional(),
  })
  .strict();
export type WorkerConfig = z.infer<typeof WorkerConfig>;

/** The model shipped with the package (same relative path from src/ and lib/). */
export const SHIPPED_MODEL = fileURLToPath(new URL('../model/account-score.onnx', import.meta.url));

/** Config from env: SF_INSTANCE_URL + SF_ACCESS_TOKEN, or SF_LOGIN_URL + SF_CLIENT_ID + SF_CLIENT_SECRET [+ SF_USERNAME/SF_PASSWORD | SF_REFRESH_TOKEN]. */
export function configFromEnv(env: NodeJS.ProcessEnv): unknown {
  const e = (k: string) => (env[k] && env[k].length ? env[k] : undefined);
  let connection: Record<string, unknown>;
  if (e('SF_ACCESS_TOKEN')) connection = { instanceUrl: e('SF_INSTANCE_URL'), accessToken: e('SF_ACCESS_TOKEN') };
  else if (e('SF_USERNAME'))
    connection = { loginUrl: e('SF_LOGIN_URL'), clientId: e('SF_CLIENT_ID'), clientSecret: e('SF_CLIENT_SECRET'), username: e('SF_USERNAME'), password: e('SF_PASSWORD') };
  else if (e('SF_REFRESH_TOKEN'))
    connection = { loginUrl: e('SF_LOGIN_URL'), instanceUrl: e('SF_INSTANCE_URL'), clientId: e('SF_CLIENT_ID'), clientSecret: e('SF_CLIENT_SECRET'), refreshToken: e('SF_REFRESH_TOKEN') };
  else connection = { loginUrl: e('SF_LOGIN_URL'), clientId: e('SF_CLIENT_ID'), clientSecret: e('SF_CLIENT_SECRET'), grant: 'client_credentials' };
  return Object.fromEntries(
    Object.entries({
      connection,
      model: e('ACCOUNT_SCORE_MODEL'),
      // 'true'/'false' as booleans; anything else stays text and is rejected by name
      forceModel: ((v) => (v === 'true' ? true : v === 'false' ? false : v))(e('ACCOUNT_SCORE_FORCE_MODEL')),
      stateDir: e('ACCOUNT_SCORE_STATE_DIR'),
      schedule: e('ACCOUNT_SCORE_SCHEDULE'),
      // a number for zod to range-check; text that is not a number stays text and is rejected by name
      apiReservePercent: e('ACCOUNT_SCORE_API_RESERVE') === undefined ? undefined : numberOrText(e('ACCOUNT_SCORE_API_RESERVE')!),
    }).filter(([, v]) => v !== undefined),
  );
}

const numberOrText = (v: string): number | string => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

export function parseWorkerConfig(raw: unknown): WorkerConfig {
  const r = WorkerConfig.safeParse(raw);
  if (!r.success) {
    // Paths and messages only: never the values, which may be secrets.
    const issues = [...new Set(r.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`))];
    throw new Error(`Invalid worker configuration: ${issues.join('; ')}`);
  }
  return r.data;
}

export interface WorkerRunOptions {
  dryRun?: boolean;
  accountIds?: string[];
  log?: (line: string) => void;
}

/** One locked run against the configured org. */
export async function runWorkerOnce(config: WorkerConfig, o: WorkerRunOptions = {}): Promise<RunReport> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const { conn, calls } = await connect(config.connection);
  // State (checkpoint, population, lock) per org id, the key `sf score sync` uses too.
  const stateDir = stateDirFor(await orgIdOf(conn), config.stateDir);
  const release = await lockStateDir(stateDir);
  try {
    let last = 0;
    return await runSync({
      conn,
      calls,
      stateDir,
      dryRun: o.dryRun,
      accountIds: o.accountIds,
      // the org's active model, downloaded once into the state dir; the shipped one when none is active
      loadModel: () => loadRunModel(conn, { stateDir, shippedModel: SHIPPED_MODEL, explicitFile: config.model, progress: (m) => log(`[account-score] ${m}`) }),
      forceModel: config.forceModel,
      apiReservePercent: config.apiReservePercent,
      read: { bulkThreshold: config.bulkReadThreshold },
      write: { bulkThreshold: config.bulkWriteThreshold },
      progress: (m) => {
        const t = Date.now();
        if (t - last > 1000 || !/^(read|written)/.test(m)) {
          last = t;
          log(`[account-score] ${m}`);
        }
      },
    });
  } finally {
    await release();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      ids: { type: 'string' },
      schedule: { type: 'string' },
      report: { type: 'string' },
      'state-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: account-score-worker [--config worker.json] [--dry-run] [--ids 001...,001...] [--schedule "0 2 * * *"] [--report report.json] [--state-dir dir]\n' +
        'Without --config, reads SF_INSTANCE_URL/SF_ACCESS_TOKEN (or SF_LOGIN_URL, SF_CLIENT_ID, SF_CLIENT_SECRET [SF_USERNAME, SF_PASSWORD | SF_REFRESH_TOKEN]),\n' +
        'ACCOUNT_SCORE_MODEL (a file instead of the org\'s active model), ACCOUNT_SCORE_FORCE_MODEL=true, ACCOUNT_SCORE_STATE_DIR, ACCOUNT_SCORE_SCHEDULE, ACCOUNT_SCORE_API_RESERVE (percent, 0-90).\n',
    );
    return 0;
  }
  const raw: unknown = values.config ? JSON.parse(await readFile(values.config, 'utf8')) : configFromEnv(process.env);
  const parsed = parseWorkerConfig(raw);
  const config = values['state-dir'] ? { ...parsed, stateDir: values['state-dir'] } : parsed;
  const schedule = values.schedule ?? config.schedule;
  const once = async (): Promise<number> => {
    let report: RunReport;
    try {
      report = await runWorkerOnce(config, { dryRun: values['dry-run'], accountIds: values.ids?.split(',').map((s) => s.trim()).filter(Boolean) });
    } catch (e) {
      process.stderr.write(`[account-score] ${redact((e as Error).message)}\n`);
      return 1;
    }
    const json = JSON.stringify(report, null, 2);
    if (values.report) await writeFile(values.report, json);
    else process.stdout.write(`${json}\n`);
    process.stderr.write(`${summarize(report)}\n`);
    return exitCodeFor(report);
  };
  if (!schedule) return once();
  // Long-running deployment: croner never overlaps runs (protect), and the lock file guards other processes.
  const job = new Cron(schedule, { protect: true }, async () => {
    process.exitCode = await once();
  });
  process.stderr.write(`[account-score] scheduled "${schedule}", next run ${job.nextRun()?.toISOString() ?? 'never'}\n`);
  return new Promise<number>(() => {});
}

const invokedDirectly = process.argv[1] && /worker\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`[account-score] ${redact((e as Error).message)}\n`);
      process.exit(1);
    },
  );
}
