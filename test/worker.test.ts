/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalOrg } from '../src/local-org/index.js';
import { connect } from '../src/salesforce/connection.js';
import { orgIdOf } from '../src/salesforce/identity.js';
import { lockStateDir, LockedError } from '../src/sync/lock.js';
import { stateDirFor } from '../src/sync/state-files.js';
import { configFromEnv, parseWorkerConfig, runWorkerOnce } from '../src/worker.js';
import { buildFixture, cleanup, startOrgWith, type Fixture } from './sync/helpers.js';

let f: Fixture;
let org: LocalOrg;
beforeAll(async () => {
  f = await buildFixture(150, 5);
  org = await startOrgWith(f);
}, 60_000);
afterAll(async () => {
  await org?.close();
  await cleanup(f);
});

describe('worker', () => {
  it('logs in with OAuth username-password, scores every account, and never prints the secrets', async () => {
    const c = org.credentials;
    const lines: string[] = [];
    const config = parseWorkerConfig({
      connection: { loginUrl: org.url, clientId: c.clientId, clientSecret: c.clientSecret, username: c.username, password: c.password },
      model: f.modelPath,
      stateDir: await mkdtemp(join(tmpdir(), 'worker-state-')),
    });
    const report = await runWorkerOnce(config, { log: (l) => lines.push(l) });
    expect(report.status).toBe('ok');
    expect(report.accounts.written).toBe(150);
    const out = lines.join('\n') + JSON.stringify(report);
    expect(out).not.toContain(c.password);
    expect(out).not.toContain(c.clientSecret);
  });

  it('rejects a config naming the bad key, without echoing values', () => {
    expect(() => parseWorkerConfig({ connection: { instanceUrl: 'not a url', accessToken: 'sekrit-token' } })).toThrow(/connection/);
    try {
      parseWorkerConfig({ connection: { instanceUrl: 'not a url', accessToken: 'sekrit-token' } });
    } catch (e) {
      expect((e as Error).message).not.toContain('sekrit-token');
    }
  });

  it('takes the API reserve from ACCOUNT_SCORE_API_RESERVE or the config, range-checked like the org setting', async () => {
    const env = { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: org.issueToken() };
    expect(parseWorkerConfig(configFromEnv({ ...env, ACCOUNT_SCORE_API_RESERVE: '35' })).apiReservePercent).toBe(35);
    expect(parseWorkerConfig(configFromEnv(env)).apiReservePercent).toBeUndefined();
    expect(() => parseWorkerConfig(configFromEnv({ ...env, ACCOUNT_SCORE_API_RESERVE: '95' }))).toThrow(/apiReservePercent: must be between 0 and 90/);
    expect(() => parseWorkerConfig(configFromEnv({ ...env, ACCOUNT_SCORE_API_RESERVE: 'lots' }))).toThrow(/apiReservePercent/);
    // passed through to the run (dry run: nothing written)
    const config = parseWorkerConfig({ ...(configFromEnv(env) as object), model: f.modelPath, stateDir: await mkdtemp(join(tmpdir(), 'worker-state-')), apiReservePercent: 35 });
    const report = await runWorkerOnce(config, { dryRun: true, log: () => {} });
    expect(report.status).toBe('ok');
    expect(report.api.reservePercent).toBe(35);
  });

  it('keys its state and lock by the org id, as sf score sync does: a sync holding the lock stops the worker', async () => {
    const root = await mkdtemp(join(tmpdir(), 'worker-state-'));
    const { conn } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() });
    const orgId = await orgIdOf(conn);
    expect(orgId).toMatch(/^00D\w{12,15}$/);
    const dir = stateDirFor(orgId, root);
    const config = parseWorkerConfig({ connection: { instanceUrl: org.url, accessToken: org.issueToken() }, model: f.modelPath, stateDir: root });
    const release = await lockStateDir(dir);
    await expect(runWorkerOnce(config, { dryRun: true, log: () => {} })).rejects.toBeInstanceOf(LockedError);
    await release();
    const report = await runWorkerOnce(config, { log: () => {} });
    expect(report.status).toBe('ok');
    // the population an on-demand `sf score sync --ids` ranks against is in the same directory
    expect(JSON.parse(await readFile(join(dir, 'population.json'), 'utf8'))).toMatchObject({ size: 150 });
  });
});
