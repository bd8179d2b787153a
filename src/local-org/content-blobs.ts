// File bodies of an org's ContentVersions, kept beside its tables (which hold text and numbers
// only), and saved with the org directory as <dir>/ContentVersion.blobs/<Id>.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const blobsOf = new WeakMap<object, Map<string, Buffer>>();

/** The ContentVersion Id -> bytes map of one org store. */
export function contentBlobs(store: object): Map<string, Buffer> {
  let m = blobsOf.get(store);
  if (!m) blobsOf.set(store, (m = new Map<string, Buffer>()));
  return m;
}

const DIR = 'ContentVersion.blobs';

export async function saveContentBlobs(store: object, dir: string): Promise<void> {
  const blobs = contentBlobs(store);
  if (blobs.size === 0) return;
  await mkdir(join(dir, DIR), { recursive: true });
  for (const [id, bytes] of blobs) {
    const file = join(dir, DIR, id);
    await writeFile(`${file}.tmp-${process.pid}`, bytes);
    await rename(`${file}.tmp-${process.pid}`, file);
  }
}

export async function loadContentBlobs(store: object, dir: string): Promise<void> {
  const from = join(dir, DIR);
  if (!existsSync(from)) return;
  const blobs = contentBlobs(store);
  for (const name of await readdir(from)) {
    if (/^068[a-zA-Z0-9]{15}$/.test(name)) blobs.set(name, await readFile(join(from, name)));
  }
}
