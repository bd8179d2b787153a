// Org directory persistence: <dir>/<Object>.ndjson (one JSON record per line) or
// <dir>/<Object>.csv (header row of API names). Streams line by line so 1M/5M-row files
// load without holding the file in memory. Saves go to a temp file then rename, so a
// crash never leaves a half-written org file.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { OrgStore, PlainRecord } from './store.js';
import { toJson } from './values.js';

export type SaveFormat = 'ndjson' | 'csv';

// Referenced objects first, so the order is stable and readable.
const LOAD_ORDER = [
  'Organization', 'UserRole', 'User', 'Group', 'GroupMember', 'PermissionSet', 'PermissionSetAssignment',
  'Account_Score_Setting__mdt', 'OpportunityStage', 'Account', 'Contact', 'Opportunity', 'Task', 'Event',
];

export async function loadOrgDir(dir: string): Promise<OrgStore> {
  if (!existsSync(dir)) throw new Error(`Org directory not found: ${dir}`);
  const { OrgStore } = await import('./store.js');
  const store = new OrgStore();
  for (const name of LOAD_ORDER) {
    const nd = join(dir, `${name}.ndjson`);
    const csv = join(dir, `${name}.csv`);
    if (existsSync(nd) && existsSync(csv)) {
      throw new Error(`Both ${nd} and ${csv} exist: keep one so the org's data is unambiguous`);
    }
    if (existsSync(nd)) await loadNdjson(store, name, nd);
    else if (existsSync(csv)) await loadCsv(store, name, csv);
  }
  store.ensureDefaults();
  return store;
}

async function loadNdjson(store: OrgStore, name: string, file: string) {
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch (e) {
      throw new Error(`${file} line ${line}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      throw new Error(`${file} line ${line}: expected a JSON object with API field names`);
    }
    insertLine(store, name, rec as PlainRecord, file, line, false);
  }
}

async function loadCsv(store: OrgStore, name: string, file: string) {
  // info: true gives each record's (last) line number, so errors can point at it.
  const parser = createReadStream(file).pipe(parse({ columns: true, bom: true, relax_column_count: false, info: true }));
  try {
    for await (const item of parser) {
      const { record, info } = item as { record: PlainRecord; info: { lines: number } };
      insertLine(store, name, record, file, info.lines, true);
    }
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code?.startsWith('CSV_')) throw new Error(`${file}: malformed CSV: ${err.message}`);
    throw err;
  }
}

function insertLine(store: OrgStore, name: string, rec: PlainRecord, file: string, line: number, fromCsv: boolean) {
  try {
    store.insert(name, rec, { load: true, fromCsv });
  } catch (e) {
    const err = e as Error & { fields?: string[] };
    const id = typeof rec.Id === 'string' ? ` (Id ${rec.Id})` : '';
    throw new Error(`${file} line ${line}${id}: ${err.message}`);
  }
}

export async function saveOrgDir(store: OrgStore, dir: string, format: SaveFormat): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const def of store.objects()) {
    const t = store.table(def.name);
    if (t.size === 0) continue;
    const file = join(dir, `${def.name}.${format}`);
    const tmp = `${file}.tmp-${process.pid}`;
    const out = createWriteStream(tmp, 'utf8');
    const readers = def.fields.map((fd) => ({ fd, read: t.reader(fd.name) }));
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    if (format === 'csv') await write(stringify([def.fields.map((f) => f.name)]));
    let buf = '';
    for (let row = 0; row < t.size; row++) {
      if (format === 'ndjson') {
        const rec: PlainRecord = {};
        for (const { fd, read } of readers) {
          const v = read(row);
          if (v !== null) rec[fd.name] = toJson(fd, v);
        }
        buf += JSON.stringify(rec) + '\n';
      } else {
        buf += stringify([readers.map(({ fd, read }) => {
          const v = read(row);
          return v === null ? '' : String(toJson(fd, v));
        })]);
      }
      if (buf.length > 1 << 20) {
        await write(buf);
        buf = '';
      }
    }
    await write(buf);
    out.end();
    await once(out, 'finish');
    await rename(tmp, file);
  }
}
