// The sf CLI's preparse hook warns "The input format for array arguments has changed" whenever a
// command has a flag with multiple: true and delimiter: ',' and any comma appears on the command
// line. Repeated flags (--ids A --ids B) are the current form; commands split commas themselves.
import { describe, it, expect } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './run-command.js';

function commandFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? commandFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('array flags', () => {
  it('no command declares a comma-delimited array flag', async () => {
    const offenders: string[] = [];
    const files = commandFiles(path.join(ROOT, 'src', 'commands', 'score'));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const mod = (await import(pathToFileURL(file).href)) as { default?: { flags?: Record<string, { multiple?: boolean; delimiter?: string }> } };
      for (const [name, flag] of Object.entries(mod.default?.flags ?? {})) {
        if (flag.multiple && flag.delimiter) offenders.push(`${path.relative(ROOT, file)} --${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
