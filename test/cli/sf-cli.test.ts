/** @jest-environment ./test/fixtures/models/ort-environment.cjs */
// The plugin inside the real Salesforce CLI: install @salesforce/cli (cached in .cache/sfcli),
// build this package and link it laid out as it ships (with its oclif manifest), log in to the
// local org with an access token, run commands.
// Slow on a cold cache (npm downloads ~290 MB), so it runs in CI (CI=true) or with SF_CLI_TEST=1;
// SF_CLI_TEST=0 skips it.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildLib, installSfCli, isolatedEnv, sf, stagePlugin, type SfCli } from './sf-cli.js';
import { ROOT } from '../commands/run-command.js';
import { smallOrgWithModel } from '../commands/demo-org.js';
import { tempDir } from '../commands/fixtures.js';
import { startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { RunReport } from '../../src/sync/report.js';
import { loadScoreOrg } from '../helpers/score-org.js';

const TOKEN = '00D000000000001AAA!sf.cli.test.token';
const wanted = process.env.SF_CLI_TEST === '1' || (process.env.CI === 'true' && process.env.SF_CLI_TEST !== '0');
const run = wanted ? describe : describe.skip;

run('the plugin in the real sf CLI', () => {
  let cli: SfCli;
  let org: LocalOrg;
  let modelFile: string;
  let plugin: string;

  beforeAll(async () => {
    // build first: the CLI loads lib/ (compiled JS), never src/
    buildLib(ROOT);
    const bin = await installSfCli(path.join(ROOT, '.cache', 'sfcli'));
    cli = isolatedEnv(bin);
    plugin = await stagePlugin(ROOT);
    const linked = await sf(cli, ['plugins', 'link', plugin, '--no-install']);
    expect(linked.code).toBe(0);
    const dir = tempDir('sf-cli');
    const made = await smallOrgWithModel(dir, 400);
    modelFile = made.modelFile;
    org = await startLocalOrg({ store: await loadScoreOrg(made.orgDir), accessToken: TOKEN });
  }, 600_000);

  afterAll(async () => {
    await org?.close();
    if (cli) rmSync(cli.home, { recursive: true, force: true });
    if (plugin) rmSync(plugin, { recursive: true, force: true });
  });

  it('logs in with SF_ACCESS_TOKEN and no prompt', async () => {
    const r = await sf(cli, ['org', 'login', 'access-token', '--instance-url', org.url, '--alias', 'localorg', '--no-prompt', '--json'], { SF_ACCESS_TOKEN: TOKEN });
    expect(r.stderr + r.stdout).not.toContain('sf.cli.test.token');
    const json = JSON.parse(r.stdout) as { status: number; result: { username: string; orgId: string } };
    expect(json.status).toBe(0);
    expect(json.result.username).toBe(org.credentials.username);
    expect(json.result.orgId.startsWith('00D')).toBe(true);
  });

  it('sf score --help lists the commands', async () => {
    const r = await sf(cli, ['score', '--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['score model', 'score sync', 'score thresholds']) expect(r.stdout).toContain(cmd);
  });

  it('sf score sync --target-org localorg --json scores and writes every account', async () => {
    const r = await sf(cli, ['score', 'sync', '--target-org', 'localorg', '--model', modelFile, '--json']);
    const json = JSON.parse(r.stdout) as { status: number; result: unknown };
    expect(json.status).toBe(0);
    const report = RunReport.parse(json.result);
    expect(report).toMatchObject({ status: 'ok', accounts: { read: 400, scored: 400, written: 400, failed: 0 } });
    const scored = [...org.store.iterate('Account')].filter((a) => typeof a.Account_Score__c === 'number');
    expect(scored).toHaveLength(400);
  });

  it('sf score model publish, activate and list manage the org\'s models; the next sync uses the active one', async () => {
    const help = await sf(cli, ['score', 'model', '--help']);
    expect(help.code).toBe(0);
    const published = await sf(cli, ['score', 'model', 'publish', '--target-org', 'localorg', '--file', modelFile, '--json']);
    const p = JSON.parse(published.stdout) as { status: number; result: { version: string; recordId: string } };
    expect(p.status).toBe(0);
    const version = p.result.version;
    expect(version).toMatch(/\S/);
    const again = await sf(cli, ['score', 'model', 'publish', '--target-org', 'localorg', '--file', modelFile]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already published/);

    const activated = await sf(cli, ['score', 'model', 'activate', '--target-org', 'localorg', '--version', version, '--json']);
    expect(JSON.parse(activated.stdout)).toMatchObject({ status: 0, result: { version, previousVersion: null } });

    const listed = await sf(cli, ['score', 'model', 'list', '--target-org', 'localorg']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${version} *`);
    expect(listed.stdout).toContain(`Active model (Model_Version__c): ${version}`);

    const sync = await sf(cli, ['score', 'sync', '--target-org', 'localorg', '--dry-run', '--json']);
    const report = RunReport.parse((JSON.parse(sync.stdout) as { result: unknown }).result);
    expect(report).toMatchObject({ status: 'ok', modelVersion: version, modelSource: { kind: 'org' } });
  }, 120_000);
});
