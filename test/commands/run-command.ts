import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { format } from 'node:util';

// oclif draws tables as plain text when CI is set; tests assert on the boxed tables a person
// sees in a terminal, so render those whatever the environment.
process.env.OCLIF_TABLE_SKIP_CI_CHECK = 'true';

/** The package root: oclif loads the plugin config (bin, topics, messages) from here. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CommandRun<T> {
  result: T | undefined;
  error: Error | undefined;
  stdout: string;
  stderr: string;
}

type Runnable<T> = { run(argv: string[], opts: string): Promise<T> };

/**
 * Runs an sf command class in-process, as the CLI would, capturing what it prints.
 * Errors are returned (not thrown) so tests can assert on the message and on the output
 * printed before the failure.
 */
export async function runCommand<T>(cmd: Runnable<T>, argv: string[]): Promise<CommandRun<T>> {
  const out: string[] = [];
  const err: string[] = [];
  const origOut = process.stdout.write.bind(process.stdout);
  const origErr = process.stderr.write.bind(process.stderr);
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  // oclif prints through console.log/console.error, which jest replaces with its own console.
  const origLog = console.log;
  const origError = console.error;
  const origWarn = console.warn;
  console.log = (...args: unknown[]) => void out.push(format(...args) + '\n');
  console.error = (...args: unknown[]) => void err.push(format(...args) + '\n');
  console.warn = console.error;
  const exitCode = process.exitCode;
  let result: T | undefined;
  let error: Error | undefined;
  try {
    result = await cmd.run(argv, ROOT);
  } catch (e) {
    error = e as Error;
  } finally {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
    console.log = origLog;
    console.error = origError;
    console.warn = origWarn;
    // SfCommand sets process.exitCode on failure; a test run must not inherit it.
    process.exitCode = exitCode;
  }
  return { result, error, stdout: out.join(''), stderr: err.join('') };
}

/** Parses the single JSON document an sf command prints with --json. */
export function parseJsonOutput(stdout: string): { status: number; result?: unknown; message?: string; name?: string; warnings?: string[] } {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`no JSON in output:\n${stdout}`);
  return JSON.parse(stdout.slice(start)) as { status: number; result?: unknown; message?: string; name?: string; warnings?: string[] };
}
