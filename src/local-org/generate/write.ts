// Persists a generated org as the org directory format (NDJSON per object) plus the truth side
// file, streaming with backpressure. Files are written under temporary names and renamed only
// when everything succeeded, so a failed run never leaves a half-written org behind.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { makeId } from '../ids.js';
import { rocAuc } from './auc.js';
import { customSchemaJson, toCustomSchemaAccount } from './custom-schema.js';
import { generatedPeople, generateOrg } from './org.js';
import { parseGenerateOptions, type GenerateOptionsInput } from './options.js';

export const DEFAULT_SETTINGS_RECORD = {
  Id: makeId('m00', 0),
  DeveloperName: 'Default',
  MasterLabel: 'Default',
  Hot_Threshold__c: 70,
  Warm_Threshold__c: 40,
  Score_Change_Tolerance__c: 0.5,
  Api_Reserve_Percent__c: 20,
  Top_Factor_Count__c: 5,
  Model_Version__c: null,
} as const;

export interface WriteOrgDirOptions {
  /** CSV `Id,propensity,label`; must be outside the org directory. */
  truthFile: string;
  /** Called every `progressEvery` accounts and at the end. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

export interface WriteOrgResult {
  dir: string;
  truthFile: string;
  accounts: number;
  contacts: number;
  /** 0 unless the options ask for `opportunities: true` */
  opportunities: number;
  positives: number;
  realisedRate: number;
  /** null when the org has no positives or no negatives (AUC undefined). */
  bestAchievableAuc: number | null;
  bytes: { account: number; contact: number; opportunity: number; settings: number; truth: number; total: number };
}

const FLUSH_CHARS = 1 << 20;

class Sink {
  readonly tmp: string;
  bytes = 0;
  private buf: string[] = [];
  private chars = 0;
  private readonly stream: WriteStream;

  constructor(readonly file: string) {
    this.tmp = `${file}.tmp-${process.pid}`;
    this.stream = createWriteStream(this.tmp, { encoding: 'utf8' });
    this.stream.on('error', () => undefined); // surfaced through once()/write awaits below
  }

  async push(line: string): Promise<void> {
    this.buf.push(line);
    this.chars += line.length;
    if (this.chars >= FLUSH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const chunk = this.buf.join('');
    this.buf = [];
    this.chars = 0;
    this.bytes += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  async discard(): Promise<void> {
    this.stream.destroy();
    await rm(this.tmp, { force: true });
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export async function writeOrgDir(dir: string, input: GenerateOptionsInput, options: WriteOrgDirOptions): Promise<WriteOrgResult> {
  const opts = parseGenerateOptions(input);
  const orgDir = path.resolve(dir);
  const truthFile = path.resolve(options.truthFile);
  if (isInside(truthFile, orgDir)) {
    throw new Error(`The truth file ${truthFile} must be outside the org directory ${orgDir}: ground truth never goes into the org`);
  }
  await mkdir(orgDir, { recursive: true });
  await mkdir(path.dirname(truthFile), { recursive: true });

  const sinks = {
    account: new Sink(path.join(orgDir, 'Account.ndjson')),
    contact: new Sink(path.join(orgDir, 'Contact.ndjson')),
    ...(opts.opportunities ? { opportunity: new Sink(path.join(orgDir, 'Opportunity.ndjson')) } : {}),
    ...(opts.activity ? { task: new Sink(path.join(orgDir, 'Task.ndjson')), event: new Sink(path.join(orgDir, 'Event.ndjson')) } : {}),
    settings: new Sink(path.join(orgDir, 'Account_Score_Setting__mdt.ndjson')),
    ...(opts.customSchema ? { schema: new Sink(path.join(orgDir, 'schema.json')) } : {}),
    truth: new Sink(truthFile),
  };
  const people = generatedPeople(opts);
  const peopleSinks = people
    ? Object.entries(people.records).map(([name, records]) => ({ sink: new Sink(path.join(orgDir, `${name}.ndjson`)), records }))
    : [];
  const all = [...Object.values(sinks), ...peopleSinks.map((p) => p.sink)];
  const every = options.progressEvery ?? 10_000;
  const propensity = new Float64Array(opts.accounts);
  const label = new Uint8Array(opts.accounts);
  let contacts = 0;
  let opportunities = 0;
  let positives = 0;
  let done = 0;
  try {
    await sinks.settings.push(`${JSON.stringify(DEFAULT_SETTINGS_RECORD)}\n`);
    await sinks.schema?.push(`${JSON.stringify(customSchemaJson(opts.labelField), null, 2)}\n`);
    await sinks.truth.push('Id,propensity,label\n');
    for (const { sink, records } of peopleSinks) for (const r of records) await sink.push(`${JSON.stringify(r)}\n`);
    for (const { account, contacts: cs, opportunities: os, tasks: ts, events: es, propensity: p } of generateOrg(opts)) {
      for (const t of ts) await sinks.task?.push(`${JSON.stringify(t)}\n`);
      for (const e of es) await sinks.event?.push(`${JSON.stringify(e)}\n`);
      const record = opts.customSchema ? toCustomSchemaAccount(account, opts.seed, done, opts.labelField) : account;
      await sinks.account.push(`${JSON.stringify(record)}\n`);
      for (const c of cs) await sinks.contact.push(`${JSON.stringify(c)}\n`);
      for (const o of os) await sinks.opportunity?.push(`${JSON.stringify(o)}\n`);
      opportunities += os.length;
      const y = account[opts.labelField] === true;
      await sinks.truth.push(`${account.Id},${p},${y ? 1 : 0}\n`);
      propensity[done] = p;
      label[done] = y ? 1 : 0;
      contacts += cs.length;
      if (y) positives++;
      done++;
      if (options.onProgress && done % every === 0) options.onProgress(done, opts.accounts);
    }
    for (const s of all) await s.close();
    for (const s of all) await rename(s.tmp, s.file);
  } catch (err) {
    await Promise.all(all.map((s) => s.discard()));
    throw err;
  }
  options.onProgress?.(done, opts.accounts);
  const bytes = {
    account: sinks.account.bytes,
    contact: sinks.contact.bytes,
    opportunity: sinks.opportunity?.bytes ?? 0,
    settings: sinks.settings.bytes,
    truth: sinks.truth.bytes,
    total: 0,
  };
  bytes.total = bytes.account + bytes.contact + bytes.opportunity + bytes.settings + bytes.truth;
  return {
    dir: orgDir,
    truthFile,
    accounts: done,
    contacts,
    opportunities,
    positives,
    realisedRate: done === 0 ? 0 : positives / done,
    bestAchievableAuc: positives > 0 && positives < done ? rocAuc(propensity, label) : null,
    bytes,
  };
}
