// Versions, resources, describe (global and per object) and limits.
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { ApiError, Ctx, Router, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { describeGlobalEntry, describeObject } from '../describe.js';
import type { OrgStore } from '../store.js';

export function registerMeta(router: Router, org: OrgState) {
  router.add(
    'GET',
    '/services/data',
    (ctx: Ctx) => {
      const max = Number(org.config.apiVersion);
      const out = [];
      for (let v = 31; v <= max; v++) {
        const version = `${v}.0`;
        out.push({ label: labelFor(v), url: `/services/data/v${version}`, version });
      }
      sendJson(ctx.res, 200, out);
    },
    { auth: false, apiCall: false },
  );

  router.add('GET', '/services/data/v:version', (ctx: Ctx) => {
    const b = `/services/data/v${ctx.version}`;
    sendJson(ctx.res, 200, {
      limits: `${b}/limits`,
      sobjects: `${b}/sobjects`,
      query: `${b}/query`,
      queryAll: `${b}/queryAll`,
      composite: `${b}/composite`,
      jobs: `${b}/jobs`,
      recent: `${b}/recent`,
      tooling: `${b}/tooling`,
      // jsforce's identity() reads this when the connection has no login result.
      identity: `${org.url}/id/${org.orgId}/${org.userId}`,
    });
  });

  // Recently viewed records: nobody views records in the local org's UI, so the list is empty.
  router.add('GET', '/services/data/v:version/recent', (ctx: Ctx) => sendJson(ctx.res, 200, []));

  // The Tooling API query the sf CLI sends at login and for org display: SandboxProcess rows of a
  // production org (the local org is one) - none. Other Tooling objects don't exist here.
  router.add('GET', '/services/data/v:version/tooling/query', (ctx: Ctx) => {
    const q = ctx.url.searchParams.get('q');
    if (!q) throw new ApiError(400, 'MALFORMED_QUERY', 'A query string must be provided.');
    let sObject: string | undefined;
    try {
      sObject = parseQuery(q).sObject;
    } catch (e) {
      throw new ApiError(400, 'MALFORMED_QUERY', (e as Error).message.split('\n')[0] || 'unexpected token');
    }
    if (sObject?.toLowerCase() !== 'sandboxprocess') {
      throw new ApiError(400, 'INVALID_TYPE', `sObject type '${sObject ?? ''}' is not supported. The local org's Tooling API has SandboxProcess only.`);
    }
    sendJson(ctx.res, 200, { size: 0, totalSize: 0, done: true, queryLocator: null, entityTypeName: 'SandboxProcess', records: [] });
  });

  router.add('GET', '/services/data/v:version/limits', (ctx: Ctx) => sendJson(ctx.res, 200, org.limits.toJson()));

  router.add('GET', '/services/data/v:version/sobjects', (ctx: Ctx) =>
    sendJson(ctx.res, 200, {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: org.store.objects().map((o) => describeGlobalEntry(o, ctx.version)),
    }),
  );

  router.add('GET', '/services/data/v:version/sobjects/:type/describe', (ctx: Ctx) => {
    sendJson(ctx.res, 200, describeObject(objectOr404(org.store, ctx.params.type), ctx.version));
  });

  router.add('GET', '/services/data/v:version/sobjects/:type', (ctx: Ctx) => {
    const def = objectOr404(org.store, ctx.params.type);
    sendJson(ctx.res, 200, { objectDescribe: describeGlobalEntry(def, ctx.version), recentItems: [] });
  });
}

export function objectOr404(store: OrgStore, type: string) {
  const def = store.findObject(type);
  if (!def) throw new ApiError(404, 'NOT_FOUND', 'The requested resource does not exist');
  return def;
}

function labelFor(v: number): string {
  // Three releases a year; v62 is Winter '25.
  const seasons = ['Spring', 'Summer', 'Winter'];
  const idx = v - 62 + 2; // Winter '25 -> index 2 of year 24
  const yearOffset = Math.floor(idx / 3);
  const season = seasons[((idx % 3) + 3) % 3];
  const year = 24 + yearOffset + (season === 'Winter' ? 1 : 0);
  return `${season} '${String(year).padStart(2, '0')}`;
}
