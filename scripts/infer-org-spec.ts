/**
 * Infers a feature spec from an org directory the way `sf score spec init --target-org` does
 * from an org: serves the directory with the local org and reads its describe and a sample
 * of accounts through jsforce.
 *   node --import tsx scripts/infer-org-spec.ts --org data/orgs/seed42-50k --label Converted_To_SQL__c --out spec.json [--sample-size 5000]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startLocalOrg, OrgStore } from '../src/local-org/index.js';
import { connect } from '../src/salesforce/connection.js';
import { inferSpecFromOrg } from '../src/sync/infer-org-spec.js';
import { specChoices } from '../src/features/infer/index.js';

const { values } = parseArgs({
  options: {
    org: { type: 'string', default: 'data/orgs/seed42' },
    label: { type: 'string', default: 'Converted_To_SQL__c' },
    out: { type: 'string', default: 'spec.json' },
    'sample-size': { type: 'string', default: '5000' },
  },
});
const TOKEN = '00D000000000001!infer.spec';
const org = await startLocalOrg({ store: await OrgStore.loadDir(values.org!), accessToken: TOKEN });
try {
  const { conn } = await connect({ instanceUrl: org.url, accessToken: TOKEN });
  const r = await inferSpecFromOrg(conn, { labelField: values.label, sampleSize: Number(values['sample-size']), progress: (m) => console.error(m) });
  await writeFile(values.out!, `${JSON.stringify(r.spec, null, 2)}\n`);
  for (const c of specChoices(r.spec)) console.log(`use   ${c.field}: ${c.kind} (${c.why})`);
  for (const e of r.excluded) console.log(`leave ${e.field}: ${e.reason}`);
  console.log(`wrote ${values.out} (${r.sampled} sample accounts)`);
} finally {
  await org.close();
}
