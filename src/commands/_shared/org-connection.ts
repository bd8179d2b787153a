import type { Org } from '@salesforce/core';
import { connect, type Connected } from '../../salesforce/connection.js';

/**
 * Opens the library's jsforce connection on the session of an org the sf CLI knows
 * (--target-org). The CLI stores instance URLs with a trailing slash; jsforce would then
 * request "//services/...", so it is trimmed here. The token never leaves this object.
 */
export async function connectOrg(org: Org): Promise<Connected> {
  const conn = org.getConnection();
  const accessToken = conn.accessToken;
  if (!accessToken) {
    throw new Error(`The CLI has no access token for ${org.getUsername() ?? 'this org'}: log in again with "sf org login".`);
  }
  return connect({ instanceUrl: conn.instanceUrl.replace(/\/+$/, ''), accessToken });
}
