// The local org's HTTP server: auth, limit counting, fault injection and request logging
// around the per-area routes.
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultController } from './faults.js';
import { ApiError, Router, sendError, type ApiCallRefusal } from './http.js';
import { makeId } from './ids.js';
import { ApiLimits } from './limits.js';
import { LocalOrgOptions, LocalOrgOptionsInput, OrgState } from './options.js';
import { RequestLog } from './request-log.js';
import { registerBulkIngest } from './routes/bulk-ingest.js';
import { registerBulkQuery } from './routes/bulk-query.js';
import { registerCollections } from './routes/collections.js';
import { registerContent } from './routes/content.js';
import { registerMeta } from './routes/meta.js';
import { registerMetadataSoap } from './routes/metadata-soap.js';
import { registerOauth } from './routes/oauth.js';
import { registerQuery } from './routes/query.js';
import { registerRecords } from './routes/records.js';
import { registerReplication } from './routes/replication.js';
import { describeIssues } from './org-schema.js';
import { OrgStore } from './store.js';
import { TokenStore } from './tokens.js';

export interface LocalOrg {
  /** instance URL, e.g. http://127.0.0.1:54321 (also the login URL) */
  url: string;
  port: number;
  store: OrgStore;
  requests: RequestLog;
  faults: FaultController;
  limits: ApiLimits;
  /** the username/password/client credentials the OAuth grants accept */
  credentials: { username: string; password: string; clientId: string; clientSecret: string };
  apiVersion: string;
  /** a fresh valid access token (as a password grant would return) */
  issueToken(): string;
  /** expires every issued access token, so clients must refresh */
  expireTokens(): void;
  close(): Promise<void>;
}

export async function startLocalOrg(input: LocalOrgOptionsInput = {}): Promise<LocalOrg> {
  const parsed = LocalOrgOptions.safeParse(input);
  if (!parsed.success) throw new Error(describeIssues(parsed.error, input, 'startLocalOrg options'));
  const config = parsed.data;
  const store = config.store ?? OrgStore.withDefaults({ extraFields: config.extraFields });
  store.ensureDefaults();
  const userId = ensureUser(store, config.username);
  const orgId = store.organizationId();
  const faults = new FaultController({ seed: config.seed, ...config.faults });
  const org: OrgState = {
    config,
    store,
    url: '',
    limits: new ApiLimits(config.dailyApiLimit),
    faults,
    requests: new RequestLog(),
    tokens: new TokenStore(orgId, config.tokenTtlMs, config.accessToken),
    userId,
    orgId,
  };

  const router = new Router();
  registerOauth(router, org);
  registerMeta(router, org);
  registerQuery(router, org);
  registerCollections(router, org);
  registerBulkQuery(router, org);
  registerBulkIngest(router, org);
  registerReplication(router, org);
  // before the generic sObject routes: ContentVersion inserts carry a file
  registerContent(router, org);
  registerRecords(router, org);
  registerMetadataSoap(router, org);

  const server = createServer((req, res) => {
    handle(router, org, req, res).catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${(e as Error).message}`);
      else res.destroy();
    });
  });
  // Longer than clients' idle pools, so a reused socket is never closed under a request.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  org.url = `http://${config.host}:${port}`;

  return {
    url: org.url,
    port,
    store,
    requests: org.requests,
    faults,
    limits: org.limits,
    credentials: { username: config.username, password: config.password, clientId: config.clientId, clientSecret: config.clientSecret },
    apiVersion: config.apiVersion,
    issueToken: () => org.tokens.issue(),
    expireTokens: () => org.tokens.expireAll(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function ensureUser(store: OrgStore, username: string): string {
  const t = store.table('User');
  const read = t.reader('Username');
  for (let row = 0; row < t.size; row++) if (read(row) === username) return t.get(row, 'Id') as string;
  return store.insert(
    'User',
    { Id: makeId('005', t.size + 1), Username: username, FirstName: 'Local', LastName: 'Admin', Email: username.includes('@') ? username : `${username}@local-org.test`, IsActive: true, TimeZoneSidKey: 'America/Los_Angeles', LanguageLocaleKey: 'en_US', UserType: 'Standard' },
    { load: true },
  );
}

async function handle(router: Router, org: OrgState, req: IncomingMessage, res: ServerResponse) {
  // The sf CLI stores instance URLs with a trailing '/', so it asks for '//services/...';
  // Salesforce treats the leading '//' as '/', while URL() would read it as a host.
  const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://local');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = router.match(method, url.pathname.replace(/\/+$/, '') || '/');
  let apiCall = false;
  res.on('finish', () => org.requests.push({ method, path: url.pathname, status: res.statusCode, apiCall, at: Date.now() }));

  if (match === undefined) return sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
  if (match === 'method') {
    return sendError(res, 405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,POST,DELETE`);
  }
  const { route, params } = match;
  const version = params.version ?? org.config.apiVersion;
  if (params.version && (Number(version) > Number(org.config.apiVersion) || Number(version) < 20)) {
    return sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
  }
  if (route.auth) {
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !org.tokens.isValid(m[1].trim())) {
      req.resume();
      return sendError(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }
  }
  const chargeApiCall = async (): Promise<ApiCallRefusal | undefined> => {
    const refusal = await charge(org, method, url.pathname);
    if (!refusal) apiCall = true;
    return refusal;
  };
  if (route.apiCall) {
    const refusal = await chargeApiCall();
    if (refusal) {
      req.resume();
      return sendError(res, refusal.status, refusal.errorCode, refusal.message);
    }
  }
  try {
    await route.handler({ req, res, url, params, version, chargeApiCall });
  } catch (e) {
    if (e instanceof ApiError) {
      req.resume();
      if (!res.headersSent) return sendError(res, e.status, e.errorCode, e.message, e.fields);
      return void res.destroy();
    }
    throw e;
  }
}

/** Injected faults, then the daily allowance: the checks every API call passes first. */
async function charge(org: OrgState, method: string, path: string): Promise<ApiCallRefusal | undefined> {
  const fate = org.faults.rollRequest({ method, path });
  if (fate.delayMs > 0) await sleep(fate.delayMs);
  if (fate.expireTokens) org.tokens.expireAll();
  if (fate.status === 503) return { status: 503, errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable. Please try again later.' };
  if (fate.status === 500) {
    return {
      status: 500,
      errorCode: 'UNKNOWN_EXCEPTION',
      message: `An unexpected error occurred. Please include this ErrorId if you contact support: ${1000000 + org.faults.counts.serverError}-${org.requests.entries.length} (-1)`,
    };
  }
  if (!org.limits.consume()) return { status: 403, errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' };
  return undefined;
}
