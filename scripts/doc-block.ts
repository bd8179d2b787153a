import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces the block `<!-- name:start ... -->` ... `<!-- name:end -->` of a Markdown file with
 * `body` (a script's measured output), or inserts one after the line containing `anchor`. Figures
 * in docs come from the scripts that measured them, never from typing.
 */
export async function writeDocBlock(file: string, name: string, writer: string, body: string, anchor: string): Promise<void> {
  const start = `<!-- ${name}:start (written by ${writer}) -->`;
  const end = `<!-- ${name}:end -->`;
  const md = await readFile(file, 'utf8');
  const a = md.indexOf(`<!-- ${name}:start`);
  const b = md.indexOf(end);
  const block = `${start}\n${body.trimEnd()}\n${end}`;
  let out: string;
  if (a >= 0 && b > a) out = md.slice(0, a) + block + md.slice(b + end.length);
  else {
    const at = md.indexOf(anchor);
    if (at < 0) throw new Error(`${file}: no ${name} block and no "${anchor}" to put one after`);
    const eol = md.indexOf('\n', at) + 1;
    out = `${md.slice(0, eol)}\n${block}\n${md.slice(eol)}`;
  }
  await writeFile(file, out);
}
