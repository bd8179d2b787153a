// Publishing and activating models in the org's registry (Account_Score_Model__c + Files).
// A model is checked (loads, scores, carries its spec) before anything is written, and an
// activation downloads and checks the file it is about to make every run use.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Connection } from 'jsforce';
import { loadScoringModel, META, type ScoringModel } from '../model/index.js';
import { orgModelSource } from '../salesforce/active-model.js';
import {
  attachFile,
  createModelRecord,
  deleteModelRecord,
  findModelBySha,
  findModelByVersion,
  listModels,
  sessionUsername,
  updateModelRecord,
  type ModelRecordInput,
} from '../salesforce/model-registry.js';
import { updateModelVersion, type UpdateOptions } from '../salesforce/update-settings.js';
import { loadFromSource } from './model-source.js';

export class ModelPublishError extends Error {
  override name = 'ModelPublishError';
}

export interface PublishOptions {
  file: string;
  /** the org's state directory (activation caches the file there) */
  stateDir: string;
  /** the model card to attach; default MODEL_CARD.md beside the file when it exists; null: none */
  cardFile?: string | null;
  activate?: boolean;
  progress?: (message: string) => void;
  /** above this many bytes, files go up as multipart */
  multipartAbove?: number;
  settingsReadBack?: UpdateOptions;
}

export interface PublishResult {
  recordId: string;
  version: string;
  sha256: string;
  bytes: number;
  files: { model: string; card: string | null };
  activation: ActivationResult | null;
}

export interface ActivationResult {
  version: string;
  recordId: string;
  previousVersion: string | null;
  retired: string[];
  activatedAt: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const round = (v: number | null, d: number) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);

/** Reads and load-checks a model file; returns the record fields its own metadata fills. */
export async function describeModelFile(file: string): Promise<{ bytes: Buffer; record: Omit<ModelRecordInput, 'Published_By__c' | 'Status__c'> }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new ModelPublishError(`cannot read model file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let m: ScoringModel;
  try {
    m = await loadScoringModel(bytes, { sourceName: file });
  } catch (e) {
    throw new ModelPublishError(`${file} fails the load check, so it was not published: ${(e as Error).message}`);
  }
  try {
    const meta = m.metadata;
    let metrics: Record<string, Record<string, unknown>> = {};
    try {
      metrics = meta[META.metrics] ? (JSON.parse(meta[META.metrics]) as typeof metrics) : {};
    } catch {
      throw new ModelPublishError(`${file}: metadata ${META.metrics} is not valid JSON, so it was not published`);
    }
    if (m.version.length > 80) throw new ModelPublishError(`${file}: its version "${m.version}" is longer than 80 characters (the record name's limit)`);
    const trainedAt = meta[META.trainedAt];
    return {
      bytes,
      record: {
        Name: m.version,
        Trained_At__c: trainedAt && !Number.isNaN(Date.parse(trainedAt)) ? new Date(trainedAt).toISOString() : null,
        Label_Definition__c: meta['account_score.label']?.slice(0, 255) ?? null,
        Training_Rows__c: num(metrics.data?.accounts),
        Positives__c: num(metrics.data?.positives),
        CV_ROC_AUC__c: round(num(metrics.cv?.rocAuc), 4),
        CV_PR_AUC__c: round(num(metrics.cv?.prAuc), 4),
        Holdout_ROC_AUC__c: round(num(metrics.holdout?.rocAuc), 4),
        Holdout_PR_AUC__c: round(num(metrics.holdout?.prAuc), 4),
        Lift_At_10__c: round(num(metrics.holdout?.liftTop10), 2),
        Feature_Count__c: m.nFeatures,
        SHA256__c: m.digest,
      },
    };
  } finally {
    await m.close();
  }
}

/**
 * Publishes a model file: refuses one that fails the load check or whose sha256 (or version)
 * is already in the registry, then creates the record (Candidate) with the ONNX file and model
 * card attached. If an upload fails the record is deleted again, so no half-published model stays.
 */
export async function publishModel(conn: Connection, o: PublishOptions): Promise<PublishResult> {
  const say = o.progress ?? (() => {});
  const { bytes, record } = await describeModelFile(o.file);
  const same = await findModelBySha(conn, record.SHA256__c);
  if (same) {
    throw new ModelPublishError(
      `${o.file} is already published: Account_Score_Model__c ${same.Name} (${same.Id}, ${same.Status__c}) has the same sha256 ${record.SHA256__c.slice(0, 12)}…. Nothing was published.`,
    );
  }
  const sameVersion = await findModelByVersion(conn, record.Name);
  if (sameVersion) {
    throw new ModelPublishError(
      `A different model with version ${record.Name} is already published (${sameVersion.Id}, sha256 ${sameVersion.SHA256__c.slice(0, 12)}…): versions must be unique. Retrain or set another --model-version. Nothing was published.`,
    );
  }
  const cardFile = o.cardFile === undefined ? join(dirname(o.file), 'MODEL_CARD.md') : o.cardFile;
  let card: Buffer | null = null;
  if (cardFile) {
    try {
      card = await readFile(cardFile);
    } catch (e) {
      if (o.cardFile) throw new ModelPublishError(`cannot read model card ${cardFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  say(`creating Account_Score_Model__c ${record.Name}`);
  const recordId = await createModelRecord(conn, { ...record, Status__c: 'Candidate', Published_By__c: (await sessionUsername(conn))?.slice(0, 80) ?? null });
  let files: PublishResult['files'];
  try {
    say(`uploading ${basename(o.file)} (${bytes.length} bytes)`);
    const model = await attachFile(conn, recordId, { name: `account-score-${record.Name}.onnx`, title: `Account Score model ${record.Name}`, bytes }, o.multipartAbove);
    const cardId = card ? await attachFile(conn, recordId, { name: `MODEL_CARD-${record.Name}.md`, title: `Model card ${record.Name}`, bytes: card }, o.multipartAbove) : null;
    files = { model, card: cardId };
  } catch (e) {
    await deleteModelRecord(conn, recordId).catch(() => {});
    throw new ModelPublishError(`Uploading the model to the org failed, so the record was removed again: ${(e as Error).message}`);
  }
  const activation = o.activate ? await activateModel(conn, record.Name, { stateDir: o.stateDir, progress: say, settingsReadBack: o.settingsReadBack }) : null;
  return { recordId, version: record.Name, sha256: record.SHA256__c, bytes: bytes.length, files, activation };
}

export interface ActivateOptions {
  stateDir: string;
  progress?: (message: string) => void;
  settingsReadBack?: UpdateOptions;
  now?: () => Date;
}

/**
 * Makes a published version the org's active model: downloads and checks its file (digest and
 * load) first, then sets Model_Version__c through the Metadata API, marks the record Active and
 * any other Active one Retired.
 */
export async function activateModel(conn: Connection, version: string, o: ActivateOptions): Promise<ActivationResult> {
  const say = o.progress ?? (() => {});
  const record = await findModelByVersion(conn, version);
  if (!record) {
    const known = (await listModels(conn)).map((r) => `${r.Name} (${r.Status__c})`);
    throw new ModelPublishError(`No published model has version ${version}. ${known.length ? `Published: ${known.join(', ')}.` : 'Nothing is published yet: sf score model publish --file <model>.'} Nothing was changed.`);
  }
  say(`checking model ${version}`);
  await (await loadFromSource(await orgModelSource(conn, record, o.stateDir, say))).close();
  say(`setting Account_Score_Setting.Default Model_Version__c = ${version}`);
  const { previous } = await updateModelVersion(conn, version, o.settingsReadBack);
  const retired: string[] = [];
  for (const r of await listModels(conn)) {
    if (r.Id !== record.Id && r.Status__c === 'Active') {
      await updateModelRecord(conn, r.Id, { Status__c: 'Retired' });
      retired.push(r.Name);
    }
  }
  const activatedAt = (o.now?.() ?? new Date()).toISOString();
  await updateModelRecord(conn, record.Id, { Status__c: 'Active', Activated_At__c: activatedAt });
  return { version, recordId: record.Id, previousVersion: previous, retired, activatedAt };
}
