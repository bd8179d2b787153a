// Serves an org directory as a local Salesforce org and prints how to log the real `sf` CLI in:
//   npm run local-org [-- --dir <orgdir>] [--port N] [--save] [--daily-limit N] [--accounts N]
// Without --dir, a synthetic org (--accounts, default 2000, seed 42) is generated once into
// .cache/local-org/ and served. Credentials for OAuth logins: LOCAL_ORG_USERNAME /
// LOCAL_ORG_PASSWORD / LOCAL_ORG_CLIENT_ID / LOCAL_ORG_CLIENT_SECRET. The bearer token for
// `sf org login access-token` is LOCAL_ORG_ACCESS_TOKEN if set, else a random one written to a
// file only you can read. Secrets are never printed. With --save, the org's data (writes
// included) is written back to --dir when the server stops (Ctrl-C).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OrgStore, startLocalOrg } from '../src/local-org/index.js';
import { writeOrgDir } from '../src/local-org/generate/index.js';
import { scoreOrgFields } from '../src/demo/score-field-specs.js';
import { loginCommand, loginHelp, newCliToken, SF_CLI_TOKEN, writeTokenFile, type TokenFile } from '../src/demo/local-org-login.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '0' },
    save: { type: 'boolean', default: false },
    'daily-limit': { type: 'string' },
    accounts: { type: 'string', default: '2000' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.error('usage: npm run local-org [-- --dir <orgdir>] [--port N] [--save] [--daily-limit N] [--accounts N (generated org only)]');
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0..65535, got "${values.port}"`);
  process.exit(2);
}
const accounts = Number(values.accounts);
if (!Number.isInteger(accounts) || accounts < 1) {
  console.error(`--accounts must be a whole number >= 1, got "${values.accounts}"`);
  process.exit(2);
}
const dir = values.dir ?? path.join(ROOT, '.cache', 'local-org', `org-seed42-${accounts}`);
const t0 = Date.now();
let store: OrgStore;
try {
  if (!values.dir && !existsSync(path.join(dir, 'Account.ndjson'))) {
    console.error(`generating a synthetic org of ${accounts} accounts in ${dir}`);
    await writeOrgDir(dir, { seed: 42, accounts }, { truthFile: `${dir}.truth.csv` });
  }
  store = existsSync(dir) ? await OrgStore.loadDir(dir, { extraFields: scoreOrgFields() }) : OrgStore.withDefaults({ extraFields: scoreOrgFields() });
} catch (e) {
  console.error(`Could not load ${dir}: ${(e as Error).message}`);
  process.exit(1);
}
const env = process.env;
const fixed = env.LOCAL_ORG_ACCESS_TOKEN || undefined;
if (fixed && !SF_CLI_TOKEN.test(fixed)) {
  console.error('warning: LOCAL_ORG_ACCESS_TOKEN is not in the shape `sf org login access-token` accepts (00D<12-15 letters/digits>!<letters, digits, dots>)');
}
const token = fixed ?? newCliToken(store.organizationId());
let tokenFile: TokenFile | undefined;
if (!fixed) tokenFile = await writeTokenFile(token);
const org = await startLocalOrg({
  port,
  store,
  dailyApiLimit: values['daily-limit'] ? Number(values['daily-limit']) : undefined,
  username: env.LOCAL_ORG_USERNAME || undefined,
  password: env.LOCAL_ORG_PASSWORD || undefined,
  clientId: env.LOCAL_ORG_CLIENT_ID || undefined,
  clientSecret: env.LOCAL_ORG_CLIENT_SECRET || undefined,
  accessToken: token,
});
const login = { url: org.url, tokenFile: tokenFile?.file, tokenEnv: fixed ? 'LOCAL_ORG_ACCESS_TOKEN' : undefined };
// First line: machine-readable (no secrets); then the same for people.
console.log(
  JSON.stringify({
    url: org.url,
    loginUrl: org.url,
    apiVersion: org.apiVersion,
    username: org.credentials.username,
    clientId: org.credentials.clientId,
    records: { Account: store.count('Account'), Contact: store.count('Contact') },
    loadMs: Date.now() - t0,
    accessTokenFile: tokenFile?.file ?? null,
    fixedAccessToken: fixed ? 'LOCAL_ORG_ACCESS_TOKEN' : null,
    sfLogin: loginCommand(login),
    save: values.save ? dir : null,
  }),
);
const persistence = values.save
  ? `Writes are saved to ${dir} when you stop the server.`
  : `Writes live in this server's memory only; to keep them, start it with --save (npm run local-org -- --dir ${dir} --save) and they are written back to ${dir} when it stops.`;
console.log(loginHelp({ ...login, persistence }).join('\n'));

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await org.close();
  await tokenFile?.remove();
  if (values.save) {
    await store.saveDir(dir);
    console.log(`saved ${dir}`);
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
