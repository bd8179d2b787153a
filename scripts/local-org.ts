// Serves an org directory as a local Salesforce org:
//   node --import tsx scripts/local-org.ts --dir <orgdir> [--port N] [--save] [--daily-limit N]
// Credentials: LOCAL_ORG_USERNAME / LOCAL_ORG_PASSWORD / LOCAL_ORG_CLIENT_ID / LOCAL_ORG_CLIENT_SECRET,
// and LOCAL_ORG_ACCESS_TOKEN for a fixed bearer token (e.g. `sf org login access-token`).
// Secrets are never printed. With --save, the org's data is written back to --dir on Ctrl-C.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { OrgStore, startLocalOrg } from '../src/local-org/index.js';
import { scoreOrgFields } from '../src/demo/score-field-specs.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '0' },
    save: { type: 'boolean', default: false },
    'daily-limit': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help || !values.dir) {
  console.error('usage: node --import tsx scripts/local-org.ts --dir <orgdir> [--port N] [--save] [--daily-limit N]');
  process.exit(values.help ? 0 : 2);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0..65535, got "${values.port}"`);
  process.exit(2);
}
const dir = values.dir;
const t0 = Date.now();
let store: OrgStore;
try {
  store = existsSync(dir) ? await OrgStore.loadDir(dir, { extraFields: scoreOrgFields() }) : OrgStore.withDefaults({ extraFields: scoreOrgFields() });
} catch (e) {
  console.error(`Could not load ${dir}: ${(e as Error).message}`);
  process.exit(1);
}
const env = process.env;
const org = await startLocalOrg({
  port,
  store,
  dailyApiLimit: values['daily-limit'] ? Number(values['daily-limit']) : undefined,
  username: env.LOCAL_ORG_USERNAME || undefined,
  password: env.LOCAL_ORG_PASSWORD || undefined,
  clientId: env.LOCAL_ORG_CLIENT_ID || undefined,
  clientSecret: env.LOCAL_ORG_CLIENT_SECRET || undefined,
  accessToken: env.LOCAL_ORG_ACCESS_TOKEN || undefined,
});
console.log(
  JSON.stringify({
    url: org.url,
    loginUrl: org.url,
    apiVersion: org.apiVersion,
    username: org.credentials.username,
    clientId: org.credentials.clientId,
    records: { Account: store.count('Account'), Contact: store.count('Contact') },
    loadMs: Date.now() - t0,
    fixedAccessToken: env.LOCAL_ORG_ACCESS_TOKEN ? 'LOCAL_ORG_ACCESS_TOKEN' : null,
  }),
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await org.close();
  if (values.save) {
    await store.saveDir(dir);
    console.log(`saved ${dir}`);
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
