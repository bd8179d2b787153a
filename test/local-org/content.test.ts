// Salesforce Files on the local org over plain HTTP: the shapes jsforce and Salesforce's docs use
// (base64 JSON and multipart entity_content inserts, the VersionData download, the links the org
// creates, errors for a missing file, bad base64 and an unknown version).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrgStore, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';

describe('ContentVersion on the local org', () => {
  let org: LocalOrg;
  let token: string;
  const api = () => `${org.url}/services/data/v62.0`;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  beforeAll(async () => {
    org = await startLocalOrg();
    token = org.issueToken();
  });
  afterAll(async () => {
    await org?.close();
  });

  it('inserts a base64 file, creates its document and links it to the owner and the record, and serves the bytes back', async () => {
    const holder = org.store.insert('Account_Score_Model__c', { Name: 'v1', SHA256__c: 'b'.repeat(64) });
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
    const res = await fetch(`${api()}/sobjects/ContentVersion`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ Title: 'Model', PathOnClient: 'm.onnx', VersionData: bytes.toString('base64'), FirstPublishLocationId: holder }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(id.startsWith('068')).toBe(true);
    const rec = (await (await fetch(`${api()}/sobjects/ContentVersion/${id}`, { headers: auth() })).json()) as Record<string, unknown>;
    expect(rec).toMatchObject({ ContentSize: 7, FileExtension: 'onnx', IsLatest: true, VersionNumber: '1', VersionData: `/services/data/v62.0/sobjects/ContentVersion/${id}/VersionData` });
    const links = [...org.store.iterate('ContentDocumentLink')].filter((l) => l.ContentDocumentId === rec.ContentDocumentId);
    expect(links.map((l) => l.LinkedEntityId).sort()).toEqual([holder, [...org.store.iterate('User')][0].Id].sort());
    const dl = await fetch(`${api()}/sobjects/ContentVersion/${id}/VersionData`, { headers: auth() });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(bytes);
  });

  it('accepts multipart/form-data with an entity_content part and a binary VersionData part', async () => {
    const bytes = Buffer.from('binary\r\n--not-a-boundary\r\n\u0000end', 'latin1');
    const form = new FormData();
    form.append('entity_content', new Blob([JSON.stringify({ PathOnClient: 'card.md' })], { type: 'application/json' }));
    form.append('VersionData', new Blob([bytes], { type: 'application/octet-stream' }), 'card.md');
    const res = await fetch(`${api()}/sobjects/ContentVersion`, { method: 'POST', headers: auth(), body: form });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const dl = await fetch(`${api()}/sobjects/ContentVersion/${id}/VersionData`, { headers: auth() });
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(bytes);
  });

  it('answers Salesforce errors for a missing file, bad base64 and an unknown version', async () => {
    const post = (body: unknown) => fetch(`${api()}/sobjects/ContentVersion`, { method: 'POST', headers: { ...auth(), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const missing = await post({ Title: 'x' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual([{ errorCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [PathOnClient, VersionData]', fields: ['PathOnClient', 'VersionData'] }]);
    const bad = await post({ PathOnClient: 'a.txt', VersionData: 'not base64!' });
    expect(((await bad.json()) as Array<{ errorCode: string }>)[0].errorCode).toBe('INVALID_TYPE_ON_FIELD_IN_RECORD');
    const unknown = await fetch(`${api()}/sobjects/ContentVersion/068000000000000AAA/VersionData`, { headers: auth() });
    expect(unknown.status).toBe(404);
    const noAuth = await fetch(`${api()}/sobjects/ContentVersion/068000000000000AAA/VersionData`);
    expect(noAuth.status).toBe(401);
  });

  it('keeps files, their documents and links when the org is saved to a directory and loaded again', async () => {
    const holder = org.store.insert('Account_Score_Model__c', { Name: 'v-saved', SHA256__c: 'c'.repeat(64) });
    const bytes = Buffer.from('model bytes \u0000\u00ff', 'latin1');
    const res = await fetch(`${api()}/sobjects/ContentVersion`, {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ PathOnClient: 'saved.onnx', VersionData: bytes.toString('base64'), FirstPublishLocationId: holder }),
    });
    const { id } = (await res.json()) as { id: string };
    const dir = await mkdtemp(join(tmpdir(), 'content-save-'));
    await org.store.saveDir(dir);
    const again = await startLocalOrg({ store: await OrgStore.loadDir(dir) });
    try {
      const dl = await fetch(`${again.url}/services/data/v62.0/sobjects/ContentVersion/${id}/VersionData`, { headers: { Authorization: `Bearer ${again.issueToken()}` } });
      expect(dl.status).toBe(200);
      expect(Buffer.from(await dl.arrayBuffer())).toEqual(bytes);
      const doc = again.store.get('ContentVersion', id)!.ContentDocumentId;
      expect([...again.store.iterate('ContentDocumentLink')].some((l) => l.ContentDocumentId === doc && l.LinkedEntityId === holder)).toBe(true);
      expect(again.store.get('Account_Score_Model__c', holder)?.Name).toBe('v-saved');
    } finally {
      await again.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
