// Run as a child process by org-login.ts: @salesforce/core's state-file locking misbehaves
// inside jest's VM realm, so the login that writes ~/.sfdx runs in plain Node.
import { AuthInfo } from '@salesforce/core';

const [instanceUrl, alias] = process.argv.slice(2);
const accessToken = process.env.SF_ACCESS_TOKEN ?? '';
const auth = await AuthInfo.create({ accessTokenOptions: { accessToken, instanceUrl, loginUrl: instanceUrl } });
await auth.save();
await auth.handleAliasAndDefaultSettings({ alias, setDefault: false, setDefaultDevHub: false });
process.stdout.write(auth.getUsername() ?? '');
