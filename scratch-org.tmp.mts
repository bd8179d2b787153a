import { startLocalOrg } from './src/local-org/index.js';
import { scoreStore } from './test/helpers/score-org.js';
import { account, contact } from './test/local-org/helpers.js';
const store = scoreStore();
store.addRecords('Account', Array.from({ length: 50 }, (_, n) => account(n)));
store.addRecords('Contact', Array.from({ length: 20 }, (_, n) => contact(n, n)));
const org = await startLocalOrg({ store, accessToken: '00D000000000001AAA!sf.cli.test.token', bulkPollDelayMs: 20 });
console.log(org.url);
process.stdin.resume();
