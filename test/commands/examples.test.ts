// Every example in messages/*.md and every `sf score ...` line in the README names a command that
// exists and only flags that command has, with values where the flag takes one (the README once
// showed `sf score model --target-org`, which failed with "Nonexistent flag").
import { describe, it, expect, beforeAll } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './run-command.js';

type FlagDef = { type: 'boolean' | 'option'; char?: string };
type CommandClass = { flags?: Record<string, FlagDef>; baseFlags?: Record<string, FlagDef>; examples?: string[] };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Shell-like split: quotes group words, and are removed. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

const commands = new Map<string, CommandClass>();

beforeAll(async () => {
  const dir = path.join(ROOT, 'src/commands/score');
  for (const file of walk(dir).filter((f) => f.endsWith('.ts'))) {
    const id = ['score', ...path.relative(dir, file).replace(/\.ts$/, '').split(path.sep)].join(' ');
    commands.set(id, ((await import(file)) as { default: CommandClass }).default);
  }
}, 120_000);

/** Problems with one `sf score ...` command line (argv after "sf"). */
function check(argv: string[]): string[] {
  // the longest command id that prefixes the words
  let id = '';
  for (let n = argv.length; n > 0; n--) {
    const candidate = argv.slice(0, n).join(' ');
    if (commands.has(candidate)) {
      id = candidate;
      break;
    }
  }
  if (!id) return [`no command "${argv.slice(0, 3).join(' ')}"`];
  const cmd = commands.get(id)!;
  const flags: Record<string, FlagDef> = { ...cmd.baseFlags, ...cmd.flags, json: { type: 'boolean' }, help: { type: 'boolean' } };
  const problems: string[] = [];
  const rest = argv.slice(id.split(' ').length);
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i];
    if (!w.startsWith('-') || w === '...' || w === '|') continue;
    const name = w.startsWith('--') ? w.slice(2).split('=')[0] : Object.entries(flags).find(([, f]) => f.char === w.slice(1))?.[0];
    const def = name ? flags[name] : undefined;
    if (!def) {
      problems.push(`${id}: nonexistent flag ${w}`);
      continue;
    }
    if (def.type === 'option' && !w.includes('=')) {
      const value = rest[i + 1];
      if (value === undefined || (value.startsWith('--') && value !== '--')) problems.push(`${id}: ${w} needs a value`);
      i++;
    }
  }
  return problems;
}

describe('command examples', () => {
  it('in messages/*.md use existing commands and flags', () => {
    const problems: string[] = [];
    let n = 0;
    for (const [id, cmd] of commands) {
      for (const ex of cmd.examples ?? []) {
        for (const line of ex.split('\n')) {
          const cmdLine = line.replace(/<%= config.bin %>/g, 'sf').replace(/<%= command.id %>/g, id).trim();
          if (!cmdLine.startsWith('sf score')) continue;
          n++;
          problems.push(...check(words(cmdLine).slice(1)));
        }
      }
    }
    expect(n).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  });

  it('in the README use existing commands and flags', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const lines = [...readme.matchAll(/(?:^\$ |`)(sf score [^`\n]*)/gm)].map((m) => m[1]);
    expect(lines.length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const line of lines) {
      // table rows show options as [--flag value] and alternatives as (a \| b): check each flag name
      const plain = line.replace(/\\\|/g, ' ').replace(/[[\]()]/g, ' ');
      const w = words(plain);
      if (w.length < 3 || w[2] === '...' || w[2].startsWith('-')) continue; // the topic itself ("sf score --help")
      problems.push(...check(words(plain).slice(1)).filter((p) => !p.endsWith('needs a value')));
    }
    expect(problems).toEqual([]);
  });
});
