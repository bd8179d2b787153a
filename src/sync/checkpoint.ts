import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { AccountUpdate } from '../salesforce/writer.js';
import { readNdjsonObjects } from '../util/ndjson.js';
import { TierCounts } from '../model/calibrate/tier.js';
import { ensurePrivateDir, STATE_FILE_MODE } from './state-files.js';

const PRIVATE = { mode: STATE_FILE_MODE };

/**
 * A run's durable state in the state dir, so a crash after the plan is made resumes the
 * writes instead of rescoring: checkpoint.json (what the plan is for), plan.ndjson (every
 * update to make, one JSON per line), written.log (Ids confirmed written, appended after
 * each successful call). Writes set absolute values, so replaying a batch is harmless.
 */
export const Checkpoint = z.object({
  // 2: adds modelDigest; a version-1 checkpoint fails to parse and is discarded (the diff redoes it)
  version: z.literal(2),
  runId: z.string(),
  createdAt: z.string(),
  /** the run's score date, reused on resume so the end state matches an uninterrupted run */
  scoredAt: z.string(),
  modelVersion: z.string(),
  /** sha256 of the model file: a retrained model can keep the version string */
  modelDigest: z.string(),
  /** settings that shaped the plan; a different value discards the checkpoint */
  settingsKey: z.string(),
  planned: z.number().int(),
  /** run-report figures computed before the writes */
  stats: z.object({
    read: z.number().int(),
    scored: z.number().int(),
    tiers: TierCounts,
    scoreList: z.array(z.tuple([z.number(), z.number()])),
    accountsPath: z.enum(['rest', 'bulk', 'none']),
    contactsPath: z.enum(['rest', 'bulk', 'none']),
  }),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export class CheckpointStore {
  constructor(readonly dir: string) {}
  private path(name: string) {
    return join(this.dir, name);
  }

  async load(): Promise<Checkpoint | null> {
    let text: string;
    try {
      text = await readFile(this.path('checkpoint.json'), 'utf8');
    } catch {
      return null;
    }
    try {
      return Checkpoint.parse(JSON.parse(text));
    } catch {
      // A torn or foreign checkpoint cannot be trusted: start over (nothing is lost, the diff redoes it).
      await this.clear();
      return null;
    }
  }

  /** Starts a new plan file (and forgets any previous run's state). */
  async begin(): Promise<PlanWriter> {
    await ensurePrivateDir(this.dir);
    await this.clear();
    const file = this.path('plan.ndjson.tmp');
    await writeFile(file, '', PRIVATE);
    return new PlanWriter(file);
  }

  /** Makes the plan durable, then the checkpoint that points to it (atomic renames). */
  async commit(cp: Checkpoint, plan: PlanWriter): Promise<void> {
    await plan.close();
    await rename(this.path('plan.ndjson.tmp'), this.path('plan.ndjson'));
    await writeFile(this.path('written.log'), '', PRIVATE);
    await writeFile(this.path('checkpoint.json.tmp'), JSON.stringify(cp), PRIVATE);
    await rename(this.path('checkpoint.json.tmp'), this.path('checkpoint.json'));
  }

  async written(): Promise<Set<string>> {
    try {
      const text = await readFile(this.path('written.log'), 'utf8');
      return new Set(text.split('\n').filter((l) => l.length >= 15));
    } catch {
      return new Set();
    }
  }

  async markWritten(ids: string[]): Promise<void> {
    if (ids.length) await appendFile(this.path('written.log'), ids.join('\n') + '\n', PRIVATE);
  }

  /** The planned updates not yet confirmed, in chunks. */
  async *remaining(chunk: number): AsyncGenerator<AccountUpdate[]> {
    const done = await this.written();
    let batch: AccountUpdate[] = [];
    for await (const [, record] of readNdjsonObjects(this.path('plan.ndjson'))) {
      // Written by PlanWriter from AccountUpdate values.
      const u = record as AccountUpdate;
      if (done.has(u.Id)) continue;
      batch.push(u);
      if (batch.length >= chunk) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  async clear(): Promise<void> {
    for (const f of ['checkpoint.json', 'plan.ndjson', 'plan.ndjson.tmp', 'written.log']) await rm(this.path(f), { force: true });
  }
}

/** Appends planned updates to the plan file in blocks, keeping memory flat. */
export class PlanWriter {
  private lines: string[] = [];
  private chain: Promise<void> = Promise.resolve();
  count = 0;
  constructor(private readonly file: string) {}
  add(update: AccountUpdate): void {
    this.lines.push(JSON.stringify(update));
    this.count++;
    if (this.lines.length >= 2000) this.flush();
  }
  private flush(): void {
    if (!this.lines.length) return;
    const chunk = this.lines.join('\n') + '\n';
    this.lines = [];
    this.chain = this.chain.then(() => appendFile(this.file, chunk, PRIVATE));
  }
  /** Waits for pending appends; lets a slow disk push back on the planner. */
  async drain(): Promise<void> {
    await this.chain;
  }
  async close(): Promise<void> {
    this.flush();
    await this.chain;
  }
}
