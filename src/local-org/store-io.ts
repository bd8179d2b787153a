// Org directory persistence: <dir>/<Object>.ndjson (one JSON record per line) or
// <dir>/<Object>.csv (header row of API names). Streams line by line so 1M/5M-row files
// load without holding the file in memory. Saves go to a temp file then rename, so a
// crash never leaves a half-written org file.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import type { ObjectDef } from './schema.js';
import type { Table } from './table.js';
import { toJson, type PlainRecord } from './values.js';

export type SaveFormat = 'ndjson' | 'csv';

/** What loading needs of a store (kept structural so this module does not import the store). */
export interface LoadTarget {
  objects(): ObjectDef[];
  insert(objectName: string, rec: PlainRecord, opts: { load: true; fromCsv: boolean }): string;
}

/** What saving needs of a store. */
export interface SaveSource {
  objects(): ObjectDef[];
  table(objectName: string): Table;
  readonly schema: { readonly file: unknown };
}

// Referenced objects first, so the order is stable and readable; other objects follow.
const LOAD_ORDER = [
  'Organization', 'UserRole', 'User', 'Group', 'GroupMember', 'PermissionSet', 'PermissionSetAssignment',
  'Account_Score_Setting__mdt', 'OpportunityStage', 'Account', 'Contact', 'Opportunity', 'Task', 'Event',
];

/** Loads the directory's record files into `store` (its schema comes from the directory's schema.json). */
export async function loadOrgDir(store: LoadTarget, dir: string): Promise<void> {
  if (!existsSync(dir)) throw new Error(`Org directory not found: ${dir}`);
  const names = store.objects().map((o) => o.name);
  const ordered = [...LOAD_ORDER.filter((n) => names.includes(n)), ...names.filter((n) => !LOAD_ORDER.includes(n))];
  for (const name of ordered) {
    const nd = join(dir, `${name}.ndjson`);
    const csv = join(dir, `${name}.csv`);
    if (existsSync(nd) && existsSync(csv)) {
      throw new Error(`Both ${nd} and ${csv} exist: keep one so the org's data is unambiguous`);
    }
    if (existsSync(nd)) await loadNdjson(store, name, nd);
    else if (existsSync(csv)) await loadCsv(store, name, csv);
  }
}

async function loadNdjson(store: LoadTarget, name: string, file: string) {
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

async function loadCsv(store: LoadTarget, name: string, file: string) {
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

function insertLine(store: LoadTarget, name: string, rec: PlainRecord, file: string, line: number, fromCsv: boolean) {
  try {
    store.insert(name, rec, { load: true, fromCsv });
  } catch (e) {
    const err = e as Error & { fields?: string[] };
    const id = typeof rec.Id === 'string' ? ` (Id ${rec.Id})` : '';
    throw new Error(`${file} line ${line}${id}: ${err.message}`);
  }
}

export async function saveOrgDir(store: SaveSource, dir: string, format: SaveFormat): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (store.schema.file !== undefined) {
    const file = join(dir, 'schema.json');
    await writeFile(`${file}.tmp-${process.pid}`, JSON.stringify(store.schema.file, null, 2) + '\n');
    await rename(`${file}.tmp-${process.pid}`, file);
  }
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
