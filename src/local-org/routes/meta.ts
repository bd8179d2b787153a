// Versions, resources, describe (global and per object) and limits.
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
      tooling: `${b}/tooling`,
    });
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
