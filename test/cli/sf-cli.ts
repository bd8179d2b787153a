import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';

const exec = promisify(execFile);

/**
 * The last @salesforce/cli release whose engines allow Node 20 (2.148.3 and later need
 * Node >= 22; checked with `npm view @salesforce/cli@<v> engines.node`).
 */
export const SF_CLI_VERSION = '2.146.3';

/**
 * Writes lib/ as `npm run build` (tsc -p tsconfig.json) does, file by file with the compiler's
 * own emit and the project's options: the same JavaScript and source maps in a fraction of the
 * time, because nothing is type-checked (CI's type check does that) and no .d.ts is written
 * (the CLI loads only the JavaScript). Every file is ESM (package.json "type": "module"), which
 * is what NodeNext emits for them.
 */
export function buildLib(root: string): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed?.options.outDir || !parsed.options.rootDir) throw new Error('tsconfig.json must set rootDir and outDir');
  const { rootDir, outDir } = parsed.options;
  const options: ts.CompilerOptions = { ...parsed.options, declaration: false, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler };
  for (const file of parsed.fileNames) {
    const out = path.join(outDir, path.relative(rootDir, file).replace(/\.ts$/, '.js'));
    const emitted = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file });
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, emitted.outputText);
    if (emitted.sourceMapText !== undefined) writeFileSync(`${out}.map`, emitted.sourceMapText);
  }
}

/**
 * Lays the package out as its tarball ships it (package.json plus the "files" entries, with
 * oclif.manifest.json generated as `oclif manifest` does) in a temp dir that links to <root>'s
 * lib/, messages/, model/ and node_modules/. `sf plugins link` of that dir runs the same compiled
 * code, but the CLI reads the command list from the manifest, as it does for an installed plugin,
 * instead of importing every command module at each start-up (a linked plugin without a manifest
 * costs every `sf` process about 0.6 s of CPU). Nothing is written into <root>; remove the dir after.
 */
export async function stagePlugin(root: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfcli-plugin-'));
  copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  const { files = [] } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { files?: string[] };
  for (const entry of [...files, 'node_modules']) {
    if (entry !== 'oclif.manifest.json' && existsSync(path.join(root, entry))) symlinkSync(path.join(root, entry), path.join(dir, entry));
  }
  const manifest = [
    "import { Plugin } from '@oclif/core';",
    "import { writeFileSync } from 'node:fs';",
    "const plugin = new Plugin({ root: process.argv[1], type: 'core', ignoreManifest: true, errorOnManifestCreate: true });",
    'await plugin.load();',
    "writeFileSync(process.argv[1] + '/oclif.manifest.json', JSON.stringify(plugin.manifest));",
  ].join('\n');
  // cwd <root>: @oclif/core resolves from the package's own dependencies
  await exec(process.execPath, ['--input-type=module', '-e', manifest, dir], { cwd: root });
  return dir;
}

export interface SfCli {
  /** Absolute path of the `sf` executable. */
  bin: string;
  /** Environment that isolates the CLI's state (~/.sf, ~/.sfdx, oclif data) in a temp HOME. */
  env: NodeJS.ProcessEnv;
  home: string;
}

/**
 * Installs the CLI into <cacheRoot>/<version> once (a warm tree reuses it). @salesforce/core 8
 * crashes at import with undici 8 on Node 20, so the scratch package pins undici 7 as the
 * project itself does.
 */
export async function installSfCli(cacheRoot: string, version = SF_CLI_VERSION): Promise<string> {
  const dir = path.join(cacheRoot, version);
  const bin = path.join(dir, 'node_modules', '.bin', 'sf');
  if (existsSync(bin)) return bin;
  // Test files run in parallel and several install the CLI: each installs into its own scratch
  // dir and renames it into place, so a half-installed tree is never seen and the first wins.
  mkdirSync(cacheRoot, { recursive: true });
  const scratch = mkdtempSync(path.join(cacheRoot, `${version}-installing-`));
  try {
    writeFileSync(
      path.join(scratch, 'package.json'),
      JSON.stringify({ name: 'sfcli-scratch', private: true, dependencies: { '@salesforce/cli': version }, overrides: { undici: '^7.16.0' } }, null, 2),
    );
    // --ignore-scripts: the CLI's preinstall only checks the Node version; nothing else may download binaries.
    await exec('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: scratch, maxBuffer: 64 * 1024 * 1024 });
    if (!existsSync(path.join(scratch, 'node_modules', '.bin', 'sf'))) throw new Error(`npm install of @salesforce/cli@${version} finished but node_modules/.bin/sf is missing`);
    // a tree without the executable is what an interrupted install of an older version of this helper left
    if (existsSync(dir) && !existsSync(bin)) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(scratch, dir);
    } catch (e) {
      if (!existsSync(bin)) throw e; // else another test file finished first
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return bin;
}

/** A fresh HOME so `sf` never reads or writes the real user's ~/.sf, ~/.sfdx or ~/.local/share/sf. */
export function isolatedEnv(bin: string): SfCli {
  const home = mkdtempSync(path.join(tmpdir(), 'sfcli-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: `${path.dirname(bin)}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: tmpdir(),
    SF_AUTOUPDATE_DISABLE: 'true',
    // the npm-installed CLI reads only the variable above; @oclif/plugin-update's init hook reads
    // this one, and without it every fresh HOME spawns a detached `sf update --autoupdate` that
    // outlives the test
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_HIDE_RELEASE_NOTES: 'true',
    SF_HIDE_RELEASE_NOTES_FOOTER: 'true',
    // no pino worker thread writing ~/.sf/sf-*.log behind every command
    SF_DISABLE_LOG_FILE: 'true',
    NODE_ENV: 'production',
  };
  return { bin, env, home };
}

export interface SfRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function sf(cli: SfCli, args: string[], extraEnv: NodeJS.ProcessEnv = {}, cwd?: string): Promise<SfRun> {
  try {
    const { stdout, stderr } = await exec(cli.bin, args, { env: { ...cli.env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024, timeout: 180_000, cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
