import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseJson } from './json.js';

/**
 * Streams an NDJSON file (org directories, sync checkpoints) as [line number, object], one per
 * non-blank line, without holding the file in memory. A line that is not a JSON object throws
 * naming file:line.
 */
export async function* readNdjsonObjects(file: string): AsyncGenerator<[number, Record<string, unknown>]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    if (text.trim() === '') continue;
    const value = parseJson(text, `${file}:${n}`);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file}:${n}: expected a JSON object per line`);
    yield [n, value as Record<string, unknown>];
  }
}
