// Model files downloaded from the org, kept in the org's state directory by sha256
// (<stateDir>/models/<sha256>.onnx): downloaded once, checked against the digest every time.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export const cachedModelPath = (stateDir: string, sha256: string): string => join(stateDir, 'models', `${sha256}.onnx`);

export type CacheLookup = { state: 'hit'; path: string; bytes: Uint8Array } | { state: 'missing' } | { state: 'corrupt'; path: string; actual: string };

/** The cached file for `sha256` when its bytes still hash to it; a file that no longer does is reported and removed. */
export async function lookupCachedModel(stateDir: string, sha256: string): Promise<CacheLookup> {
  const path = cachedModelPath(stateDir, sha256);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return { state: 'missing' };
  }
  const actual = sha256Hex(bytes);
  if (actual === sha256) return { state: 'hit', path, bytes };
  await rm(path, { force: true });
  return { state: 'corrupt', path, actual };
}

/** Stores bytes whose digest was checked; written to a temp file and renamed, so a crash never leaves half a model. */
export async function storeCachedModel(stateDir: string, sha256: string, bytes: Uint8Array): Promise<string> {
  const path = cachedModelPath(stateDir, sha256);
  await mkdir(join(stateDir, 'models'), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return path;
}
