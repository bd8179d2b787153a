// Replication: GET /sobjects/{Type}/updated and /deleted ?start=&end= (REST API "Get Updated
// Records" / "Get Deleted Records"), from SystemModstamp. Salesforce keeps 30 days of this.
import { ApiError, Ctx, Router, sendJson } from '../http.js';
import type { OrgState } from '../options.js';
import { formatDateTime, parseDateTime } from '../values.js';
import { objectOr404 } from './meta.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

export function registerReplication(router: Router, org: OrgState) {
  const window = (ctx: Ctx) => {
    const param = (name: string) => {
      // A '+' offset arrives as a space when the client did not encode it.
      const raw = ctx.url.searchParams.get(name)?.replace(/ /g, '+');
      if (!raw) throw new ApiError(400, 'MISSING_ARGUMENT', `${name} parameter is required`);
      const t = parseDateTime(raw);
      if (t === undefined) throw new ApiError(400, 'INVALID_REPLICATION_DATE', `${name} is not a valid dateTime: ${raw}`);
      return t;
    };
    const start = param('start');
    const end = Math.min(param('end'), Date.now());
    if (start >= end) throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate');
    if (start < Date.now() - 30 * DAY) throw new ApiError(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 30 days ago');
    // Salesforce covers whole minutes: the window ends at the last full minute before end.
    return { start, end: Math.floor(end / MINUTE) * MINUTE };
  };

  /** The object's table, the requested window and the two fields both resources read. */
  const scan = (ctx: Ctx) => {
    const def = objectOr404(org.store, ctx.params.type);
    const { start, end } = window(ctx);
    const t = org.store.table(def.name);
    return { t, start, end, stamp: t.reader('SystemModstamp'), deleted: t.reader('IsDeleted') };
  };

  router.add('GET', '/services/data/v:version/sobjects/:type/updated', (ctx: Ctx) => {
    const { t, start, end, stamp, deleted } = scan(ctx);
    const ids: string[] = [];
    for (let row = 0; row < t.size; row++) {
      const s = stamp(row) as number | null;
      if (s !== null && s >= start && s < end && deleted(row) !== true) ids.push(t.get(row, 'Id') as string);
    }
    sendJson(ctx.res, 200, { ids, latestDateCovered: formatDateTime(end) });
  });

  router.add('GET', '/services/data/v:version/sobjects/:type/deleted', (ctx: Ctx) => {
    const { t, start, end, stamp, deleted } = scan(ctx);
    const deletedRecords: { id: string; deletedDate: string }[] = [];
    let earliest = end;
    for (let row = 0; row < t.size; row++) {
      if (deleted(row) !== true) continue;
      const s = stamp(row) as number;
      earliest = Math.min(earliest, s);
      if (s >= start && s < end) deletedRecords.push({ id: t.get(row, 'Id') as string, deletedDate: formatDateTime(s) });
    }
    sendJson(ctx.res, 200, { deletedRecords, earliestDateAvailable: formatDateTime(earliest), latestDateCovered: formatDateTime(end) });
  });
}
