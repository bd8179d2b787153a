// The org's model registry end to end on the local org, through real jsforce: Files upload and
// download, publish (refusals), activate, the cache by sha256, and runs resolving the active model.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import type { LocalOrg } from '../../src/local-org/index.js';
import { contentVersionData } from '../../src/local-org/routes/content.js';
import { resolveModelSource } from '../../src/salesforce/active-model.js';
import { connect } from '../../src/salesforce/connection.js';
import { cachedModelPath } from '../../src/salesforce/model-cache.js';
import { attachFile, attachedFiles, downloadVersionData, listModels } from '../../src/salesforce/model-registry.js';
import { readSettings } from '../../src/salesforce/settings.js';
import { loadRunModel } from '../../src/sync/model-source.js';
import { activateModel, publishModel } from '../../src/sync/publish-model.js';
import { runSync } from '../../src/sync/run.js';
import { loadScoringModel } from '../../src/model/index.js';
import { buildFixture, cleanup, startOrgWith, type Fixture } from './helpers.js';

const SHIPPED = join(process.cwd(), 'model', 'account-score.onnx');
const FAST = { readBackTimeoutMs: 2000, readBackIntervalMs: 20 };

let f: Fixture;
let f2: Fixture;
let org: LocalOrg;
let conn: Connection;
let calls: { count: number };
let stateDir: string;

beforeAll(async () => {
  f = await buildFixture(600, 7, 'reg-model-a');
  f2 = await buildFixture(600, 7, 'reg-model-b');
  // the second model differs in bytes and version, trained on the same accounts
  org = await startOrgWith(f);
  ({ conn, calls } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() }));
  stateDir = await mkdtemp(join(tmpdir(), 'registry-state-'));
}, 60_000);

afterAll(async () => {
  await org?.close();
  await cleanup(f);
  await cleanup(f2);
  await rm(stateDir, { recursive: true, force: true });
});

describe('Salesforce Files on the local org', () => {
  it('stores a base64 upload and a multipart upload byte for byte, linked to the record', async () => {
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
    const holder = org.store.insert('Account_Score_Model__c', { Name: 'files-test', SHA256__c: 'a'.repeat(64) });
    const json = await attachFile(conn, holder, { name: 'a.bin', title: 'A', bytes });
    const multi = await attachFile(conn, holder, { name: 'b.onnx', title: 'B', bytes }, 100);
    expect(contentVersionData(org.store, json)).toEqual(bytes);
    expect(contentVersionData(org.store, multi)).toEqual(bytes);
    expect(await downloadVersionData(conn, multi)).toEqual(bytes);
    const files = await attachedFiles(conn, holder);
    expect(files.map((x) => x.PathOnClient).sort()).toEqual(['a.bin', 'b.onnx']);
    expect(files.every((x) => x.ContentSize === 3000)).toBe(true);
    org.store.update('Account_Score_Model__c', holder, { IsDeleted: true }, { load: true });
  });

  it('answers a ContentVersion without VersionData with Salesforce\'s error', async () => {
    await expect(conn.sobject('ContentVersion').create({ PathOnClient: 'x.txt', Title: 'x' })).rejects.toThrow(/Required fields are missing: \[VersionData\]/);
  });
});

describe('publish, activate and the runs that follow', () => {
  it('with nothing published, a run uses the shipped model and says so', async () => {
    const src = await resolveModelSource(conn, { stateDir, shippedModel: SHIPPED });
    expect(src.kind).toBe('shipped');
    expect(src.note).toMatch(/no model is published and active in the org/);
  });

  it('publishes a model with its metadata, and refuses the same file twice and a broken file', async () => {
    const r = await publishModel(conn, { file: f.modelPath, stateDir });
    expect(r.version).toBe('reg-model-a');
    const [rec] = (await listModels(conn)).filter((m) => m.Name === 'reg-model-a');
    expect(rec.Status__c).toBe('Candidate');
    expect(rec.SHA256__c).toBe(r.sha256);
    expect(rec.Feature_Count__c).toBeGreaterThan(10);
    expect(rec.Published_By__c).toBe(org.credentials.username);
    await expect(publishModel(conn, { file: f.modelPath, stateDir })).rejects.toThrow(/already published: Account_Score_Model__c reg-model-a/);
    const broken = join(f.dir, 'broken.onnx');
    await writeFile(broken, (await readFile(f.modelPath)).subarray(0, 500));
    const before = (await listModels(conn)).length;
    await expect(publishModel(conn, { file: broken, stateDir })).rejects.toThrow(/fails the load check/);
    expect((await listModels(conn)).length).toBe(before);
  });

  it('activates: Model_Version__c set through the Metadata API, the record Active, the previous one Retired', async () => {
    const a = await activateModel(conn, 'reg-model-a', { stateDir, settingsReadBack: FAST });
    expect(a.previousVersion).toBeNull();
    expect((await readSettings(conn)).modelVersion).toBe('reg-model-a');
    await publishModel(conn, { file: f2.modelPath, stateDir, activate: true, settingsReadBack: FAST });
    const status = Object.fromEntries((await listModels(conn)).map((m) => [m.Name, m.Status__c]));
    expect(status).toMatchObject({ 'reg-model-a': 'Retired', 'reg-model-b': 'Active' });
    expect((await readSettings(conn)).modelVersion).toBe('reg-model-b');
  });

  it('a run with no model given uses the active one, downloaded once and then cached', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-run-'));
    const logs: string[] = [];
    const report = await runSync({ conn, calls: calls as never, stateDir: dir, loadModel: () => loadRunModel(conn, { stateDir: dir, shippedModel: SHIPPED, progress: (m) => logs.push(m) }) });
    expect(report.status).toBe('ok');
    expect(report.modelVersion).toBe('reg-model-b');
    expect(report.modelSource?.kind).toBe('org');
    expect(logs.some((l) => /downloading model reg-model-b/.test(l))).toBe(true);
    const again = await resolveModelSource(conn, { stateDir: dir, shippedModel: SHIPPED });
    expect(again.kind === 'org' && again.downloaded).toBe(false);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('detects a tampered cached file and downloads it again', async () => {
    const first = await resolveModelSource(conn, { stateDir, shippedModel: SHIPPED });
    if (first.kind !== 'org') throw new Error('expected the org model');
    const cached = cachedModelPath(stateDir, first.sha256);
    const bytes = await readFile(cached);
    bytes[bytes.length - 10] ^= 0xff;
    await writeFile(cached, bytes);
    const logs: string[] = [];
    const src = await resolveModelSource(conn, { stateDir, shippedModel: SHIPPED, progress: (m) => logs.push(m) });
    expect(src.kind === 'org' && src.downloaded).toBe(true);
    expect(logs.join('\n')).toMatch(/no longer matches its sha256.*downloading it again/);
    expect(await readFile(cached)).toEqual(await readFile(f2.modelPath));
  });

  it('a file changed in the org after publishing stops the run before any write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-tamper-'));
    const rec = (await listModels(conn)).find((m) => m.Name === 'reg-model-b')!;
    const file = (await attachedFiles(conn, rec.Id)).find((x) => x.FileExtension === 'onnx')!;
    const stored = contentVersionData(org.store, file.Id)!;
    const original = Buffer.from(stored);
    stored[100] ^= 0xff;
    try {
      const report = await runSync({ conn, calls: calls as never, stateDir: dir, loadModel: () => loadRunModel(conn, { stateDir: dir, shippedModel: SHIPPED }) });
      expect(report.status).toBe('failed');
      expect(report.error).toMatch(/hashes to [0-9a-f]{64}, not the record's SHA256__c/);
      expect(report.accounts.written).toBe(0);
    } finally {
      original.copy(stored);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to write with a model other than the active one unless it is a dry run or forced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'registry-force-'));
    const other = () => loadScoringModel(f.modelPath);
    const refused = await runSync({ conn, calls: calls as never, stateDir: dir, loadModel: other });
    expect(refused.status).toBe('failed');
    expect(refused.error).toMatch(/active model .* is "reg-model-b" but this run's model is "reg-model-a".*--force-model/);
    expect(refused.accounts.written).toBe(0);
    const dry = await runSync({ conn, calls: calls as never, stateDir: dir, loadModel: other, dryRun: true });
    expect(dry.status).toBe('ok');
    const forced = await runSync({ conn, calls: calls as never, stateDir: dir, loadModel: other, forceModel: true });
    expect(forced.status).toBe('ok');
    expect(forced.accounts.written).toBeGreaterThan(0);
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});
